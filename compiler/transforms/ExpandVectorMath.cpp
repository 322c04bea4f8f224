//===- ExpandVectorMath.cpp - Vector transcendentals as arithmetic --------===//
//
// Rewrites math ops on vectors (exp, log, tanh, erf, ...) into polynomial
// approximations: LLVM's x86 and AArch64 backends would otherwise split each
// one into a libm call per lane. Scalar math keeps its libm call.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_EXPANDVECTORMATHPASS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::nnc

using namespace mlir;

namespace {

struct ExpandVectorMathPass
    : nnc::impl::ExpandVectorMathPassBase<ExpandVectorMathPass> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<math::MathDialect>(op->getDialect()) && op->getNumResults() == 1 &&
          isa<VectorType>(op->getResult(0).getType()))
        ops.push_back(op);
    });
    if (ops.empty())
      return;
    RewritePatternSet patterns(&getContext());
    nnc::populateMathApproximationPatterns(patterns, /*transcendentalOnly=*/true);
    // The ops the expansions create are rewritten too.
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    if (failed(applyOpPatternsGreedily(ops, std::move(patterns), config)))
      return signalPassFailure();
  }
};

/// The ops (full names) whose polynomial approximation replaces a libm
/// call: all but rsqrt, whose approximation is an AVX2 intrinsic.
bool isTranscendental(StringRef name) { return name != "math.rsqrt"; }

} // namespace

void nnc::populateMathApproximationPatterns(RewritePatternSet &patterns,
                                            bool transcendentalOnly) {
  // Expansions first express tanh, sinh, pow, ... through exp and log; the
  // approximations then replace exp, log, erf, sin, ... (f32 only).
  if (!transcendentalOnly) {
    math::populateExpansionPatterns(patterns);
    populateMathPolynomialApproximationPatterns(patterns);
    return;
  }
  // Not the ops a vector instruction does (ceil, round, roundeven, fma,
  // rsqrt): expanded, each would become a dozen or more.
  math::populateExpansionPatterns(
      patterns, {"tan", "tanh", "sinh", "cosh", "asinh", "acosh", "atanh",
                 "powf", "fpowi", "exp2"});
  populateMathPolynomialApproximationPatterns(patterns, isTranscendental);
}
