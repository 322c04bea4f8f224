//===- ConvKernel.cpp - Register-tiled direct convolution -----------------===//
//
// Replaces a buffer-level NCHW convolution (plain or grouped) or max/sum
// pooling with a register-tiled direct loop nest: a block of output channels (or, for
// depthwise layers, of output rows) times one or two vectors of output
// columns stays in registers across the whole
// reduction (input channels x kernel rows x kernel columns); every step
// loads the input row segment once and does one FMA per accumulator with a
// broadcast filter weight. Width-2 strides de-interleave a double-width load;
// wider strides gather. Pointwise tiles marked for panels first copy their
// input, chunk by chunk, into an aligned panel that every block of output
// channels then reads from L1.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/KernelBuilder.h"
#include "compiler/transforms/KernelFusion.h"
#include "compiler/transforms/Kernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace {

/// Static description of one convolution or pooling. A grouped convolution
/// has a G dimension after N (input, output) and in front of the filter;
/// pooling is a depthwise convolution without weights (each channel a group
/// of one) that combines taps by max or sum.
struct ConvShape {
  enum class Kind { Conv, Grouped, Depthwise, MaxPool, SumPool } kind = Kind::Conv;
  bool grouped() const { return kind == Kind::Grouped; }
  bool pool() const { return kind == Kind::MaxPool || kind == Kind::SumPool; }
  /// One channel per group, indexed [N, C, H, W] (the group is the channel).
  bool perChannel() const { return pool() || kind == Kind::Depthwise; }
  int64_t n, g, c, f, oh, ow, kh, kw, sh, sw, dh, dw;
};

class ConvEmitter : nnc::KernelBuilder {
public:
  ConvEmitter(OpBuilder &b, Location loc, Value in, Value w, Value out,
              ConvShape s, int64_t vl, nnc::FusedInitAndEpilogue *fused)
      : KernelBuilder(b, loc, vl), in(in), w(w), out(out), s(s), fused(fused) {}

  /// A pointwise convolution run as one row of `rows` x `width` outputs
  /// whose input (`in`) and/or output buffers (`out`) keep rows that are
  /// not contiguous (a padded buffer's interior): their vectors are split
  /// at row ends.
  void splitRows(int64_t rows, int64_t width, bool in, bool out) {
    lastRow = rows - 1;
    splitWidth = width;
    splitIn = in;
    splitOut = out;
  }

  /// Runs a flattened pointwise convolution as packed input panels (the
  /// layer's tiles were chosen for that: kPanelsAttr).
  void panelsWanted() { usePanels = true; }

  void emit() {
    // Output channels per register block, vectors of columns per block.
    fr = 1;
    for (int64_t t = std::min<int64_t>(s.f, 8); t >= 1; --t)
      if (s.f % t == 0) {
        fr = t;
        break;
      }
    // Rows at most half a vector wide share vectors, whole rows per vector.
    if (2 * s.ow <= vl && s.oh > 1 && ceilDiv(s.oh, vl / s.ow) <= kMaxGroups) {
      pack = vl / s.ow;
      int64_t groups = ceilDiv(s.oh, pack);
      gb = std::clamp<int64_t>(accumulatorBudget() / fr, 1, groups);
      loop(0, s.n, 1, [&](Value n) {
        loop(0, s.g, 1, [&](Value g) {
          loop(0, s.f, fr, [&](Value f0) { packedRows(n, g, f0); });
        });
      });
      return;
    }
    if (s.kind == ConvShape::Kind::Depthwise) {
      depthwise();
      return;
    }
    if (usePanels && s.kind == ConvShape::Kind::Conv && s.oh == 1 &&
        s.kh == 1 && s.kw == 1 && s.sw == 1 && s.g == 1) {
      panels();
      return;
    }
    chooseBlock();
    if (channelBlocksOuter()) {
      int64_t cb = channelBlock();
      loop(0, s.n, 1, [&](Value n) {
        loop(0, s.c, cb, [&](Value c0) {
          loop(0, s.f, fr, [&](Value f0) {
            loop(0, s.oh, rb, [&](Value oh) {
              columns(n, idx(0), f0, oh, c0, cb);
            });
          });
        });
      });
      return;
    }
    loop(0, s.n, 1, [&](Value n) {
      loop(0, s.g, 1, [&](Value g) {
        loop(0, s.f, fr, [&](Value f0) {
          loop(0, s.oh, rb, [&](Value oh) { row(n, g, f0, oh); });
        });
      });
    });
  }

private:
  SmallVector<Value> inIndex(Value n, Value g, Value c, Value h, Value x) {
    if (s.perChannel())
      return {n, g, h, x};
    if (s.grouped())
      return {n, g, c, h, x};
    return {n, c, h, x};
  }
  SmallVector<Value> wIndex(Value g, Value f, Value c, Value kh, Value kw) {
    if (s.grouped())
      return {g, f, c, kh, kw};
    if (s.kind == ConvShape::Kind::Depthwise)
      return {g, kh, kw};
    return {f, c, kh, kw};
  }
  SmallVector<Value> outIndex(Value n, Value g, Value f, Value h, Value x) {
    if (s.perChannel())
      return {n, g, h, x};
    if (s.grouped())
      return {n, g, f, h, x};
    return {n, f, h, x};
  }

