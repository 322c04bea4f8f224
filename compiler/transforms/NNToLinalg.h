//===- NNToLinalg.h - nn -> linalg pattern sets -----------------*- C++ -*-===//
//
// The conversion is split by op family; the pass adds both sets.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_COMPILER_TRANSFORMS_NNTOLINALG_H
#define NNC_COMPILER_TRANSFORMS_NNTOLINALG_H

#include "compiler/transforms/LinalgBuilders.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::nnc {

/// conv2d, pooling, dense, matmul -> linalg named ops.
void populateNNComputeToLinalgPatterns(RewritePatternSet &patterns);
/// Elementwise, softmax, batch norm and shape ops -> linalg.generic/tensor.
void populateNNElementwiseToLinalgPatterns(RewritePatternSet &patterns);
/// Comparison, selection, bitwise, cast and index ops -> linalg.generic.
void populateNNSelectionToLinalgPatterns(RewritePatternSet &patterns);

/// Lowers any op whose result is computed elementwise from its broadcast
/// operands; `fn(builder, loc, scalars, op)` computes one element.
template <typename Op, typename Fn>
struct ElementwiseLowering : OpRewritePattern<Op> {
  ElementwiseLowering(MLIRContext *ctx, Fn fn)
      : OpRewritePattern<Op>(ctx), fn(fn) {}
  LogicalResult matchAndRewrite(Op op,
                                PatternRewriter &rewriter) const override {
    auto outTy = cast<RankedTensorType>(op->getResult(0).getType());
    if (!outTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    rewriter.replaceOp(op, createElementwise(rewriter, op.getLoc(), outTy,
                                             op->getOperands(),
                                             [&](OpBuilder &b, Location l,
                                                 ValueRange args) {
                                               return fn(b, l, args, op);
                                             }));
    return success();
  }
  Fn fn;
};

template <typename Op, typename Fn>
void addElementwise(RewritePatternSet &patterns, Fn fn) {
  patterns.add(std::make_unique<ElementwiseLowering<Op, Fn>>(
      patterns.getContext(), fn));
}

/// An elementwise body from a two-operand scalar builder.
inline auto binary(Value (*fn)(OpBuilder &, Location, Value, Value)) {
  return [fn](OpBuilder &b, Location l, ValueRange a, Operation *) -> Value {
    return fn(b, l, a[0], a[1]);
  };
}

} // namespace mlir::nnc

#endif // NNC_COMPILER_TRANSFORMS_NNTOLINALG_H
