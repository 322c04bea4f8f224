//===- NNToLinalgCompute.cpp - Convolution, pooling, matmul to linalg -----===//
//
// Lowers the reduction-carrying nn ops to linalg named ops on tensors. Bias
// becomes the accumulator's initial value so that tiling later fuses it for
// free; padding becomes tensor.pad, which tiling also fuses.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Kernels.h"
#include "compiler/transforms/LinalgBuilders.h"
#include "compiler/transforms/NNToLinalg.h"
#include "dialects/nn/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::nnc;

namespace {

DenseIntElementsAttr pairAttr(OpBuilder &b, ArrayRef<int64_t> v) {
  return b.getI64VectorAttr(v);
}

/// Largest patch matrix an im2col lowering may materialize.
constexpr int64_t kMaxPatchBytes = 4 << 20;

/// Largest output image (pixels) a KxK (K > 1) strided convolution runs
/// through im2col against the column kernel: on resnet18, 28x28 -> 14x14
/// and 14x14 -> 7x7 layers gained about 20%, 56x56 -> 28x28 lost 5% (its
/// rows fill the direct kernel). With output channels a multiple of 32 the
/// channel-vector kernel beats both (14x14 -> 7x7: 1.57 -> 1.06 ms).
constexpr int64_t kMaxIm2colImage = 256;

/// Whether a strided convolution runs faster as a patch gather plus a
/// pointwise convolution: enough input channels for the matrix product to
/// fill its register blocks, small images (whose short rows the direct
/// kernel fills poorly), and a patch matrix of L2-ish size. Strided
/// kernels otherwise de-interleave their input in every tap of every
/// block of output channels. A 1x1 strided convolution's patches are just
/// the subsampled input.
bool im2colPays(RankedTensorType in, RankedTensorType filter,
                RankedTensorType out, ArrayRef<int64_t> strides) {
  if (llvm::all_of(strides, [](int64_t s) { return s == 1; }))
    return false;
  int64_t c = in.getDimSize(1);
  int64_t taps = filter.getDimSize(2) * filter.getDimSize(3);
  int64_t image = out.getDimSize(2) * out.getDimSize(3);
  int64_t bytes = 4 * out.getDimSize(0) * filter.getDimSize(1) * taps * image;
  // The channel-vector kernel takes strided taps directly.
  if (taps > 1 && nnc::convByChannelsPays(out.getDimSize(1), out.getDimSize(2),
                                          out.getDimSize(3), strides[1],
                                          /*pointwise=*/false))
    return false;
  return c >= 16 && bytes <= kMaxPatchBytes &&
         (taps == 1 || image <= kMaxIm2colImage);
}

/// conv(x, w) with strides s as a pointwise convolution over patches:
/// p[n, c, ky, kx, oh, ow] = x[n, c, oh * s0 + ky * d0, ow * s1 + kx * d1]
/// viewed as [N, C*KH*KW, OH, OW], times w viewed as [F, C*KH*KW, 1, 1].
Value im2colConv(PatternRewriter &rewriter, Location loc, Value input,
                 Value filter, Value init, ArrayRef<int64_t> s,
                 ArrayRef<int64_t> d) {
  auto outTy = cast<RankedTensorType>(init.getType());
  auto fTy = cast<RankedTensorType>(filter.getType());
  int64_t n = outTy.getDimSize(0), oh = outTy.getDimSize(2), ow = outTy.getDimSize(3);
  int64_t f = fTy.getDimSize(0), c = fTy.getDimSize(1), kh = fTy.getDimSize(2),
          kw = fTy.getDimSize(3);
  Type elt = outTy.getElementType();
  MLIRContext *ctx = rewriter.getContext();
  auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineMap inMap = AffineMap::get(
      6, 0,
      {dim(0), dim(1), dim(4) * s[0] + dim(2) * d[0], dim(5) * s[1] + dim(3) * d[1]},
      ctx);
  SmallVector<int64_t> patchShape = {n, c, kh, kw, oh, ow};
  Value empty = tensor::EmptyOp::create(rewriter, loc, patchShape, elt);
  Value patches =
      linalg::GenericOp::create(
          rewriter, loc, TypeRange{empty.getType()}, ValueRange{input},
          ValueRange{empty},
          ArrayRef<AffineMap>{inMap, rewriter.getMultiDimIdentityMap(6)},
          SmallVector<utils::IteratorType>(6, utils::IteratorType::parallel),
          [](OpBuilder &b, Location l, ValueRange args) {
            linalg::YieldOp::create(b, l, args[0]);
          })
          .getResult(0);
  Value matrix = tensor::CollapseShapeOp::create(
      rewriter, loc, patches,
      SmallVector<ReassociationIndices>{{0}, {1, 2, 3}, {4}, {5}});
  Value rows = tensor::CollapseShapeOp::create(
      rewriter, loc, filter, SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
  Value weights = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get({f, c * kh * kw, 1, 1}, fTy.getElementType()),
      rows, SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
  auto ones = pairAttr(rewriter, {1, 1});
  return linalg::Conv2DNchwFchwOp::create(rewriter, loc, TypeRange{outTy},
                                          ValueRange{matrix, weights},
                                          ValueRange{init}, ones, ones)
      .getResult(0);
}

/// conv2d -> [pad] -> linalg.conv_2d_nchw_fchw (strided ones through
/// im2col when that pays); a depthwise layer ->
/// linalg.depthwise_conv_2d_nchw_chw; other groups > 1 -> the grouped form
/// linalg.conv_2d_ngchw_gfchw on expanded views.
struct ConvLowering : OpRewritePattern<nn::Conv2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::Conv2dOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType outTy = op.getOutput().getType();
    if (!outTy.hasStaticShape() || !op.getInput().getType().hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    int64_t zero[2] = {0, 0};
    Value input = padSpatial(rewriter, loc, op.getInput(), op.getPadding(),
                             zero, 0.0);
    Value init = createChannelInit(rewriter, loc, outTy, op.getBias(),
                                   /*channelDim=*/1, 0.0);
    auto strides = pairAttr(rewriter, op.getStrides());
    auto dilations = pairAttr(rewriter, op.getDilations());
    int64_t g = op.getGroups();
    if (g == 1 && im2colPays(cast<RankedTensorType>(input.getType()),
                             op.getFilter().getType(), outTy, op.getStrides())) {
      rewriter.replaceOp(op, im2colConv(rewriter, loc, input, op.getFilter(),
                                        init, op.getStrides(), op.getDilations()));
      return success();
    }
    if (g == 1) {
      rewriter.replaceOp(op, linalg::Conv2DNchwFchwOp::create(
                                 rewriter, loc, TypeRange{outTy},
                                 ValueRange{input, op.getFilter()},
                                 ValueRange{init}, strides, dilations)
                                 .getResult(0));
      return success();
    }
    // Depthwise (one input and one output channel per group): the 4-D
    // named op keeps the output [N, C, OH, OW], so tiling fuses the bias
    // init and the activation like any convolution's. The filter
    // [C, 1, KH, KW] drops its unit dimension (a constant folds).
    auto filterTy = op.getFilter().getType();
    if (filterTy.getDimSize(1) == 1 && filterTy.getDimSize(0) == g &&
        op.getInput().getType().getDimSize(1) == g) {
      Value filter = tensor::CollapseShapeOp::create(
          rewriter, loc, op.getFilter(),
          SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}});
      rewriter.replaceOp(op, linalg::DepthwiseConv2DNchwChwOp::create(
                                 rewriter, loc, TypeRange{outTy},
                                 ValueRange{input, filter}, ValueRange{init},
                                 strides, dilations)
                                 .getResult(0));
      return success();
    }
    // [N, C, H, W] -> [N, G, C/G, H, W]; [F, C/G, KH, KW] -> [G, F/G, ...];
    // [N, F, OH, OW] -> [N, G, F/G, OH, OW]. ONNX groups channels
    // contiguously, which is exactly these expansions.
    auto expand = [&](Value v, int64_t dim) {
      auto ty = cast<RankedTensorType>(v.getType());
      SmallVector<int64_t> shape(ty.getShape());
      shape[dim] /= g;
      shape.insert(shape.begin() + dim, g);
      SmallVector<ReassociationIndices> assoc;
      for (int64_t i = 0; i < ty.getRank(); ++i) {
        if (i < dim)
          assoc.push_back({i});
        else if (i == dim)
          assoc.push_back({i, i + 1});
        else
          assoc.push_back({i + 1});
      }
      return tensor::ExpandShapeOp::create(
          rewriter, loc, RankedTensorType::get(shape, ty.getElementType()), v,
          assoc);
    };
    Value in5 = expand(input, 1), filter5 = expand(op.getFilter(), 0);
    Value init5 = expand(init, 1);
    Value conv = linalg::Conv2DNgchwGfchwOp::create(
                     rewriter, loc, TypeRange{init5.getType()},
                     ValueRange{in5, filter5}, ValueRange{init5},
                     {rewriter.getNamedAttr("strides", strides),
                      rewriter.getNamedAttr("dilations", dilations)})
                     .getResult(0);
    SmallVector<ReassociationIndices> assoc = {{0}, {1, 2}, {3}, {4}};
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(op, outTy, conv,
                                                         assoc);
    return success();
  }
};

