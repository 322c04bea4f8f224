//===- MatmulKernel.cpp - Register-tiled vectorized matrix products -------===//
//
// Kernels for a buffer-level linalg.matmul. A dense layer ([M,K] x [N,K]
// with constant weights) has its weights packed at compile time into
// column panels, [N / nw][K][nw], read once, front to back, for all M rows:
// a block of rows x one panel accumulates broadcast(a[m, k]) * panel[k]
// over K. With a transposed right operand that is not constant, rows of both
// operands are contiguous in K, so a block of up to 4 x 4 outputs keeps 16
// vector dot products in registers and reduces them horizontally at the end. A plain product ([M,K] x [K,N])
// vectorizes N: a block of up to 4 rows x 2 vectors of columns accumulates
// broadcast(a[m,k]) * b[k, n:n+v] over K.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Constants.h"
#include "compiler/transforms/KernelBuilder.h"
#include "compiler/transforms/Kernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace {

int64_t largestDivisor(int64_t n, int64_t atMost) {
  for (int64_t t = std::min(n, atMost); t > 1; --t)
    if (n % t == 0)
      return t;
  return 1;
}

class MatmulEmitter : nnc::KernelBuilder {
public:
  MatmulEmitter(OpBuilder &b, Location loc, Value a, Value bm, Value out,
                int64_t m, int64_t n, int64_t k, int64_t vl)
      : KernelBuilder(b, loc, vl), a(a), bm(bm), out(out), m(m), n(n), k(k) {}

  /// out[i, j] += dot(a[i, :], bm[j, :]), for blocks of up to 4 rows x 4
  /// columns so that each loaded vector of either operand feeds 4 FMAs.
  void emitTransposed() {
    int64_t mb = largestDivisor(m, 4), nb = largestDivisor(n, 4);
    loop(0, m, mb, [&](Value i0) {
      loop(0, n, nb, [&](Value j0) {
        SmallVector<Value> acc(mb * nb, zeros());
        int64_t full = k / vl * vl;
        auto step = [&](Value kk, int64_t lanes, ValueRange in) {
          SmallVector<Value> next(in), as, ws;
          for (int64_t i = 0; i < mb; ++i)
            as.push_back(load(a, {addc(i0, i), kk}, lanes));
          for (int64_t j = 0; j < nb; ++j)
            ws.push_back(load(bm, {addc(j0, j), kk}, lanes));
          for (int64_t i = 0; i < mb; ++i)
            for (int64_t j = 0; j < nb; ++j)
              next[i * nb + j] =
                  vector::FMAOp::create(b, loc, as[i], ws[j], next[i * nb + j]);
          return next;
        };
        if (full)
          acc = reduce(0, full, vl, acc, [&](Value kk, ValueRange in) {
            return step(kk, vl, in);
          });
        if (k > full)
          acc = step(idx(full), k - full, acc);
        for (int64_t i = 0; i < mb; ++i)
          for (int64_t j = 0; j < nb; ++j) {
            Value sum = vector::ReductionOp::create(
                b, loc, vector::CombiningKind::ADD, acc[i * nb + j]);
            SmallVector<Value> at = {addc(i0, i), addc(j0, j)};
            Value old = memref::LoadOp::create(b, loc, out, at);
            memref::StoreOp::create(
                b, loc, arith::AddFOp::create(b, loc, old, sum), out, at);
          }
      });
    });
  }