  /// Input columns x0, x0 + sw, ... for `lanes` output columns.
  Value loadInput(Value n, Value g, Value c, Value h, Value x0, int64_t lanes) {
    if (s.sw == 1)
      return splitIn ? loadRows(in, inIndex(n, g, c, h, x0), lanes)
                     : load(in, inIndex(n, g, c, h, x0), lanes);
    if (s.sw > 2) { // a gather of every sw-th column
      SmallVector<int32_t> offsets;
      for (int64_t i = 0; i < vl; ++i)
        offsets.push_back(static_cast<int32_t>(i * s.sw));
      auto idxTy = VectorType::get({vl}, b.getI32Type());
      Value offsetVec = arith::ConstantOp::create(
          b, loc, idxTy, DenseElementsAttr::get(idxTy, ArrayRef<int32_t>(offsets)));
      return vector::GatherOp::create(b, loc, vecTy, in, inIndex(n, g, c, h, x0),
                                      offsetVec, mask(lanes), zeros());
    }
    // Stride 2: two vectors cover 2 * vl columns; keep the even ones. Only
    // columns up to 2 * (lanes - 1) are read.
    int64_t last = 2 * (lanes - 1) + 1;
    Value lo = load(in, inIndex(n, g, c, h, x0), std::min(vl, last));
    Value hi = last > vl ? load(in, inIndex(n, g, c, h, addc(x0, vl)), last - vl)
                         : zeros();
    SmallVector<int64_t> even;
    for (int64_t i = 0; i < vl; ++i)
      even.push_back(2 * i);
    return vector::ShuffleOp::create(b, loc, lo, hi, even);
  }

  /// One output row of one channel block: full column chunks in a loop,
  /// the remainder with masks.
  /// Input channels are taken kChannelBlock at a time across the whole row,
  /// so that block's input rows and weights stay in L1 while every column
  /// chunk uses them; the accumulators go through the output in between.
  void row(Value n, Value g, Value f0, Value oh) {
    int64_t cb = channelBlock();
    loop(0, s.c, cb, [&](Value c0) { columns(n, g, f0, oh, c0, cb); });
  }

  /// The row's column chunks over input channels [c0, c0 + cb).
  void columns(Value n, Value g, Value f0, Value oh, Value c0, int64_t cb) {
    int64_t chunk = vl * nv;
    int64_t full = s.ow / chunk * chunk;
    if (full)
      loop(0, full, chunk, [&](Value x) {
        block(n, g, f0, oh, x, c0, cb, SmallVector<int64_t>(nv, vl));
      });
    SmallVector<int64_t> left;
    for (int64_t x = full; x < s.ow; x += vl)
      left.push_back(std::min(vl, s.ow - x));
    if (!left.empty())
      block(n, g, f0, oh, idx(full), c0, cb, left);
  }

  /// Whether a pointwise convolution flattened to one row takes each block
  /// of input channels over every block of output channels before the
  /// next: the block's input (a few long rows, which the prefetchers
  /// stream) is then read from memory once and from L2 for the other
  /// output channels, where the channels-first order reads the whole input
  /// from memory once per block of output channels.
  bool channelBlocksOuter() const {
    return s.kind == ConvShape::Kind::Conv && s.kh == 1 &&
           s.kw == 1 && s.sh == 1 && s.sw == 1 && channelBlock() < s.c;
  }

  static constexpr int64_t kChannelBlock = 32;
  /// Most groups of packed rows (vectors per channel) a conv may have.
  static constexpr int64_t kMaxGroups = 16;

  static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
  /// Accumulators a block may keep: 24 of AVX-512's or NEON's 32 registers,
  /// 12 of AVX2's 16, leaving room for the inputs and a broadcast.
  int64_t accumulatorBudget() const { return vl == 8 ? 12 : 24; }

  /// Input bytes of one pass of a pointwise convolution flattened to one
  /// row (its block of input channels x the whole row) that may come from
  /// L2: longer blocks save passes of the accumulators through the output.
  static constexpr int64_t kRowBlockBytes = 96 << 10;

  /// The most input channels, at most `most`, that divide C.
  int64_t channelsDividing(int64_t most) const {
    int64_t cb = s.c;
    if (s.c > most)
      for (cb = most; s.c % cb; --cb)
        ;
    return cb;
  }

  /// Input channels per pass over a row, dividing C: up to kChannelBlock
  /// (few enough input rows for the prefetchers to stream), or for a
  /// flattened pointwise convolution as many as kRowBlockBytes hold.
  int64_t channelBlock() const {
    if (panelCb)
      return panelCb;
    int64_t most = kChannelBlock;
    if (s.kind == ConvShape::Kind::Conv && s.oh == 1 && s.kh == 1 && s.kw == 1)
      most = std::max(most, kRowBlockBytes / (s.ow * int64_t(sizeof(float))));
    return channelsDividing(most);
  }

  /// Lanes [r * ow, (r + 1) * ow) of `packed` replaced by lanes [0, ow) of
  /// `row`: row r of a vector of packed rows.
  Value place(Value packed, Value row, int64_t r) {
    if (!packed)
      return row;
    SmallVector<int64_t> lanes;
    for (int64_t l = 0; l < vl; ++l)
      lanes.push_back(l >= r * s.ow && l < (r + 1) * s.ow ? vl + l - r * s.ow
                                                          : l);
    return vector::ShuffleOp::create(b, loc, packed, row, lanes);
  }

  /// Whether `pack` rows fill a vector exactly, in pieces of a power-of-two
  /// width: a full group of contiguous rows is then loaded as `pack` plain
  /// narrow vectors and concatenated, instead of one masked full-width
  /// load per row (each spanning two cache lines) and a shuffle per row.
  /// LeNet's 6 -> 16 5x5 layer on 8x8 images ran 26.1 -> 20.9 us at batch 8.
  bool exactRows() const {
    return pack * s.ow == vl && llvm::isPowerOf2_64(s.ow);
  }

