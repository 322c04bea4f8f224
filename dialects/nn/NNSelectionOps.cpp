//===- NNSelectionOps.cpp - verifiers of logic and indexing ops -----------===//
//
// Comparison, selection, bitwise and index-producing or index-consuming ops:
// the ops that bring integer and boolean tensors into a graph.
//
//===----------------------------------------------------------------------===//

#include "dialects/nn/NNOps.h"
#include "dialects/nn/NNVerify.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::nnc::nn;

LogicalResult AndOp::verify() { return verifyBroadcastResult(*this); }
LogicalResult OrOp::verify() { return verifyBroadcastResult(*this); }
LogicalResult XorOp::verify() { return verifyBroadcastResult(*this); }
LogicalResult ShiftLeftOp::verify() { return verifyBroadcastResult(*this); }
LogicalResult ShiftRightOp::verify() { return verifyBroadcastResult(*this); }

LogicalResult ModOp::verify() {
  if (!getFmod() && isa<FloatType>(getLhs().getType().getElementType()))
    return emitOpError() << "expects fmod on float operands";
  return verifyBroadcastResult(*this);
}

LogicalResult CompareOp::verify() {
  if (!llvm::is_contained({"eq", "ne", "lt", "le", "gt", "ge"}, getPredicate()))
    return emitOpError() << "expects predicate eq, ne, lt, le, gt or ge, got '"
                         << getPredicate() << "'";
  return verifyBroadcastResult(*this);
}

LogicalResult SelectOp::verify() { return verifyBroadcastResult(*this); }

LogicalResult HardmaxOp::verify() {
  return verifyAxis(*this, getAxis(), getInput().getType().getRank());
}

static LogicalResult verifyArgReduce(Operation *op, RankedTensorType in,
                                     RankedTensorType out, int64_t axis,
                                     bool keepdims) {
  if (failed(verifyAxis(op, axis, in.getRank())))
    return failure();
  return verifyReduce(op, in, out, {axis}, keepdims);
}

LogicalResult ArgMaxOp::verify() {
  return verifyArgReduce(*this, getInput().getType(), getOutput().getType(),
                         getAxis(), getKeepdims());
}

LogicalResult ArgMinOp::verify() {
  return verifyArgReduce(*this, getInput().getType(), getOutput().getType(),
                         getAxis(), getKeepdims());
}

LogicalResult GatherOp::verify() {
  RankedTensorType in = getInput().getType();
  if (failed(verifyAxis(*this, getAxis(), in.getRank())))
    return failure();
  SmallVector<int64_t> expected(in.getShape().take_front(getAxis()));
  llvm::append_range(expected, getIndices().getType().getShape());
  llvm::append_range(expected, in.getShape().drop_front(getAxis() + 1));
  ArrayRef<int64_t> out = getOutput().getType().getShape();
  if (out.size() != expected.size() ||
      !llvm::all_of(llvm::zip(out, expected),
                    [](auto p) { return dimsAgree(std::get<0>(p), std::get<1>(p)); }))
    return emitOpError() << "expects the result shape input[:axis] + indices "
                            "+ input[axis+1:]";
  if (in.getDimSize(getAxis()) == 0 && getIndices().getType().getNumElements())
    return emitOpError() << "gathers from an empty axis";
  return success();
}

LogicalResult GatherElementsOp::verify() {
  RankedTensorType in = getInput().getType();
  RankedTensorType idx = getIndices().getType();
  if (failed(verifyAxis(*this, getAxis(), in.getRank())))
    return failure();
  if (idx.getRank() != in.getRank())
    return emitOpError() << "expects indices of the input's rank "
                         << in.getRank() << ", got " << idx.getRank();
  for (int64_t d = 0; d < in.getRank(); ++d)
    if (d != getAxis() && !ShapedType::isDynamic(idx.getDimSize(d)) &&
        !ShapedType::isDynamic(in.getDimSize(d)) &&
        idx.getDimSize(d) > in.getDimSize(d))
      return emitOpError() << "expects indices dimension " << d
                           << " to be at most " << in.getDimSize(d);
  return success();
}

LogicalResult TriluOp::verify() {
  if (getInput().getType().getRank() < 2)
    return emitOpError() << "expects a rank of at least 2";
  if (getK() && getK().getType().hasStaticShape() &&
      getK().getType().getNumElements() != 1)
    return emitOpError() << "expects k to hold one element";
  return success();
}
