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

/// A register block: nf vectors of output channels x rows x cols outputs
/// (at most one vector of outputs, the transpose's size).
struct RegBlock {
  int64_t nf = 1, rows = 1, cols = 1;
};

class ChannelConvEmitter : nnc::KernelBuilder {
public:
  ChannelConvEmitter(OpBuilder &b, Location loc, Value flatIn,
                     ArrayRef<int64_t> inStrides, Value tapOffsets, Value out,
                     Shape s, int64_t vl, RegBlock blk,
                     nnc::FusedInitAndEpilogue *fused)
      : KernelBuilder(b, loc, vl), flatIn(flatIn), inStrides(inStrides),
        tapOffsets(tapOffsets), out(out), s(s), blk(blk), nf(blk.nf),
        fused(fused) {}

  /// The tile: for each panel of nf * vl output channels (`panel0` the
  /// first one's index in the packed filter `wp`), blocks of rows x cols
  /// outputs (smaller ones at the bottom and right edges). With several
  /// chunks of taps, each chunk runs over every block (its slice of the
  /// panel stays in L1) and partial sums wait in `scratch` between chunks.
  void emit(Value wp, Value panel0, int64_t n, int64_t taps) {
    chunkTaps = taps;
    chunks = s.taps() / chunkTaps;
    int64_t fullRows = s.oh / blk.rows * blk.rows;
    int64_t fullCols = s.ow / blk.cols * blk.cols;
    if (chunks > 1)
      scratch = memref::AllocOp::create(
          b, loc, MemRefType::get({s.oh * s.ow, nf * vl}, b.getF32Type()),
          b.getI64IntegerAttr(64));
    loop(0, n, 1, [&](Value ni) {
      loop(0, s.f / (nf * vl), 1, [&](Value p) {
        Value panel = add(panel0, p), f0 = mulc(p, nf * vl);
        loop(0, chunks, 1, [&](Value chunk) {
          auto rowBlocks = [&](Value oh, int64_t rows) {
            if (fullCols)
              loop(0, fullCols, blk.cols, [&](Value ox) {
                block(wp, panel, ni, f0, oh, ox, rows, blk.cols, chunk);
              });
            if (fullCols < s.ow)
              block(wp, panel, ni, f0, oh, idx(fullCols), rows,
                    s.ow - fullCols, chunk);
          };
          if (fullRows)
            loop(0, fullRows, blk.rows, [&](Value oh) { rowBlocks(oh, blk.rows); });
          if (fullRows < s.oh)
            rowBlocks(idx(fullRows), s.oh - fullRows);
        });
      });
    });
  }

private:
  /// nf vectors of channels x rows x width outputs from (oh, ox),
  /// accumulated over the chunk's taps (input channel, kernel row, kernel
  /// column) in one loop: `tapOffsets[t]` is tap t's input element
  /// relative to the block's first. One flat loop keeps LLVM from
  /// unrolling the kernel columns, whose shared input elements (stride 2
  /// and more) it would then keep in registers at the accumulators'
  /// expense. The first chunk starts from zero, the last one writes the
  /// block out, the others go through the scratch.
  void block(Value wp, Value panel, Value n, Value f0, Value oh, Value ox,
             int64_t rows, int64_t width, Value chunk) {
    int64_t outputs = rows * width;
    auto position = [&](int64_t k) {
      return add(mulc(addc(oh, k / width), s.ow), addc(ox, k % width));
    };
    SmallVector<Value> acc(nf * outputs, zeros());
    if (chunks > 1)
      acc = select(
          isEq(chunk, 0), [&] { return acc; },
          [&] {
            SmallVector<Value> loaded;
            for (int64_t j = 0; j < nf; ++j)
              for (int64_t k = 0; k < outputs; ++k)
                loaded.push_back(vector::LoadOp::create(
                    b, loc, vecTy, scratch, ValueRange{position(k), idx(j * vl)}));
            return loaded;
          });
    Value origin = add(add(mulc(n, inStrides[0]), mulc(mulc(oh, s.sh), inStrides[2])),
                       mulc(ox, s.sw));
    Value firstTap = mulc(chunk, chunkTaps);
    acc = reduce(firstTap, addc(firstTap, chunkTaps), 1, acc,
                 [&](Value t, ValueRange a) {
          SmallVector<Value> next(a), ws;
          for (int64_t j = 0; j < nf; ++j)
            ws.push_back(vector::LoadOp::create(b, loc, vecTy, wp,
                                                ValueRange{panel, t, idx(j * vl)}));
          Value offset = arith::IndexCastOp::create(
              b, loc, b.getIndexType(),
              memref::LoadOp::create(b, loc, tapOffsets, ValueRange{t}));
          Value first = add(origin, offset);
          for (int64_t r = 0; r < rows; ++r)
            for (int64_t x = 0; x < width; ++x) {
              int64_t k = r * width + x;
              Value in = memref::LoadOp::create(
                  b, loc, flatIn,
                  ValueRange{addc(first, r * s.sh * inStrides[2] + x * s.sw)});
              Value iv = vector::BroadcastOp::create(b, loc, vecTy, in);
              for (int64_t j = 0; j < nf; ++j)
                next[j * outputs + k] = vector::FMAOp::create(
                    b, loc, ws[j], iv, next[j * outputs + k]);
            }
          return next;
        });
    auto writeAll = [&] {
      for (int64_t j = 0; j < nf; ++j)
        writeBack(ArrayRef<Value>(acc).slice(j * outputs, outputs), n,
                  addc(f0, j * vl), oh, ox, rows, width);
    };
    if (chunks == 1) {
      writeAll();
      return;
    }
    ifElse(isEq(chunk, chunks - 1), writeAll, [&] {
      for (int64_t j = 0; j < nf; ++j)
        for (int64_t k = 0; k < outputs; ++k)
          vector::StoreOp::create(b, loc, acc[j * outputs + k], scratch,
                                  ValueRange{position(k), idx(j * vl)});
    });
  }