  /// A full group of packed rows (exactRows) of `mem`: row r from
  /// indexOf(r), joined pairwise into one vector.
  Value concatRows(Value mem, function_ref<SmallVector<Value>(int64_t)> indexOf) {
    auto rowTy = VectorType::get({s.ow}, b.getF32Type());
    SmallVector<Value> parts;
    for (int64_t r = 0; r < pack; ++r)
      parts.push_back(vector::LoadOp::create(b, loc, rowTy, mem, indexOf(r)));
    while (parts.size() > 1) {
      SmallVector<Value> joined;
      int64_t width = cast<VectorType>(parts[0].getType()).getNumElements();
      SmallVector<int64_t> lanes;
      for (int64_t l = 0; l < 2 * width; ++l)
        lanes.push_back(l);
      for (size_t i = 0; i < parts.size(); i += 2)
        joined.push_back(
            vector::ShuffleOp::create(b, loc, parts[i], parts[i + 1], lanes));
      parts = std::move(joined);
    }
    return parts[0];
  }

  /// Row r of a vector of packed rows, moved to lanes [0, ow).
  Value extract(Value packed, int64_t r) {
    if (r == 0)
      return packed;
    SmallVector<int64_t> lanes;
    for (int64_t l = 0; l < vl; ++l)
      lanes.push_back(r * s.ow + l < vl ? r * s.ow + l : 0);
    return vector::ShuffleOp::create(b, loc, packed, packed, lanes);
  }

  /// How much faster than the best so far a register block must model to
  /// replace it. Candidates come largest first; a larger block broadcasts
  /// each weight for more vectors, which the cycle model does not see: a
  /// 384 -> 64 pointwise layer ran 7% faster on 8 x 3 accumulators than on
  /// the 8 x 2 a 0.1% edge had chosen.
  static constexpr double kBetterBlock = 1.05;

  /// Picks fr output channels x rb rows x nv vectors per register block by
  /// a cycle model: each step of the reduction loads S = rb * nv input
  /// vectors and broadcasts fr weights (two loads per cycle) and does
  /// fr * S FMAs (two per cycle); a row is nv-vector chunks plus one block
  /// of the vectors left over.
  void chooseBlock() {
    auto cycles = [](int64_t f, int64_t sp) {
      return std::max(f * sp, f + sp) / 2.0;
    };
    int64_t vectors = ceilDiv(s.ow, vl);
    double best = 0;
    for (int64_t f = std::min<int64_t>(s.f, 8); f >= 1; --f) {
      if (s.f % f)
        continue;
      for (int64_t r = std::min<int64_t>(s.oh, 8); r >= 1; --r) {
        if (s.oh % r)
          continue;
        for (int64_t v = std::min<int64_t>(vectors, 4); v >= 1; --v) {
          if (f * r * v > accumulatorBudget())
            continue;
          int64_t chunks = s.ow / (v * vl);
          int64_t left = ceilDiv(s.ow - chunks * v * vl, vl);
          double time = chunks * cycles(f, r * v) +
                        (left ? cycles(f, r * left) : 0.0);
          double rate = f * r * s.ow / time;
          if (rate > best * kBetterBlock) {
            best = rate;
            fr = f;
            rb = r;
            nv = v;
          }
        }
      }
    }
  }

  /// Input channels ahead that a pointwise convolution's block prefetches
  /// its input vectors for (0: none), about 48 cycles of FMAs ahead. Each
  /// step of its reduction reads the next input channel's row, 2-3 KB on
  /// from the last, from L2: the hardware's stride prefetcher runs only
  /// one step ahead, less than L2's latency. squeezenet's 512 -> 1000
  /// classifier on 13x13 ran 1.82 -> 1.57 ms, its 384 -> 64 layer on 27x27
  /// 0.377 -> 0.332 ms. 3x3 layers (rows of the same channel follow each
  /// other) gained nothing.
  int64_t prefetchDistance(int64_t vectors) const {
    if (s.kind != ConvShape::Kind::Conv || s.kh != 1 || s.kw != 1 || s.sh != 1 ||
        s.sw != 1 || splitIn)
      return 0;
    return std::max<int64_t>(4, ceilDiv(96, fr * vectors));
  }

  /// Output rows in group q of packed rows.
  int64_t rowsIn(int64_t q) const { return std::min(pack, s.oh - q * pack); }

  /// The whole (small) image of one channel block, `pack` rows per vector:
  /// blocks of gb groups, each over all input channels.
  void packedRows(Value n, Value g, Value f0) {
    int64_t cb = channelBlock();
    int64_t groups = ceilDiv(s.oh, pack);
    loop(0, s.c, cb, [&](Value c0) {
      for (int64_t q0 = 0; q0 < groups; q0 += gb)
        packedBlock(n, g, f0, c0, cb, q0, std::min(gb, groups - q0));
    });
  }