/// conv_transpose2d as a direct convolution: insert stride-1 zeros between
/// input pixels, pad by dilation * (K - 1) - pad (cropping where that is
/// negative), and convolve with stride 1 and the spatially flipped filter
/// with input and output channels swapped.
struct ConvTransposeLowering : OpRewritePattern<nn::ConvTranspose2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ConvTranspose2dOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType outTy = op.getOutput().getType();
    auto inTy = op.getInput().getType();
    auto filterTy = op.getFilter().getType();
    if (!outTy.hasStaticShape() || !inTy.hasStaticShape() ||
        !filterTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    if (op.getGroups() != 1)
      return rewriter.notifyMatchFailure(op, "grouped transposed convolution");
    Type elt = outTy.getElementType();
    ArrayRef<int64_t> s = op.getStrides(), d = op.getDilations();
    ArrayRef<int64_t> pad = op.getPadding(), extra = op.getOutputPadding();
    int64_t n = inTy.getDimSize(0), c = inTy.getDimSize(1);
    int64_t k[2] = {filterTy.getDimSize(2), filterTy.getDimSize(3)};

    // 1. Zero-upsample: input pixel (h, w) lands at (h * s0, w * s1).
    Value x = op.getInput();
    int64_t up[2] = {(inTy.getDimSize(2) - 1) * s[0] + 1,
                     (inTy.getDimSize(3) - 1) * s[1] + 1};
    if (s[0] > 1 || s[1] > 1) {
      auto upTy = RankedTensorType::get({n, c, up[0], up[1]}, elt);
      Value zeros = createFilled(rewriter, loc, upTy, 0.0);
      SmallVector<OpFoldResult> offsets(4, rewriter.getIndexAttr(0)), sizes,
          strides = {rewriter.getIndexAttr(1), rewriter.getIndexAttr(1),
                     rewriter.getIndexAttr(s[0]), rewriter.getIndexAttr(s[1])};
      for (int64_t dim : inTy.getShape())
        sizes.push_back(rewriter.getIndexAttr(dim));
      x = tensor::InsertSliceOp::create(rewriter, loc, x, zeros, offsets,
                                        sizes, strides);
    }
    // 2. Pad (or crop where the padding exceeds the kernel's reach).
    int64_t low[2], high[2];
    for (int i = 0; i < 2; ++i) {
      low[i] = d[i] * (k[i] - 1) - pad[i];
      high[i] = d[i] * (k[i] - 1) - pad[i + 2] + extra[i];
    }
    int64_t padQuad[4] = {std::max<int64_t>(low[0], 0),
                          std::max<int64_t>(low[1], 0),
                          std::max<int64_t>(high[0], 0),
                          std::max<int64_t>(high[1], 0)};
    int64_t zero[2] = {0, 0};
    x = padSpatial(rewriter, loc, x, padQuad, zero, 0.0);
    if (low[0] < 0 || low[1] < 0 || high[0] < 0 || high[1] < 0) {
      auto padded = cast<RankedTensorType>(x.getType());
      SmallVector<OpFoldResult> offsets = {
          rewriter.getIndexAttr(0), rewriter.getIndexAttr(0),
          rewriter.getIndexAttr(std::max<int64_t>(-low[0], 0)),
          rewriter.getIndexAttr(std::max<int64_t>(-low[1], 0))};
      SmallVector<int64_t> shape = {n, c, up[0] + low[0] + high[0],
                                    up[1] + low[1] + high[1]};
      SmallVector<OpFoldResult> sizes, strides(4, rewriter.getIndexAttr(1));
      for (int64_t dim : shape)
        sizes.push_back(rewriter.getIndexAttr(dim));
      x = tensor::ExtractSliceOp::create(
          rewriter, loc, RankedTensorType::get(shape, padded.getElementType()),
          x, offsets, sizes, strides);
    }
    // 3. Filter [C, F, KH, KW] -> [F, C, KH, KW], flipped spatially.
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr f = getAffineDimExpr(0, ctx), ci = getAffineDimExpr(1, ctx);
    AffineExpr kh = getAffineDimExpr(2, ctx), kw = getAffineDimExpr(3, ctx);
    auto flippedTy = RankedTensorType::get(
        {filterTy.getDimSize(1), filterTy.getDimSize(0), k[0], k[1]}, elt);
    SmallVector<AffineMap> maps = {
        AffineMap::get(4, 0, {ci, f, k[0] - 1 - kh, k[1] - 1 - kw}, ctx),
        rewriter.getMultiDimIdentityMap(4)};
    SmallVector<utils::IteratorType> iters(4, utils::IteratorType::parallel);
    Value flipped =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{flippedTy}, ValueRange{op.getFilter()},
            ValueRange{createEmpty(rewriter, loc, flippedTy)}, maps, iters,
            [](OpBuilder &b, Location l, ValueRange args) {
              linalg::YieldOp::create(b, l, args[0]);
            })
            .getResult(0);
    // 4. Stride-1 convolution, bias as the accumulator's init.
    Value init = createChannelInit(rewriter, loc, outTy, op.getBias(),
                                   /*channelDim=*/1, 0.0);
    int64_t ones[2] = {1, 1};
    rewriter.replaceOp(op, linalg::Conv2DNchwFchwOp::create(
                               rewriter, loc, TypeRange{outTy},
                               ValueRange{x, flipped}, ValueRange{init},
                               pairAttr(rewriter, ones), pairAttr(rewriter, d))
                               .getResult(0));
    return success();
  }
};

