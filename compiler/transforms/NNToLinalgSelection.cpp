//===- NNToLinalgSelection.cpp - logic and index ops to linalg ------------===//
//
// Lowers comparisons, selection, bitwise ops, casts, arg-max/min, gathers
// and trilu. Run-time indices are normalized (negative ones count from the
// end) and clamped into range, so a bad index never reads out of bounds.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/LinalgBuilders.h"
#include "compiler/transforms/NNToLinalg.h"
#include "compiler/transforms/ScalarOps.h"
#include "dialects/nn/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <limits>

using namespace mlir;
using namespace mlir::nnc;

namespace {

/// A run-time index of any integer type as an in-bounds `index` into a
/// dimension of size `dim` (> 0).
Value normalizeIndex(OpBuilder &b, Location loc, Value idx, int64_t dim) {
  Value i = arith::IndexCastOp::create(b, loc, b.getIndexType(), idx);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value size = arith::ConstantIndexOp::create(b, loc, dim);
  Value neg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, i, zero);
  i = arith::SelectOp::create(b, loc, neg, arith::AddIOp::create(b, loc, i, size), i);
  i = arith::MaxSIOp::create(b, loc, i, zero);
  return arith::MinSIOp::create(b, loc, i,
                                arith::ConstantIndexOp::create(b, loc, dim - 1));
}

/// arg_max / arg_min along `axis` with keepdims: a reduction generic that
/// carries the best value and its index.
Value buildArgReduce(OpBuilder &b, Location loc, Value input, int64_t axis,
                     bool isMax, bool selectLast) {
  auto inTy = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(inTy.getShape());
  shape[axis] = 1;
  auto valTy = RankedTensorType::get(shape, inTy.getElementType());
  auto idxTy = RankedTensorType::get(shape, b.getI64Type());
  double inf = std::numeric_limits<double>::infinity();
  int64_t rank = inTy.getRank();
  KeepdimsReduction red = keepdimsReduction(b.getContext(), rank, {axis});
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{valTy, idxTy}, ValueRange{input},
      ValueRange{createFilled(b, loc, valTy, isMax ? -inf : inf),
                 createFilled(b, loc, idxTy, 0)},
      {b.getMultiDimIdentityMap(rank), red.resultMap, red.resultMap},
      red.iterators,
      [&](OpBuilder &nb, Location l, ValueRange a) {
        StringRef pred = isMax ? (selectLast ? "ge" : "gt")
                               : (selectLast ? "le" : "lt");
        Value better = scalarCompare(nb, l, pred, a[0], a[1]);
        Value idx = arith::IndexCastOp::create(
            nb, l, nb.getI64Type(), linalg::IndexOp::create(nb, l, axis));
        linalg::YieldOp::create(
            nb, l,
            ValueRange{arith::SelectOp::create(nb, l, better, a[0], a[1]),
                       arith::SelectOp::create(nb, l, better, idx, a[2])});
      });
  return generic.getResult(1);
}

template <typename Op>
struct ArgReduceLowering : OpRewritePattern<Op> {
  using OpRewritePattern<Op>::OpRewritePattern;
  LogicalResult matchAndRewrite(Op op,
                                PatternRewriter &rewriter) const override {
    if (!op.getInput().getType().hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    Value idx = buildArgReduce(rewriter, op.getLoc(), op.getInput(),
                               op.getAxis(), std::is_same_v<Op, nn::ArgMaxOp>,
                               op.getSelectLastIndex());
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), idx,
                                     op.getOutput().getType()));
    return success();
  }
};

