//===- NNToLinalg.cpp - nn elementwise and shape ops to linalg ------------===//
//
// The nnc-convert-nn-to-linalg pass, and the patterns for elementwise,
// normalization and shape ops (compute ops live in NNToLinalgCompute.cpp).
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/LinalgBuilders.h"
#include "compiler/transforms/NNToLinalg.h"
#include "compiler/transforms/Passes.h"
#include "compiler/transforms/ScalarOps.h"
#include "dialects/nn/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace mlir::nnc {
#define GEN_PASS_DEF_CONVERTNNTOLINALGPASS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::nnc

using namespace mlir;
using namespace mlir::nnc;

namespace {

/// Reduces `input` over `axes` into a tensor where those dims have size 1.
Value reduceAlong(OpBuilder &b, Location loc, Value input,
                  ArrayRef<int64_t> axes, double init,
                  function_ref<Value(OpBuilder &, Location, Value, Value)>
                      combine) {
  auto inTy = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(inTy.getShape());
  for (int64_t a : axes)
    shape[a] = 1;
  auto outTy = RankedTensorType::get(shape, inTy.getElementType());
  int64_t rank = inTy.getRank();
  KeepdimsReduction red = keepdimsReduction(b.getContext(), rank, axes);
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank), red.resultMap};
  return linalg::GenericOp::create(
             b, loc, TypeRange{outTy}, ValueRange{input},
             ValueRange{createFilled(b, loc, outTy, init)}, maps, red.iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               linalg::YieldOp::create(nb, l, combine(nb, l, args[1], args[0]));
             })
      .getResult(0);
}

/// reduce_* ops: a reduction generic, then the mean's division, then the
/// keepdims=false reshape.
template <typename Op>
struct ReduceLowering : OpRewritePattern<Op> {
  using OpRewritePattern<Op>::OpRewritePattern;
  LogicalResult matchAndRewrite(Op op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = cast<RankedTensorType>(op.getInput().getType());
    auto outTy = cast<RankedTensorType>(op.getOutput().getType());
    if (!inTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    ArrayRef<int64_t> axes = op.getAxes();
    constexpr bool isMax = std::is_same_v<Op, nn::ReduceMaxOp>;
    constexpr bool isMin = std::is_same_v<Op, nn::ReduceMinOp>;
    constexpr bool isProd = std::is_same_v<Op, nn::ReduceProdOp>;
    double inf = std::numeric_limits<double>::infinity();
    double init = isMax ? -inf : isMin ? inf : isProd ? 1.0 : 0.0;
    Value r = reduceAlong(
        rewriter, loc, op.getInput(), axes, init,
        [](OpBuilder &b, Location l, Value acc, Value x) -> Value {
          if constexpr (isMax)
            return scalarMax(b, l, acc, x);
          else if constexpr (isMin)
            return scalarMin(b, l, acc, x);
          else if constexpr (isProd)
            return scalarMul(b, l, acc, x);
          else
            return scalarAdd(b, l, acc, x);
        });
    if constexpr (std::is_same_v<Op, nn::ReduceMeanOp>) {
      double count = 1;
      for (int64_t a : axes)
        count *= inTy.getDimSize(a);
      r = createElementwise(rewriter, loc, cast<RankedTensorType>(r.getType()),
                            ValueRange{r},
                            [&](OpBuilder &b, Location l, ValueRange a) {
                              Value n = createScalar(b, l, a[0].getType(), count);
                              return scalarDiv(b, l, a[0], n);
                            });
    }
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, r, outTy));
    return success();
  }
};

/// Max along `axis`, exp(x - max) and its sum: the shared core of softmax
/// and log-softmax (max-subtracted, so exp never overflows).
struct SoftmaxParts {
  Value max, exp, sum;
};