/// resize: each output element reads its source coordinate's neighbour
/// (nearest) or blends the two neighbours along every resized dimension
/// (linear), with tensor.extract inside one generic.
struct ResizeLowering : OpRewritePattern<nn::ResizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::ResizeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType outTy = op.getOutput().getType();
    auto inTy = op.getInput().getType();
    if (!outTy.hasStaticShape() || !inTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    int64_t rank = outTy.getRank();
    bool linear = op.getMode() == "linear";
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
    Value input = op.getInput();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outTy}, ValueRange{},
        ValueRange{createEmpty(rewriter, loc, outTy)}, maps, iters,
        [&](OpBuilder &b, Location l, ValueRange) {
          // Per dimension: (index, weight) taps; one tap for kept dims.
          SmallVector<SmallVector<std::pair<Value, Value>, 2>> taps;
          for (int64_t d = 0; d < rank; ++d)
            taps.push_back(tapsAlong(b, l, op, d, linear));
          // Sum over the cartesian product of taps.
          Value acc;
          SmallVector<int64_t> choice(rank, 0);
          while (true) {
            SmallVector<Value> idx;
            Value weight;
            for (int64_t d = 0; d < rank; ++d) {
              auto [i, w] = taps[d][choice[d]];
              idx.push_back(i);
              if (w)
                weight = weight ? arith::MulFOp::create(b, l, weight, w) : w;
            }
            Value v = tensor::ExtractOp::create(b, l, input, idx);
            if (weight)
              v = arith::MulFOp::create(b, l, v, weight);
            acc = acc ? arith::AddFOp::create(b, l, acc, v) : v;
            int64_t d = rank - 1;
            while (d >= 0 && ++choice[d] == static_cast<int64_t>(taps[d].size()))
              choice[d--] = 0;
            if (d < 0)
              break;
          }
          linalg::YieldOp::create(b, l, acc);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }

  /// Source taps of output dimension `d`: the same index for unchanged
  /// dims; else the rounded coordinate (nearest) or its floor/ceil with
  /// linear weights.
  static SmallVector<std::pair<Value, Value>, 2>
  tapsAlong(OpBuilder &b, Location l, nn::ResizeOp op, int64_t d, bool linear) {
    auto inTy = op.getInput().getType();
    auto outTy = op.getOutput().getType();
    int64_t in = inTy.getDimSize(d), out = outTy.getDimSize(d);
    Value i = linalg::IndexOp::create(b, l, d);
    float scale = op.getScales()[d];
    if (in == out && scale == 1.0f)
      return {{i, nullptr}};
    Type f32 = outTy.getElementType();
    auto c = [&](double v) { return createScalar(b, l, f32, v); };
    Value x = arith::SIToFPOp::create(
        b, l, f32, arith::IndexCastOp::create(b, l, b.getI64Type(), i));
    StringRef mode = op.getCoordinateMode();
    if (mode == "align_corners") {
      // ONNX divides by the unrounded resized length (in * scale) minus 1;
      // with sizes given, the scale is out / in and the length is out.
      double length = double(scale) * in;
      if (std::abs(length - out) < 1e-3)
        length = out;
      x = length <= 1.0 ? c(0.0)
                        : arith::MulFOp::create(b, l, x,
                                                c(double(in - 1) / (length - 1)));
    } else if (mode == "asymmetric") {
      x = arith::DivFOp::create(b, l, x, c(scale));
    } else { // half_pixel, pytorch_half_pixel
      x = arith::SubFOp::create(
          b, l, arith::DivFOp::create(b, l, arith::AddFOp::create(b, l, x, c(0.5)),
                                      c(scale)),
          c(0.5));
      if (mode == "pytorch_half_pixel" && out == 1)
        x = c(0.0);
    }
    auto toIndex = [&](Value v) -> Value {
      Value clamped = arith::MinimumFOp::create(
          b, l, arith::MaximumFOp::create(b, l, v, c(0.0)), c(double(in - 1)));
      Value asInt = arith::FPToSIOp::create(b, l, b.getI64Type(), clamped);
      return arith::IndexCastOp::create(b, l, b.getIndexType(), asInt);
    };
    if (!linear) {
      StringRef rounding = op.getNearestMode();
      Value r;
      if (rounding == "floor")
        r = math::FloorOp::create(b, l, x);
      else if (rounding == "ceil")
        r = math::CeilOp::create(b, l, x);
      else if (rounding == "round_prefer_ceil")
        r = math::FloorOp::create(b, l, arith::AddFOp::create(b, l, x, c(0.5)));
      else // round_prefer_floor
        r = math::CeilOp::create(b, l, arith::SubFOp::create(b, l, x, c(0.5)));
      return {{toIndex(r), nullptr}};
    }
    Value clamped = arith::MinimumFOp::create(
        b, l, arith::MaximumFOp::create(b, l, x, c(0.0)), c(double(in - 1)));
    Value lo = math::FloorOp::create(b, l, clamped);
    Value w1 = arith::SubFOp::create(b, l, clamped, lo);
    Value w0 = arith::SubFOp::create(b, l, c(1.0), w1);
    Value hi = arith::MinimumFOp::create(b, l, arith::AddFOp::create(b, l, lo, c(1.0)),
                                         c(double(in - 1)));
    return {{toIndex(lo), w0}, {toIndex(hi), w1}};
  }
};

