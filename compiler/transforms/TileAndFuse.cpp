//===- TileAndFuse.cpp - Tile compute roots with their epilogues ----------===//
//
// Groups each convolution / pooling / matrix product with its accumulator
// initialization and its chain of elementwise consumers, then tiles the
// group's last op and fuses the rest of the group into the tile loop.
// Fusion is limited to the group, since fusing the previous layer would
// recompute it once per tile, with one exception: a pointwise layer takes
// the depthwise layer before it, which bands of rows need no more of.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Kernels.h"
#include "compiler/transforms/Passes.h"

#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_TILEANDFUSEPASS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::nnc

using namespace mlir;

namespace {

/// Named linalg ops with a reduction: the ops worth a loop nest of their own.
bool isComputeRoot(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp && !isa<linalg::GenericOp>(op) &&
         linalgOp.getNumReductionLoops() > 0 && linalgOp.hasPureTensorSemantics();
}

/// Follows single-use elementwise consumers from `root`; returns the last.
Operation *epilogueEnd(Operation *root, llvm::SmallPtrSetImpl<Operation *> &group) {
  Operation *last = root;
  while (last->getNumResults() == 1 && last->getResult(0).hasOneUse()) {
    auto user = dyn_cast<linalg::GenericOp>(*last->getResult(0).user_begin());
    if (!user || !linalg::isElementwise(user) || user.getNumDpsInits() != 1 ||
        user->getBlock() != root->getBlock())
      break;
    last = user;
    group.insert(last);
  }
  return last;
}

/// Largest divisor of `dim` that is at most `want`, so that every tile has
/// the same static shape (the memory planner needs static buffers).
int64_t divisorTile(int64_t dim, int64_t want) {
  for (int64_t t = std::min(dim, want); t > 1; --t)
    if (dim % t == 0)
      return t;
  return 1;
}

/// Output images of at most this many pixels are not tiled by rows.
constexpr int64_t kSmallImage = 64;

/// Tile sizes for the dimensions of the group's result: batch and output
/// channels / columns, and output rows for images; 0 leaves a dimension
/// whole.
SmallVector<int64_t> tileSizesFor(ArrayRef<int64_t> outShape,
                                  int64_t channelTile, int64_t rowTile) {
  SmallVector<int64_t> sizes(outShape.size(), 0);
  switch (outShape.size()) {
  case 2: // [M, N]
    sizes[0] = 1;
    sizes[1] = divisorTile(outShape[1], channelTile);
    break;
  case 3: // [B, M, N]
    sizes[0] = 1;
    sizes[2] = divisorTile(outShape[2], channelTile);
    break;
  case 4: // [N, C, H, W]
    sizes[0] = 1;
    sizes[1] = divisorTile(outShape[1], channelTile);
    // A small image stays whole, so the kernel can pack its rows; so does
    // any image of a pointwise convolution (rowTile 0), whose kernel treats
    // the whole image as one long row.
    if (rowTile && outShape[2] * outShape[3] > kSmallImage)
      sizes[2] = divisorTile(outShape[2], rowTile);
    break;
  case 5: // [N, G, C/G, H, W] (grouped convolution)
    sizes[0] = 1;
    sizes[1] = 1;
    sizes[3] = divisorTile(outShape[3], rowTile);
    break;
  default:
    break;
  }
  return sizes;
}

/// Per-dimension sizes of `op`'s result as sizes of its loops: a named op's
/// loops need not come in the result's order (depthwise convolutions
/// iterate channels after the image).
SmallVector<int64_t> loopSizes(Operation *op, ArrayRef<int64_t> dimSizes) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp)
    return SmallVector<int64_t>(dimSizes);
  SmallVector<int64_t> sizes(linalgOp.getNumLoops(), 0);
  AffineMap map = linalgOp.getMatchingIndexingMap(linalgOp.getDpsInitOperand(0));
  for (auto [dim, expr] : llvm::enumerate(map.getResults()))
    if (auto loop = dyn_cast<AffineDimExpr>(expr))
      sizes[loop.getPosition()] = dimSizes[dim];
  return sizes;
}

/// Bytes of a depthwise layer's output one band of rows may take: the
/// pointwise layer after it reads the band from L2.
constexpr int64_t kBandBytes = 128 << 10;

/// The root's accumulator initialization and elementwise epilogue, added
/// to `group`; returns the last op.
Operation *addGroup(Operation *root, llvm::SmallPtrSetImpl<Operation *> &group) {
  group.insert(root);
  for (Value init : cast<linalg::LinalgOp>(root).getDpsInits())
    if (Operation *def = init.getDefiningOp<linalg::LinalgOp>())
      group.insert(def);
  return epilogueEnd(root, group);
}

