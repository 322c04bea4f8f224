//===- ScalarOps.cpp - Element-type-generic scalar arithmetic -------------===//
//
// Implements ScalarOps.h.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/ScalarOps.h"
#include "compiler/transforms/LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::nnc;

static bool isFloat(Value v) { return isa<FloatType>(v.getType()); }

static Value constantLike(OpBuilder &b, Location loc, Value like, double v) {
  return createScalar(b, loc, like.getType(), v);
}

Value nnc::scalarAdd(OpBuilder &b, Location loc, Value x, Value y) {
  if (isFloat(x))
    return arith::AddFOp::create(b, loc, x, y);
  return arith::AddIOp::create(b, loc, x, y);
}

Value nnc::scalarSub(OpBuilder &b, Location loc, Value x, Value y) {
  if (isFloat(x))
    return arith::SubFOp::create(b, loc, x, y);
  return arith::SubIOp::create(b, loc, x, y);
}

Value nnc::scalarMul(OpBuilder &b, Location loc, Value x, Value y) {
  if (isFloat(x))
    return arith::MulFOp::create(b, loc, x, y);
  return arith::MulIOp::create(b, loc, x, y);
}

/// A divisor that cannot trap: 0 becomes 1, and for signed division -1
/// becomes 1 too (the caller negates instead).
static Value safeDivisor(OpBuilder &b, Location loc, Value y, bool isUnsigned,
                         Value &isZero, Value &isMinusOne) {
  Value zero = constantLike(b, loc, y, 0), one = constantLike(b, loc, y, 1);
  isZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, y, zero);
  Value safe = arith::SelectOp::create(b, loc, isZero, one, y);
  if (isUnsigned)
    return safe;
  isMinusOne = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, y,
                                     constantLike(b, loc, y, -1));
  return arith::SelectOp::create(b, loc, isMinusOne, one, safe);
}

Value nnc::scalarDiv(OpBuilder &b, Location loc, Value x, Value y,
                     bool isUnsigned) {
  if (isFloat(x))
    return arith::DivFOp::create(b, loc, x, y);
  Value isZero, isMinusOne;
  Value d = safeDivisor(b, loc, y, isUnsigned, isZero, isMinusOne);
  Value zero = constantLike(b, loc, x, 0);
  if (isUnsigned)
    return arith::SelectOp::create(b, loc, isZero, zero,
                                   arith::DivUIOp::create(b, loc, x, d));
  Value q = arith::SelectOp::create(b, loc, isMinusOne, scalarNeg(b, loc, x),
                                    arith::DivSIOp::create(b, loc, x, d));
  return arith::SelectOp::create(b, loc, isZero, zero, q);
}

Value nnc::scalarMod(OpBuilder &b, Location loc, Value x, Value y, bool fmod,
                     bool isUnsigned) {
  if (isFloat(x))
    return arith::RemFOp::create(b, loc, x, y);
  Value isZero, isMinusOne;
  Value d = safeDivisor(b, loc, y, isUnsigned, isZero, isMinusOne);
  Value zero = constantLike(b, loc, x, 0);
  if (isUnsigned)
    return arith::SelectOp::create(b, loc, isZero, zero,
                                   arith::RemUIOp::create(b, loc, x, d));
  // x % -1 is 0; remsi(INT_MIN, -1) would trap, so -1 was replaced by 1.
  Value r = arith::RemSIOp::create(b, loc, x, d);
  if (!fmod) {
    // A non-zero remainder whose sign differs from the divisor's moves by y.
    Value rNeg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero);
    Value yNeg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, y, zero);
    Value rNonZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, r, zero);
    Value differ = arith::AndIOp::create(
        b, loc, rNonZero, arith::XOrIOp::create(b, loc, rNeg, yNeg));
    r = arith::SelectOp::create(b, loc, differ, arith::AddIOp::create(b, loc, r, y), r);
  }
  return arith::SelectOp::create(b, loc, isZero, zero, r);
}

