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

} // namespace mlir::nnc

#endif // NNC_COMPILER_TRANSFORMS_CONSTANTS_H
