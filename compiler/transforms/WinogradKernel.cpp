//===- WinogradKernel.cpp - Winograd F(4x4 / 2x2, 3x3) convolution --------===//
//
// 3x3 stride-1 convolutions with enough output tiles run as Winograd
// F(4x4, 3x3) (36 multiply-adds per 4x4 output tile and input channel
// instead of 144) or, on small images, F(2x2, 3x3) (16 instead of 36). The
// filter transform runs at compile time; the kernel transforms input tiles,
// does a matrix product over input channels per transform position and adds
// the inverse transform of the products into the output.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Constants.h"
#include "compiler/transforms/KernelBuilder.h"
#include "compiler/transforms/KernelFusion.h"
#include "compiler/transforms/Kernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;

namespace {

/// One Winograd variant F(m x m, 3 x 3): input tiles of a = m + 2.
struct Variant {
  int64_t m;
  const double *bt; ///< B^T, a x a.
  const double *g;  ///< G, a x 3.
  const double *at; ///< A^T, m x a.
  int64_t a() const { return m + 2; }
  ArrayRef<double> btRow(int64_t i) const { return {bt + i * a(), size_t(a())}; }
  ArrayRef<double> atRow(int64_t i) const { return {at + i * a(), size_t(a())}; }
  double gAt(int64_t i, int64_t k) const { return g[i * 3 + k]; }
};

constexpr int64_t kMaxA = 6; ///< The largest input tile side.

// Lavin and Gray's F(4, 3) matrices, interpolation points 0, +-1, +-2, inf.
constexpr double kBT4[] = {4, 0, -5, 0, 1, 0,  0, -4, -4, 1, 1, 0,
                           0, 4, -4, -1, 1, 0, 0, -2, -1, 2, 1, 0,
                           0, 2, -1, -2, 1, 0, 0, 4, 0, -5, 0, 1};
constexpr double kG4[] = {1.0 / 4,  0,         0,        -1.0 / 6, -1.0 / 6,
                          -1.0 / 6, -1.0 / 6,  1.0 / 6,  -1.0 / 6, 1.0 / 24,
                          1.0 / 12, 1.0 / 6,   1.0 / 24, -1.0 / 12, 1.0 / 6,
                          0,        0,         1};
constexpr double kAT4[] = {1, 1, 1, 1, 1, 0, 0, 1, -1, 2, -2, 0,
                           0, 1, 1, 4, 4, 0, 0, 1, -1, 8, -8, 1};
// F(2, 3), points 0, +-1, inf.
constexpr double kBT2[] = {1, 0, -1, 0, 0, 1, 1, 0, 0, -1, 1, 0, 0, 1, 0, -1};
constexpr double kG2[] = {1, 0, 0, 0.5, 0.5, 0.5, 0.5, -0.5, 0.5, 0, 0, 1};
constexpr double kAT2[] = {1, 1, 1, 0, 0, 1, -1, -1};

constexpr Variant kF4{4, kBT4, kG4, kAT4};
constexpr Variant kF2{2, kBT2, kG2, kAT2};

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t roundUp(int64_t a, int64_t b) { return ceilDiv(a, b) * b; }

/// Static strides of a memref whose innermost stride is 1.
std::optional<SmallVector<int64_t>> unitInnerStrides(MemRefType t) {
  int64_t offset;
  SmallVector<int64_t> strides;
  if (!t.hasStaticShape() || failed(t.getStridesAndOffset(strides, offset)) ||
      strides.back() != 1 ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return std::nullopt;
  return strides;
}

struct WinogradShape {
  Variant v;
  int64_t n, c, f, oh, ow, ih, iw;
  int64_t tilesH, tilesW, tiles; ///< Output tiles per image side; in all.
};

class WinogradEmitter : nnc::KernelBuilder {
public:
  WinogradEmitter(OpBuilder &b, Location loc, Operation *op, Value in,
                  Value out, ArrayRef<int64_t> inStrides, WinogradShape s,
                  int64_t vl, nnc::FusedInitAndEpilogue *fused)
      : KernelBuilder(b, loc, vl), op(op), in(in), out(out),
        inStrides(inStrides), s(s), fused(fused) {
    // Output channels per block (vectors) and tiles per block, by a cycle
    // model of the products: a step over one input channel does nvF * t
    // FMAs (two per cycle) and loads nvF filter vectors and broadcasts t
    // inputs (about one per cycle: the transformed input streams from L2),
    // for every block of t tiles, padded ones included. On alexnet's 13x13
    // layers at batch 8 (128 tiles) 13 tiles per block beat 8 (no padding,
    // but half the accumulators) by 10%.
    int64_t budget = vl == 8 ? 12 : 28;
    int64_t fv = s.f / vl;
    nvF = fv % 2 == 0 && 2 * vl <= 32 ? 2 : 1;
    if (vl <= 8 && fv % 4 == 0)
      nvF = 4;
    int64_t maxTiles = std::max<int64_t>(budget / nvF, 1);
    auto cost = [&](int64_t t) {
      return ceilDiv(s.tiles, t) * std::max(nvF * t, 2 * (nvF + t));
    };
    tileBlock = 1;
    for (int64_t t = 1; t <= maxTiles; ++t)
      if (cost(t) <= cost(tileBlock))
        tileBlock = t;
    // Tile blocks per chunk: a chunk's products (positions x tiles x channels)
    // stay in L2 while each filter block is read once per chunk.
    int64_t blocks = ceilDiv(s.tiles, tileBlock);
    int64_t most = std::max<int64_t>(kChunkTiles / tileBlock, 1);
    chunkBlocks = ceilDiv(blocks, ceilDiv(blocks, most));
    chunks = ceilDiv(blocks, chunkBlocks);
    tilesGemm = chunks * chunkBlocks * tileBlock;
    tilesPad = roundUp(tilesGemm, vl);
    // With enough chunks to share among threads, each chunk runs end to
    // end (input transform, products, output) so that its transformed
    // input stays in L2 instead of going through memory for all tiles.
    chunkTiles = chunkBlocks * tileBlock;
    chunkPad = roundUp(chunkTiles, vl);
    byChunk = chunks >= kMinChunksEndToEnd;
    tablesLen = byChunk ? std::max(tilesPad, (chunks - 1) * chunkTiles + chunkPad)
                        : tilesPad;
  }

  void emit(ArrayRef<float> filter) {
    Value u = transformedFilter(filter);
    Value tables = tileTables();
    if (!byChunk) {
      auto vTy = MemRefType::get({positions(), s.c, tilesPad}, b.getF32Type());
      Value v = memref::AllocOp::create(b, loc, vTy, b.getI64IntegerAttr(64));
      inputTransform(tables, v, idx(0), tilesPad, /*parallel=*/true);
      products(u, v);
      return;
    }
    int64_t fw = nvF * vl;
    auto par = scf::ParallelOp::create(b, loc, ValueRange{idx(0)},
                                       ValueRange{idx(chunks)}, ValueRange{idx(1)});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(par.getBody());
    Value chunk0 = mulc(par.getInductionVars()[0], chunkTiles);
    auto vTy = MemRefType::get({positions(), s.c, chunkPad}, b.getF32Type());
    Value v = memref::AllocOp::create(b, loc, vTy, b.getI64IntegerAttr(64));
    inputTransform(tables, v, chunk0, chunkPad, /*parallel=*/false);
    Value m = scratchM(), staged = scratchStaged();
    loop(0, s.f / fw, 1, [&](Value fb) {
      productsBlock(u, v, fb, chunk0, idx(0), m, staged);
    });
  }

private:
  /// U = G g G^T for every filter g = w[f][c], packed [F / fw][a * a][C][fw]
  /// (fw output channels per block) so that the block a product reads is
  /// contiguous.
  Value transformedFilter(ArrayRef<float> w) {
    int64_t fw = nvF * vl;
    std::vector<float> u(positions() * s.c * s.f);
    for (int64_t f = 0; f < s.f; ++f)
      for (int64_t c = 0; c < s.c; ++c) {
        const float *g = &w[(f * s.c + c) * 9];
        double gt[kMaxA][3]; // G g
        for (int64_t i = 0; i < s.v.a(); ++i)
          for (int64_t k = 0; k < 3; ++k)
            gt[i][k] = s.v.gAt(i, 0) * g[k] + s.v.gAt(i, 1) * g[3 + k] +
                      s.v.gAt(i, 2) * g[6 + k];
        for (int64_t i = 0; i < s.v.a(); ++i)
          for (int64_t j = 0; j < s.v.a(); ++j)
            u[(((f / fw) * positions() + i * s.v.a() + j) * s.c + c) * fw + f % fw] = static_cast<float>(
                gt[i][0] * s.v.gAt(j, 0) + gt[i][1] * s.v.gAt(j, 1) +
                gt[i][2] * s.v.gAt(j, 2));
      }
    auto type = MemRefType::get({s.f / fw, positions(), s.c, fw}, b.getF32Type());
    return nnc::createConstantGlobal(b, loc, op, "winograd_filter", type,
                                nnc::asBytes(ArrayRef<float>(u)));
  }

  /// Per tile (flattened over images and tile rows and columns, padded to
  /// tilesPad): its top-left input element's offset from [0, c, 0, 0], and
  /// its first input row and column (rows past the input for padding tiles,
  /// so that every gather lane of theirs is masked off).
  Value tileTables() {
    int64_t len = tablesLen;
    std::vector<int32_t> t(3 * len, 0);
    for (int64_t i = 0; i < len; ++i) {
      t[len + i] = static_cast<int32_t>(s.ih);
      if (i >= s.tiles)
        continue;
      int64_t n = i / (s.tilesH * s.tilesW), r = i % (s.tilesH * s.tilesW);
      int64_t y = r / s.tilesW * s.v.m, x = r % s.tilesW * s.v.m;
      t[i] = static_cast<int32_t>(n * inStrides[0] + y * inStrides[2] + x);
      t[len + i] = static_cast<int32_t>(y);
      t[2 * len + i] = static_cast<int32_t>(x);
    }
    auto type = MemRefType::get({3, len}, b.getI32Type());
    return nnc::createConstantGlobal(b, loc, op, "winograd_tiles", type,
                                nnc::asBytes(ArrayRef<int32_t>(t)));
  }

  Value splatF(double v) {
    return arith::ConstantOp::create(
        b, loc, vecTy, DenseElementsAttr::get(vecTy, static_cast<float>(v)));
  }
  Value splatI(VectorType ty, int64_t v) {
    return arith::ConstantOp::create(
        b, loc, ty, DenseElementsAttr::get(ty, static_cast<int32_t>(v)));
  }

  /// sum_k coef[k] * xs[k], with adds and subtracts for +-1 and no term for 0.
  Value combine(ArrayRef<double> coef, ArrayRef<Value> xs) {
    Value acc;
    for (auto [c, x] : llvm::zip(coef, xs)) {
      if (c == 0)
        continue;
      if (!acc)
        acc = c == 1 ? x : arith::MulFOp::create(b, loc, x, splatF(c)).getResult();
      else if (c == 1)
        acc = arith::AddFOp::create(b, loc, acc, x);
      else if (c == -1)
        acc = arith::SubFOp::create(b, loc, acc, x);
      else
        acc = vector::FMAOp::create(b, loc, x, splatF(c), acc);
    }
    return acc ? acc : zeros();
  }

  /// V[p][c][t] = (B^T d B)[p] for the a x a input tile d of tiles
  /// first + t, t < count, vl tiles per vector (gathered; lanes past the
  /// input read zero), over input channels in an scf.parallel or a loop.
  void inputTransform(Value tables, Value v, Value first, int64_t count,
                      bool parallel) {
    auto idxVecTy = VectorType::get({vl}, b.getI32Type());
    OpBuilder::InsertionGuard guard(b);
    Value c;
    if (parallel) {
      auto par = scf::ParallelOp::create(b, loc, ValueRange{idx(0)},
                                         ValueRange{idx(s.c)}, ValueRange{idx(1)});
      b.setInsertionPointToStart(par.getBody());
      c = par.getInductionVars()[0];
    } else {
      auto forOp = scf::ForOp::create(b, loc, idx(0), idx(s.c), idx(1));
      b.setInsertionPointToStart(forOp.getBody());
      c = forOp.getInductionVar();
    }
    loop(0, count, vl, [&](Value t0) {
      Value tt = add(first, t0);
      Value base = vector::LoadOp::create(b, loc, idxVecTy, tables, ValueRange{idx(0), tt});
      Value row0 = vector::LoadOp::create(b, loc, idxVecTy, tables, ValueRange{idx(1), tt});
      Value col0 = vector::LoadOp::create(b, loc, idxVecTy, tables, ValueRange{idx(2), tt});
      Value ih = splatI(idxVecTy, s.ih), iw = splatI(idxVecTy, s.iw);
      SmallVector<Value> rowOk, colOk;
      for (int64_t i = 0; i < s.v.a(); ++i) {
        rowOk.push_back(arith::CmpIOp::create(
            b, loc, arith::CmpIPredicate::slt,
            arith::AddIOp::create(b, loc, row0, splatI(idxVecTy, i)), ih));
        colOk.push_back(arith::CmpIOp::create(
            b, loc, arith::CmpIPredicate::slt,
            arith::AddIOp::create(b, loc, col0, splatI(idxVecTy, i)), iw));
      }
      // d[i][j], then B^T d by columns, then (B^T d) B by rows.
      Value d[kMaxA][kMaxA], bd[kMaxA][kMaxA];
      SmallVector<Value> origin = {idx(0), c, idx(0), idx(0)};
      for (int64_t i = 0; i < s.v.a(); ++i)
        for (int64_t j = 0; j < s.v.a(); ++j) {
          Value offsets = arith::AddIOp::create(
              b, loc, base, splatI(idxVecTy, i * inStrides[2] + j));
          Value mask = arith::AndIOp::create(b, loc, rowOk[i], colOk[j]);
          d[i][j] = vector::GatherOp::create(b, loc, vecTy, in, origin, offsets,
                                             mask, zeros());
        }
      for (int64_t j = 0; j < s.v.a(); ++j) {
        SmallVector<Value> col;
        for (int64_t k = 0; k < s.v.a(); ++k)
          col.push_back(d[k][j]);
        for (int64_t i = 0; i < s.v.a(); ++i)
          bd[i][j] = combine(s.v.btRow(i), col);
      }
      for (int64_t i = 0; i < s.v.a(); ++i)
        for (int64_t j = 0; j < s.v.a(); ++j) {
          Value x = combine(s.v.btRow(j), ArrayRef<Value>(bd[i], s.v.a()));
          vector::StoreOp::create(b, loc, x, v, ValueRange{idx(i * s.v.a() + j), c, t0});
        }
    });
  }

  /// For each block of output channels x chunk of tiles: the a * a products
  /// M[p] = U[p]^T V[p] over input channels (tileBlock tiles at a time in
  /// registers) into a per-thread scratch, then the output transform of
  /// each tile.
  void products(Value u, Value v) {
    if (stagedPays()) {
      stagedProducts(u, v);
      return;
    }
    int64_t fw = nvF * vl;
    auto par = scf::ParallelOp::create(
        b, loc, ValueRange{idx(0), idx(0)},
        ValueRange{idx(s.f / fw), idx(chunks)}, ValueRange{idx(1), idx(1)});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(par.getBody());
    Value chunk0 = mulc(par.getInductionVars()[1], chunkTiles);
    productsBlock(u, v, par.getInductionVars()[0], chunk0, chunk0, scratchM(),
                  scratchStaged());
  }

  /// Per-thread scratch of a chunk's products, [a * a][chunkTiles][fw].
  Value scratchM() {
    auto mTy = MemRefType::get({positions(), chunkTiles, nvF * vl}, b.getF32Type());
    return memref::AllocOp::create(b, loc, mTy, b.getI64IntegerAttr(64));
  }
  /// Per-thread staging of one tile's transposed outputs, [vl][m * m].
  Value scratchStaged() {
    auto stagedTy = MemRefType::get({vl, s.v.m * s.v.m}, b.getF32Type());
    return memref::AllocOp::create(b, loc, stagedTy, b.getI64IntegerAttr(64));
  }

  /// Bytes of transformed input the fused order may read from L2 once per
  /// block of output channels.
  static constexpr int64_t kL2Bytes = 1 << 20;

  /// Whether the staged order moves less memory than the fused one, by
  /// half again: the fused order reads the transformed filter U once per
  /// chunk of tiles and the transformed input V once per block of output
  /// channels (from memory when V outgrows L2); the staged one reads each
  /// once and writes and reads all products M. On small images in batches
  /// (alexnet's 13x13 layers at batch 8: 142 MB against 31 MB) the fused
  /// order is bound by memory.
  bool stagedPays() const {
    if (byChunk || chunks == 1)
      return false;
    double u = double(positions()) * s.c * s.f, v = double(positions()) * s.c * tilesPad,
           m = double(positions()) * tilesGemm * s.f;
    double fused = chunks * u + (v * sizeof(float) > kL2Bytes ? s.f / (nvF * vl) * v : v);
    return fused > 1.5 * (u + v + 2 * m);
  }

  /// The products of all tiles for each position x block of output
  /// channels (consecutive blocks of a position share its U[p] and V[p]
  /// from L2) into M [F / fw][a * a][tiles][fw], then, after a barrier, the
  /// output transform of each block x tile (a block's products, which its
  /// tiles read 36 vectors at a time, stay in L2).
  void stagedProducts(Value u, Value v) {
    int64_t fw = nvF * vl;
    auto mTy = MemRefType::get({s.f / fw, positions(), tilesGemm, fw},
                               b.getF32Type());
    Value mAll = memref::AllocOp::create(b, loc, mTy, b.getI64IntegerAttr(64));
    {
      auto par = scf::ParallelOp::create(
          b, loc, ValueRange{idx(0), idx(0)},
          ValueRange{idx(positions()), idx(s.f / fw)}, ValueRange{idx(1), idx(1)});
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(par.getBody());
      Value p = par.getInductionVars()[0], fb = par.getInductionVars()[1];
      loop(0, tilesGemm, tileBlock, [&](Value t0) {
        SmallVector<Value> acc = productTiles(u, v, fb, p, t0);
        for (int64_t t = 0; t < tileBlock; ++t)
          for (int64_t k = 0; k < nvF; ++k)
            vector::StoreOp::create(b, loc, acc[t * nvF + k], mAll,
                                    ValueRange{fb, p, addc(t0, t), idx(k * vl)});
      });
    }
    auto par = scf::ParallelOp::create(
        b, loc, ValueRange{idx(0), idx(0)}, ValueRange{idx(s.f / fw), idx(s.tiles)},
        ValueRange{idx(1), idx(1)});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(par.getBody());
    Value fb = par.getInductionVars()[0], tile = par.getInductionVars()[1];
    auto blockTy = MemRefType::get(
        {positions(), tilesGemm, fw}, b.getF32Type(),
        StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic,
                               {tilesGemm * fw, fw, 1}));
    auto one = b.getIndexAttr(1);
    Value m = memref::SubViewOp::create(
        b, loc, blockTy, mAll,
        ArrayRef<OpFoldResult>{fb, b.getIndexAttr(0), b.getIndexAttr(0),
                               b.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{one, b.getIndexAttr(positions()),
                               b.getIndexAttr(tilesGemm), b.getIndexAttr(fw)},
        ArrayRef<OpFoldResult>{one, one, one, one});
    outputTile(m, scratchStaged(), tile, tile, mulc(fb, fw));
  }

  /// tileBlock tiles from `t0` of V x output-channel block `fb` at position
  /// `p`, reduced over input channels: nvF vectors of channels per tile.
  SmallVector<Value> productTiles(Value u, Value v, Value fb, Value p, Value t0) {
    SmallVector<Value> acc(tileBlock * nvF, zeros());
    return reduce(0, s.c, 1, acc, [&](Value c, ValueRange in) {
      SmallVector<Value> next(in), us;
      for (int64_t k = 0; k < nvF; ++k)
        us.push_back(vector::LoadOp::create(b, loc, vecTy, u,
                                            ValueRange{fb, p, c, idx(k * vl)}));
      for (int64_t t = 0; t < tileBlock; ++t) {
        Value x = memref::LoadOp::create(b, loc, v, ValueRange{p, c, addc(t0, t)});
        Value xv = vector::BroadcastOp::create(b, loc, vecTy, x);
        for (int64_t k = 0; k < nvF; ++k)
          next[t * nvF + k] =
              vector::FMAOp::create(b, loc, xv, us[k], next[t * nvF + k]);
      }
      return next;
    });
  }

  /// The products and output transform of output-channel block `fb` for
  /// the chunk of tiles from `chunk0`, whose transformed input starts at
  /// tile `vBase` of `v`.
  void productsBlock(Value u, Value v, Value fb, Value chunk0, Value vBase,
                     Value m, Value staged) {
    Value f0 = mulc(fb, nvF * vl);
    loop(0, positions(), 1, [&](Value p) {
      loop(0, chunkTiles, tileBlock, [&](Value tl) {
        SmallVector<Value> acc = productTiles(u, v, fb, p, add(vBase, tl));
        for (int64_t t = 0; t < tileBlock; ++t)
          for (int64_t k = 0; k < nvF; ++k)
            vector::StoreOp::create(b, loc, acc[t * nvF + k], m,
                                    ValueRange{p, addc(tl, t), idx(k * vl)});
      });
    });
    loop(0, chunkTiles, 1, [&](Value t) {
      Value tile = add(chunk0, t);
      Value live = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                         tile, idx(s.tiles));
      auto ifOp = scf::IfOp::create(b, loc, live, /*withElseRegion=*/false);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      outputTile(m, staged, t, tile, f0);
    });
  }

  /// Adds A^T M A of one tile into the output, vl channels at a time:
  /// transposed so that each channel's 4x4 outputs are one vector of 16,
  /// staged in `staged` ([vl][16]), then added row by row (masked at the
  /// image's right edge, only the rows inside it) in a loop over channels,
  /// which keeps the code per layer small.
  void outputTile(Value m, Value staged, Value t, Value tile, Value f0) {
    auto div = [&](Value x, int64_t d) {
      return arith::DivUIOp::create(b, loc, x, idx(d)).getResult();
    };
    auto rem = [&](Value x, int64_t d) {
      return arith::RemUIOp::create(b, loc, x, idx(d)).getResult();
    };
    auto minc = [&](Value x, int64_t c) {
      return arith::MinUIOp::create(b, loc, x, idx(c)).getResult();
    };
    int64_t perImage = s.tilesH * s.tilesW;
    Value n = div(tile, perImage), r = rem(tile, perImage);
    Value y0 = mulc(div(r, s.tilesW), s.v.m), x0 = mulc(rem(r, s.tilesW), s.v.m);
    Value cols = minc(arith::SubIOp::create(b, loc, idx(s.ow), x0), s.v.m);
    Value rows = minc(arith::SubIOp::create(b, loc, idx(s.oh), y0), s.v.m);
    auto maskTy = VectorType::get({s.v.m}, b.getI1Type());
    auto segTy = VectorType::get({s.v.m}, b.getF32Type());
    Value colMask = vector::CreateMaskOp::create(b, loc, maskTy, ValueRange{cols});
    Value segZero = arith::ConstantOp::create(b, loc, segTy,
                                              DenseElementsAttr::get(segTy, 0.0f));
    auto gridTy = VectorType::get({s.v.m * s.v.m, vl}, b.getF32Type());
    loop(0, nvF, 1, [&](Value k) {
      Value fk = mulc(k, vl);
      Value mv[kMaxA][kMaxA], am[kMaxA][kMaxA];
      for (int64_t i = 0; i < s.v.a(); ++i)
        for (int64_t j = 0; j < s.v.a(); ++j)
          mv[i][j] = vector::LoadOp::create(b, loc, vecTy, m,
                                            ValueRange{idx(i * s.v.a() + j), t, fk});
      for (int64_t j = 0; j < s.v.a(); ++j) {
        SmallVector<Value> col;
        for (int64_t q = 0; q < s.v.a(); ++q)
          col.push_back(mv[q][j]);
        for (int64_t i = 0; i < s.v.m; ++i)
          am[i][j] = combine(s.v.atRow(i), col);
      }
      Value grid = arith::ConstantOp::create(b, loc, gridTy,
                                             DenseElementsAttr::get(gridTy, 0.0f));
      for (int64_t i = 0; i < s.v.m; ++i)
        for (int64_t j = 0; j < s.v.m; ++j)
          grid = vector::InsertOp::create(b, loc, combine(s.v.atRow(j), ArrayRef<Value>(am[i], s.v.a())), grid,
                                          ArrayRef<int64_t>{i * s.v.m + j});
      // [vl channels][16 outputs]: row-major 4x4 per channel.
      Value byChannel = vector::TransposeOp::create(b, loc, grid, ArrayRef<int64_t>{1, 0});
      for (int64_t l = 0; l < vl; ++l)
        vector::StoreOp::create(
            b, loc, vector::ExtractOp::create(b, loc, byChannel, ArrayRef<int64_t>{l}),
            staged, ValueRange{idx(l), idx(0)});
      Value c0 = add(f0, fk);
      auto rowLoop = scf::ForOp::create(b, loc, idx(0), rows, idx(1));
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(rowLoop.getBody());
      Value i = rowLoop.getInductionVar();
      Value y = add(y0, i), offset = mulc(i, s.v.m);
      loop(0, vl, 1, [&](Value l) {
        Value seg = vector::LoadOp::create(b, loc, segTy, staged, ValueRange{l, offset});
        Value c = add(c0, l);
        SmallVector<Value> at = {n, c, y, x0};
        // The bias (the fused fill's, or what the output holds) plus the
        // tile's values, through the fused epilogue.
        Value old = fused && fused->hasInit()
                        ? fused->initVector(b, loc, segTy, c)
                        : vector::MaskedLoadOp::create(b, loc, segTy, out, at,
                                                       colMask, segZero)
                              .getResult();
        Value sum = arith::AddFOp::create(b, loc, old, seg);
        if (fused)
          sum = fused->apply(b, loc, sum, at, colMask);
        vector::MaskedStoreOp::create(b, loc, fused ? fused->result() : out, at,
                                      colMask, sum);
      });
    });
  }

  int64_t positions() const { return s.v.a() * s.v.a(); }

  Operation *op;
  Value in, out;
  SmallVector<int64_t> inStrides;
  WinogradShape s;
  nnc::FusedInitAndEpilogue *fused;
  /// Most tiles per chunk: at most 36 x 28 x 32 floats of products, 126 KiB.
  static constexpr int64_t kChunkTiles = 28;
  /// Chunks a layer needs to run them end to end (several per thread).
  static constexpr int64_t kMinChunksEndToEnd = 16;
  int64_t nvF = 1, tileBlock = 1, chunkBlocks = 1, chunks = 1;
  int64_t tilesGemm = 0, tilesPad = 0;
  int64_t chunkTiles = 1, chunkPad = 1, tablesLen = 0;
  bool byChunk = false;
};

} // namespace

