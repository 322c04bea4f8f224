//===- KernelFusion.cpp - Prologues and epilogues applied in registers ----===//
//
// Matching of a tile's accumulator fill and elementwise epilogue around a
// buffer-level convolution, and their evaluation on a kernel's vectors.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/KernelFusion.h"
#include "compiler/transforms/Kernels.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using mlir::nnc::FusedInitAndEpilogue;

bool nnc::isLaneWise(Block &payload) {
  for (Operation &op : payload.without_terminator()) {
    StringRef dialect = op.getDialect() ? op.getDialect()->getNamespace() : "";
    auto scalar = [](Type t) { return t.isIntOrFloat(); };
    if ((dialect != "arith" && dialect != "math") || op.getNumRegions() != 0 ||
        !llvm::all_of(op.getOperandTypes(), scalar) ||
        !llvm::all_of(op.getResultTypes(), scalar))
      return false;
  }
  return payload.getTerminator()->getNumOperands() == 1;
}

Value nnc::cloneLaneWise(OpBuilder &b, Location loc, Block &payload,
                         IRMapping &map, int64_t vl) {
  auto vectorOf = [&](Type t) { return VectorType::get({vl}, t); };
  for (Operation &op : payload.without_terminator()) {
    for (Value operand : op.getOperands())
      if (!map.contains(operand))
        map.map(operand,
                vector::BroadcastOp::create(b, loc, vectorOf(operand.getType()),
                                            operand)
                    .getResult());
    Operation *copy = b.clone(op, map);
    for (Value r : copy->getResults())
      r.setType(vectorOf(r.getType()));
  }
  return map.lookup(payload.getTerminator()->getOperand(0));
}

SmallVector<Value> nnc::operandIndices(OpBuilder &b, Location loc,
                                       linalg::LinalgOp op, OpOperand *operand,
                                       ArrayRef<Value> ivs) {
  AffineMap map = op.getMatchingIndexingMap(operand);
  return llvm::map_to_vector(map.getResults(), [&](AffineExpr e) -> Value {
    if (auto d = dyn_cast<AffineDimExpr>(e))
      return ivs[d.getPosition()];
    return affine::expandAffineExpr(b, loc, e, ivs, {});
  });
}

Value nnc::loadVector(OpBuilder &b, Location loc, VectorType type, Value mem,
                      ArrayRef<Value> at, Value mask) {
  if (!mask)
    return vector::LoadOp::create(b, loc, type, mem, at);
  Value zero = arith::ConstantOp::create(
      b, loc, type, DenseElementsAttr::get(type, b.getZeroAttr(type.getElementType())));
  return vector::MaskedLoadOp::create(b, loc, type, mem, at, mask, zero);
}

namespace {

/// The nearest op before (or after) `op` in its block that reads or writes
/// memory (allocations and views do not).
Operation *neighbour(Operation *op, bool before) {
  for (Operation *o = before ? op->getPrevNode() : op->getNextNode(); o;
       o = before ? o->getPrevNode() : o->getNextNode())
    if (!isMemoryEffectFree(o) && !isa<memref::AllocOp>(o))
      return o;
  return nullptr;
}

bool allParallel(linalg::LinalgOp op) {
  return op.getNumLoops() == op.getNumParallelLoops();
}

/// Whether `map` reads only loop dimensions, none of them in `dims`.
bool independentOf(AffineMap map, ArrayRef<unsigned> dims) {
  return llvm::all_of(map.getResults(), [&](AffineExpr e) {
    auto d = dyn_cast<AffineDimExpr>(e);
    return d && !llvm::is_contained(dims, d.getPosition());
  });
}

} // namespace

