//===- Spmd.h - What nnc-parallelize splits across threads -------*- C++ -*-===//
//
// nnc-plan-memory and nnc-parallelize must agree on which top-level loops
// the threads share out: a buffer used only inside such a loop is private to
// each thread, and every other buffer is shared.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_COMPILER_TRANSFORMS_SPMD_H
#define NNC_COMPILER_TRANSFORMS_SPMD_H

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

namespace mlir::nnc {

/// Entry-function attributes that nnc-parallelize and nnc-plan-memory set.
inline constexpr llvm::StringLiteral kThreadScratchSizeAttr =
    "nnc.thread_scratch_size";
inline constexpr llvm::StringLiteral kParallelWorkAttr = "nnc.parallel_work";
/// The entry's phases (code between barriers) in order, each named by the
/// model nodes (locations) of its ops: what `nnc bench --phases` reports.
inline constexpr llvm::StringLiteral kPhasesAttr = "nnc.phases";

/// A loop whose iterations are independent (scf.forall from tiling,
/// scf.parallel from the linalg lowering), with static bounds and no
/// results: the unit of work that nnc-parallelize splits by thread.
inline bool isThreadPartitionable(Operation *op) {
  auto staticBounds = [](ArrayRef<OpFoldResult> values) {
    return llvm::all_of(values, [](OpFoldResult v) {
      return getConstantIntValue(v).has_value();
    });
  };
  if (auto forall = dyn_cast<scf::ForallOp>(op))
    return forall->getNumResults() == 0 && !forall.getMapping() &&
           staticBounds(forall.getMixedLowerBound()) &&
           staticBounds(forall.getMixedUpperBound()) &&
           staticBounds(forall.getMixedStep());
  if (auto par = dyn_cast<scf::ParallelOp>(op))
    return par->getNumResults() == 0 &&
           staticBounds(getAsOpFoldResult(par.getLowerBound())) &&
           staticBounds(getAsOpFoldResult(par.getUpperBound())) &&
           staticBounds(getAsOpFoldResult(par.getStep()));
  return false;
}

} // namespace mlir::nnc

#endif // NNC_COMPILER_TRANSFORMS_SPMD_H