  /// The reduction of a register block over `channels` input channels from
  /// c0 and the kernel window: for each tap, inputs(c, ky, kx) gives the S
  /// input vectors and acc[i * S + k] += w[f0 + i, c, ky, kx] * input k.
  /// Short kernel rows are unrolled so the accumulators need no loop-carried
  /// phis per column.
  SmallVector<Value>
  accumulate(ValueRange init, Value g, Value f0, Value c0, int64_t channels,
             function_ref<SmallVector<Value>(Value, Value, Value)> inputs) {
    return reduce(0, channels, 1, init, [&](Value ci, ValueRange a1) {
      Value c = add(c0, ci);
      return reduce(0, s.kh, 1, a1, [&](Value ky, ValueRange a2) {
        auto tap = [&](Value kx, ValueRange a3) -> SmallVector<Value> {
          SmallVector<Value> xs = inputs(c, ky, kx);
          SmallVector<Value> next(a3);
          if (s.pool()) {
            for (auto [k, x] : llvm::enumerate(xs))
              next[k] = s.kind == ConvShape::Kind::MaxPool
                            ? arith::MaximumFOp::create(b, loc, next[k], x).getResult()
                            : arith::AddFOp::create(b, loc, next[k], x).getResult();
            return next;
          }
          for (int64_t i = 0; i < fr; ++i) {
            Value wt = memref::LoadOp::create(b, loc, w,
                                              wIndex(g, addc(f0, i), c, ky, kx));
            Value wv = vector::BroadcastOp::create(b, loc, vecTy, wt);
            for (auto [k, x] : llvm::enumerate(xs))
              next[i * xs.size() + k] = vector::FMAOp::create(
                  b, loc, x, wv, next[i * xs.size() + k]);
          }
          return next;
        };
        if (s.kw <= 4) {
          SmallVector<Value> cur(a2);
          for (int64_t x = 0; x < s.kw; ++x)
            cur = tap(idx(x), cur);
          return cur;
        }
        return reduce(0, s.kw, 1, a2, tap);
      });
    });
  }

  /// Accumulates fr channels x nq groups of packed rows from group q0 on.
  void packedBlock(Value n, Value g, Value f0, Value c0, int64_t channels,
                   int64_t q0, int64_t nq) {
    auto at = [&](int64_t i, int64_t q) { return i * nq + q; };
    SmallVector<Value> acc(fr * nq);
    for (int64_t i = 0; i < fr; ++i)
      for (int64_t q = 0; q < nq; ++q)
        acc[at(i, q)] = initial(c0, channelOf(g, addc(f0, i)), [&] {
          auto rowIndex = [&](int64_t r) {
            return outIndex(n, g, addc(f0, i), idx((q0 + q) * pack + r), idx(0));
          };
          if (rowsIn(q0 + q) == pack && !splitOut && exactRows())
            return concatRows(out, rowIndex);
          Value packed;
          for (int64_t r = 0; r < rowsIn(q0 + q); ++r)
            packed = place(packed, load(out, rowIndex(r), s.ow), r);
          return packed;
        });
    acc = accumulate(acc, g, f0, c0, channels, [&](Value c, Value ky, Value kx) {
      Value dy = mulc(ky, s.dh), ix = mulc(kx, s.dw);
      SmallVector<Value> xs(nq);
      for (int64_t q = 0; q < nq; ++q) {
        auto rowAt = [&](int64_t r) {
          return addc(dy, ((q0 + q) * pack + r) * s.sh);
        };
        if (rowsIn(q0 + q) == pack && s.sw == 1 && !splitIn && exactRows()) {
          xs[q] = concatRows(in, [&](int64_t r) {
            return inIndex(n, g, c, rowAt(r), ix);
          });
          continue;
        }
        for (int64_t r = 0; r < rowsIn(q0 + q); ++r)
          xs[q] = place(xs[q], loadInput(n, g, c, rowAt(r), ix, s.ow), r);
      }
      return xs;
    });
    for (int64_t i = 0; i < fr; ++i)
      for (int64_t q = 0; q < nq; ++q)
        for (int64_t r = 0; r < rowsIn(q0 + q); ++r)
          finish(extract(acc[at(i, q)], r), c0,
                 outIndex(n, g, addc(f0, i), idx((q0 + q) * pack + r), idx(0)),
                 s.ow);
  }

  /// Bytes of one panel: a block of input channels x one chunk of pixels.
  static constexpr int64_t kPanelBytes = 24 << 10;

  /// A pointwise convolution flattened to one row, as packed panels (the
  /// GEMM libraries' packed right-hand side): for each chunk of nv vectors
  /// of pixels and each block of input channels, the chunk's input is
  /// first copied into a contiguous, aligned panel [cb][nv * vl] (masked
  /// lanes zero), which then feeds every block of fr output channels of
  /// the tile from L1, one aligned load per vector and step. The column
  /// kernel instead reads each step's row segment from a different input
  /// row, from L2, once per block of output channels.
  void panels() {
    nv = std::min<int64_t>(ceilDiv(s.ow, vl), 3);
    while (fr * nv > accumulatorBudget() || s.f % fr)
      --fr;
    rb = 1;
    int64_t width = nv * vl;
    int64_t most = std::max<int64_t>(1, kPanelBytes / (width * int64_t(sizeof(float))));
    panelCb = channelsDividing(most);
    Value panel = memref::AllocOp::create(
        b, loc, MemRefType::get({panelCb, width}, b.getF32Type()),
        b.getI64IntegerAttr(64));
    int64_t full = s.ow / width * width;
    SmallVector<int64_t> left;
    for (int64_t x = full; x < s.ow; x += vl)
      left.push_back(std::min(vl, s.ow - x));
    loop(0, s.n, 1, [&](Value n) {
      auto chunk = [&](Value x0, ArrayRef<int64_t> lanes) {
        loop(0, s.c, panelCb, [&](Value c0) {
          loop(0, panelCb, 1, [&](Value c) {
            for (auto [j, l] : llvm::enumerate(lanes))
              store(loadInput(n, idx(0), add(c0, c), idx(0), addc(x0, j * vl), l),
                    panel, {c, idx(j * vl)}, vl);
          });
          loop(0, s.f, fr, [&](Value f0) {
            panelBlock(n, f0, x0, c0, lanes, [&](Value c) {
              Value row = arith::SubIOp::create(b, loc, c, c0);
              return llvm::map_to_vector(llvm::seq<int64_t>(0, lanes.size()),
                                         [&](int64_t j) {
                                           return load(panel, {row, idx(j * vl)}, vl);
                                         });
            });
          });
        });
      };
      if (full)
        loop(0, full, width, [&](Value x0) {
          chunk(x0, SmallVector<int64_t>(nv, vl));
        });
      if (!left.empty())
        chunk(idx(full), left);
    });
  }