FusedInitAndEpilogue::FusedInitAndEpilogue(linalg::LinalgOp op,
                                           unsigned channelDim) {
  accBuffer = resultBuffer = op.getDpsInitOperand(0)->get();
  auto accTy = dyn_cast<MemRefType>(accBuffer.getType());
  if (!accTy || accTy.getRank() != 4)
    return;
  // The fill and the epilogue must be the buffer's only other users, on
  // either side of `op` with nothing touching memory in between.
  // An epilogue that writes its result over the buffer (in place) leaves
  // the final values where later ops read them: those may use it too.
  Operation *prev = neighbour(op, /*before=*/true);
  Operation *next = neighbour(op, /*before=*/false);
  auto nextGeneric = dyn_cast_if_present<linalg::GenericOp>(next);
  bool inPlace = nextGeneric && nextGeneric.getNumDpsInits() == 1 &&
                 nextGeneric.getDpsInitOperand(0)->get() == accBuffer;
  Block *block = op->getBlock();
  for (Operation *user : accBuffer.getUsers()) {
    if (user == op.getOperation() || user == prev || user == next ||
        isa<memref::DeallocOp>(user))
      continue;
    Operation *at = block->findAncestorOpInBlock(*user);
    if (!inPlace || !at || !next->isBeforeInBlock(at))
      return;
  }

  if (auto fill = dyn_cast_if_present<linalg::FillOp>(prev)) {
    if (fill.getDpsInitOperand(0)->get() == accBuffer)
      init = fill;
  } else if (auto bias = dyn_cast_if_present<linalg::GenericOp>(prev)) {
    AffineMap channelOnly = AffineMap::get(
        4, 0, getAffineDimExpr(channelDim, op.getContext()));
    if (bias.getNumDpsInputs() == 1 && bias.getNumDpsInits() == 1 &&
        bias.getDpsInitOperand(0)->get() == accBuffer && allParallel(bias) &&
        isa<MemRefType>(bias.getDpsInputOperand(0)->get().getType()) &&
        bias.getIndexingMapsArray()[0] == channelOnly &&
        bias.getIndexingMapsArray()[1].isIdentity() &&
        bias.getBlock()->getTerminator()->getOperand(0) ==
            bias.getBlock()->getArgument(0))
      init = bias;
  }

  auto generic = dyn_cast_if_present<linalg::GenericOp>(next);
  if (!generic || generic.getNumDpsInits() != 1 || !allParallel(generic) ||
      generic.hasIndexSemantics() || !nnc::isLaneWise(*generic.getBlock()))
    return;
  OpOperand *out = generic.getDpsInitOperand(0);
  auto outTy = dyn_cast<MemRefType>(out->get().getType());
  // In place, the payload may not read the old output (not written yet).
  if (inPlace && !generic.getMatchingBlockArgument(out).use_empty())
    return;
  if (!outTy ||
      outTy.getShape() != accTy.getShape() ||
      !generic.getMatchingIndexingMap(out).isIdentity() ||
      !nnc::hasUnitInnerStride(outTy))
    return;
  int accUses = 0;
  for (OpOperand *in : generic.getDpsInputOperands()) {
    Value v = in->get();
    AffineMap map = generic.getMatchingIndexingMap(in);
    if (v == accBuffer) {
      if (!map.isIdentity())
        return;
      accInput = in->getOperandNumber();
      ++accUses;
      continue;
    }
    auto t = dyn_cast<MemRefType>(v.getType());
    if (!t) {
      if (!v.getType().isIntOrFloat())
        return;
      continue;
    }
    bool identity = map.isIdentity() && t.getShape() == accTy.getShape() &&
                    nnc::hasUnitInnerStride(t);
    // Anything else must not vary along a row (one broadcast per vector).
    if (!identity && !independentOf(map, {3}))
      return;
  }
  if (accUses != 1)
    return;
  epilogue = generic;
  resultBuffer = out->get();
  // The kernel replaces `op` and reads the epilogue's buffers there: views
  // and allocations made between the two (nothing in between reads or
  // writes memory) move up.
  for (Operation *o = op->getNextNode(); o != generic.getOperation();) {
    Operation *view = o;
    o = o->getNextNode();
    view->moveBefore(op);
  }
  for (OpOperand &operand : generic->getOpOperands())
    epilogueInputs.push_back(operand.get());
}

bool FusedInitAndEpilogue::allowsFlatRows() const {
  if (!epilogue)
    return true;
  for (OpOperand &operand : epilogue->getOpOperands()) {
    Value v = operand.get();
    if (v == accBuffer || !isa<MemRefType>(v.getType()))
      continue;
    AffineMap map = linalg::GenericOp(epilogue).getMatchingIndexingMap(&operand);
    bool flat = map.isIdentity()
                    ? nnc::rowsContiguous(cast<MemRefType>(v.getType()))
                    : independentOf(map, {2, 3});
    if (!flat)
      return false;
  }
  return true;
}

