//===- ScalarOps.h - Element-type-generic scalar arithmetic ----*- C++ -*-===//
//
// Scalar builders for linalg bodies that pick float or integer arith ops by
// the operands' type, so each nn op lowers once for every element type.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_COMPILER_TRANSFORMS_SCALAROPS_H
#define NNC_COMPILER_TRANSFORMS_SCALAROPS_H

#include "mlir/IR/Builders.h"

namespace mlir::nnc {

Value scalarAdd(OpBuilder &b, Location loc, Value x, Value y);
Value scalarSub(OpBuilder &b, Location loc, Value x, Value y);
Value scalarMul(OpBuilder &b, Location loc, Value x, Value y);
/// Integer division truncates; a zero divisor gives 0 and INT_MIN / -1
/// wraps, instead of trapping.
Value scalarDiv(OpBuilder &b, Location loc, Value x, Value y,
                bool isUnsigned = false);
/// Remainder with the divisor's sign (Python), or the dividend's with `fmod`
/// (always for floats). A zero integer divisor gives 0.
Value scalarMod(OpBuilder &b, Location loc, Value x, Value y, bool fmod,
                bool isUnsigned = false);
/// NaN-propagating for floats.
Value scalarMax(OpBuilder &b, Location loc, Value x, Value y,
                bool isUnsigned = false);
Value scalarMin(OpBuilder &b, Location loc, Value x, Value y,
                bool isUnsigned = false);
Value scalarNeg(OpBuilder &b, Location loc, Value x);
Value scalarAbs(OpBuilder &b, Location loc, Value x);
/// `predicate` is eq, ne, lt, le, gt or ge; floats compare ordered except ne.
Value scalarCompare(OpBuilder &b, Location loc, StringRef predicate, Value x,
                    Value y, bool isUnsigned = false);
/// Converts `x` to `to`: floats truncate toward zero into integers, anything
/// becomes i1 by testing for non-zero, i1 extends as 0 or 1.
Value scalarCast(OpBuilder &b, Location loc, Value x, Type to,
                 bool fromUnsigned = false, bool toUnsigned = false);

} // namespace mlir::nnc

#endif // NNC_COMPILER_TRANSFORMS_SCALAROPS_H