SoftmaxParts buildSoftmaxParts(OpBuilder &b, Location loc, Value input,
                               RankedTensorType ty, int64_t axis) {
  SoftmaxParts parts;
  parts.max = reduceAlong(
      b, loc, input, {axis}, -std::numeric_limits<double>::infinity(),
      [](OpBuilder &nb, Location l, Value acc, Value x) -> Value {
        return arith::MaximumFOp::create(nb, l, acc, x);
      });
  parts.exp = createElementwise(
      b, loc, ty, ValueRange{input, parts.max},
      [](OpBuilder &nb, Location l, ValueRange a) -> Value {
        return math::ExpOp::create(nb, l,
                                   arith::SubFOp::create(nb, l, a[0], a[1]));
      });
  parts.sum = reduceAlong(b, loc, parts.exp, {axis}, 0.0,
                          [](OpBuilder &nb, Location l, Value acc,
                             Value x) -> Value {
                            return arith::AddFOp::create(nb, l, acc, x);
                          });
  return parts;
}

/// softmax = exp(x - max) / sum(exp(x - max)) along the axis.
struct SoftmaxLowering : OpRewritePattern<nn::SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::SoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType ty = op.getOutput().getType();
    if (!ty.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    SoftmaxParts p =
        buildSoftmaxParts(rewriter, loc, op.getInput(), ty, op.getAxis());
    rewriter.replaceOp(op, createElementwise(
                               rewriter, loc, ty, ValueRange{p.exp, p.sum},
                               [](OpBuilder &b, Location l, ValueRange a) {
                                 return arith::DivFOp::create(b, l, a[0], a[1])
                                     .getResult();
                               }));
    return success();
  }
};

/// log_softmax = x - max - log(sum(exp(x - max))) along the axis.
struct LogSoftmaxLowering : OpRewritePattern<nn::LogSoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::LogSoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType ty = op.getOutput().getType();
    if (!ty.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    SoftmaxParts p =
        buildSoftmaxParts(rewriter, loc, op.getInput(), ty, op.getAxis());
    rewriter.replaceOp(
        op, createElementwise(
                rewriter, loc, ty, ValueRange{op.getInput(), p.max, p.sum},
                [](OpBuilder &b, Location l, ValueRange a) {
                  Value shifted = arith::SubFOp::create(b, l, a[0], a[1]);
                  return arith::SubFOp::create(b, l, shifted,
                                               math::LogOp::create(b, l, a[2]))
                      .getResult();
                }));
    return success();
  }
};

/// slice: a static tensor.extract_slice.
struct SliceLowering : OpRewritePattern<nn::SliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::SliceOp op,
                                PatternRewriter &rewriter) const override {
    auto toOfr = [&](ArrayRef<int64_t> v) {
      SmallVector<OpFoldResult> out;
      for (int64_t x : v)
        out.push_back(rewriter.getIndexAttr(x));
      return out;
    };
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, op.getOutput().getType(), op.getInput(), toOfr(op.getOffsets()),
        toOfr(op.getSizes()), toOfr(op.getStrides()));
    return success();
  }
};

/// flatten and reshape: collapse to 1-D, expand to the result shape. Both
/// are views after bufferization.
template <typename Op> struct ReshapeLowering : OpRewritePattern<Op> {
  using OpRewritePattern<Op>::OpRewritePattern;
  LogicalResult matchAndRewrite(Op op,
                                PatternRewriter &rewriter) const override {
    auto inTy = cast<RankedTensorType>(op.getInput().getType());
    auto outTy = cast<RankedTensorType>(op.getOutput().getType());
    if (!inTy.hasStaticShape() || !outTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), op.getInput(), outTy));
    return success();
  }
};