/// hardmax: 1 where the axis index equals the (first) arg-max, else 0.
struct HardmaxLowering : OpRewritePattern<nn::HardmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::HardmaxOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType ty = op.getType();
    if (!ty.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    int64_t axis = op.getAxis();
    Value idx = buildArgReduce(rewriter, op.getLoc(), op.getInput(), axis,
                               /*isMax=*/true, /*selectLast=*/false);
    rewriter.replaceOp(
        op, createElementwise(
                rewriter, op.getLoc(), ty, ValueRange{idx},
                [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                  Value here = arith::IndexCastOp::create(
                      b, l, b.getI64Type(), linalg::IndexOp::create(b, l, axis));
                  Value hit = arith::CmpIOp::create(
                      b, l, arith::CmpIPredicate::eq, here, a[0]);
                  return scalarCast(b, l, hit, ty.getElementType());
                }));
    return success();
  }
};

/// gather: iterates the result; the indices operand is read through a map
/// onto the result dims it spans, the input through tensor.extract.
struct GatherLowering : OpRewritePattern<nn::GatherOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::GatherOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType inTy = op.getInput().getType();
    RankedTensorType outTy = op.getType();
    if (!inTy.hasStaticShape() || !outTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    int64_t axis = op.getAxis();
    int64_t idxRank = op.getIndices().getType().getRank();
    int64_t outRank = outTy.getRank();
    MLIRContext *ctx = getContext();
    SmallVector<AffineExpr> idxExprs;
    for (int64_t i = 0; i < idxRank; ++i)
      idxExprs.push_back(getAffineDimExpr(axis + i, ctx));
    Value input = op.getInput();
    auto generic = linalg::GenericOp::create(
        rewriter, op.getLoc(), TypeRange{outTy}, ValueRange{op.getIndices()},
        ValueRange{createEmpty(rewriter, op.getLoc(), outTy)},
        {AffineMap::get(outRank, 0, idxExprs, ctx),
         rewriter.getMultiDimIdentityMap(outRank)},
        SmallVector<utils::IteratorType>(outRank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange a) {
          SmallVector<Value> coords;
          for (int64_t d = 0; d < inTy.getRank(); ++d) {
            if (d < axis)
              coords.push_back(linalg::IndexOp::create(b, l, d));
            else if (d == axis)
              coords.push_back(normalizeIndex(b, l, a[0], inTy.getDimSize(d)));
            else
              coords.push_back(linalg::IndexOp::create(b, l, d + idxRank - 1));
          }
          linalg::YieldOp::create(
              b, l, ValueRange{tensor::ExtractOp::create(b, l, input, coords)});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct GatherElementsLowering : OpRewritePattern<nn::GatherElementsOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::GatherElementsOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType inTy = op.getInput().getType();
    RankedTensorType outTy = op.getType();
    if (!inTy.hasStaticShape() || !outTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    int64_t axis = op.getAxis();
    Value input = op.getInput();
    rewriter.replaceOp(
        op, createElementwise(
                rewriter, op.getLoc(), outTy, ValueRange{op.getIndices()},
                [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                  SmallVector<Value> coords;
                  for (int64_t d = 0; d < inTy.getRank(); ++d)
                    coords.push_back(
                        d == axis ? normalizeIndex(b, l, a[0], inTy.getDimSize(d))
                                  : linalg::IndexOp::create(b, l, d).getResult());
                  return tensor::ExtractOp::create(b, l, input, coords);
                }));
    return success();
  }
};

struct TriluLowering : OpRewritePattern<nn::TriluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::TriluOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType ty = op.getType();
    if (!ty.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    Location loc = op.getLoc();
    Value k = arith::ConstantIndexOp::create(rewriter, loc, 0);
    if (Value kt = op.getK()) {
      SmallVector<Value> zeros(
          cast<RankedTensorType>(kt.getType()).getRank(),
          arith::ConstantIndexOp::create(rewriter, loc, 0));
      k = arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(),
                                     tensor::ExtractOp::create(rewriter, loc, kt, zeros));
    }
    int64_t rank = ty.getRank();
    bool upper = op.getUpper();
    rewriter.replaceOp(
        op, createElementwise(
                rewriter, loc, ty, ValueRange{op.getInput()},
                [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                  Value i = linalg::IndexOp::create(b, l, rank - 2);
                  Value j = linalg::IndexOp::create(b, l, rank - 1);
                  Value diff = arith::SubIOp::create(b, l, j, i);
                  Value keep = arith::CmpIOp::create(
                      b, l, upper ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle,
                      diff, k);
                  return arith::SelectOp::create(
                      b, l, keep, a[0], createScalar(b, l, a[0].getType(), 0));
                }));
    return success();
  }
};

} // namespace

