//===- NNVerify.h - Checks shared by the nn verifiers ----------*- C++ -*-===//
//
// Internal to the dialect library: the shape rules several op families
// share, so that each message is written once.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_DIALECTS_NN_NNVERIFY_H
#define NNC_DIALECTS_NN_NNVERIFY_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

namespace mlir::nnc::nn {

/// Two dimension sizes agree unless both are static and different.
bool dimsAgree(int64_t a, int64_t b);

/// The operands broadcast together (NumPy rules) to exactly the result's
/// shape, and `is_unsigned`, where present, is set on integers only.
LogicalResult verifyBroadcastResult(Operation *op);

/// `axis` lies in [0, rank).
LogicalResult verifyAxis(Operation *op, int64_t axis, int64_t rank);

/// Distinct in-range axes, and the result shape that keepdims implies.
LogicalResult verifyReduce(Operation *op, RankedTensorType in,
                           RankedTensorType out, ArrayRef<int64_t> axes,
                           bool keepdims);

} // namespace mlir::nnc::nn

#endif // NNC_DIALECTS_NN_NNVERIFY_H
