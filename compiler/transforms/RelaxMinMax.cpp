//===- RelaxMinMax.cpp - Float min/max without signed-zero ordering -------===//
//
// arith.maximumf and arith.minimumf order -0.0 below +0.0 and propagate NaN.
// x86 has no instruction for that: LLVM expands each into six (a sign-bit
// mask, two blends, the max, an unordered compare, a masked move). With
// no-signed-zeros it needs the max plus the NaN fix-up, and none of that
// where the other operand is a constant: ReLU is one vmaxps, ReLU6 two.
// NaN still propagates; only max(-0.0, +0.0) may return either zero.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_RELAXMINMAXPASS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::nnc

using namespace mlir;

namespace {

struct RelaxMinMaxPass : nnc::impl::RelaxMinMaxPassBase<RelaxMinMaxPass> {
  void runOnOperation() override {
    getOperation()->walk([](Operation *op) {
      if (!isa<arith::MaximumFOp, arith::MinimumFOp>(op))
        return;
      auto fmf = cast<arith::ArithFastMathInterface>(op);
      arith::FastMathFlags flags = fmf.getFastMathFlagsAttr().getValue();
      op->setAttr(fmf.getFastMathAttrName(),
                  arith::FastMathFlagsAttr::get(op->getContext(),
                                                flags | arith::FastMathFlags::nsz));
    });
  }
};

} // namespace
