//===- VectorizeCompute.cpp - Vectorized kernels for compute ops ----------===//
//
// The nnc-vectorize-compute pass: hands each buffer-level convolution,
// matrix product and elementwise op to its kernel emitter (Kernels.h);
// whatever no emitter takes is left to the loop lowering.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Kernels.h"
#include "compiler/transforms/Passes.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

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
    SmallVector<linalg::LinalgOp> ops;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (op.hasPureBufferSemantics())
        ops.push_back(op);
    });
    for (linalg::LinalgOp op : ops)
      if (failed(nnc::winogradConv(op, vectorWidth)) &&
          failed(nnc::vectorizeConv(op, vectorWidth)) &&
          failed(nnc::vectorizeMatmul(op, vectorWidth)))
        (void)nnc::vectorizeElementwise(op, vectorWidth);
  }
};

} // namespace