/// Extra bottom/right padding so every ceil-mode window lies inside the
/// padded input.
SmallVector<int64_t, 2> ceilExtra(RankedTensorType in, RankedTensorType out,
                                  ArrayRef<int64_t> kernel,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> pad,
                                  ArrayRef<int64_t> dilations) {
  SmallVector<int64_t, 2> extra;
  for (int i = 0; i < 2; ++i) {
    int64_t needed = (out.getDimSize(2 + i) - 1) * strides[i] +
                     dilations[i] * (kernel[i] - 1) + 1;
    int64_t have = in.getDimSize(2 + i) + pad[i] + pad[i + 2];
    extra.push_back(std::max<int64_t>(0, needed - have));
  }
  return extra;
}

/// A max pool's input padded with -inf, with the extra rows and columns its
/// ceil-mode windows reach.
template <typename PoolOp> Value maxPoolInput(OpBuilder &b, PoolOp op) {
  auto extra = ceilExtra(op.getInput().getType(), op.getOutput().getType(),
                         op.getKernel(), op.getStrides(), op.getPadding(),
                         op.getDilations());
  return padSpatial(b, op.getLoc(), op.getInput(), op.getPadding(), extra,
                    -std::numeric_limits<double>::infinity());
}

/// Indices of the maxima: one generic over (n, c, oh, ow, kh, kw) that
/// carries the best value and its flat NCHW input index, like arg_max.
struct MaxPoolIndicesLowering : OpRewritePattern<nn::MaxPool2dIndicesOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::MaxPool2dIndicesOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = op.getInput().getType();
    auto outTy = op.getOutput().getType();
    if (!outTy.hasStaticShape() || !inTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    double lowest = -std::numeric_limits<double>::infinity();
    Value input = maxPoolInput(rewriter, op);
    ArrayRef<int64_t> st = op.getStrides(), dl = op.getDilations(),
                      pad = op.getPadding();
    MLIRContext *ctx = getContext();
    AffineExpr d[6];
    bindDims(ctx, d[0], d[1], d[2], d[3], d[4], d[5]);
    AffineMap inMap = AffineMap::get(
        6, 0, {d[0], d[1], d[2] * st[0] + d[4] * dl[0], d[3] * st[1] + d[5] * dl[1]},
        ctx);
    AffineMap outMap = AffineMap::get(6, 0, {d[0], d[1], d[2], d[3]}, ctx);
    auto valTy = outTy.clone(inTy.getElementType());
    using It = utils::IteratorType;
    int64_t C = inTy.getDimSize(1), H = inTy.getDimSize(2), W = inTy.getDimSize(3);
    // The window operand only gives the reduction loops their extents, as in
    // linalg's pooling ops.
    Value window = tensor::EmptyOp::create(rewriter, loc, op.getKernel(),
                                           inTy.getElementType());
    AffineMap windowMap = AffineMap::get(6, 0, {d[4], d[5]}, ctx);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valTy, outTy}, ValueRange{input, window},
        ValueRange{createFilled(rewriter, loc, valTy, lowest),
                   createFilled(rewriter, loc, outTy, 0)},
        {inMap, windowMap, outMap, outMap},
        {It::parallel, It::parallel, It::parallel, It::parallel, It::reduction,
         It::reduction},
        [&](OpBuilder &b, Location l, ValueRange a) {
          auto idx = [&](int64_t dim) { return linalg::IndexOp::create(b, l, dim); };
          auto cst = [&](int64_t v) { return arith::ConstantIndexOp::create(b, l, v); };
          auto mul = [&](Value x, int64_t v) { return arith::MulIOp::create(b, l, x, cst(v)); };
          auto add = [&](Value x, Value y) { return arith::AddIOp::create(b, l, x, y); };
          // Unpadded input coordinates of this window position.
          Value h = arith::SubIOp::create(
              b, l, add(mul(idx(2), st[0]), mul(idx(4), dl[0])), cst(pad[0]));
          Value w = arith::SubIOp::create(
              b, l, add(mul(idx(3), st[1]), mul(idx(5), dl[1])), cst(pad[1]));
          Value plane = add(mul(idx(0), C), idx(1));
          Value flat = op.getColumnMajor() ? add(mul(add(mul(plane, W), w), H), h)
                                           : add(mul(add(mul(plane, H), h), W), w);
          Value flat64 = arith::IndexCastOp::create(b, l, b.getI64Type(), flat);
          Value better = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT,
                                               a[0], a[2]);
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, better, a[0], a[2]),
                         arith::SelectOp::create(b, l, better, flat64, a[3])});
        });
    rewriter.replaceOp(op, generic.getResult(1));
    return success();
  }
};

