//===- KernelBuilder.h - Loops and vector memory ops for kernels -*- C++ -*-===//
//
// The building blocks the kernel emitters of Kernels.h share: static loops
// (plain, or carrying values such as accumulators), index arithmetic, and
// loads and stores of `lanes` (<= the vector width) consecutive floats that
// fall back to masked forms at row ends.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_COMPILER_TRANSFORMS_KERNELBUILDER_H
#define NNC_COMPILER_TRANSFORMS_KERNELBUILDER_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace mlir::nnc {

class KernelBuilder {
public:
  KernelBuilder(OpBuilder &b, Location loc, int64_t vectorWidth)
      : b(b), loc(loc), vl(vectorWidth),
        vecTy(VectorType::get({vectorWidth}, b.getF32Type())) {}

protected:
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value addc(Value x, int64_t c) { return c ? add(x, idx(c)) : x; }
  Value mulc(Value x, int64_t c) {
    return c == 1 ? x : arith::MulIOp::create(b, loc, x, idx(c)).getResult();
  }

  /// for (i = lb; i < ub; i += step) body(i)
  void loop(int64_t lb, int64_t ub, int64_t step, function_ref<void(Value)> body) {
    auto forOp = scf::ForOp::create(b, loc, idx(lb), idx(ub), idx(step));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(forOp.getBody());
    body(forOp.getInductionVar());
  }

  /// A loop carrying `init` (kept in registers); body(i, values) returns the
  /// next values. Returns the final ones.
  SmallVector<Value>
  reduce(int64_t lb, int64_t ub, int64_t step, ValueRange init,
         function_ref<SmallVector<Value>(Value, ValueRange)> body) {
    return reduce(idx(lb), idx(ub), step, init, body);
  }
  /// The same with bounds computed at run time.
  SmallVector<Value>
  reduce(Value lb, Value ub, int64_t step, ValueRange init,
         function_ref<SmallVector<Value>(Value, ValueRange)> body) {
    auto forOp = scf::ForOp::create(
        b, loc, lb, ub, idx(step), init,
        [&](OpBuilder &, Location, Value iv, ValueRange args) {
          scf::YieldOp::create(b, loc, body(iv, args));
        });
    return SmallVector<Value>(forOp.getResults());
  }

  /// Whether index `x` equals `c`.
  Value isEq(Value x, int64_t c) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, idx(c));
  }

  /// if (cond) thenBody() else elseBody()
  void ifElse(Value cond, function_ref<void()> thenBody,
              function_ref<void()> elseBody) {
    scf::IfOp::create(
        b, loc, cond,
        [&](OpBuilder &, Location) {
          thenBody();
          scf::YieldOp::create(b, loc);
        },
        [&](OpBuilder &, Location) {
          elseBody();
          scf::YieldOp::create(b, loc);
        });
  }

  /// cond ? thenValues() : elseValues() (values of the same types).
  SmallVector<Value> select(Value cond,
                            function_ref<SmallVector<Value>()> thenValues,
                            function_ref<SmallVector<Value>()> elseValues) {
    auto ifOp = scf::IfOp::create(
        b, loc, cond,
        [&](OpBuilder &, Location) { scf::YieldOp::create(b, loc, thenValues()); },
        [&](OpBuilder &, Location) { scf::YieldOp::create(b, loc, elseValues()); });
    return SmallVector<Value>(ifOp.getResults());
  }

  /// The transpose of the vl x vl matrix whose rows are `rows` (missing
  /// rows are zero): log2(vl) stages that swap the off-diagonal d x d
  /// blocks of row pairs (d = vl/2, ..., 1), vl two-vector shuffles each,
  /// which LLVM maps to single instructions.
  SmallVector<Value> transpose(ArrayRef<Value> rows) {
    SmallVector<Value> m(rows);
    m.resize(vl, zeros());
    for (int64_t d = vl / 2; d >= 1; d /= 2) {
      SmallVector<int64_t> lo, hi;
      for (int64_t j = 0; j < vl; ++j) {
        bool keep = (j / d) % 2 == 0;
        lo.push_back(keep ? j : vl + j - d);
        hi.push_back(keep ? j + d : vl + j);
      }
      for (int64_t i = 0; i < vl; ++i) {
        if ((i / d) % 2)
          continue;
        Value a = m[i], c = m[i + d];
        m[i] = vector::ShuffleOp::create(b, loc, a, c, lo);
        m[i + d] = vector::ShuffleOp::create(b, loc, a, c, hi);
      }
    }
    return m;
  }

  Value zeros() {
    return arith::ConstantOp::create(b, loc, vecTy,
                                     DenseElementsAttr::get(vecTy, 0.0f));
  }
  Value mask(int64_t lanes) {
    return vector::ConstantMaskOp::create(
        b, loc, VectorType::get({vl}, b.getI1Type()), ArrayRef<int64_t>{lanes});
  }
  /// `lanes` consecutive floats of `mem` from `index`; the rest are zero.
  Value load(Value mem, ArrayRef<Value> index, int64_t lanes) {
    if (lanes == vl)
      return vector::LoadOp::create(b, loc, vecTy, mem, index);
    return vector::MaskedLoadOp::create(b, loc, vecTy, mem, index, mask(lanes),
                                        zeros());
  }
  /// Stores the first `lanes` floats of `v` at `index`.
  void store(Value v, Value mem, ArrayRef<Value> index, int64_t lanes) {
    if (lanes == vl)
      vector::StoreOp::create(b, loc, v, mem, index);
    else
      vector::MaskedStoreOp::create(b, loc, mem, index, mask(lanes), v);
  }

  OpBuilder &b;
  Location loc;
  int64_t vl;
  VectorType vecTy;
};

} // namespace mlir::nnc

#endif // NNC_COMPILER_TRANSFORMS_KERNELBUILDER_H