/// Largest single image the channel-vector kernel takes instead of
/// Winograd (13x13).
constexpr int64_t kMaxDirectImage = 169;

/// The variant for a convolution of these sizes: F(4x4) when it has enough
/// tiles, else F(2x2) (2.25x fewer products instead of 4x, and a transformed
/// filter 1.8x the size instead of 4x, so it pays on small images), else none.
static const Variant *variantFor(int64_t n, int64_t c, int64_t f, int64_t oh,
                                 int64_t ow) {
  if (f % 16 || c < 8)
    return nullptr;
  // One small image reuses each transformed filter (1.8x or 4x the
  // filter's bytes) for few tiles: the channel-vector kernel is faster
  // (resnet18's 512x7x7 layers: 3.3 -> 2.7 ms, the model 30.2 -> 27.7 ms).
  if (n == 1 && oh * ow <= kMaxDirectImage &&
      nnc::convByChannelsPays(f, oh, ow, /*sw=*/1, /*pointwise=*/false))
    return nullptr;
  for (const Variant *v : {&kF4, &kF2})
    if (oh >= v->m && ow >= v->m &&
        n * ceilDiv(oh, v->m) * ceilDiv(ow, v->m) >= 16)
      return v;
  return nullptr;
}

bool nnc::winogradPays(int64_t n, int64_t c, int64_t f, int64_t oh,
                       int64_t ow) {
  return variantFor(n, c, f, oh, ow) != nullptr;
}

