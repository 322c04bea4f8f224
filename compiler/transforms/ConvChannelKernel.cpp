//===- ConvChannelKernel.cpp - Direct convolution with channel vectors ----===//
//
// A direct convolution whose vector lanes run over output channels: the
// filter is packed at compile time into panels of vl * nf output channels
// per tap, each step loads nf weight vectors, broadcasts one input element
// per output column and does nf FMAs with it. Any stride costs the same
// (the column kernel de-interleaves or gathers for strides), and output
// widths that are no multiple of the vector width waste no lanes. Finished
// register blocks are transposed back to rows of columns for the NCHW
// output, through the fused bias and epilogue.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Constants.h"
#include "compiler/transforms/KernelBuilder.h"
#include "compiler/transforms/KernelFusion.h"
#include "compiler/transforms/Kernels.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;

namespace {

/// Output channels a layer of this kernel is tiled by (nnc-tile-and-fuse)
/// at most: two AVX-512 vectors.
constexpr int64_t kChannelTile = 32;

struct Shape {
  int64_t c, f, oh, ow, kh, kw, sh, sw, dh, dw;
  int64_t taps() const { return c * kh * kw; }
};

class ChannelConvEmitter : nnc::KernelBuilder {
public:
  ChannelConvEmitter(OpBuilder &b, Location loc, Value flatIn,
                     ArrayRef<int64_t> inStrides, Value tapOffsets, Value out,
                     Shape s, int64_t vl, int64_t nf, int64_t cols,
                     nnc::FusedInitAndEpilogue *fused)
      : KernelBuilder(b, loc, vl), flatIn(flatIn), inStrides(inStrides),
        tapOffsets(tapOffsets), out(out), s(s), nf(nf), cols(cols),
        fused(fused) {}

  /// The tile: for each panel of nf * vl output channels (`panel0` the
  /// first one's index in the packed filter `wp`), each output row, each
  /// chunk of `cols` columns.
  void emit(Value wp, Value panel0, int64_t n) {
    int64_t full = s.ow / cols * cols;
    loop(0, n, 1, [&](Value ni) {
      loop(0, s.f / (nf * vl), 1, [&](Value p) {
        Value panel = add(panel0, p), f0 = mulc(p, nf * vl);
        loop(0, s.oh, 1, [&](Value oh) {
          if (full)
            loop(0, full, cols, [&](Value ox) {
              block(wp, panel, ni, f0, oh, ox, cols);
            });
          if (full < s.ow)
            block(wp, panel, ni, f0, oh, idx(full), s.ow - full);
        });
      });
    });
  }

private:
  /// nf vectors of channels x `width` columns from (oh, ox), accumulated
  /// over every tap (input channel, kernel row, kernel column) in one loop:
  /// `tapOffsets[t]` is tap t's input element relative to the block's
  /// first. One flat loop keeps LLVM from unrolling the kernel columns,
  /// whose shared input elements (stride 2 and more) it would then keep in
  /// registers at the accumulators' expense.
  void block(Value wp, Value panel, Value n, Value f0, Value oh, Value ox,
             int64_t width) {
    SmallVector<Value> acc(nf * width, zeros());
    Value origin = add(add(mulc(n, inStrides[0]), mulc(mulc(oh, s.sh), inStrides[2])),
                       mulc(ox, s.sw));
    acc = reduce(0, s.taps(), 1, acc, [&](Value t, ValueRange a) {
      SmallVector<Value> next(a), ws;
      for (int64_t j = 0; j < nf; ++j)
        ws.push_back(vector::LoadOp::create(b, loc, vecTy, wp,
                                            ValueRange{panel, t, idx(j * vl)}));
      Value offset = arith::IndexCastOp::create(
          b, loc, b.getIndexType(),
          memref::LoadOp::create(b, loc, tapOffsets, ValueRange{t}));
      Value first = add(origin, offset);
      for (int64_t r = 0; r < width; ++r) {
        Value x = memref::LoadOp::create(b, loc, flatIn,
                                         ValueRange{addc(first, r * s.sw)});
        Value xv = vector::BroadcastOp::create(b, loc, vecTy, x);
        for (int64_t j = 0; j < nf; ++j)
          next[j * width + r] =
              vector::FMAOp::create(b, loc, ws[j], xv, next[j * width + r]);
      }
      return next;
    });
    for (int64_t j = 0; j < nf; ++j)
      writeBack(ArrayRef<Value>(acc).slice(j * width, width), n,
                addc(f0, j * vl), oh, ox);
  }

