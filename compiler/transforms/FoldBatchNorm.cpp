//===- FoldBatchNorm.cpp - Batch norm into conv/dense weights -------------===//
//
// At inference batch norm is a per-channel affine map; after a layer with
// constant weights it folds into them, removing a whole pass over the
// activations.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Constants.h"
#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNOps.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::nnc {
#define GEN_PASS_DEF_FOLDBATCHNORMPASS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::nnc

using namespace mlir;
using namespace mlir::nnc;

namespace {

/// Scales the weights of `layer` (conv2d, conv_transpose2d or dense) by the
/// batch norm's per-channel factor and rewrites both into one layer.
template <typename LayerOp>
struct FoldIntoLayer : OpRewritePattern<nn::BatchNormOp> {
  FoldIntoLayer(MLIRContext *ctx, int64_t channelDim)
      : OpRewritePattern(ctx), channelDim(channelDim) {}

  LogicalResult matchAndRewrite(nn::BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto layer = bn.getInput().getDefiningOp<LayerOp>();
    if (!layer || !layer->hasOneUse())
      return failure();
    auto scale = readF32Constant(bn.getScale());
    auto beta = readF32Constant(bn.getBias());
    auto mean = readF32Constant(bn.getMean());
    auto var = readF32Constant(bn.getVariance());
    Value weightValue = layer->getOperand(1);
    auto weights = readF32Constant(weightValue);
    if (!scale || !beta || !mean || !var || !weights)
      return rewriter.notifyMatchFailure(bn, "non-constant parameters");
    size_t channels = scale->size();
    std::vector<float> bias(channels, 0.0f);
    if (Value b = layer.getBias()) {
      auto values = readF32Constant(b);
      if (!values)
        return rewriter.notifyMatchFailure(bn, "non-constant layer bias");
      bias = *values;
    }
    auto wTy = cast<RankedTensorType>(weightValue.getType());
    if (wTy.getDimSize(channelDim) != static_cast<int64_t>(channels))
      return rewriter.notifyMatchFailure(bn, "channel count mismatch");

    float eps = bn.getEpsilon().convertToFloat();
    std::vector<float> factor(channels), newBias(channels);
    for (size_t c = 0; c < channels; ++c) {
      factor[c] = (*scale)[c] / std::sqrt((*var)[c] + eps);
      newBias[c] = (bias[c] - (*mean)[c]) * factor[c] + (*beta)[c];
    }
    // Element i of the weights belongs to channel (i / inner) % channels.
    int64_t inner = 1;
    for (int64_t d = channelDim + 1; d < wTy.getRank(); ++d)
      inner *= wTy.getDimSize(d);
    for (size_t i = 0; i < weights->size(); ++i)
      (*weights)[i] *= factor[(i / inner) % channels];

    rewriter.setInsertionPoint(layer);
    Location loc = layer.getLoc();
    Value newWeights = createF32Constant(rewriter, loc, wTy, *weights);
    Value newBiasValue = createF32Constant(
        rewriter, loc,
        RankedTensorType::get({static_cast<int64_t>(channels)},
                              wTy.getElementType()),
        newBias);
    rewriter.modifyOpInPlace(layer, [&] {
      layer->setOperand(1, newWeights);
      layer.getBiasMutable().assign(newBiasValue);
    });
    rewriter.replaceOp(bn, layer->getResult(0));
    return success();
  }

  int64_t channelDim;
};

struct FoldBatchNormPass : nnc::impl::FoldBatchNormPassBase<FoldBatchNormPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<FoldIntoLayer<nn::Conv2dOp>>(ctx, /*channelDim=*/0);
    patterns.add<FoldIntoLayer<nn::ConvTranspose2dOp>>(ctx, /*channelDim=*/1);
    patterns.add<FoldIntoLayer<nn::DenseOp>>(ctx, /*channelDim=*/0);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