  /// Transposes `regs` (one vector of vl channels per output) into one
  /// vector of outputs per channel; each of its rows, moved to lanes
  /// [0, width), is added to the output row: the fused bias (else what the
  /// output holds) plus the sums, through the fused epilogue, masked to
  /// the block's columns.
  void writeBack(ArrayRef<Value> regs, Value n, Value f0, Value oh, Value ox,
                 int64_t rows, int64_t width) {
    SmallVector<Value> byChannel = transpose(regs);
    for (int64_t l = 0; l < vl; ++l) {
      Value sums = byChannel[l];
      Value f = addc(f0, l);
      for (int64_t r = 0; r < rows; ++r) {
        Value row = sums;
        if (r) {
          SmallVector<int64_t> lanes;
          for (int64_t i = 0; i < vl; ++i)
            lanes.push_back(r * width + i < vl ? r * width + i : 0);
          row = vector::ShuffleOp::create(b, loc, sums, sums, lanes);
        }
        SmallVector<Value> at = {n, f, addc(oh, r), ox};
        Value old = fused && fused->hasInit() ? fused->initVector(b, loc, vecTy, f)
                                              : load(out, at, width);
        Value v = arith::AddFOp::create(b, loc, old, row);
        if (fused)
          v = fused->apply(b, loc, v, at, width);
        store(v, fused ? fused->result() : out, at, width);
      }
    }
  }

  Value flatIn; ///< The input as one dimension, from its first element.
  SmallVector<int64_t> inStrides;
  Value tapOffsets, out;
  Shape s;
  RegBlock blk;
  int64_t nf; ///< blk.nf, used everywhere.
  nnc::FusedInitAndEpilogue *fused;
  /// Taps per chunk, chunks, and the partial sums between chunks (null
  /// with a single chunk).
  int64_t chunkTaps = 0, chunks = 1;
  Value scratch;
};

/// Accumulators a block of nf channel vectors may keep: the registers
/// (32 on AVX-512 and NEON, 16 on AVX2) less the nf weights and the
/// broadcast input.
int64_t accumulatorBudget(int64_t vl, int64_t nf) {
  return (vl == 8 ? 16 : 32) - nf - 1;
}

/// Picks nf channel vectors x rows x cols outputs per register block by a
/// cycle model: a step issues nf + rows * cols loads (weights, broadcast
/// inputs; two per cycle) and nf * rows * cols FMAs (two per cycle); a
/// finished block costs about 3 * vl cycles per channel vector to
/// transpose, plus a store per channel and row. `maxNf` bounds nf (the
/// panel must divide the tile's channels and its offsets).
RegBlock chooseBlock(const Shape &s, int64_t vl, int64_t maxNf) {
  RegBlock best;
  double bestRate = 0;
  for (int64_t nf = 1; nf <= std::min<int64_t>(maxNf, 4); ++nf) {
    if ((s.f / vl) % nf)
      continue;
    for (int64_t rows = std::min(s.oh, vl); rows >= 1; --rows)
      for (int64_t cols = std::min(s.ow, vl / rows); cols >= 1; --cols) {
        if (nf * rows * cols > accumulatorBudget(vl, nf))
          continue;
        auto blockCycles = [&](int64_t r, int64_t c) {
          return s.taps() * std::max(nf * r * c, nf + r * c) / 2.0 +
                 nf * vl * (3.0 + r);
        };
        auto rowCycles = [&](int64_t r) {
          int64_t left = s.ow % cols;
          return s.ow / cols * blockCycles(r, cols) +
                 (left ? blockCycles(r, left) : 0.0);
        };
        int64_t leftRows = s.oh % rows;
        double time = s.oh / rows * rowCycles(rows) +
                      (leftRows ? rowCycles(leftRows) : 0.0);
        double rate = nf * s.oh * s.ow / time;
        if (rate > bestRate * 1.001) {
          bestRate = rate;
          best = {nf, rows, cols};
        }
      }
  }
  return best;
}