  /// fr output channels from f0 x the chunk's vectors of pixels from x0,
  /// over input channels [c0, c0 + panelCb), each step's vectors from
  /// `inputs(c)`.
  void panelBlock(Value n, Value f0, Value x0, Value c0, ArrayRef<int64_t> lanes,
                  function_ref<SmallVector<Value>(Value)> inputs) {
    int64_t v = lanes.size();
    auto at = [&](int64_t i, int64_t j) {
      return outIndex(n, idx(0), addc(f0, i), idx(0), addc(x0, j * vl));
    };
    SmallVector<Value> acc(fr * v);
    for (int64_t i = 0; i < fr; ++i)
      for (int64_t j = 0; j < v; ++j)
        acc[i * v + j] = initial(c0, addc(f0, i),
                                 [&] { return loadOut(out, at(i, j), lanes[j]); });
    acc = accumulate(acc, idx(0), f0, c0, panelCb,
                     [&](Value c, Value, Value) { return inputs(c); });
    for (int64_t i = 0; i < fr; ++i)
      for (int64_t j = 0; j < v; ++j)
        finish(acc[i * v + j], c0, at(i, j), lanes[j]);
  }

  /// Accumulates fr channels x rb rows x lanes.size() vectors of columns,
  /// from row oh and column ox on.
  void block(Value n, Value g, Value f0, Value oh, Value ox, Value c0,
             int64_t channels, ArrayRef<int64_t> lanes) {
    int64_t v = lanes.size();
    auto at = [&](int64_t i, int64_t r, int64_t j) { return (i * rb + r) * v + j; };
    SmallVector<Value> acc(fr * rb * v);
    for (int64_t i = 0; i < fr; ++i)
      for (int64_t r = 0; r < rb; ++r)
        for (int64_t j = 0; j < v; ++j)
          acc[at(i, r, j)] = initial(c0, channelOf(g, addc(f0, i)), [&] {
            return loadOut(
                out, outIndex(n, g, addc(f0, i), addc(oh, r), addc(ox, j * vl)),
                lanes[j]);
          });
    Value ihBase = mulc(oh, s.sh), ixBase = mulc(ox, s.sw);
    acc = accumulate(acc, g, f0, c0, channels, [&](Value c, Value ky, Value kx) {
      Value ih = add(ihBase, mulc(ky, s.dh)), ix = add(ixBase, mulc(kx, s.dw));
      SmallVector<Value> xs(rb * v);
      if (int64_t d = prefetchDistance(rb * v)) {
        Value next = arith::MinUIOp::create(b, loc, addc(c, d), idx(s.c - 1));
        for (int64_t j = 0; j < v; ++j)
          memref::PrefetchOp::create(b, loc, in,
                                     inIndex(n, g, next, ih, addc(ix, j * vl)),
                                     /*isWrite=*/false, /*localityHint=*/3,
                                     /*isDataCache=*/true);
      }
      for (int64_t r = 0; r < rb; ++r)
        for (int64_t j = 0; j < v; ++j)
          xs[r * v + j] = loadInput(n, g, c, addc(ih, r * s.sh),
                                    addc(ix, j * vl * s.sw), lanes[j]);
      return xs;
    });
    for (int64_t i = 0; i < fr; ++i)
      for (int64_t r = 0; r < rb; ++r)
        for (int64_t j = 0; j < v; ++j)
          finish(acc[at(i, r, j)], c0,
                 outIndex(n, g, addc(f0, i), addc(oh, r), addc(ox, j * vl)),
                 lanes[j]);
  }

