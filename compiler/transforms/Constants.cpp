//===- Constants.cpp - Host-side access to f32 constant tensors -----------===//
//
// Implements Constants.h.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Constants.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cstring>

using namespace mlir;

/// The f32 values of a dense or resource-backed attribute of n elements.
static std::optional<std::vector<float>> readF32Values(Attribute value, int64_t n) {
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    auto values = dense.getValues<float>();
    return std::vector<float>(values.begin(), values.end());
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != static_cast<size_t>(n) * 4)
      return std::nullopt;
    std::vector<float> out(n);
    memcpy(out.data(), blob->getData().data(), n * 4);
    return out;
  }
  return std::nullopt;
}

std::optional<std::vector<float>> nnc::readF32Constant(Value v) {
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  auto type = v ? dyn_cast<RankedTensorType>(v.getType()) : RankedTensorType();
  if (!cst || !type || !type.getElementType().isF32() || !type.hasStaticShape())
    return std::nullopt;
  return readF32Values(cst.getValue(), type.getNumElements());
}

std::optional<std::vector<float>> nnc::readF32Global(Value v) {
  auto get = v.getDefiningOp<memref::GetGlobalOp>();
  if (!get)
    return std::nullopt;
  auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
      get, get.getNameAttr());
  if (!global || !global.getConstant() || !global.getInitialValue() ||
      !global.getType().getElementType().isF32())
    return std::nullopt;
  return readF32Values(*global.getInitialValue(), global.getType().getNumElements());
}

Value nnc::createConstantGlobal(OpBuilder &b, Location loc, Operation *anchor,
                                StringRef name, MemRefType type,
                                ArrayRef<char> bytes) {
  auto module = anchor->getParentOfType<ModuleOp>();
  std::string unique = name.str();
  for (int i = 1; module.lookupSymbol(unique); ++i)
    unique = (name + "_" + Twine(i)).str();
  auto init = DenseResourceElementsAttr::get(
      RankedTensorType::get(type.getShape(), type.getElementType()), unique,
      HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, 64));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    memref::GlobalOp::create(b, loc, unique, b.getStringAttr("private"), type,
                             init, /*constant=*/true, b.getI64IntegerAttr(64));
  }
  return memref::GetGlobalOp::create(b, loc, type, unique);
}

Value nnc::createF32Constant(OpBuilder &b, Location loc, RankedTensorType type,
                             const std::vector<float> &values) {
  ArrayRef<char> bytes(reinterpret_cast<const char *>(values.data()),
                       values.size() * sizeof(float));
  auto attr = DenseResourceElementsAttr::get(
      type, "folded",
      HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, alignof(float)));
  return arith::ConstantOp::create(b, loc, type, attr);
}
