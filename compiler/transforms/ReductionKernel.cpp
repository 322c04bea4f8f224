//===- ReductionKernel.cpp - Vectorized reductions on buffers -------------===//
//
// Global pooling, softmax's maximum and sum, ReduceMean and friends are
// linalg ops whose innermost loop is a reduction. Left to the loop
// lowering they run one element at a time through one dependent chain of
// additions (4 cycles each). Here the innermost loop runs over vector-wide
// chunks into a vector accumulator that the outer reduction loops carry;
// one horizontal reduction per output element ends it.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/KernelBuilder.h"
#include "compiler/transforms/KernelFusion.h"
#include "compiler/transforms/Kernels.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"

#include <limits>

using namespace mlir;

namespace {

/// The payload's combining op (it alone reads the output's old value) and
/// how vectors of it reduce.
struct Combine {
  Operation *op;
  vector::CombiningKind kind;
  double neutral;
};

std::optional<Combine> combineOf(linalg::LinalgOp op) {
  Block *body = op.getBlock();
  BlockArgument out = op.getMatchingBlockArgument(op.getDpsInitOperand(0));
  Operation *comb = body->getTerminator()->getOperand(0).getDefiningOp();
  if (!comb || comb->getBlock() != body || comb->getNumOperands() != 2 ||
      !out.hasOneUse() || (comb->getOperand(0) != out && comb->getOperand(1) != out))
    return std::nullopt;
  constexpr double inf = std::numeric_limits<double>::infinity();
  using Kind = vector::CombiningKind;
  if (isa<arith::AddFOp>(comb))
    return Combine{comb, Kind::ADD, 0.0};
  if (isa<arith::MulFOp>(comb))
    return Combine{comb, Kind::MUL, 1.0};
  if (isa<arith::MaximumFOp>(comb))
    return Combine{comb, Kind::MAXIMUMF, -inf};
  if (isa<arith::MaxNumFOp>(comb))
    return Combine{comb, Kind::MAXNUMF, -inf};
  if (isa<arith::MinimumFOp>(comb))
    return Combine{comb, Kind::MINIMUMF, inf};
  if (isa<arith::MinNumFOp>(comb))
    return Combine{comb, Kind::MINNUMF, inf};
  return std::nullopt;
}

class ReductionEmitter : nnc::KernelBuilder {
public:
  ReductionEmitter(OpBuilder &b, Location loc, linalg::LinalgOp op, int64_t vl,
                   Combine comb)
      : KernelBuilder(b, loc, vl), op(op), comb(comb) {}

  void emit() {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    int64_t loops = ranges.size(), parallel = op.getNumParallelLoops();
    SmallVector<Value> ivs(loops);
    // Parallel loops outermost, one output element per point.
    std::function<void(int64_t)> outer = [&](int64_t d) {
      if (d < parallel) {
        loop(0, ranges[d], 1, [&](Value iv) {
          ivs[d] = iv;
          outer(d + 1);
        });
        return;
      }
      Value acc = arith::ConstantOp::create(
          b, loc, vecTy, DenseElementsAttr::get(vecTy, float(comb.neutral)));
      acc = reduceFrom(parallel, ranges, ivs, acc);
      Value total = vector::ReductionOp::create(b, loc, comb.kind, acc);
      OpOperand *init = op.getDpsInitOperand(0);
      SmallVector<Value> at = indices(init, ivs);
      Value old = memref::LoadOp::create(b, loc, init->get(), at);
      IRMapping map;
      map.map(op.getMatchingBlockArgument(init), old);
      Value other = comb.op->getOperand(0) == op.getMatchingBlockArgument(init)
                        ? comb.op->getOperand(1)
                        : comb.op->getOperand(0);
      map.map(other, total);
      Value result = b.clone(*comb.op, map)->getResult(0);
      memref::StoreOp::create(b, loc, result, init->get(), at);
    };
    outer(0);
  }

private:
  /// Reduction loops d.. (the last along vectors) carrying `acc`.
  Value reduceFrom(int64_t d, ArrayRef<int64_t> ranges, SmallVector<Value> &ivs,
                   Value acc) {
    int64_t inner = ranges.size() - 1;
    if (d < inner)
      return reduce(0, ranges[d], 1, acc, [&](Value iv, ValueRange a) {
               ivs[d] = iv;
               return SmallVector<Value>{reduceFrom(d + 1, ranges, ivs, a[0])};
             })[0];
    int64_t extent = ranges[inner], full = extent / vl * vl;
    if (full)
      acc = reduce(0, full, vl, acc, [&](Value x, ValueRange a) {
              ivs[inner] = x;
              return SmallVector<Value>{chunk(ivs, a[0], nullptr)};
            })[0];
    if (full < extent) {
      ivs[inner] = idx(full);
      acc = chunk(ivs, acc, mask(extent - full));
    }
    return acc;
  }