bool FusedInitAndEpilogue::readsNoImage() const {
  if (!epilogue)
    return true;
  return llvm::all_of(epilogue->getOpOperands(), [&](OpOperand &operand) {
    Value v = operand.get();
    return v == accBuffer || v == resultBuffer || !isa<MemRefType>(v.getType()) ||
           independentOf(linalg::GenericOp(epilogue).getMatchingIndexingMap(&operand),
                         {2, 3});
  });
}

void FusedInitAndEpilogue::flattenRows(function_ref<Value(Value)> flatten) {
  if (!epilogue)
    return;
  for (auto [i, operand] : llvm::enumerate(epilogue->getOpOperands()))
    if (operand.get() != accBuffer && isa<MemRefType>(operand.get().getType()) &&
        epilogue.getMatchingIndexingMap(&operand).isIdentity())
      epilogueInputs[i] = flatten(operand.get());
  // An in-place epilogue's result is the accumulator buffer itself.
  if (resultBuffer == accBuffer)
    epilogueInputs.back() = flatten(accBuffer);
  resultBuffer = epilogueInputs.back();
}

Value FusedInitAndEpilogue::initVector(OpBuilder &b, Location loc,
                                       VectorType type, Value channel) {
  Value scalar;
  if (auto fill = dyn_cast<linalg::FillOp>(init))
    scalar = fill.getDpsInputOperand(0)->get();
  else
    scalar = memref::LoadOp::create(
        b, loc, cast<linalg::GenericOp>(init).getDpsInputOperand(0)->get(),
        ValueRange{channel});
  return vector::BroadcastOp::create(b, loc, type, scalar);
}

Value FusedInitAndEpilogue::apply(OpBuilder &b, Location loc, Value acc,
                                  ArrayRef<Value> index, int64_t lanes) {
  int64_t vl = cast<VectorType>(acc.getType()).getNumElements();
  if (!epilogue || lanes == vl)
    return apply(b, loc, acc, index, Value());
  Value mask = vector::ConstantMaskOp::create(
      b, loc, VectorType::get({vl}, b.getI1Type()), ArrayRef<int64_t>{lanes});
  return apply(b, loc, acc, index, mask);
}

Value FusedInitAndEpilogue::apply(OpBuilder &b, Location loc, Value acc,
                                  ArrayRef<Value> index, Value mask) {
  if (!epilogue)
    return acc;
  int64_t vl = cast<VectorType>(acc.getType()).getNumElements();
  auto vectorOf = [&](Type t) { return VectorType::get({vl}, t); };
  Block *body = epilogue.getBlock();
  IRMapping map;
  for (OpOperand &operand : epilogue->getOpOperands()) {
    unsigned i = operand.getOperandNumber();
    BlockArgument arg = body->getArgument(i);
    Value v = epilogueInputs[i];
    if (arg.use_empty())
      continue;
    if (i == accInput) {
      map.map(arg, acc);
      continue;
    }
    if (!isa<MemRefType>(v.getType())) {
      map.map(arg, vector::BroadcastOp::create(b, loc, vectorOf(v.getType()), v)
                       .getResult());
      continue;
    }
    AffineMap m = epilogue.getMatchingIndexingMap(&operand);
    if (m.isIdentity()) {
      map.map(arg, nnc::loadVector(
                       b, loc, vectorOf(cast<MemRefType>(v.getType()).getElementType()),
                       v, index, mask));
      continue;
    }
    SmallVector<Value> at = llvm::map_to_vector(m.getResults(), [&](AffineExpr e) {
      return index[cast<AffineDimExpr>(e).getPosition()];
    });
    Value scalar = memref::LoadOp::create(b, loc, v, at);
    map.map(arg, vector::BroadcastOp::create(b, loc, vectorOf(scalar.getType()),
                                             scalar)
                     .getResult());
  }
  return nnc::cloneLaneWise(b, loc, *body, map, vl);
}

void FusedInitAndEpilogue::eraseFused() {
  if (init)
    init->erase();
  if (epilogue)
    epilogue->erase();
  auto alloc = accBuffer.getDefiningOp<memref::AllocOp>();
  if (!alloc || !llvm::all_of(alloc->getUsers(), llvm::IsaPred<memref::DeallocOp>))
    return;
  for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
    user->erase();
  alloc->erase();
}