  /// Transposes `regs` (one vector of vl channels per column) into one
  /// vector of columns per channel and adds each to its row of the output:
  /// the fused bias (else what the output holds) plus the sums, through
  /// the fused epilogue, masked to the block's columns.
  void writeBack(ArrayRef<Value> regs, Value n, Value f0, Value oh, Value ox) {
    auto gridTy = VectorType::get({vl, vl}, b.getF32Type());
    Value grid = arith::ConstantOp::create(b, loc, gridTy,
                                           DenseElementsAttr::get(gridTy, 0.0f));
    for (auto [r, v] : llvm::enumerate(regs))
      grid = vector::InsertOp::create(b, loc, v, grid,
                                      ArrayRef<int64_t>{static_cast<int64_t>(r)});
    Value byChannel =
        vector::TransposeOp::create(b, loc, grid, ArrayRef<int64_t>{1, 0});
    int64_t width = regs.size();
    for (int64_t l = 0; l < vl; ++l) {
      Value sums = vector::ExtractOp::create(b, loc, byChannel, ArrayRef<int64_t>{l});
      Value f = addc(f0, l);
      SmallVector<Value> at = {n, f, oh, ox};
      Value old = fused && fused->hasInit() ? fused->initVector(b, loc, vecTy, f)
                                            : load(out, at, width);
      Value v = arith::AddFOp::create(b, loc, old, sums);
      if (fused)
        v = fused->apply(b, loc, v, at, width);
      store(v, fused ? fused->result() : out, at, width);
    }
  }

  Value flatIn; ///< The input as one dimension, from its first element.
  SmallVector<int64_t> inStrides;
  Value tapOffsets, out;
  Shape s;
  int64_t nf, cols;
  nnc::FusedInitAndEpilogue *fused;
};

/// Accumulators a block of nf channel vectors may keep: the registers
/// (32 on AVX-512 and NEON, 16 on AVX2) less the nf weights and the
/// broadcast input.
int64_t accumulatorBudget(int64_t vl, int64_t nf) {
  return (vl == 8 ? 16 : 32) - nf - 1;
}

/// Picks nf channel vectors x `cols` columns per register block by a cycle
/// model: a step issues nf + cols loads (weights, broadcast inputs; two per
/// cycle) and nf * cols FMAs (two per cycle); a finished block costs about
/// 3 * vl cycles per channel vector to transpose and store. `maxNf` bounds
/// nf (the panel must divide the tile's channels and its offsets).
std::pair<int64_t, int64_t> chooseBlock(const Shape &s, int64_t vl,
                                        int64_t maxNf) {
  int64_t bestNf = 1, bestCols = 1;
  double best = 0;
  for (int64_t nf = 1; nf <= std::min<int64_t>(maxNf, 4); ++nf) {
    if ((s.f / vl) % nf)
      continue;
    for (int64_t cols = std::min(s.ow, vl); cols >= 1; --cols) {
      if (nf * cols > accumulatorBudget(vl, nf))
        continue;
      auto blockCycles = [&](int64_t w) {
        return s.taps() * std::max(nf * w, nf + w) / 2.0 + 3.0 * vl * nf;
      };
      int64_t chunks = s.ow / cols, left = s.ow % cols;
      double time = chunks * blockCycles(cols) + (left ? blockCycles(left) : 0.0);
      double rate = nf * s.ow / time;
      if (rate > best * 1.001) {
        best = rate;
        bestNf = nf;
        bestCols = cols;
      }
    }
  }
  return {bestNf, bestCols};
}

/// The filter global `w` reads and the first output channel of the slice
/// it takes: `w` itself (offset 0), or a subview of it along output
/// channels only.
std::optional<std::pair<Value, OpFoldResult>> filterSource(Value w) {
  if (w.getDefiningOp<memref::GetGlobalOp>())
    return std::make_pair(w, OpFoldResult(IntegerAttr()));
  auto view = w.getDefiningOp<memref::SubViewOp>();
  if (!view || !view.getSource().getDefiningOp<memref::GetGlobalOp>())
    return std::nullopt;
  auto srcTy = cast<MemRefType>(view.getSource().getType());
  for (unsigned d = 1; d < 4; ++d)
    if (!isConstantIntValue(view.getMixedOffsets()[d], 0) ||
        !isConstantIntValue(view.getMixedSizes()[d], srcTy.getDimSize(d)))
      return std::nullopt;
  if (!llvm::all_of(view.getMixedStrides(),
                    [](OpFoldResult st) { return isConstantIntValue(st, 1); }))
    return std::nullopt;
  return std::make_pair(view.getSource(), view.getMixedOffsets()[0]);
}

/// A number every value of the filter slice's first channel `offset` is a
/// multiple of: the constant itself (0 for no offset), or the step of the
/// scf.forall index it is; -1 when unknown.
int64_t offsetAlignment(OpFoldResult offset) {
  if (!offset || isa<Attribute>(offset))
    return offset ? std::max<int64_t>(*getConstantIntValue(offset), 0) : 0;
  auto arg = dyn_cast<BlockArgument>(cast<Value>(offset));
  auto forall = arg ? dyn_cast<scf::ForallOp>(arg.getOwner()->getParentOp())
                    : scf::ForallOp();
  if (!forall)
    return -1;
  unsigned i = arg.getArgNumber();
  if (i >= forall.getRank())
    return -1;
  std::optional<int64_t> lb = getConstantIntValue(forall.getMixedLowerBound()[i]);
  std::optional<int64_t> step = getConstantIntValue(forall.getMixedStep()[i]);
  if (!lb || !step || *lb % *step)
    return -1;
  return *step;
}

} // namespace

