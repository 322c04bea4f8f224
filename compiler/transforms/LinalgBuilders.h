//===- LinalgBuilders.h - Helpers for building linalg on tensors -*- C++ -*-===//
//
// Small constructors shared by the nn -> linalg patterns: empty/filled
// tensors, NumPy-broadcast elementwise generics, spatial padding.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_COMPILER_TRANSFORMS_LINALGBUILDERS_H
#define NNC_COMPILER_TRANSFORMS_LINALGBUILDERS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::nnc {

/// Body of an elementwise generic: maps the (broadcast) input scalars to the
/// output scalar.
using ScalarFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type);
/// A float or integer constant; for integers, +-infinity saturate to the
/// signed range and other values truncate.
Value createScalar(OpBuilder &b, Location loc, Type type, double value);
/// tensor.empty + linalg.fill with `value`.
Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   double value);

/// Map from the iteration space of a `resultRank` loop nest to an operand of
/// `shape` broadcast by NumPy rules (right-aligned; size-1 dims that stretch
/// read index 0).
AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> shape,
                       ArrayRef<int64_t> resultShape);

/// A parallel linalg.generic producing `resultType` from `inputs` broadcast
/// to it; `fn` computes one element.
Value createElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                        ValueRange inputs, ScalarFn fn);

/// A tensor of `resultType` (rank 4, NCHW) whose element [n, c, h, w] is
/// `vec[c]`, or `fillValue` everywhere when `vec` is null.
Value createChannelInit(OpBuilder &b, Location loc, RankedTensorType resultType,
                        Value vec, int64_t channelDim, double fillValue);

/// Pads dims 2 and 3 of an NCHW tensor: `pad` is [top, left, bottom, right],
/// `extraEnd` adds to bottom/right (ceil-mode windows). Returns `input` when
/// nothing is padded.
Value padSpatial(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> pad,
                 ArrayRef<int64_t> extraEnd, double padValue);

/// A reduction over `axes` of a rank-`rank` loop nest whose result keeps
/// the reduced dimensions with size 1: the result's indexing map (reduced
/// dims read index 0) and the iterator types.
struct KeepdimsReduction {
  AffineMap resultMap;
  SmallVector<utils::IteratorType> iterators;
};
KeepdimsReduction keepdimsReduction(MLIRContext *ctx, int64_t rank,
                                    ArrayRef<int64_t> axes);

/// Row-major reshape of a static tensor to `outTy` through a 1-D view
/// (rank 0 included): collapse_shape/expand_shape, free after bufferization.
Value reshapeTo(OpBuilder &b, Location loc, Value v, RankedTensorType outTy);

} // namespace mlir::nnc

#endif // NNC_COMPILER_TRANSFORMS_LINALGBUILDERS_H