  /// The payload on one chunk from `ivs`, combined into `acc` (only the
  /// lanes of `m`, when given).
  Value chunk(ArrayRef<Value> ivs, Value acc, Value m) {
    Block *body = op.getBlock();
    IRMapping map;
    for (OpOperand &operand : op->getOpOperands()) {
      BlockArgument arg = body->getArgument(operand.getOperandNumber());
      if (op.isDpsInit(&operand)) {
        map.map(arg, acc);
        continue;
      }
      Value v = operand.get();
      if (!isa<MemRefType>(v.getType())) {
        map.map(arg, vector::BroadcastOp::create(b, loc, vecTy, v).getResult());
        continue;
      }
      SmallVector<Value> at = indices(&operand, ivs);
      int64_t last = ivs.size() - 1;
      if (!op.getMatchingIndexingMap(&operand).isFunctionOfDim(last))
        map.map(arg, vector::BroadcastOp::create(
                         b, loc, vecTy, memref::LoadOp::create(b, loc, v, at)));
      else
        map.map(arg, nnc::loadVector(b, loc, vecTy, v, at, m));
    }
    Value next = nnc::cloneLaneWise(b, loc, *body, map, vl);
    return m ? arith::SelectOp::create(b, loc, m, next, acc).getResult() : next;
  }

  /// The operand's indices at loop point `ivs` (its indexing map applied).
  SmallVector<Value> indices(OpOperand *operand, ArrayRef<Value> ivs) {
    return nnc::operandIndices(b, loc, op, operand, ivs);
  }

  linalg::LinalgOp op;
  Combine comb;
};

/// Whether `map`'s last result is `d` alone and no other result uses it:
/// the operand runs along its contiguous innermost dimension with loop d.
bool innermostIs(AffineMap map, unsigned d) {
  ArrayRef<AffineExpr> results = map.getResults();
  if (results.empty())
    return false;
  for (AffineExpr e : results.drop_back())
    if (e.isFunctionOfDim(d))
      return false;
  auto last = dyn_cast<AffineDimExpr>(results.back());
  return last && last.getPosition() == d;
}

} // namespace

LogicalResult nnc::vectorizeReduction(linalg::LinalgOp op, int64_t vectorWidth) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() == 0 || op.hasIndexSemantics() ||
      !isa<linalg::GenericOp>(op))
    return failure();
  // Parallel loops first, then reductions; the innermost one runs along
  // vectors of f32.
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  int64_t parallel = op.getNumParallelLoops();
  for (auto [d, it] : llvm::enumerate(iterators))
    if ((int64_t(d) < parallel) != (it == utils::IteratorType::parallel))
      return failure();
  unsigned inner = iterators.size() - 1;
  OpOperand *init = op.getDpsInitOperand(0);
  auto outTy = dyn_cast<MemRefType>(init->get().getType());
  if (!outTy || !outTy.hasStaticShape() || !outTy.getElementType().isF32() ||
      op.getMatchingIndexingMap(init).isFunctionOfDim(inner))
    return failure();
  // Short rows would mostly be masked lanes.
  if (op.getStaticLoopRanges()[inner] < 4)
    return failure();
  bool alongVectors = false;
  for (OpOperand *operand : op.getDpsInputOperands()) {
    Value v = operand->get();
    auto type = dyn_cast<MemRefType>(v.getType());
    if (!type) {
      if (!v.getType().isF32())
        return failure();
      continue;
    }
    AffineMap map = op.getMatchingIndexingMap(operand);
    if (!type.hasStaticShape() || !type.getElementType().isF32())
      return failure();
    if (!map.isFunctionOfDim(inner))
      continue;
    if (!innermostIs(map, inner) || !nnc::hasUnitInnerStride(type))
      return failure();
    alongVectors = true;
  }
  std::optional<Combine> comb = combineOf(op);
  if (!alongVectors || !comb || !nnc::isLaneWise(*op.getBlock()))
    return failure();
  OpBuilder b(op);
  ReductionEmitter(b, op.getLoc(), op, vectorWidth, *comb).emit();
  op->erase();
  return success();
}