void nnc::populateNNSelectionToLinalgPatterns(RewritePatternSet &patterns) {
  addElementwise<nn::CompareOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *op) {
        auto cmp = cast<nn::CompareOp>(op);
        return scalarCompare(b, l, cmp.getPredicate(), a[0], a[1],
                             cmp.getIsUnsigned());
      });
  addElementwise<nn::SelectOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *) -> Value {
        return arith::SelectOp::create(b, l, a[0], a[1], a[2]);
      });
  addElementwise<nn::AndOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *) -> Value {
        return arith::AndIOp::create(b, l, a[0], a[1]);
      });
  addElementwise<nn::OrOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *) -> Value {
        return arith::OrIOp::create(b, l, a[0], a[1]);
      });
  addElementwise<nn::XorOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *) -> Value {
        return arith::XOrIOp::create(b, l, a[0], a[1]);
      });
  addElementwise<nn::NotOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *) -> Value {
        return arith::XOrIOp::create(b, l, a[0],
                                     createScalar(b, l, a[0].getType(), -1));
      });
  // Shifts by the width or more give 0 rather than LLVM's poison.
  auto shift = [](bool left) {
    return [left](OpBuilder &b, Location l, ValueRange a, Operation *) -> Value {
      Type t = a[0].getType();
      Value tooFar = arith::CmpIOp::create(
          b, l, arith::CmpIPredicate::uge, a[1],
          createScalar(b, l, t, t.getIntOrFloatBitWidth()));
      Value shifted = left ? arith::ShLIOp::create(b, l, a[0], a[1]).getResult()
                           : arith::ShRUIOp::create(b, l, a[0], a[1]).getResult();
      return arith::SelectOp::create(b, l, tooFar, createScalar(b, l, t, 0),
                                     shifted);
    };
  };
  addElementwise<nn::ShiftLeftOp>(patterns, shift(true));
  addElementwise<nn::ShiftRightOp>(patterns, shift(false));
  addElementwise<nn::ModOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *op) {
        auto mod = cast<nn::ModOp>(op);
        return scalarMod(b, l, a[0], a[1], mod.getFmod(), mod.getIsUnsigned());
      });
  addElementwise<nn::CastOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *op) {
        auto c = cast<nn::CastOp>(op);
        return scalarCast(b, l, a[0], c.getType().getElementType(),
                          c.getInputUnsigned(), c.getOutputUnsigned());
      });
  addElementwise<nn::IsNaNOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *) -> Value {
        return arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO, a[0], a[0]);
      });
  addElementwise<nn::IsInfOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *op) -> Value {
        auto isInf = cast<nn::IsInfOp>(op);
        double inf = std::numeric_limits<double>::infinity();
        Value result = createScalar(b, l, b.getI1Type(), 0);
        if (isInf.getDetectPositive())
          result = arith::OrIOp::create(
              b, l, result,
              scalarCompare(b, l, "eq", a[0], createScalar(b, l, a[0].getType(), inf)));
        if (isInf.getDetectNegative())
          result = arith::OrIOp::create(
              b, l, result,
              scalarCompare(b, l, "eq", a[0], createScalar(b, l, a[0].getType(), -inf)));
        return result;
      });
  patterns.add<ArgReduceLowering<nn::ArgMaxOp>, ArgReduceLowering<nn::ArgMinOp>,
               HardmaxLowering, GatherLowering, GatherElementsLowering,
               TriluLowering>(patterns.getContext());
}
