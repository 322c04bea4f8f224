//===- ElementwiseKernel.cpp - Vectorized elementwise ops on buffers ------===//
//
// Bias fills, activations, residual adds and copies into padded buffers run
// once per tile of every layer. Left to LLVM they stay scalar (it cannot
// prove that the buffers do not alias); here each becomes an scf.parallel
// over its outer dimensions and vector-wide chunks of its innermost one.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/KernelBuilder.h"
#include "compiler/transforms/KernelFusion.h"
#include "compiler/transforms/Kernels.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace {

/// Stride-1 innermost dimension of a static memref.
bool innermostContiguous(MemRefType type) {
  return type.hasStaticShape() && nnc::hasUnitInnerStride(type);
}

/// How far an operand's element moves per step of loop `inner`: 0 when its
/// map does not use that loop, s when only its last index does, as
/// `inner * s + (other loops)`; nothing for any other use (transposes,
/// non-affine indices).
std::optional<int64_t> innerStride(AffineMap map, unsigned inner) {
  ArrayRef<AffineExpr> results = map.getResults();
  for (AffineExpr e : results.drop_back(results.empty() ? 0 : 1))
    if (!e.isPureAffine() || e.isFunctionOfDim(inner))
      return std::nullopt;
  if (results.empty())
    return 0;
  AffineExpr last = results.back();
  if (!last.isPureAffine())
    return std::nullopt;
  if (!last.isFunctionOfDim(inner))
    return 0;
  AffineExpr d = getAffineDimExpr(inner, map.getContext());
  AffineExpr step = simplifyAffineExpr(last.replace(d, d + 1) - last,
                                       map.getNumDims(), map.getNumSymbols());
  auto c = dyn_cast<AffineConstantExpr>(step);
  if (!c || c.getValue() < 1)
    return std::nullopt;
  return c.getValue();
}

class ElementwiseEmitter : nnc::KernelBuilder {
public:
  ElementwiseEmitter(OpBuilder &b, Location loc, linalg::LinalgOp op,
                     int64_t vl, unsigned inner)
      : KernelBuilder(b, loc, vl), op(op), inner(inner) {}

  void emit() {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    int64_t extent = ranges[inner];
    SmallVector<Value> lbs, ubs, steps;
    for (auto [d, n] : llvm::enumerate(ranges)) {
      lbs.push_back(idx(0));
      ubs.push_back(idx(d == inner ? (n + vl - 1) / vl : n));
      steps.push_back(idx(1));
    }
    // Scalars from outside the payload (captured values, a fill's value)
    // are broadcast once, before the loop.
    Block *body = op.getBlock();
    IRMapping map;
    auto splat = [&](Value key, Value v) {
      if (!map.contains(key))
        map.map(key, vector::BroadcastOp::create(b, loc, vectorType(v.getType()), v)
                         .getResult());
    };
    for (OpOperand &operand : op->getOpOperands())
      if (!isa<MemRefType>(operand.get().getType()))
        splat(body->getArgument(operand.getOperandNumber()), operand.get());
    body->walk([&](Operation *payload) {
      for (Value v : payload->getOperands())
        if (v.getParentBlock() != body)
          splat(v, v);
    });
    auto par = scf::ParallelOp::create(b, loc, lbs, ubs, steps);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(par.getBody());
    SmallVector<Value> ivs(par.getInductionVars());
    Value x = mulc(ivs[inner], vl);
    ivs[inner] = x;
    Value m;
    if (extent % vl) { // lanes left in this chunk: min(vl, extent - x)
      Value left = arith::SubIOp::create(b, loc, idx(extent), x);
      lanes = arith::MinSIOp::create(b, loc, left, idx(vl));
      m = vector::CreateMaskOp::create(
          b, loc, VectorType::get({vl}, b.getI1Type()), ValueRange{lanes});
    }

    for (OpOperand &operand : op->getOpOperands()) {
      BlockArgument arg = body->getArgument(operand.getOperandNumber());
      if (map.contains(arg) || (op.isDpsInit(&operand) && arg.use_empty()))
        continue;
      map.map(arg, read(operand, ivs, m));
    }
    Value result = nnc::cloneLaneWise(b, loc, *body, map, vl);
    OpOperand *init = op.getDpsInitOperand(0);
    Value mem = init->get();
    SmallVector<Value> at = indices(init, ivs);
    if (m)
      vector::MaskedStoreOp::create(b, loc, mem, at, m, result);
    else
      vector::StoreOp::create(b, loc, result, mem, at);
  }

private:
  VectorType vectorType(Type element) { return VectorType::get({vl}, element); }

  /// The operand's indices at loop point `ivs` (its indexing map applied).
  SmallVector<Value> indices(OpOperand *operand, ArrayRef<Value> ivs) {
    return nnc::operandIndices(b, loc, op, operand, ivs);
  }

  Value maskOf(Value count) {
    return vector::CreateMaskOp::create(b, loc, VectorType::get({vl}, b.getI1Type()),
                                        ValueRange{count});
  }