/// pad: tensor.pad for constants; edge and reflect read each output
/// element from a clamped or mirrored input index (tensor.extract).
struct PadLowering : OpRewritePattern<nn::PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::PadOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType outTy = op.getOutput().getType();
    auto inTy = op.getInput().getType();
    if (!outTy.hasStaticShape() || !inTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    ArrayRef<int64_t> low = op.getLow(), high = op.getHigh();
    if (op.getMode() == "constant") {
      SmallVector<OpFoldResult> lo, hi;
      for (auto [l, h] : llvm::zip(low, high)) {
        lo.push_back(rewriter.getIndexAttr(l));
        hi.push_back(rewriter.getIndexAttr(h));
      }
      Value value = createScalar(rewriter, loc, outTy.getElementType(),
                                 op.getValue().convertToDouble());
      rewriter.replaceOpWithNewOp<tensor::PadOp>(op, outTy, op.getInput(), lo,
                                                 hi, value);
      return success();
    }
    bool reflect = op.getMode() == "reflect";
    int64_t rank = outTy.getRank();
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
    Value input = op.getInput();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outTy}, ValueRange{},
        ValueRange{createEmpty(rewriter, loc, outTy)}, maps, iters,
        [&](OpBuilder &b, Location l, ValueRange) {
          auto idx = [&](int64_t v) {
            return arith::ConstantIndexOp::create(b, l, v).getResult();
          };
          SmallVector<Value> src;
          for (int64_t d = 0; d < rank; ++d) {
            int64_t dim = inTy.getDimSize(d);
            Value j = arith::SubIOp::create(
                b, l, linalg::IndexOp::create(b, l, d), idx(low[d]));
            if (reflect) {
              // j < 0 -> -j; j >= dim -> 2 * (dim - 1) - j.
              Value neg = arith::SubIOp::create(b, l, idx(0), j);
              j = arith::MaxSIOp::create(b, l, j, neg);
              Value mirrored = arith::SubIOp::create(b, l, idx(2 * (dim - 1)), j);
              j = arith::MinSIOp::create(b, l, j, mirrored);
            } else {
              j = arith::MinSIOp::create(
                  b, l, arith::MaxSIOp::create(b, l, j, idx(0)), idx(dim - 1));
            }
            src.push_back(j);
          }
          linalg::YieldOp::create(
              b, l, tensor::ExtractOp::create(b, l, input, src).getResult());
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct TransposeLowering : OpRewritePattern<nn::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType outTy = op.getOutput().getType();
    if (!outTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    Value init = createEmpty(rewriter, op.getLoc(), outTy);
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(),
                                                       op.getInput(), init,
                                                       op.getPerm())
                               ->getResult(0));
    return success();
  }
};