struct MaxPoolLowering : OpRewritePattern<nn::MaxPool2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::MaxPool2dOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = op.getInput().getType();
    auto outTy = op.getOutput().getType();
    if (!outTy.hasStaticShape() || !inTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    double lowest = -std::numeric_limits<double>::infinity();
    Value input = maxPoolInput(rewriter, op);
    Value window = tensor::EmptyOp::create(rewriter, loc, op.getKernel(),
                                           outTy.getElementType());
    Value init = createFilled(rewriter, loc, outTy, lowest);
    rewriter.replaceOp(
        op, linalg::PoolingNchwMaxOp::create(
                rewriter, loc, TypeRange{outTy}, ValueRange{input, window},
                ValueRange{init}, pairAttr(rewriter, op.getStrides()),
                pairAttr(rewriter, op.getDilations()))
                .getResult(0));
    return success();
  }
};

/// Sum pooling over the zero-padded input, then division by the number of
/// window positions that count (see AvgPool2dOp's description).
struct AvgPoolLowering : OpRewritePattern<nn::AvgPool2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::AvgPool2dOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = op.getInput().getType();
    auto outTy = op.getOutput().getType();
    if (!outTy.hasStaticShape() || !inTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    ArrayRef<int64_t> k = op.getKernel(), s = op.getStrides();
    ArrayRef<int64_t> pad = op.getPadding();
    int64_t ones[2] = {1, 1};
    auto extra = ceilExtra(inTy, outTy, k, s, pad, ones);
    Value input = padSpatial(rewriter, loc, op.getInput(), pad, extra, 0.0);
    Type elt = outTy.getElementType();
    Value window = tensor::EmptyOp::create(rewriter, loc, k, elt);
    Value sum = linalg::PoolingNchwSumOp::create(
                    rewriter, loc, TypeRange{outTy}, ValueRange{input, window},
                    ValueRange{createFilled(rewriter, loc, outTy, 0.0)},
                    pairAttr(rewriter, s), pairAttr(rewriter, ones))
                    .getResult(0);

    // Counted positions along one spatial dim for output index `o`:
    // min(start + k, hi) - max(start, lo), start = o * s - padBegin.
    bool includePad = op.getCountIncludePad();
    auto countAlong = [&](OpBuilder &b, Location l, int i) -> Value {
      Value o = linalg::IndexOp::create(b, l, 2 + i);
      auto idx = [&](int64_t v) {
        return arith::ConstantIndexOp::create(b, l, v).getResult();
      };
      Value start = arith::SubIOp::create(
          b, l, arith::MulIOp::create(b, l, o, idx(s[i])), idx(pad[i]));
      Value end = arith::AddIOp::create(b, l, start, idx(k[i]));
      int64_t lo = includePad ? -pad[i] : 0;
      int64_t hi = inTy.getDimSize(2 + i) + (includePad ? pad[i + 2] : 0);
      Value cnt = arith::SubIOp::create(
          b, l, arith::MinSIOp::create(b, l, end, idx(hi)),
          arith::MaxSIOp::create(b, l, start, idx(lo)));
      return cnt;
    };
    Value avg = createElementwise(
        rewriter, loc, outTy, ValueRange{sum},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value n = arith::MulIOp::create(b, l, countAlong(b, l, 0),
                                          countAlong(b, l, 1));
          Value i64 = arith::IndexCastOp::create(b, l, b.getI64Type(), n);
          Value f = arith::SIToFPOp::create(b, l, elt, i64);
          return arith::DivFOp::create(b, l, args[0], f);
        });
    rewriter.replaceOp(op, avg);
    return success();
  }
};