bool nnc::convByChannelsPays(int64_t f, int64_t ow, int64_t sw) {
  return f % kChannelTile == 0 && (sw > 1 || ow % 16 != 0);
}

int64_t nnc::channelTileFor(linalg::LinalgOp op) {
  if (!isa<linalg::Conv2DNchwFchwOp>(op) || isPointwiseConv(op) ||
      isWinogradConv(op))
    return 0;
  auto outTy = cast<ShapedType>(op.getDpsInitOperand(0)->get().getType());
  auto strides = op->getAttrOfType<DenseIntElementsAttr>("strides");
  if (!outTy.hasStaticShape() || !outTy.getElementType().isF32() || !strides)
    return 0;
  int64_t sw = *(strides.getValues<int64_t>().begin() + 1);
  return convByChannelsPays(outTy.getDimSize(1), outTy.getDimSize(3), sw)
             ? kChannelTile
             : 0;
}

LogicalResult nnc::convByChannels(linalg::LinalgOp op, int64_t vl) {
  if (!isa<linalg::Conv2DNchwFchwOp>(op) || !op.hasPureBufferSemantics())
    return failure();
  Value in = op.getDpsInputOperand(0)->get(), w = op.getDpsInputOperand(1)->get(),
        out = op.getDpsInitOperand(0)->get();
  auto inTy = cast<MemRefType>(in.getType()), wTy = cast<MemRefType>(w.getType()),
       outTy = cast<MemRefType>(out.getType());
  for (MemRefType t : {inTy, wTy, outTy})
    if (!t.hasStaticShape() || !t.getElementType().isF32())
      return failure();
  SmallVector<int64_t> inStrides;
  int64_t inOffset;
  if (!hasUnitInnerStride(outTy) ||
      failed(inTy.getStridesAndOffset(inStrides, inOffset)) ||
      llvm::any_of(inStrides, ShapedType::isDynamic))
    return failure();
  auto attr = [&](StringRef name) {
    auto values = cast<DenseIntElementsAttr>(op->getAttr(name)).getValues<int64_t>();
    return SmallVector<int64_t>(values.begin(), values.end());
  };
  SmallVector<int64_t> st = attr("strides"), dl = attr("dilations");
  Shape s{inTy.getDimSize(1), outTy.getDimSize(1), outTy.getDimSize(2),
          outTy.getDimSize(3), wTy.getDimSize(2), wTy.getDimSize(3),
          st[0], st[1], dl[0], dl[1]};
  // The whole layer's output channels decide, as in tile-and-fuse.
  std::optional<std::pair<Value, OpFoldResult>> source = filterSource(w);
  if (!source)
    return failure();
  auto fullTy = cast<MemRefType>(source->first.getType());
  if (!convByChannelsPays(fullTy.getDimSize(0), s.ow, s.sw) || s.f % vl ||
      isWinogradConv(op) || isPointwiseConv(op))
    return failure();
  // Panels of nf vectors must line up with every tile's first channel.
  int64_t align = offsetAlignment(source->second);
  if (align < 0)
    return failure();
  int64_t maxNf = s.f / vl;
  while (maxNf > 1 && align % (maxNf * vl))
    --maxNf;
  auto [nf, cols] = chooseBlock(s, vl, maxNf);
  if (align % (nf * vl))
    return failure();
  std::optional<std::vector<float>> weights = readF32Global(source->first);
  if (!weights)
    return failure();

  // wp[p][(c * kh + ky) * kw + kx][i] = w[p * nf * vl + i][c][ky][kx].
  int64_t panelWidth = nf * vl, fAll = fullTy.getDimSize(0), taps = s.taps();
  std::vector<float> packed(fAll * taps);
  for (int64_t f = 0; f < fAll; ++f)
    for (int64_t t = 0; t < taps; ++t)
      packed[((f / panelWidth) * taps + t) * panelWidth + f % panelWidth] =
          (*weights)[f * taps + t];
  OpBuilder b(op);
  Location loc = op.getLoc();
  auto type = MemRefType::get({fAll / panelWidth, taps, panelWidth}, b.getF32Type());
  Value wp = createConstantGlobal(b, loc, op, "conv_channel_panels", type,
                                  asBytes(ArrayRef<float>(packed)));
  Value panel0 =
      source->second
          ? getValueOrCreateConstantIndexOp(b, loc, source->second)
          : arith::ConstantIndexOp::create(b, loc, 0).getResult();
  panel0 = arith::DivUIOp::create(
      b, loc, panel0, arith::ConstantIndexOp::create(b, loc, panelWidth));

  std::optional<nnc::FusedInitAndEpilogue> fused;
  fused.emplace(op, /*channelDim=*/1);
  if (!fused->hasInit() && !fused->hasEpilogue())
    fused.reset();
  // The input as one flat dimension from its first element, and each
  // tap's element relative to an output's first one.
  auto meta = memref::ExtractStridedMetadataOp::create(b, loc, in);
  int64_t extent = 1;
  for (auto [size, stride] : llvm::zip(inTy.getShape(), inStrides))
    extent += (size - 1) * stride;
  auto flatTy = MemRefType::get(
      {extent}, b.getF32Type(),
      StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, {1}));
  Value flatIn = memref::ReinterpretCastOp::create(
      b, loc, flatTy, meta.getBaseBuffer(), OpFoldResult(meta.getOffset()),
      ArrayRef<OpFoldResult>{b.getIndexAttr(extent)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
  std::vector<int32_t> offsets;
  for (int64_t c = 0; c < s.c; ++c)
    for (int64_t ky = 0; ky < s.kh; ++ky)
      for (int64_t kx = 0; kx < s.kw; ++kx)
        offsets.push_back(static_cast<int32_t>(
            c * inStrides[1] + ky * s.dh * inStrides[2] + kx * s.dw));
  Value tapOffsets = createConstantGlobal(
      b, loc, op, "conv_tap_offsets",
      MemRefType::get({s.taps()}, b.getI32Type()),
      asBytes(ArrayRef<int32_t>(offsets)));
  ChannelConvEmitter(b, loc, flatIn, inStrides, tapOffsets, out, s, vl, nf, cols,
                     fused ? &*fused : nullptr)
      .emit(wp, panel0, inTy.getDimSize(0));
  op->erase();
  if (fused)
    fused->eraseFused();
  return success();
}