/// concat: each input inserted into its slice of one destination tensor.
struct ConcatLowering : OpRewritePattern<nn::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ConcatOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType outTy = op.getOutput().getType();
    if (!outTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    int64_t rank = outTy.getRank(), axis = op.getAxis(), offset = 0;
    Value result = createEmpty(rewriter, loc, outTy);
    for (Value in : op.getInputs()) {
      auto inTy = cast<RankedTensorType>(in.getType());
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
      offsets[axis] = rewriter.getIndexAttr(offset);
      for (int64_t d : inTy.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      result = tensor::InsertSliceOp::create(rewriter, loc, in, result, offsets,
                                             sizes, strides);
      offset += inTy.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// batch_norm: (x - mean) / sqrt(var + eps) * scale + bias, parameters
/// indexed by dimension 1.
struct BatchNormLowering : OpRewritePattern<nn::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType ty = op.getOutput().getType();
    if (!ty.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = ty.getRank();
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap chan = AffineMap::get(rank, 0, getAffineDimExpr(1, ctx), ctx);
    SmallVector<AffineMap> maps = {id, chan, chan, chan, chan, id};
    SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
    double eps = op.getEpsilon().convertToDouble();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{ty},
        ValueRange{op.getInput(), op.getScale(), op.getBias(), op.getMean(),
                   op.getVariance()},
        ValueRange{createEmpty(rewriter, loc, ty)}, maps, iters,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value e = createScalar(b, l, a[0].getType(), eps);
          Value denom =
              math::SqrtOp::create(b, l, arith::AddFOp::create(b, l, a[4], e));
          Value norm = arith::DivFOp::create(
              b, l, arith::SubFOp::create(b, l, a[0], a[3]), denom);
          Value y = arith::AddFOp::create(
              b, l, arith::MulFOp::create(b, l, norm, a[1]), a[2]);
          linalg::YieldOp::create(b, l, y);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct ConvertNNToLinalgPass
    : nnc::impl::ConvertNNToLinalgPassBase<ConvertNNToLinalgPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateNNComputeToLinalgPatterns(patterns);
    populateNNElementwiseToLinalgPatterns(patterns);
    populateNNSelectionToLinalgPatterns(patterns);
    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    (void)applyPatternsGreedily(getOperation(), std::move(patterns), config);
    // Whatever is left could not be lowered: name each op, fail once.
    bool failedAny = false;
    getOperation().walk([&](Operation *op) {
      if (isa<nn::NNDialect>(op->getDialect())) {
        op->emitError() << "cannot lower '" << op->getName()
                        << "' to linalg (dynamic or unsupported shape)";
        failedAny = true;
      }
    });
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace

void nnc::populateNNElementwiseToLinalgPatterns(RewritePatternSet &patterns) {
  addElementwise<nn::AddOp>(patterns, binary(scalarAdd));
  addElementwise<nn::SubOp>(patterns, binary(scalarSub));
  addElementwise<nn::MulOp>(patterns, binary(scalarMul));
  addElementwise<nn::DivOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *op) {
        return scalarDiv(b, l, a[0], a[1], cast<nn::DivOp>(op).getIsUnsigned());
      });
  addElementwise<nn::ReluOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *) {
        return scalarMax(b, l, a[0], createScalar(b, l, a[0].getType(), 0.0));
      });
  addElementwise<nn::SigmoidOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *) {
        Value one = createScalar(b, l, a[0].getType(), 1.0);
        Value e = math::ExpOp::create(b, l, arith::NegFOp::create(b, l, a[0]));
        return arith::DivFOp::create(b, l, one,
                                     arith::AddFOp::create(b, l, one, e))
            .getResult();
      });
  addElementwise<nn::TanhOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *) {
        return math::TanhOp::create(b, l, a[0]).getResult();
      });
  addElementwise<nn::ClipOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *op) {
        auto clip = cast<nn::ClipOp>(op);
        Type t = a[0].getType();
        Value lo = createScalar(b, l, t, clip.getMin().convertToDouble());
        Value hi = createScalar(b, l, t, clip.getMax().convertToDouble());
        return scalarMin(b, l, scalarMax(b, l, a[0], lo), hi);
      });
  // Math and activation functions: one scalar body each.
  auto unary = [&](auto tag, auto body) {
    using Op = decltype(tag);
    addElementwise<Op>(patterns, [body](OpBuilder &b, Location l, ValueRange a,
                                         Operation *op) -> Value {
      return body(b, l, a[0], cast<Op>(op));
    });
  };
  auto cst = [](OpBuilder &b, Location l, Value like, double v) {
    return createScalar(b, l, like.getType(), v);
  };
  auto attrOf = [](FloatAttr a) { return a.getValueAsDouble(); };
  unary(nn::ExpOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::ExpOp::create(b, l, x);
  });
  unary(nn::LogOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::LogOp::create(b, l, x);
  });
  unary(nn::SqrtOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::SqrtOp::create(b, l, x);
  });
  unary(nn::NegOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return scalarNeg(b, l, x);
  });
  unary(nn::AbsOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return scalarAbs(b, l, x);
  });
  unary(nn::ReciprocalOp(), [cst](OpBuilder &b, Location l, Value x, auto) -> Value {
    return arith::DivFOp::create(b, l, cst(b, l, x, 1.0), x);
  });
  unary(nn::FloorOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::FloorOp::create(b, l, x);
  });
  unary(nn::CeilOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::CeilOp::create(b, l, x);
  });
  unary(nn::RoundOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::RoundEvenOp::create(b, l, x);
  });
  unary(nn::ErfOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::ErfOp::create(b, l, x);
  });
  unary(nn::SinOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::SinOp::create(b, l, x);
  });
  unary(nn::CosOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::CosOp::create(b, l, x);
  });
  unary(nn::SignOp(), [cst](OpBuilder &b, Location l, Value x, auto) -> Value {
    // 1 above zero, -1 below, x itself (0, -0 or NaN) otherwise.
    Value zero = cst(b, l, x, 0.0);
    Value pos = scalarCompare(b, l, "gt", x, zero);
    Value neg = scalarCompare(b, l, "lt", x, zero);
    Value below = arith::SelectOp::create(b, l, neg, cst(b, l, x, -1.0), x);
    return arith::SelectOp::create(b, l, pos, cst(b, l, x, 1.0), below);
  });
  unary(nn::SoftsignOp(), [cst](OpBuilder &b, Location l, Value x, auto) -> Value {
    Value denom = arith::AddFOp::create(b, l, cst(b, l, x, 1.0),
                                        math::AbsFOp::create(b, l, x));
    return arith::DivFOp::create(b, l, x, denom);
  });
  unary(nn::SoftplusOp(), [cst](OpBuilder &b, Location l, Value x, auto) -> Value {
    // max(x, 0) + log1p(exp(-|x|)): no overflow for large |x|.
    Value relu = arith::MaximumFOp::create(b, l, x, cst(b, l, x, 0.0));
    Value e = math::ExpOp::create(
        b, l, arith::NegFOp::create(b, l, math::AbsFOp::create(b, l, x)));
    return arith::AddFOp::create(b, l, relu, math::Log1pOp::create(b, l, e));
  });
  unary(nn::HardSwishOp(), [cst](OpBuilder &b, Location l, Value x, auto) -> Value {
    Value t = arith::AddFOp::create(
        b, l, arith::MulFOp::create(b, l, x, cst(b, l, x, 1.0 / 6.0)),
        cst(b, l, x, 0.5));
    Value clamped = arith::MinimumFOp::create(
        b, l, arith::MaximumFOp::create(b, l, t, cst(b, l, x, 0.0)),
        cst(b, l, x, 1.0));
    return arith::MulFOp::create(b, l, x, clamped);
  });
  unary(nn::HardSigmoidOp(),
        [cst, attrOf](OpBuilder &b, Location l, Value x, nn::HardSigmoidOp op) -> Value {
          Value t = arith::AddFOp::create(
              b, l,
              arith::MulFOp::create(b, l, x, cst(b, l, x, attrOf(op.getAlphaAttr()))),
              cst(b, l, x, attrOf(op.getBetaAttr())));
          return arith::MinimumFOp::create(
              b, l, arith::MaximumFOp::create(b, l, t, cst(b, l, x, 0.0)),
              cst(b, l, x, 1.0));
        });
  unary(nn::LeakyReluOp(),
        [cst, attrOf](OpBuilder &b, Location l, Value x, nn::LeakyReluOp op) -> Value {
          Value ge = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE, x,
                                           cst(b, l, x, 0.0));
          Value scaled = arith::MulFOp::create(
              b, l, x, cst(b, l, x, attrOf(op.getAlphaAttr())));
          return arith::SelectOp::create(b, l, ge, x, scaled);
        });
  // alpha * (e^x - 1) below zero, as expm1 for accuracy near zero.
  auto eluBelow = [cst](OpBuilder &b, Location l, Value x, double alpha) {
    return arith::MulFOp::create(b, l, cst(b, l, x, alpha),
                                 math::ExpM1Op::create(b, l, x));
  };
  unary(nn::EluOp(), [cst, attrOf, eluBelow](OpBuilder &b, Location l, Value x,
                                             nn::EluOp op) -> Value {
    Value gt = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, x,
                                     cst(b, l, x, 0.0));
    return arith::SelectOp::create(b, l, gt, x,
                                   eluBelow(b, l, x, attrOf(op.getAlphaAttr())));
  });
  unary(nn::SeluOp(), [cst, attrOf, eluBelow](OpBuilder &b, Location l, Value x,
                                              nn::SeluOp op) -> Value {
    Value gt = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, x,
                                     cst(b, l, x, 0.0));
    Value inner = arith::SelectOp::create(
        b, l, gt, x, eluBelow(b, l, x, attrOf(op.getAlphaAttr())));
    return arith::MulFOp::create(b, l, cst(b, l, x, attrOf(op.getGammaAttr())),
                                 inner);
  });
  unary(nn::CeluOp(), [cst, attrOf](OpBuilder &b, Location l, Value x,
                                    nn::CeluOp op) -> Value {
    double alpha = attrOf(op.getAlphaAttr());
    Value scaled = arith::DivFOp::create(b, l, x, cst(b, l, x, alpha));
    Value below = arith::MulFOp::create(b, l, cst(b, l, x, alpha),
                                        math::ExpM1Op::create(b, l, scaled));
    return arith::AddFOp::create(
        b, l, arith::MaximumFOp::create(b, l, x, cst(b, l, x, 0.0)),
        arith::MinimumFOp::create(b, l, below, cst(b, l, x, 0.0)));
  });
  unary(nn::ThresholdedReluOp(), [cst, attrOf](OpBuilder &b, Location l, Value x,
                                               nn::ThresholdedReluOp op) -> Value {
    Value gt = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, x,
                                     cst(b, l, x, attrOf(op.getAlphaAttr())));
    return arith::SelectOp::create(b, l, gt, x, cst(b, l, x, 0.0));
  });
  unary(nn::TanOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::TanOp::create(b, l, x);
  });
  unary(nn::AsinOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::AsinOp::create(b, l, x);
  });
  unary(nn::AcosOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::AcosOp::create(b, l, x);
  });
  unary(nn::AtanOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::AtanOp::create(b, l, x);
  });
  unary(nn::SinhOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::SinhOp::create(b, l, x);
  });
  unary(nn::CoshOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::CoshOp::create(b, l, x);
  });
  unary(nn::AsinhOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::AsinhOp::create(b, l, x);
  });
  unary(nn::AcoshOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::AcoshOp::create(b, l, x);
  });
  unary(nn::AtanhOp(), [](OpBuilder &b, Location l, Value x, auto) -> Value {
    return math::AtanhOp::create(b, l, x);
  });
  addElementwise<nn::PowOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *op) -> Value {
        if (isa<FloatType>(a[0].getType()))
          return math::PowFOp::create(b, l, a[0], a[1]);
        // Integer powers through f64: exact while the result fits 53 bits.
        bool u = cast<nn::PowOp>(op).getIsUnsigned();
        Type f64 = b.getF64Type();
        Value p = math::PowFOp::create(b, l, scalarCast(b, l, a[0], f64, u),
                                       scalarCast(b, l, a[1], f64, u));
        return scalarCast(b, l, p, a[0].getType(), false, u);
      });
  addElementwise<nn::MaxOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *op) {
        return scalarMax(b, l, a[0], a[1], cast<nn::MaxOp>(op).getIsUnsigned());
      });
  addElementwise<nn::MinOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *op) {
        return scalarMin(b, l, a[0], a[1], cast<nn::MinOp>(op).getIsUnsigned());
      });
  addElementwise<nn::PReluOp>(
      patterns, [](OpBuilder &b, Location l, ValueRange a, Operation *) -> Value {
        Value zero = createScalar(b, l, a[0].getType(), 0.0);
        Value ge = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE, a[0], zero);
        return arith::SelectOp::create(b, l, ge, a[0],
                                       arith::MulFOp::create(b, l, a[0], a[1]));
      });
  patterns.add<SoftmaxLowering, LogSoftmaxLowering, SliceLowering,
               ReshapeLowering<nn::FlattenOp>,
               ReshapeLowering<nn::ReshapeOp>, TransposeLowering,
               ConcatLowering, BatchNormLowering, PadLowering,
               ReduceLowering<nn::ReduceSumOp>,
               ReduceLowering<nn::ReduceMeanOp>, ReduceLowering<nn::ReduceMaxOp>,
               ReduceLowering<nn::ReduceMinOp>, ReduceLowering<nn::ReduceProdOp>>(
      patterns.getContext());
}