  /// out += a x w^T for constant weights w ([N, K]): packed into panels of
  /// nw = nv vectors of columns (zero-padded past N), an scf.parallel over
  /// panels, and blocks of up to mb rows x nv vectors kept in registers
  /// across K.
  void emitPacked(Operation *op, ArrayRef<float> w) {
    // Few rows (batch 1) leave the loads the bottleneck: wider panels read
    // more bytes per step of the one sequential stream.
    int64_t nv = m <= 4 && n >= 4 * vl ? 4 : n >= 2 * vl ? 2 : 1, nw = nv * vl;
    int64_t panels = (n + nw - 1) / nw;
    std::vector<float> packed(panels * k * nw, 0.0f);
    for (int64_t j = 0; j < n; ++j)
      for (int64_t kk = 0; kk < k; ++kk)
        packed[((j / nw) * k + kk) * nw + j % nw] = w[j * k + kk];
    auto type = MemRefType::get({panels, k, nw}, b.getF32Type());
    Value wp = nnc::createConstantGlobal(b, loc, op, "dense_panels", type,
                                         nnc::asBytes(ArrayRef<float>(packed)));
    int64_t mb = std::min<int64_t>(m, (vl == 8 ? 12 : 24) / nv);
    auto par = scf::ParallelOp::create(b, loc, ValueRange{idx(0)},
                                       ValueRange{idx(panels)}, ValueRange{idx(1)});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(par.getBody());
    Value panel = par.getInductionVars()[0];
    Value j0 = mulc(panel, nw);
    // Lanes of each vector inside N: all but in the last panel.
    auto panelBody = [&](ArrayRef<int64_t> lanes) {
      for (int64_t i0 = 0; i0 < m; i0 += mb) {
        int64_t rows = std::min(mb, m - i0);
        SmallVector<Value> acc;
        for (int64_t r = 0; r < rows; ++r)
          for (int64_t c = 0; c < nv; ++c)
            acc.push_back(lanes[c] ? load(out, {idx(i0 + r), addc(j0, c * vl)}, lanes[c])
                                   : zeros());
        acc = reduce(0, k, 1, acc, [&](Value kk, ValueRange in) {
          SmallVector<Value> next(in), ws;
          for (int64_t c = 0; c < nv; ++c)
            ws.push_back(vector::LoadOp::create(b, loc, vecTy, wp,
                                                ValueRange{panel, kk, idx(c * vl)}));
          for (int64_t r = 0; r < rows; ++r) {
            Value av = vector::BroadcastOp::create(
                b, loc, vecTy,
                memref::LoadOp::create(b, loc, a, ValueRange{idx(i0 + r), kk}));
            for (int64_t c = 0; c < nv; ++c)
              next[r * nv + c] = vector::FMAOp::create(b, loc, av, ws[c], next[r * nv + c]);
          }
          return next;
        });
        for (int64_t r = 0; r < rows; ++r)
          for (int64_t c = 0; c < nv; ++c)
            if (lanes[c])
              store(acc[r * nv + c], out, {idx(i0 + r), addc(j0, c * vl)}, lanes[c]);
      }
    };
    SmallVector<int64_t> full(nv, vl), last;
    for (int64_t c = 0; c < nv; ++c)
      last.push_back(std::clamp<int64_t>(n - (panels - 1) * nw - c * vl, 0, vl));
    if (last == full) {
      panelBody(full);
      return;
    }
    Value isLast = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, panel,
                                         idx(panels - 1));
    auto ifOp = scf::IfOp::create(b, loc, isLast, /*withElseRegion=*/true);
    b.setInsertionPointToStart(ifOp.thenBlock());
    panelBody(last);
    b.setInsertionPointToStart(ifOp.elseBlock());
    panelBody(full);
  }

  /// out[i, j:j+v] += sum_kk broadcast(a[i, kk]) * bm[kk, j:j+v].
  void emitPlain() {
    int64_t mb = largestDivisor(m, 4);
    int64_t nv = n >= 2 * vl ? 2 : 1;
    int64_t chunk = vl * nv, full = n / chunk * chunk;
    loop(0, m, mb, [&](Value i0) {
      if (full)
        loop(0, full, chunk, [&](Value j) {
          block(i0, mb, j, SmallVector<int64_t>(nv, vl));
        });
      for (int64_t j = full; j < n; j += vl)
        block(i0, mb, idx(j), {std::min(vl, n - j)});
    });
  }

