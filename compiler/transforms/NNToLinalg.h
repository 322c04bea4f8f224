//===- NNToLinalg.h - nn -> linalg pattern sets -----------------*- C++ -*-===//
//
// The conversion is split by op family; the pass adds both sets.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_COMPILER_TRANSFORMS_NNTOLINALG_H
#define NNC_COMPILER_TRANSFORMS_NNTOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::nnc {

/// conv2d, pooling, dense, matmul -> linalg named ops.
void populateNNComputeToLinalgPatterns(RewritePatternSet &patterns);
/// Elementwise, softmax, batch norm and shape ops -> linalg.generic/tensor.
void populateNNElementwiseToLinalgPatterns(RewritePatternSet &patterns);

} // namespace mlir::nnc

#endif // NNC_COMPILER_TRANSFORMS_NNTOLINALG_H
