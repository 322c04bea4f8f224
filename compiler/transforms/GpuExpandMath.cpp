//===- GpuExpandMath.cpp - Kernel math without libdevice ------------------===//
//
// Rewrites transcendental math in GPU kernels into arithmetic, so the PTX
// calls no libdevice function and the compiler needs no CUDA installation.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/GpuPasses.h"
#include "compiler/transforms/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_GPUEXPANDMATHPASS
#include "compiler/transforms/GpuPasses.h.inc"
} // namespace mlir::nnc

using namespace mlir;

namespace {

struct GpuExpandMathPass
    : nnc::impl::GpuExpandMathPassBase<GpuExpandMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    nnc::populateMathApproximationPatterns(patterns, /*transcendentalOnly=*/false);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
