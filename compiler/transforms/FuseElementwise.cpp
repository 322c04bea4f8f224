//===- FuseElementwise.cpp - Merge elementwise linalg chains --------------===//
//
// Upstream elementwise fusion, restricted to producers with a single user so
// that no computation is duplicated.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_FUSEELEMENTWISEPASS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::nnc

using namespace mlir;

namespace {
struct FuseElementwisePass
    : nnc::impl::FuseElementwisePassBase<FuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::ControlFusionFn singleUse = [](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      return producer && producer->hasOneUse();
    };
    linalg::populateElementwiseOpsFusionPatterns(patterns, singleUse);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