/// Panel bytes a chunk of taps may take (L1 holds it, the input rows the
/// blocks meet and the partial sums while every block of the tile runs over
/// it: 32 KB left too little of L1's 48 KB for the rest, and a 320 -> 1280
/// pointwise layer on 7x7 ran 14% faster with 16 KB), and the most a tile's
/// partial sums between chunks may take.
constexpr int64_t kChunkBytes = 16 << 10, kMaxScratchBytes = 64 << 10;

/// Taps per chunk: whole input channels, as many as kChunkBytes of a
/// panel `width` channels wide hold (all of them when the panel fits L1 or
/// the partial sums would not fit the scratch).
int64_t chunkTaps(const Shape &s, int64_t width) {
  int64_t perChannel = s.kh * s.kw * width * 4;
  if (s.c * perChannel <= 3 * kChunkBytes / 2 ||
      s.oh * s.ow * width * 4 > kMaxScratchBytes)
    return s.taps();
  int64_t cb = s.c;
  while (cb > 1 && (cb * perChannel > kChunkBytes || s.c % cb))
    --cb;
  return cb * s.kh * s.kw;
}

/// The filter global `w` reads and the first output channel of the slice
/// it takes: `w` itself (offset 0), or a subview of it along output
/// channels only.
std::optional<std::pair<Value, OpFoldResult>> filterSource(Value w) {
  if (w.getDefiningOp<memref::GetGlobalOp>())
    return std::make_pair(w, OpFoldResult(Builder(w.getContext()).getIndexAttr(0)));
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
/// multiple of: the constant itself, or the step of the scf.forall index it
/// is; -1 when unknown.
int64_t offsetAlignment(OpFoldResult offset) {
  if (std::optional<int64_t> c = getConstantIntValue(offset))
    return *c >= 0 ? *c : -1;
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

bool nnc::convByChannelsPays(int64_t f, int64_t oh, int64_t ow, int64_t sw,
                             bool pointwise) {
  if (f % kChannelTile)
    return false;
  if (sw > 1)
    return true;
  // Lanes of AVX-512 vectors the column kernels fill: the pointwise one
  // runs the image as one row, the direct one packs rows of at most half a
  // vector.
  constexpr int64_t vl = 16;
  auto filled = [](int64_t n) { return double(n) / ((n + vl - 1) / vl * vl); };
  double lanes = pointwise    ? filled(oh * ow)
                 : 2 * ow <= vl ? double(vl / ow * ow) / vl
                                : filled(ow);
  return lanes < 0.9;
}

/// Whether `op`'s shape suits the channel-vector kernel (Winograd
/// convolutions aside).
static bool suitsChannelKernel(linalg::LinalgOp op) {
  if (!isa<linalg::Conv2DNchwFchwOp>(op) || nnc::isWinogradConv(op))
    return false;
  auto outTy = cast<ShapedType>(op.getDpsInitOperand(0)->get().getType());
  auto strides = op->getAttrOfType<DenseIntElementsAttr>("strides");
  if (!outTy.hasStaticShape() || !outTy.getElementType().isF32() || !strides)
    return false;
  int64_t sw = *(strides.getValues<int64_t>().begin() + 1);
  return nnc::convByChannelsPays(outTy.getDimSize(1), outTy.getDimSize(2),
                                 outTy.getDimSize(3), sw,
                                 nnc::isPointwiseConv(op));
}

int64_t nnc::channelTileFor(linalg::LinalgOp op) {
  return suitsChannelKernel(op) ? kChannelTile : 0;
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
  if (fullTy.getDimSize(0) % kChannelTile || s.f % vl || !suitsChannelKernel(op))
    return failure();
  // Panels of nf vectors must line up with every tile's first channel.
  int64_t align = offsetAlignment(source->second);
  if (align < 0)
    return failure();
  int64_t maxNf = s.f / vl;
  while (maxNf > 1 && align % (maxNf * vl))
    --maxNf;
  RegBlock blk = chooseBlock(s, vl, maxNf);
  int64_t nf = blk.nf;
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
  Value panel0 = arith::DivUIOp::create(
      b, loc, getValueOrCreateConstantIndexOp(b, loc, source->second),
      arith::ConstantIndexOp::create(b, loc, panelWidth));

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
  ChannelConvEmitter(b, loc, flatIn, inStrides, tapOffsets, out, s, vl, blk,
                     fused ? &*fused : nullptr)
      .emit(wp, panel0, inTy.getDimSize(0), chunkTaps(s, vl * nf));
  op->erase();
  if (fused)
    fused->eraseFused();
  return success();
}