  /// Depthwise layers: each input row segment is loaded once per kernel
  /// column and feeds every output row of the block it reaches (up to kh of
  /// them), and the channel's kh x kw weights stay in registers, so a
  /// 3x3 stride-1 block of R rows does (R + 2) * 3 loads per 9 * R FMAs
  /// instead of one load per FMA.
  void depthwise() {
    int64_t vectors = ceilDiv(s.ow, vl);
    nv = std::min<int64_t>(vectors, 4);
    // Weights kept in registers when they fit beside the accumulators.
    bool hoist = s.kh * s.kw <= 9;
    int64_t budget = hoist ? 32 - s.kh * s.kw - 3 : accumulatorBudget();
    if (vl == 8)
      budget = hoist ? 16 - s.kh * s.kw - 2 : accumulatorBudget();
    budget = std::max<int64_t>(budget, nv);
    rb = 1;
    for (int64_t r = std::min<int64_t>(s.oh, 8); r >= 1; --r)
      if (s.oh % r == 0 && r * nv <= budget) {
        rb = r;
        break;
      }
    int64_t chunk = vl * nv;
    int64_t full = s.ow / chunk * chunk;
    SmallVector<int64_t> left;
    for (int64_t x = full; x < s.ow; x += vl)
      left.push_back(std::min(vl, s.ow - x));
    loop(0, s.n, 1, [&](Value n) {
      loop(0, s.g, 1, [&](Value g) {
        SmallVector<Value> weights;
        if (hoist)
          for (int64_t ky = 0; ky < s.kh; ++ky)
            for (int64_t kx = 0; kx < s.kw; ++kx)
              weights.push_back(vector::BroadcastOp::create(
                  b, loc, vecTy,
                  memref::LoadOp::create(b, loc, w,
                                         ValueRange{g, idx(ky), idx(kx)})));
        auto weight = [&](int64_t ky, int64_t kx) -> Value {
          if (hoist)
            return weights[ky * s.kw + kx];
          return vector::BroadcastOp::create(
              b, loc, vecTy,
              memref::LoadOp::create(b, loc, w, ValueRange{g, idx(ky), idx(kx)}));
        };
        loop(0, s.oh, rb, [&](Value oh) {
          if (full)
            loop(0, full, chunk, [&](Value x) {
              depthwiseBlock(n, g, oh, x, SmallVector<int64_t>(nv, vl), weight);
            });
          if (!left.empty())
            depthwiseBlock(n, g, oh, idx(full), left, weight);
        });
      });
    });
  }

  /// rb output rows x lanes.size() vectors of one channel from (oh, ox).
  void depthwiseBlock(Value n, Value g, Value oh, Value ox,
                      ArrayRef<int64_t> lanes,
                      function_ref<Value(int64_t, int64_t)> weight) {
    int64_t v = lanes.size();
    SmallVector<Value> acc(rb * v);
    for (int64_t r = 0; r < rb; ++r)
      for (int64_t j = 0; j < v; ++j)
        acc[r * v + j] = initial(idx(0), g, [&] {
          return load(out, outIndex(n, g, g, addc(oh, r), addc(ox, j * vl)),
                      lanes[j]);
        });
    Value ihBase = mulc(oh, s.sh), ixBase = mulc(ox, s.sw);
    int64_t rows = (rb - 1) * s.sh + (s.kh - 1) * s.dh + 1;
    for (int64_t i = 0; i < rows; ++i) {
      // Output rows r reading input row i through kernel row ky.
      SmallVector<std::pair<int64_t, int64_t>> uses;
      for (int64_t r = 0; r < rb; ++r) {
        int64_t d = i - r * s.sh;
        if (d >= 0 && d % s.dh == 0 && d / s.dh < s.kh)
          uses.push_back({r, d / s.dh});
      }
      if (uses.empty())
        continue;
      for (int64_t kx = 0; kx < s.kw; ++kx)
        for (int64_t j = 0; j < v; ++j) {
          Value x = loadInput(n, g, g, addc(ihBase, i),
                              addc(ixBase, kx * s.dw + j * vl * s.sw), lanes[j]);
          for (auto [r, ky] : uses)
            acc[r * v + j] =
                vector::FMAOp::create(b, loc, x, weight(ky, kx), acc[r * v + j]);
        }
    }
    for (int64_t r = 0; r < rb; ++r)
      for (int64_t j = 0; j < v; ++j)
        finish(acc[r * v + j], idx(0),
               outIndex(n, g, g, addc(oh, r), addc(ox, j * vl)), lanes[j]);
  }

  /// The output channel a register of channel f (group g) holds.
  Value channelOf(Value g, Value f) {
    return s.kind == ConvShape::Kind::Depthwise ? g : f;
  }

  /// A register's starting value: the fused fill's when this is the first
  /// block of input channels (`c0`), else what `loadOut` reads back.
  Value initial(Value c0, Value channel, function_ref<Value()> loadOut) {
    if (!fused || !fused->hasInit())
      return loadOut();
    if (channelBlock() == s.c)
      return fused->initVector(b, loc, vecTy, channel);
    return select(
        isEq(c0, 0),
        [&] { return SmallVector<Value>{fused->initVector(b, loc, vecTy, channel)}; },
        [&] { return SmallVector<Value>{loadOut()}; })[0];
  }

  /// Stores a register of `lanes` outputs at `at`: after the last block of
  /// input channels through the fused epilogue into its result, before it
  /// back into the accumulator buffer.
  void finish(Value v, Value c0, SmallVector<Value> at, int64_t lanes) {
    if (!fused) {
      storeOut(v, out, at, lanes);
      return;
    }
    auto toResult = [&] {
      storeOut(fused->apply(b, loc, v, at, lanes), fused->result(), at, lanes);
    };
    if (channelBlock() == s.c || !fused->hasEpilogue()) {
      toResult();
      return;
    }
    ifElse(isEq(c0, s.c - channelBlock()), toResult,
           [&] { storeOut(v, out, at, lanes); });
  }

  /// The rows a vector of flat positions may touch: its first, and one
  /// more per splitWidth lanes after the first lane.
  int64_t splitParts() const { return 1 + ceilDiv(vl - 1, splitWidth); }