Value nnc::scalarMax(OpBuilder &b, Location loc, Value x, Value y,
                     bool isUnsigned) {
  if (isFloat(x))
    return arith::MaximumFOp::create(b, loc, x, y);
  if (isUnsigned)
    return arith::MaxUIOp::create(b, loc, x, y);
  return arith::MaxSIOp::create(b, loc, x, y);
}

Value nnc::scalarMin(OpBuilder &b, Location loc, Value x, Value y,
                     bool isUnsigned) {
  if (isFloat(x))
    return arith::MinimumFOp::create(b, loc, x, y);
  if (isUnsigned)
    return arith::MinUIOp::create(b, loc, x, y);
  return arith::MinSIOp::create(b, loc, x, y);
}

Value nnc::scalarNeg(OpBuilder &b, Location loc, Value x) {
  if (isFloat(x))
    return arith::NegFOp::create(b, loc, x);
  return arith::SubIOp::create(b, loc, constantLike(b, loc, x, 0), x);
}

Value nnc::scalarAbs(OpBuilder &b, Location loc, Value x) {
  if (isFloat(x))
    return math::AbsFOp::create(b, loc, x);
  return math::AbsIOp::create(b, loc, x);
}

Value nnc::scalarCompare(OpBuilder &b, Location loc, StringRef predicate,
                         Value x, Value y, bool isUnsigned) {
  if (isFloat(x)) {
    auto p = llvm::StringSwitch<arith::CmpFPredicate>(predicate)
                 .Case("eq", arith::CmpFPredicate::OEQ)
                 .Case("ne", arith::CmpFPredicate::UNE)
                 .Case("lt", arith::CmpFPredicate::OLT)
                 .Case("le", arith::CmpFPredicate::OLE)
                 .Case("gt", arith::CmpFPredicate::OGT)
                 .Default(arith::CmpFPredicate::OGE);
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  using P = arith::CmpIPredicate;
  auto p = llvm::StringSwitch<P>(predicate)
               .Case("eq", P::eq)
               .Case("ne", P::ne)
               .Case("lt", isUnsigned ? P::ult : P::slt)
               .Case("le", isUnsigned ? P::ule : P::sle)
               .Case("gt", isUnsigned ? P::ugt : P::sgt)
               .Default(isUnsigned ? P::uge : P::sge);
  return arith::CmpIOp::create(b, loc, p, x, y);
}

Value nnc::scalarCast(OpBuilder &b, Location loc, Value x, Type to,
                      bool fromUnsigned, bool toUnsigned) {
  Type from = x.getType();
  if (from == to)
    return x;
  if (to.isInteger(1))
    return scalarCompare(b, loc, "ne", x, constantLike(b, loc, x, 0));
  fromUnsigned |= from.isInteger(1); // true is 1, not -1
  auto fromF = dyn_cast<FloatType>(from);
  auto toF = dyn_cast<FloatType>(to);
  if (fromF && toF)
    return fromF.getWidth() < toF.getWidth()
               ? arith::ExtFOp::create(b, loc, to, x).getResult()
               : arith::TruncFOp::create(b, loc, to, x).getResult();
  if (toF)
    return fromUnsigned ? arith::UIToFPOp::create(b, loc, to, x).getResult()
                        : arith::SIToFPOp::create(b, loc, to, x).getResult();
  if (fromF)
    return toUnsigned ? arith::FPToUIOp::create(b, loc, to, x).getResult()
                      : arith::FPToSIOp::create(b, loc, to, x).getResult();
  unsigned fw = from.getIntOrFloatBitWidth(), tw = to.getIntOrFloatBitWidth();
  if (fw > tw)
    return arith::TruncIOp::create(b, loc, to, x);
  return fromUnsigned ? arith::ExtUIOp::create(b, loc, to, x).getResult()
                      : arith::ExtSIOp::create(b, loc, to, x).getResult();
}
