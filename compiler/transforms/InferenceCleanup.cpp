//===- InferenceCleanup.cpp - Drop inference-time no-ops ------------------===//
//
// Dropout and identity are the identity at inference; folding them away
// keeps every later pass from having to look through them.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNOps.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_INFERENCECLEANUPPASS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::nnc

using namespace mlir;

namespace {
struct InferenceCleanupPass
    : nnc::impl::InferenceCleanupPassBase<InferenceCleanupPass> {
  void runOnOperation() override {
    // The folders of nn.dropout and nn.identity do the work; the greedy
    // driver applies them and erases what becomes dead.
    RewritePatternSet patterns(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