/// The depthwise convolution (with its bias and epilogue) whose output only
/// the pointwise convolution `root` reads, as an inverted residual block's
/// projection does, when `root` runs on image rows (not channel vectors):
/// the two then share tiles of whole rows, and the depthwise output of a
/// band never leaves the cache.
Operation *fusableDepthwise(linalg::LinalgOp root) {
  if (!nnc::isPointwiseConv(root) || nnc::channelTileFor(root) ||
      !root.hasPureTensorSemantics())
    return nullptr;
  auto outTy = cast<RankedTensorType>(root.getDpsInitOperand(0)->get().getType());
  if (!outTy.hasStaticShape() || outTy.getDimSize(2) < 2 ||
      outTy.getDimSize(2) * outTy.getDimSize(3) <= kSmallImage)
    return nullptr;
  Value in = root.getDpsInputOperand(0)->get();
  Operation *def = in.getDefiningOp();
  // Back through the single-use elementwise chain to its compute root.
  while (auto generic = dyn_cast_or_null<linalg::GenericOp>(def)) {
    if (!linalg::isElementwise(generic) || generic.getNumDpsInputs() != 1 ||
        !generic->getResult(0).hasOneUse())
      return nullptr;
    def = generic.getDpsInputOperand(0)->get().getDefiningOp();
  }
  auto dw = dyn_cast_or_null<linalg::DepthwiseConv2DNchwChwOp>(def);
  if (!dw || !dw->getResult(0).hasOneUse() || !dw.hasPureTensorSemantics() ||
      dw->getBlock() != root->getBlock())
    return nullptr;
  llvm::SmallPtrSet<Operation *, 8> group;
  Operation *last = addGroup(dw, group);
  return last->getResult(0) == in ? dw.getOperation() : nullptr;
}

/// Pixels a panel tile should hold at least (whole rows), tiles a layer
/// should have at least (for the threads), and weight bytes a tile may take.
constexpr int64_t kPanelPixels = 256;
constexpr int64_t kPanelMinTiles = 4;
constexpr int64_t kPanelWeightBytes = 1 << 20;
/// Input channels a layer whose result is padded for the next layer needs
/// for panels: it then stores into the padded buffer's interior, row part
/// by row part, which mobilenet_v2's expansions (16-96 input channels) lost
/// more on than the panels gained; squeezenet's squeeze layers (128-512)
/// gained.
constexpr int64_t kPanelPaddedMinChannels = 128;

/// Tile sizes [1, F', R, W] for a pointwise convolution (on the column
/// kernel) that its kernel runs as packed input panels (kPanelsAttr):
/// each tile takes bands of R whole rows (at least kPanelPixels) and as
/// many of the F output channels as kPanelWeightBytes of weights hold, a
/// multiple of the channel tile, fewer when that leaves under
/// kPanelMinTiles tiles (not under 32). None when that leaves one tile
/// (the other threads would idle), or when the result is padded for the
/// next layer and the layer has few input channels
/// (kPanelPaddedMinChannels).
std::optional<SmallVector<int64_t>> panelTiles(linalg::LinalgOp root,
                                               Operation *last,
                                               int64_t channelTile) {
  auto outTy = cast<RankedTensorType>(last->getResult(0).getType());
  auto inTy = cast<RankedTensorType>(root.getDpsInputOperand(0)->get().getType());
  if (outTy.getRank() != 4 || !outTy.hasStaticShape() || !inTy.hasStaticShape() ||
      (inTy.getDimSize(1) < kPanelPaddedMinChannels &&
       llvm::any_of(last->getResult(0).getUsers(),
                    [](Operation *u) { return isa<tensor::PadOp>(u); })))
    return std::nullopt;
  int64_t n = outTy.getDimSize(0), f = outTy.getDimSize(1),
          h = outTy.getDimSize(2), w = outTy.getDimSize(3), c = inTy.getDimSize(1);
  if (f < 2 * channelTile)
    return std::nullopt;
  // The largest multiple of channelTile dividing F up to `most`.
  auto channelsUpTo = [&](int64_t most) -> int64_t {
    for (int64_t t = std::min(most, f); t >= channelTile; --t)
      if (f % t == 0 && t % channelTile == 0)
        return t;
    return 0;
  };
  int64_t ft = channelsUpTo(std::max<int64_t>(channelTile, kPanelWeightBytes / (4 * c)));
  if (!ft)
    return std::nullopt;
  int64_t r = h;
  for (int64_t d = 1; d <= h; ++d)
    if (h % d == 0 && d * w >= kPanelPixels) {
      r = d;
      break;
    }
  int64_t bands = n * (h / r);
  if (bands * (f / ft) < kPanelMinTiles)
    if (int64_t fewer = channelsUpTo(
            std::min(ft, std::max<int64_t>(32, f * bands / kPanelMinTiles))))
      ft = fewer;
  // One tile would leave the other threads idle.
  if (bands * (f / ft) < 2)
    return std::nullopt;
  return SmallVector<int64_t>{1, ft == f ? 0 : ft, r == h ? 0 : r, 0};
}

