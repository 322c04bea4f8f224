//===- FoldConstants.cpp - Evaluate nn ops on constants -------------------===//
//
// Importers produce ops on constants (transposed Gemm weights, reshaped
// biases, alpha/beta scaling); computing them once at compile time keeps
// them out of every inference.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Constants.h"
#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNOps.h"

#include "llvm/ADT/TypeSwitch.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_FOLDCONSTANTSPASS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::nnc

using namespace mlir;
using namespace mlir::nnc;

namespace {

SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> s(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/// Calls fn(outIndex, multiIndex) for every element of `shape`.
template <typename Fn> void forEachIndex(ArrayRef<int64_t> shape, Fn fn) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  SmallVector<int64_t> idx(shape.size(), 0);
  for (int64_t i = 0; i < n; ++i) {
    fn(i, ArrayRef<int64_t>(idx));
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (++idx[d] < shape[d])
        break;
      idx[d] = 0;
    }
  }
}

/// Linear index into `shape` (broadcast NumPy-style to the result) of the
/// result's multi-index `idx`.
int64_t broadcastIndex(ArrayRef<int64_t> shape, ArrayRef<int64_t> idx) {
  SmallVector<int64_t> strides = stridesOf(shape);
  int64_t lead = idx.size() - shape.size(), linear = 0;
  for (size_t d = 0; d < shape.size(); ++d)
    if (shape[d] != 1)
      linear += idx[lead + d] * strides[d];
  return linear;
}

/// Values of `op`'s result, or nullopt when `op` is not foldable here.
std::optional<std::vector<float>>
evaluate(Operation *op, ArrayRef<std::vector<float>> in,
         RankedTensorType outTy) {
  ArrayRef<int64_t> outShape = outTy.getShape();
  auto inShape = [&](unsigned i) {
    return cast<RankedTensorType>(op->getOperand(i).getType()).getShape();
  };
  std::vector<float> out(outTy.getNumElements());
  auto binary = [&](auto f) {
    forEachIndex(outShape, [&](int64_t i, ArrayRef<int64_t> idx) {
      out[i] = f(in[0][broadcastIndex(inShape(0), idx)],
                 in[1][broadcastIndex(inShape(1), idx)]);
    });
    return out;
  };
  return llvm::TypeSwitch<Operation *, std::optional<std::vector<float>>>(op)
      .Case<nn::ReshapeOp, nn::FlattenOp>(
          [&](auto) -> std::optional<std::vector<float>> { return in[0]; })
      .Case([&](nn::TransposeOp t) -> std::optional<std::vector<float>> {
        SmallVector<int64_t> strides = stridesOf(inShape(0));
        ArrayRef<int64_t> perm = t.getPerm();
        forEachIndex(outShape, [&](int64_t i, ArrayRef<int64_t> idx) {
          int64_t src = 0;
          for (size_t d = 0; d < perm.size(); ++d)
            src += idx[d] * strides[perm[d]];
          out[i] = in[0][src];
        });
        return out;
      })
      .Case([&](nn::SliceOp s) -> std::optional<std::vector<float>> {
        SmallVector<int64_t> strides = stridesOf(inShape(0));
        forEachIndex(outShape, [&](int64_t i, ArrayRef<int64_t> idx) {
          int64_t src = 0;
          for (size_t d = 0; d < idx.size(); ++d)
            src += (s.getOffsets()[d] + idx[d] * s.getStrides()[d]) * strides[d];
          out[i] = in[0][src];
        });
        return out;
      })
      .Case([&](nn::ConcatOp c) -> std::optional<std::vector<float>> {
        int64_t axis = c.getAxis();
        SmallVector<int64_t> bounds; // prefix sums of the axis sizes
        int64_t total = 0;
        for (unsigned k = 0; k < op->getNumOperands(); ++k)
          bounds.push_back(total += inShape(k)[axis]);
        forEachIndex(outShape, [&](int64_t i, ArrayRef<int64_t> idx) {
          unsigned k = 0;
          while (idx[axis] >= bounds[k])
            ++k;
          SmallVector<int64_t> local(idx);
          local[axis] -= k ? bounds[k - 1] : 0;
          SmallVector<int64_t> strides = stridesOf(inShape(k));
          int64_t src = 0;
          for (size_t d = 0; d < local.size(); ++d)
            src += local[d] * strides[d];
          out[i] = in[k][src];
        });
        return out;
      })
      .Case([&](nn::AddOp) { return binary(std::plus<float>()); })
      .Case([&](nn::SubOp) { return binary(std::minus<float>()); })
      .Case([&](nn::MulOp) { return binary(std::multiplies<float>()); })
      .Case([&](nn::DivOp) { return binary(std::divides<float>()); })
      .Default([](Operation *) { return std::nullopt; });
}

struct FoldConstantsPass : nnc::impl::FoldConstantsPassBase<FoldConstantsPass> {
  using FoldConstantsPassBase::FoldConstantsPassBase;

  void runOnOperation() override {
    // Program order: a folded result feeds the next op's fold directly.
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<nn::NNDialect>(op->getDialect()) && op->getNumResults() == 1)
        ops.push_back(op);
    });
    OpBuilder b(&getContext());
    for (Operation *op : ops) {
      auto outTy = dyn_cast<RankedTensorType>(op->getResult(0).getType());
      if (!outTy || !outTy.hasStaticShape() ||
          outTy.getNumElements() > maxElements)
        continue;
      SmallVector<std::vector<float>> inputs;
      for (Value operand : op->getOperands()) {
        auto values = readF32Constant(operand);
        if (!values)
          break;
        inputs.push_back(std::move(*values));
      }
      if (inputs.size() != op->getNumOperands() || inputs.empty())
        continue;
      std::optional<std::vector<float>> result = evaluate(op, inputs, outTy);
      if (!result)
        continue;
      b.setInsertionPoint(op);
      op->getResult(0).replaceAllUsesWith(
          createF32Constant(b, op->getLoc(), outTy, *result));
      SmallVector<Operation *> operands;
      for (Value v : op->getOperands())
        operands.push_back(v.getDefiningOp());
      op->erase();
      for (Operation *def : operands) // Constants the fold made dead.
        if (def && def->use_empty())
          def->erase();
    }
  }
};

} // namespace