struct GlobalAvgPoolLowering : OpRewritePattern<nn::GlobalAvgPool2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::GlobalAvgPool2dOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = op.getInput().getType();
    auto outTy = op.getOutput().getType();
    if (!inTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr n = getAffineDimExpr(0, ctx), c = getAffineDimExpr(1, ctx);
    AffineExpr zero = getAffineConstantExpr(0, ctx);
    SmallVector<AffineMap> maps = {
        rewriter.getMultiDimIdentityMap(4),
        AffineMap::get(4, 0, {n, c, zero, zero}, ctx)};
    SmallVector<utils::IteratorType> iters = {
        utils::IteratorType::parallel, utils::IteratorType::parallel,
        utils::IteratorType::reduction, utils::IteratorType::reduction};
    Value sum =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{outTy}, ValueRange{op.getInput()},
            ValueRange{createFilled(rewriter, loc, outTy, 0.0)}, maps, iters,
            [](OpBuilder &b, Location l, ValueRange args) {
              linalg::YieldOp::create(
                  b, l, arith::AddFOp::create(b, l, args[1], args[0]).getResult());
            })
            .getResult(0);
    double count = inTy.getDimSize(2) * inTy.getDimSize(3);
    Type elt = outTy.getElementType();
    rewriter.replaceOp(op, createElementwise(
                               rewriter, loc, outTy, ValueRange{sum},
                               [&](OpBuilder &b, Location l, ValueRange args) {
                                 Value d = createScalar(b, l, elt, count);
                                 return arith::DivFOp::create(b, l, args[0], d)
                                     .getResult();
                               }));
    return success();
  }
};