  /// The parts of a vector of `lanes` outputs from flat position at[3] in
  /// rows splitWidth wide: part j holds the lanes that fall in the j-th row
  /// from the first, addressed by a column index that runs back from that
  /// row's start (rows past the last are clamped to it, with an empty mask).
  struct RowPart {
    Value mask;
    SmallVector<Value> at;
  };
  SmallVector<RowPart> splitAt(ArrayRef<Value> at, int64_t lanes) {
    Value row = arith::DivUIOp::create(b, loc, at[3], idx(splitWidth));
    Value col = arith::RemUIOp::create(b, loc, at[3], idx(splitWidth));
    auto i32 = b.getI32Type();
    auto laneTy = VectorType::get({vl}, i32);
    SmallVector<int32_t> iotaValues;
    for (int64_t l = 0; l < vl; ++l)
      iotaValues.push_back(static_cast<int32_t>(l));
    Value iota = arith::ConstantOp::create(
        b, loc, laneTy, DenseElementsAttr::get(laneTy, ArrayRef<int32_t>(iotaValues)));
    Value col32 = arith::IndexCastOp::create(b, loc, i32, col);
    // Lanes [j * W - col, (j + 1) * W - col) are in row j.
    auto rowStart = [&](int64_t j) -> Value {
      Value start = arith::SubIOp::create(
          b, loc, arith::ConstantIntOp::create(b, loc, i32, j * splitWidth), col32);
      return vector::BroadcastOp::create(b, loc, laneTy, start);
    };
    SmallVector<RowPart> parts;
    Value start = rowStart(0);
    for (int64_t j = 0; j < splitParts(); ++j) {
      Value end = rowStart(j + 1);
      Value m = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, iota, end);
      if (j)
        m = arith::AndIOp::create(
            b, loc, m,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, iota, start));
      if (lanes < vl)
        m = arith::AndIOp::create(b, loc, m, mask(lanes));
      Value r = j ? arith::MinUIOp::create(b, loc, addc(row, j), idx(lastRow))
                  : row;
      Value c = j ? arith::SubIOp::create(b, loc, col, idx(j * splitWidth))
                  : col;
      parts.push_back({m, {at[0], at[1], r, c}});
      start = end;
    }
    return parts;
  }
  Value loadRows(Value mem, ArrayRef<Value> at, int64_t lanes) {
    Value v = zeros();
    for (RowPart &part : splitAt(at, lanes))
      v = vector::MaskedLoadOp::create(b, loc, vecTy, mem, part.at, part.mask, v);
    return v;
  }
  void storeRows(Value v, Value mem, ArrayRef<Value> at, int64_t lanes) {
    for (RowPart &part : splitAt(at, lanes))
      vector::MaskedStoreOp::create(b, loc, mem, part.at, part.mask, v);
  }
  Value loadOut(Value mem, ArrayRef<Value> at, int64_t lanes) {
    return splitOut ? loadRows(mem, at, lanes) : load(mem, at, lanes);
  }
  void storeOut(Value v, Value mem, ArrayRef<Value> at, int64_t lanes) {
    if (splitOut)
      storeRows(v, mem, at, lanes);
    else
      store(v, mem, at, lanes);
  }

  Value in, w, out;
  ConvShape s;
  nnc::FusedInitAndEpilogue *fused;
  int64_t fr = 1, nv = 1, rb = 1, panelCb = 0;
  int64_t pack = 1, gb = 1; ///< Rows per vector, groups per block.
  /// splitRows(): the rows' width and last index, and which buffers split.
  int64_t splitWidth = 0, lastRow = 0;
  bool splitIn = false, splitOut = false;
  bool usePanels = false;
};

/// The static shape of a buffer conv or pooling this pass handles, if it is
/// one.
std::optional<ConvShape> shapeOf(linalg::LinalgOp op) {
  ConvShape s;
  if (isa<linalg::Conv2DNgchwGfchwOp>(op))
    s.kind = ConvShape::Kind::Grouped;
  else if (isa<linalg::DepthwiseConv2DNchwChwOp>(op))
    s.kind = ConvShape::Kind::Depthwise;
  else if (isa<linalg::PoolingNchwMaxOp>(op))
    s.kind = ConvShape::Kind::MaxPool;
  else if (isa<linalg::PoolingNchwSumOp>(op))
    s.kind = ConvShape::Kind::SumPool;
  else if (!isa<linalg::Conv2DNchwFchwOp>(op))
    return std::nullopt;
  if (!op.hasPureBufferSemantics())
    return std::nullopt;
  auto inTy = cast<MemRefType>(op.getDpsInputOperand(0)->get().getType());
  auto wTy = cast<MemRefType>(op.getDpsInputOperand(1)->get().getType());
  auto outTy = cast<MemRefType>(op.getDpsInitOperand(0)->get().getType());
  for (MemRefType t : {inTy, wTy, outTy}) {
    int64_t offset;
    SmallVector<int64_t> strides;
    if (!t.hasStaticShape() || !t.getElementType().isF32() ||
        failed(t.getStridesAndOffset(strides, offset)) || strides.back() != 1)
      return std::nullopt;
  }
  auto attr = [&](StringRef name) {
    return cast<DenseIntElementsAttr>(op->getAttr(name)).getValues<int64_t>();
  };
  auto st = attr("strides"), dl = attr("dilations");
  int64_t o = s.grouped() ? 1 : 0;
  s.n = inTy.getDimSize(0);
  if (s.perChannel()) { // each channel a group of one; a pooling window is
                        // the "filter" of a weightless convolution
    s.g = inTy.getDimSize(1);
    s.c = s.f = 1;
    s.kh = wTy.getDimSize(s.pool() ? 0 : 1);
    s.kw = wTy.getDimSize(s.pool() ? 1 : 2);
  } else {
    s.g = s.grouped() ? inTy.getDimSize(1) : 1;
    s.c = inTy.getDimSize(1 + o);
    s.f = outTy.getDimSize(1 + o);
    s.kh = wTy.getDimSize(2 + o);
    s.kw = wTy.getDimSize(3 + o);
  }
  s.oh = outTy.getDimSize(2 + o);
  s.ow = outTy.getDimSize(3 + o);
  s.sh = st[0];
  s.sw = st[1];
  s.dh = dl[0];
  s.dw = dl[1];
  return s;
}

} // namespace

