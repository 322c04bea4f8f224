//===- VectorizeCompute.cpp - Vectorized kernels for compute ops ----------===//
//
// The nnc-vectorize-compute pass: hands each buffer-level convolution,
// matrix product, reduction and elementwise op to its kernel emitter
// (Kernels.h);
// whatever no emitter takes is left to the loop lowering.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Kernels.h"
#include "compiler/transforms/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_VECTORIZECOMPUTEPASS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::nnc

using namespace mlir;

namespace {

struct VectorizeComputePass
    : nnc::impl::VectorizeComputePassBase<VectorizeComputePass> {
  using VectorizeComputePassBase::VectorizeComputePassBase;
  void runOnOperation() override {
    auto bufferOps = [&] {
      SmallVector<linalg::LinalgOp> ops;
      getOperation()->walk([&](linalg::LinalgOp op) {
        if (op.hasPureBufferSemantics())
          ops.push_back(op);
      });
      return ops;
    };
    // Compute kernels first: a convolution kernel takes in the fill and
    // epilogue around it (erasing them), so those must still be linalg.
    for (linalg::LinalgOp op : bufferOps())
      if (op.getNumReductionLoops() > 0 &&
          failed(nnc::winogradConv(op, vectorWidth)) &&
          failed(nnc::convByChannels(op, vectorWidth)) &&
          failed(nnc::vectorizeConv(op, vectorWidth)) &&
          failed(nnc::vectorizeMatmul(op, vectorWidth)))
        (void)nnc::vectorizeReduction(op, vectorWidth);
    for (linalg::LinalgOp op : bufferOps())
      (void)nnc::vectorizeElementwise(op, vectorWidth);
    // Filters the kernels repacked into globals of their own (Winograd,
    // dense panels) are no longer read: dropping them here keeps tens of MB
    // of dead constants out of the LLVM module (resnet18: 10.8 -> s).
    ModuleOp module = getOperation();
    module.walk([](memref::GetGlobalOp get) {
      if (get->use_empty())
        get->erase();
    });
    SymbolTable symbols(module);
    for (auto global : llvm::make_early_inc_range(module.getOps<memref::GlobalOp>()))
      if (global.isPrivate() && global.getConstant() &&
          SymbolTable::symbolKnownUseEmpty(global, module))
        symbols.erase(global);
  }
};

} // namespace