  /// Elements at, at + s, at + 2s, ... (the valid lanes of `m`): for s = 2
  /// two loads of consecutive elements and a shuffle of the even ones,
  /// otherwise a gather.
  Value readStrided(Value mem, ArrayRef<Value> at, int64_t stride, Value m) {
    Type element = cast<MemRefType>(mem.getType()).getElementType();
    VectorType type = vectorType(element);
    Value zero = arith::ConstantOp::create(
        b, loc, type, DenseElementsAttr::get(type, b.getZeroAttr(element)));
    if (stride == 2) {
      // 2 * lanes - 1 elements from `at`, the first vl of them in `lo`.
      Value count = lanes ? arith::SubIOp::create(b, loc, mulc(lanes, 2), idx(1))
                                .getResult()
                          : idx(2 * vl - 1);
      Value loCount = arith::MinSIOp::create(b, loc, count, idx(vl));
      Value hiCount = arith::MaxSIOp::create(
          b, loc, arith::SubIOp::create(b, loc, count, idx(vl)), idx(0));
      SmallVector<Value> hiAt(at);
      hiAt.back() = addc(at.back(), vl);
      Value lo = vector::MaskedLoadOp::create(b, loc, type, mem, at,
                                              maskOf(loCount), zero);
      Value hi = vector::MaskedLoadOp::create(b, loc, type, mem, hiAt,
                                              maskOf(hiCount), zero);
      SmallVector<int64_t> even;
      for (int64_t i = 0; i < vl; ++i)
        even.push_back(2 * i);
      return vector::ShuffleOp::create(b, loc, lo, hi, even);
    }
    SmallVector<int32_t> offsets;
    for (int64_t i = 0; i < vl; ++i)
      offsets.push_back(static_cast<int32_t>(i * stride));
    auto idxTy = VectorType::get({vl}, b.getI32Type());
    Value offsetVec = arith::ConstantOp::create(
        b, loc, idxTy, DenseElementsAttr::get(idxTy, ArrayRef<int32_t>(offsets)));
    Value all = m ? m : maskOf(idx(vl));
    return vector::GatherOp::create(b, loc, type, mem, at, offsetVec, all, zero);
  }

  /// A vector of the memref operand's values at `ivs`: a (masked) load
  /// along the innermost loop, or the broadcast of one element that does
  /// not vary along it.
  Value read(OpOperand &operand, ArrayRef<Value> ivs, Value m) {
    Value v = operand.get();
    Type element = cast<MemRefType>(v.getType()).getElementType();
    SmallVector<Value> at = indices(&operand, ivs);
    int64_t stride = *innerStride(op.getMatchingIndexingMap(&operand), inner);
    if (stride == 0) {
      Value scalar = memref::LoadOp::create(b, loc, v, at);
      return vector::BroadcastOp::create(b, loc, vectorType(element), scalar);
    }
    if (stride > 1)
      return readStrided(v, at, stride, m);
    return nnc::loadVector(b, loc, vectorType(element), v, at, m);
  }

  linalg::LinalgOp op;
  unsigned inner; ///< The loop that runs along vectors.
  Value lanes;    ///< Valid lanes of this chunk, when some chunks are partial.
};

} // namespace

LogicalResult nnc::vectorizeElementwise(linalg::LinalgOp op,
                                        int64_t vectorWidth) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() != 0 || op.getNumLoops() == 0 ||
      op.hasIndexSemantics())
    return failure();
  // The innermost output dimension runs along vectors; each memref operand
  // either does not depend on that loop or reads it in its own contiguous
  // innermost dimension, consecutively or with a constant stride (the
  // patches of an im2col).
  OpOperand *init = op.getDpsInitOperand(0);
  auto outTy = dyn_cast<MemRefType>(init->get().getType());
  AffineMap outMap = op.getMatchingIndexingMap(init);
  if (!outTy || outTy.getRank() == 0 || !innermostContiguous(outTy) ||
      !outMap.isPermutation())
    return failure();
  unsigned inner = cast<AffineDimExpr>(outMap.getResults().back()).getPosition();
  if (outTy.getShape().back() < 4) // mostly masked lanes: leave it scalar
    return failure();
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type) {
      if (!operand.get().getType().isIntOrFloat())
        return failure();
      continue;
    }
    AffineMap map = op.getMatchingIndexingMap(&operand);
    std::optional<int64_t> stride = innerStride(map, inner);
    if (!type.hasStaticShape() || !type.getElementType().isIntOrFloat() ||
        !stride || (*stride && !innermostContiguous(type)))
      return failure();
    // The output is written with plain vector stores.
    if (op.isDpsInit(&operand) && *stride != 1)
      return failure();
  }
  if (!nnc::isLaneWise(*op.getBlock()))
    return failure();
  OpBuilder b(op);
  ElementwiseEmitter(b, op.getLoc(), op, vectorWidth, inner).emit();
  op->erase();
  return success();
}