struct TileAndFusePass : nnc::impl::TileAndFusePassBase<TileAndFusePass> {
  using TileAndFusePassBase::TileAndFusePassBase;

  void runOnOperation() override {
    SmallVector<Operation *> roots;
    getOperation().walk([&](Operation *op) {
      if (isComputeRoot(op))
        roots.push_back(op);
    });
    // Depthwise layers tiled with the pointwise layer that reads them.
    llvm::DenseMap<Operation *, Operation *> depthwiseOf;
    llvm::SmallPtrSet<Operation *, 8> fused;
    for (Operation *root : roots)
      if (Operation *dw = fusableDepthwise(cast<linalg::LinalgOp>(root))) {
        depthwiseOf[root] = dw;
        fused.insert(dw);
      }
    IRRewriter rewriter(&getContext());
    for (Operation *root : roots)
      if (!fused.contains(root) &&
          failed(tileGroup(rewriter, root, depthwiseOf.lookup(root))))
        return signalPassFailure();
  }

  /// Tiles `root`'s group, with `depthwise`'s (fusableDepthwise) when
  /// not null.
  LogicalResult tileGroup(IRRewriter &rewriter, Operation *root,
                          Operation *depthwise) {
    // A Winograd convolution transforms every input tile once for all
    // output channels, and a dense layer with constant weights reads each
    // packed weight panel once for all rows: they stay whole and
    // parallelize themselves.
    auto linalgRoot = cast<linalg::LinalgOp>(root);
    if ((nnc::isWinogradConv(linalgRoot) || nnc::isDenseLayer(linalgRoot)) &&
        linalgRoot.getDpsInputOperand(1)->get().getDefiningOp<arith::ConstantOp>())
      return success();
    llvm::SmallPtrSet<Operation *, 8> group;
    Operation *last = addGroup(root, group);
    auto target = cast<TilingInterface>(last);
    auto outTy = cast<RankedTensorType>(last->getResult(0).getType());
    // Convolutions with output channels in the vector lanes take whole
    // vectors of channels.
    int64_t byChannels = nnc::channelTileFor(linalgRoot);
    SmallVector<int64_t> sizes = loopSizes(
        last, tileSizesFor(outTy.getShape(), byChannels ? byChannels : channelTile,
                           nnc::isPointwiseConv(linalgRoot) ? 0 : rowTile));
    if (!depthwise && !byChannels && nnc::isPointwiseConv(linalgRoot))
      if (std::optional<SmallVector<int64_t>> panel =
              panelTiles(linalgRoot, last, channelTile)) {
        sizes = loopSizes(last, *panel);
        root->setAttr(nnc::kPanelsAttr, UnitAttr::get(root->getContext()));
      }
    if (depthwise) {
      // A pointwise layer with the depthwise layer before it: bands of
      // whole rows, all channels, each band's depthwise output in L2.
      addGroup(depthwise, group);
      auto dwTy = cast<RankedTensorType>(depthwise->getResult(0).getType());
      int64_t rowBytes = dwTy.getDimSize(1) * dwTy.getDimSize(3) *
                         dwTy.getElementTypeBitWidth() / 8;
      SmallVector<int64_t> band(outTy.getRank(), 0);
      band[0] = 1;
      band[2] = divisorTile(outTy.getDimSize(2),
                            std::max<int64_t>(1, kBandBytes / rowBytes));
      sizes = loopSizes(last, band);
    }
    if (llvm::all_of(sizes, [](int64_t s) { return s == 0; }))
      return success();

    scf::SCFTileAndFuseOptions options;
    options.tilingOptions.setTileSizes(
        getAsIndexOpFoldResult(&getContext(), sizes));
    // Tiles are independent: scf.forall says so to nnc-parallelize.
    options.tilingOptions.setLoopType(
        scf::SCFTilingOptions::LoopType::ForallOp);
    options.setFusionControlFn(
        [&](tensor::ExtractSliceOp, OpResult producer, bool)
            -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
          if (!group.contains(producer.getOwner()))
            return std::nullopt;
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        });
    rewriter.setInsertionPoint(last);
    FailureOr<scf::SCFTileAndFuseResult> result =
        scf::tileConsumerAndFuseProducersUsingSCF(rewriter, target, options);
    if (failed(result))
      return last->emitError("nnc-tile-and-fuse: tiling failed");
    for (auto [orig, repl] : result->replacements)
      rewriter.replaceAllUsesWith(orig, repl);
    return success();
  }
};

} // namespace
