//===- Constants.cpp - Host-side access to f32 constant tensors -----------===//
//
// Implements Constants.h.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Constants.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cstring>

using namespace mlir;

std::optional<std::vector<float>> nnc::readF32Constant(Value v) {
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  auto type = v ? dyn_cast<RankedTensorType>(v.getType()) : RankedTensorType();
  if (!cst || !type || !type.getElementType().isF32() || !type.hasStaticShape())
    return std::nullopt;
  int64_t n = type.getNumElements();
  if (auto dense = dyn_cast<DenseElementsAttr>(cst.getValue())) {
    auto values = dense.getValues<float>();
    return std::vector<float>(values.begin(), values.end());
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(cst.getValue())) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != static_cast<size_t>(n) * 4)
      return std::nullopt;
    std::vector<float> out(n);
    memcpy(out.data(), blob->getData().data(), n * 4);
    return out;
  }
  return std::nullopt;
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
