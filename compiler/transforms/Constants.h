//===- Constants.h - Host-side access to f32 constant tensors --*- C++ -*-===//
//
// Graph passes that fold weights read constant tensors (dense or resource
// backed) into host vectors and write results back as resource constants.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_COMPILER_TRANSFORMS_CONSTANTS_H
#define NNC_COMPILER_TRANSFORMS_CONSTANTS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"

#include <optional>
#include <vector>

namespace mlir::nnc {

/// Row-major values of `v` if it is an f32 arith.constant tensor.
std::optional<std::vector<float>> readF32Constant(Value v);

/// An arith.constant of `type` holding `values` (resource backed, so large
/// folded weights never print as text).
Value createF32Constant(OpBuilder &b, Location loc, RankedTensorType type,
                        const std::vector<float> &values);

/// Row-major values of the f32 constant memref.global that `v` is a
/// memref.get_global of (kernels packing weights at compile time).
std::optional<std::vector<float>> readF32Global(Value v);

template <typename T> ArrayRef<char> asBytes(ArrayRef<T> values) {
  return {reinterpret_cast<const char *>(values.data()), values.size() * sizeof(T)};
}

/// A new private constant memref.global of `type` holding `bytes` (resource
/// backed, 64-byte aligned, named `name` or `name_N` when taken) in the
/// module around `anchor`, and a memref.get_global of it at the builder's
/// insertion point.
Value createConstantGlobal(OpBuilder &b, Location loc, Operation *anchor,
                           StringRef name, MemRefType type, ArrayRef<char> bytes);

} // namespace mlir::nnc

#endif // NNC_COMPILER_TRANSFORMS_CONSTANTS_H