private:
  void block(Value i0, int64_t mb, Value j, ArrayRef<int64_t> lanes) {
    int64_t v = lanes.size();
    SmallVector<Value> acc;
    for (int64_t r = 0; r < mb; ++r)
      for (int64_t c = 0; c < v; ++c)
        acc.push_back(load(out, {addc(i0, r), addc(j, c * vl)}, lanes[c]));
    acc = reduce(0, k, 1, acc, [&](Value kk, ValueRange in) {
      SmallVector<Value> next(in), bs;
      for (int64_t c = 0; c < v; ++c)
        bs.push_back(load(bm, {kk, addc(j, c * vl)}, lanes[c]));
      for (int64_t r = 0; r < mb; ++r) {
        Value av = vector::BroadcastOp::create(
            b, loc, vecTy, memref::LoadOp::create(b, loc, a, ValueRange{addc(i0, r), kk}));
        for (int64_t c = 0; c < v; ++c)
          next[r * v + c] = vector::FMAOp::create(b, loc, av, bs[c], next[r * v + c]);
      }
      return next;
    });
    for (int64_t r = 0; r < mb; ++r)
      for (int64_t c = 0; c < v; ++c)
        store(acc[r * v + c], out, {addc(i0, r), addc(j, c * vl)}, lanes[c]);
  }

  Value a, bm, out;
  int64_t m, n, k;
};

bool isRowMajorF32(Value v) {
  auto t = dyn_cast<MemRefType>(v.getType());
  return t && t.hasStaticShape() && t.getRank() == 2 && t.getElementType().isF32() &&
         nnc::hasUnitInnerStride(t);
}

} // namespace

bool nnc::isDenseLayer(linalg::LinalgOp op) {
  if (!isa<linalg::MatmulOp>(op))
    return false;
  for (OpOperand &operand : op->getOpOperands()) {
    auto t = dyn_cast<ShapedType>(operand.get().getType());
    if (!t || !t.hasStaticShape() || t.getRank() != 2 || !t.getElementType().isF32())
      return false;
  }
  MLIRContext *ctx = op->getContext();
  AffineExpr m, n, k;
  bindDims(ctx, m, n, k);
  auto map = [&](AffineExpr x, AffineExpr y) { return AffineMap::get(3, 0, {x, y}, ctx); };
  return op.getIndexingMapsArray() ==
         SmallVector<AffineMap>{map(m, k), map(n, k), map(m, n)};
}

LogicalResult nnc::vectorizeMatmul(linalg::LinalgOp op, int64_t vectorWidth) {
  if (!isa<linalg::MatmulOp>(op) || !op.hasPureBufferSemantics())
    return failure();
  Value a = op.getDpsInputOperand(0)->get(), bm = op.getDpsInputOperand(1)->get(),
        out = op.getDpsInitOperand(0)->get();
  if (!isRowMajorF32(a) || !isRowMajorF32(bm) || !isRowMajorF32(out))
    return failure();
  MLIRContext *ctx = op->getContext();
  AffineExpr m, n, k;
  bindDims(ctx, m, n, k);
  auto maps = op.getIndexingMapsArray();
  auto map = [&](AffineExpr x, AffineExpr y) { return AffineMap::get(3, 0, {x, y}, ctx); };
  bool transposed = nnc::isDenseLayer(op);
  bool plain = maps == SmallVector<AffineMap>{map(m, k), map(k, n), map(m, n)};
  if (!transposed && !plain)
    return failure();
  auto outTy = cast<MemRefType>(out.getType());
  int64_t kDim = cast<MemRefType>(a.getType()).getDimSize(1);
  OpBuilder b(op);
  MatmulEmitter emitter(b, op.getLoc(), a, bm, out, outTy.getDimSize(0),
                        outTy.getDimSize(1), kDim, vectorWidth);
  std::optional<std::vector<float>> weights;
  if (transposed)
    weights = nnc::readF32Global(bm);
  if (weights)
    emitter.emitPacked(op, *weights);
  else if (transposed)
    emitter.emitTransposed();
  else
    emitter.emitPlain();
  op->erase();
  return success();
}
