//===- ExternalizeWeights.cpp - Weights as one caller-provided blob -------===//
//
// The bundle stores weights apart from the code (the runtime maps them,
// aligned, from the file); the static-link form embeds the same blob. Either
// way the code reads them through one trailing buffer argument.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/ByteBuffer.h"
#include "compiler/transforms/Passes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_EXTERNALIZEWEIGHTSPASS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::nnc

using namespace mlir;

namespace {

/// Appends the row-major bytes of `value` to `blob` (i1 as one byte per
/// element, like the memref layout); fails for other sub-byte types.
LogicalResult appendBytes(ElementsAttr value, std::vector<char> &blob) {
  auto type = cast<ShapedType>(value.getType());
  unsigned bits = type.getElementTypeBitWidth();
  if (bits == 1) {
    auto dense = dyn_cast<DenseElementsAttr>(value);
    if (!dense)
      return failure();
    for (bool v : dense.getValues<bool>())
      blob.push_back(v ? 1 : 0);
    return success();
  }
  if (bits % 8 != 0)
    return failure();
  size_t bytes = bits / 8 * type.getNumElements();
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blobPtr = resource.getRawHandle().getBlob();
    if (!blobPtr || blobPtr->getData().size() != bytes)
      return failure();
    ArrayRef<char> data = blobPtr->getData();
    blob.insert(blob.end(), data.begin(), data.end());
    return success();
  }
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense)
    return failure();
  ArrayRef<char> raw = dense.getRawData();
  if (dense.isSplat()) {
    for (int64_t i = 0, e = type.getNumElements(); i < e; ++i)
      blob.insert(blob.end(), raw.begin(), raw.begin() + bits / 8);
    return success();
  }
  if (raw.size() != bytes)
    return failure();
  blob.insert(blob.end(), raw.begin(), raw.end());
  return success();
}

struct ExternalizeWeightsPass
    : nnc::impl::ExternalizeWeightsPassBase<ExternalizeWeightsPass> {
  using ExternalizeWeightsPassBase::ExternalizeWeightsPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto func = module.lookupSymbol<func::FuncOp>(entry);
    if (!func) {
      module.emitError() << "nnc-externalize-weights: no entry function '"
                         << entry << "'";
      return signalPassFailure();
    }
    // Assign each referenced constant global an aligned offset in the blob.
    std::vector<char> blob;
    llvm::DenseMap<StringAttr, int64_t> offsets;
    SmallVector<memref::GetGlobalOp> uses;
    WalkResult walk = func.walk([&](memref::GetGlobalOp get) {
      uses.push_back(get);
      StringAttr name = get.getNameAttr().getAttr();
      if (offsets.count(name))
        return WalkResult::advance();
      auto global = module.lookupSymbol<memref::GlobalOp>(name);
      auto init = global ? dyn_cast_or_null<ElementsAttr>(
                               global.getInitialValueAttr())
                         : ElementsAttr();
      if (!global || !global.getConstant() || !init) {
        get.emitError() << "nnc-externalize-weights: global '" << name.getValue()
                        << "' is not a constant with an initial value";
        return WalkResult::interrupt();
      }
      blob.resize(nnc::alignTo(blob.size(), nnc::kBufferAlignment));
      offsets[name] = blob.size();
      if (failed(appendBytes(init, blob))) {
        global.emitError() << "nnc-externalize-weights: cannot serialize "
                           << init.getType();
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();

    int64_t size = nnc::alignTo(blob.size(), nnc::kBufferAlignment);
    blob.resize(size);
    BlockArgument weights = nnc::appendByteBufferArg(func, size, "weights");
    OpBuilder b(&getContext());
    for (memref::GetGlobalOp get : uses) {
      b.setInsertionPoint(get);
      auto type = cast<MemRefType>(get.getType());
      get.replaceAllUsesWith(nnc::createByteView(
          b, get.getLoc(), weights, offsets[get.getNameAttr().getAttr()],
          MemRefType::get(type.getShape(), type.getElementType())));
      get.erase();
    }
    for (auto global :
         llvm::make_early_inc_range(module.getOps<memref::GlobalOp>()))
      if (offsets.count(global.getSymNameAttr()))
        global.erase();

    auto blobType = RankedTensorType::get({size}, b.getI8Type());
    module->setAttr(nnc::kWeightsAttr,
                    DenseResourceElementsAttr::get(
                        blobType, "nnc_weights",
                        HeapAsmResourceBlob::allocateAndCopyWithAlign(
                            blob, nnc::kBufferAlignment)));
  }
};

} // namespace
