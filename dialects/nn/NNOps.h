//===- NNOps.h - nn dialect declarations ------------------------*- C++ -*-===//
//
// Include this to use the nn dialect and its ops.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_DIALECTS_NN_NNOPS_H
#define NNC_DIALECTS_NN_NNOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/nn/NNDialect.h.inc"

#define GET_OP_CLASSES
#include "dialects/nn/NNOps.h.inc"

namespace mlir::nnc::nn {

/// Output extent of a sliding window along one dimension (convolution or
/// pooling). Returns a negative value when the window does not fit.
int64_t slidingWindowExtent(int64_t input, int64_t kernel, int64_t stride,
                            int64_t padBegin, int64_t padEnd, int64_t dilation,
                            bool ceilMode);

} // namespace mlir::nnc::nn

#endif // NNC_DIALECTS_NN_NNOPS_H