/// dense: out[m, n] = bias[n] + sum_k in[m, k] * w[n, k], as linalg.matmul
/// with a transposed-B indexing map (no transpose is materialized).
struct DenseLowering : OpRewritePattern<nn::DenseOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::DenseOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType outTy = op.getOutput().getType();
    if (!outTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    Value init = createChannelInit(rewriter, loc, outTy, op.getBias(),
                                   /*channelDim=*/1, 0.0);
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr m = getAffineDimExpr(0, ctx), n = getAffineDimExpr(1, ctx),
               k = getAffineDimExpr(2, ctx);
    SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {m, k}, ctx),
                                   AffineMap::get(3, 0, {n, k}, ctx),
                                   AffineMap::get(3, 0, {m, n}, ctx)};
    auto matmul = linalg::MatmulOp::create(
        rewriter, loc, TypeRange{outTy},
        ValueRange{op.getInput(), op.getWeight()}, ValueRange{init});
    matmul.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
    rewriter.replaceOp(op, matmul.getResult(0));
    return success();
  }
};

/// matmul: rank 2 -> linalg.matmul; rank >= 3 -> batch dims collapsed into
/// one, linalg.batch_matmul, expanded back.
struct MatmulLowering : OpRewritePattern<nn::MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::MatmulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType outTy = op.getOutput().getType();
    if (!outTy.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expects static shapes");
    int64_t rank = outTy.getRank();
    if (rank == 2) {
      Value init = createFilled(rewriter, loc, outTy, 0.0);
      rewriter.replaceOp(op, linalg::MatmulOp::create(
                                 rewriter, loc, TypeRange{outTy},
                                 ValueRange{op.getLhs(), op.getRhs()},
                                 ValueRange{init})
                                 .getResult(0));
      return success();
    }
    SmallVector<ReassociationIndices> assoc(3);
    for (int64_t i = 0; i < rank - 2; ++i)
      assoc[0].push_back(i);
    assoc[1] = {rank - 2};
    assoc[2] = {rank - 1};
    auto collapse = [&](Value v) -> Value {
      if (rank == 3)
        return v;
      return tensor::CollapseShapeOp::create(rewriter, loc, v, assoc);
    };
    Value a = collapse(op.getLhs()), b = collapse(op.getRhs());
    int64_t batch = 1;
    for (int64_t i = 0; i < rank - 2; ++i)
      batch *= outTy.getDimSize(i);
    auto out3 = RankedTensorType::get(
        {batch, outTy.getDimSize(rank - 2), outTy.getDimSize(rank - 1)},
        outTy.getElementType());
    Value result = linalg::BatchMatmulOp::create(
                       rewriter, loc, TypeRange{out3}, ValueRange{a, b},
                       ValueRange{createFilled(rewriter, loc, out3, 0.0)})
                       .getResult(0);
    if (rank != 3)
      result = tensor::ExpandShapeOp::create(rewriter, loc, outTy, result, assoc);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void nnc::populateNNComputeToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvLowering, ConvTransposeLowering, ResizeLowering,
               MaxPoolLowering, MaxPoolIndicesLowering, AvgPoolLowering,
               GlobalAvgPoolLowering, DenseLowering, MatmulLowering>(
      patterns.getContext());
}
