//===- Kernels.h - Vectorized kernels for buffer-level compute ops -*- C++ -*-===//
//
// Emitters that replace one static f32 linalg op on buffers with
// register-tiled loops of vector ops (used by nnc-vectorize-compute).
//
//===----------------------------------------------------------------------===//

#ifndef NNC_COMPILER_TRANSFORMS_KERNELS_H
#define NNC_COMPILER_TRANSFORMS_KERNELS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::nnc {

/// linalg.conv_2d_nchw_fchw / conv_2d_ngchw_gfchw (ConvKernel.cpp). Fails,
/// leaving the op, for other forms.
LogicalResult vectorizeConv(linalg::LinalgOp op, int64_t vectorWidth);

/// linalg.matmul, plain ([M,K] x [K,N]) or with a transposed right operand
/// ([M,K] x [N,K], nn.dense) (MatmulKernel.cpp). Fails for other forms.
LogicalResult vectorizeMatmul(linalg::LinalgOp op, int64_t vectorWidth);

} // namespace mlir::nnc

#endif // NNC_COMPILER_TRANSFORMS_KERNELS_H