bool nnc::allOnes(Operation *op, StringRef name) {
  auto attr = op->getAttrOfType<DenseIntElementsAttr>(name);
  return attr && llvm::all_of(attr.getValues<int64_t>(),
                              [](int64_t v) { return v == 1; });
}

bool nnc::isPointwiseConv(linalg::LinalgOp op) {
  if (!isa<linalg::Conv2DNchwFchwOp>(op))
    return false;
  auto wTy = cast<ShapedType>(op.getDpsInputOperand(1)->get().getType());
  return wTy.hasStaticShape() && wTy.getDimSize(2) == 1 &&
         wTy.getDimSize(3) == 1 && allOnes(op, "strides");
}

/// `v` ([N, C, H, W], rows contiguous) viewed as [N, C, 1, H * W].
static Value flattenRows(OpBuilder &b, Location loc, Value v) {
  auto type = cast<MemRefType>(v.getType());
  Value flat = memref::CollapseShapeOp::create(
      b, loc, v, SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
  auto shape = type.getShape();
  return memref::ExpandShapeOp::create(
      b, loc, SmallVector<int64_t>{shape[0], shape[1], 1, shape[2] * shape[3]}, flat,
      SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
}

bool nnc::hasUnitInnerStride(MemRefType t) {
  int64_t offset;
  SmallVector<int64_t> strides;
  return succeeded(t.getStridesAndOffset(strides, offset)) && strides.back() == 1;
}

bool nnc::rowsContiguous(MemRefType t) {
  int64_t offset;
  SmallVector<int64_t> strides;
  return succeeded(t.getStridesAndOffset(strides, offset)) &&
         strides[2] == t.getDimSize(3) && strides[3] == 1;
}

LogicalResult nnc::vectorizeConv(linalg::LinalgOp op, int64_t vectorWidth) {
  std::optional<ConvShape> shape = shapeOf(op);
  if (!shape)
    return failure();
  OpBuilder b(op);
  Location loc = op.getLoc();
  Value in = op.getDpsInputOperand(0)->get(), w = op.getDpsInputOperand(1)->get(),
        out = op.getDpsInitOperand(0)->get();
  // A pointwise (1x1, stride 1) convolution whose rows are contiguous is a
  // matrix product over the flattened image: one long row fills vectors and
  // register blocks that short rows (7, 13, 14 wide) cannot.
  ConvShape &s = *shape;
  // The tile's bias fill and elementwise epilogue, applied in registers.
  std::optional<nnc::FusedInitAndEpilogue> fused;
  if (s.kind == ConvShape::Kind::Conv || s.kind == ConvShape::Kind::Depthwise) {
    fused.emplace(op, /*channelDim=*/1);
    if (!fused->hasInit() && !fused->hasEpilogue())
      fused.reset();
  }
  auto inTy = cast<MemRefType>(in.getType()), outTy = cast<MemRefType>(out.getType());
  bool pointwise = nnc::isPointwiseConv(op) && s.oh > 1 &&
                   inTy.getDimSize(2) == s.oh && inTy.getDimSize(3) == s.ow;
  bool inFlat = nnc::rowsContiguous(inTy);
  bool outFlat = nnc::rowsContiguous(outTy) && (!fused || fused->allowsFlatRows());
  // Rows that are not contiguous (a padded buffer's interior, read or
  // written) are split at their ends, one masked access per row a vector
  // touches (up to 3: rows of at least half a vector), where the epilogue
  // reads nothing along them.
  bool split = pointwise && (!inFlat || !outFlat) && 2 * s.ow >= vectorWidth &&
               nnc::hasUnitInnerStride(inTy) && nnc::hasUnitInnerStride(outTy) &&
               (!fused || fused->readsNoImage());
  bool flat = pointwise && inFlat && outFlat;
  // Otherwise an epilogue buffer that cannot be flattened costs the flat
  // rows, unless rows are short: then the epilogue stays a loop of its own.
  if (pointwise && !split && !flat && inFlat && nnc::rowsContiguous(outTy) &&
      s.ow < 2 * vectorWidth) {
    fused.reset();
    flat = outFlat = true;
  }
  int64_t rows = s.oh, width = s.ow;
  if (flat || split) {
    if (inFlat)
      in = flattenRows(b, loc, in);
    if (outFlat) {
      out = flattenRows(b, loc, out);
      if (fused)
        fused->flattenRows([&](Value v) { return flattenRows(b, loc, v); });
    }
    s.ow *= s.oh;
    s.oh = 1;
  }
  ConvEmitter emitter(b, loc, in, w, out, s, vectorWidth, fused ? &*fused : nullptr);
  if (split)
    emitter.splitRows(rows, width, !inFlat, !outFlat);
  if (op->hasAttr(nnc::kPanelsAttr))
    emitter.panelsWanted();
  emitter.emit();
  op->erase();
  if (fused)
    fused->eraseFused();
  return success();
}