bool nnc::isWinogradConv(linalg::LinalgOp op) {
  if (!isa<linalg::Conv2DNchwFchwOp>(op))
    return false;
  auto inTy = cast<ShapedType>(op.getDpsInputOperand(0)->get().getType());
  auto wTy = cast<ShapedType>(op.getDpsInputOperand(1)->get().getType());
  auto outTy = cast<ShapedType>(op.getDpsInitOperand(0)->get().getType());
  if (!inTy.hasStaticShape() || !wTy.hasStaticShape() ||
      !outTy.hasStaticShape() || !inTy.getElementType().isF32() ||
      wTy.getDimSize(2) != 3 || wTy.getDimSize(3) != 3)
    return false;
  return allOnes(op, "strides") && allOnes(op, "dilations") &&
         winogradPays(outTy.getDimSize(0), inTy.getDimSize(1),
                      outTy.getDimSize(1), outTy.getDimSize(2),
                      outTy.getDimSize(3));
}

LogicalResult nnc::winogradConv(linalg::LinalgOp op, int64_t vectorWidth) {
  if (!op.hasPureBufferSemantics() || !isWinogradConv(op) ||
      cast<ShapedType>(op.getDpsInitOperand(0)->get().getType()).getDimSize(1) %
          vectorWidth)
    return failure();
  Value in = op.getDpsInputOperand(0)->get(), out = op.getDpsInitOperand(0)->get();
  auto inTy = cast<MemRefType>(in.getType());
  auto outTy = cast<MemRefType>(out.getType());
  std::optional<SmallVector<int64_t>> inStrides = unitInnerStrides(inTy);
  std::optional<std::vector<float>> filter =
      readF32Global(op.getDpsInputOperand(1)->get());
  if (!inStrides || !unitInnerStrides(outTy) || !filter)
    return failure();
  WinogradShape s;
  s.v = *variantFor(outTy.getDimSize(0), inTy.getDimSize(1),
                    outTy.getDimSize(1), outTy.getDimSize(2), outTy.getDimSize(3));
  s.n = outTy.getDimSize(0);
  s.c = inTy.getDimSize(1);
  s.f = outTy.getDimSize(1);
  s.oh = outTy.getDimSize(2);
  s.ow = outTy.getDimSize(3);
  s.ih = inTy.getDimSize(2);
  s.iw = inTy.getDimSize(3);
  s.tilesH = ceilDiv(s.oh, s.v.m);
  s.tilesW = ceilDiv(s.ow, s.v.m);
  s.tiles = s.n * s.tilesH * s.tilesW;
  // Gather offsets are 32-bit.
  if ((s.n - 1) * (*inStrides)[0] + s.ih * (*inStrides)[2] > INT32_MAX)
    return failure();
  // The bias fill and elementwise epilogue around the (untiled) layer run
  // in the output transform, which writes each output once.
  std::optional<nnc::FusedInitAndEpilogue> fused;
  fused.emplace(op, /*channelDim=*/1);
  if (!fused->hasInit() && !fused->hasEpilogue())
    fused.reset();
  OpBuilder b(op);
  WinogradEmitter(b, op.getLoc(), op, in, out, *inStrides, s, vectorWidth,
                  fused ? &*fused : nullptr)
      .emit(*filter);
  op->erase();
  if (fused)
    fused->eraseFused();
  return success();
}
