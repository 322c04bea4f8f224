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

/// linalg.conv_2d_nchw_fchw / conv_2d_ngchw_gfchw / pooling_nchw_max /
/// pooling_nchw_sum (ConvKernel.cpp). Fails,
/// leaving the op, for other forms.
LogicalResult vectorizeConv(linalg::LinalgOp op, int64_t vectorWidth);

/// Whether a convolution with F output channels, an oh x ow output and
/// column stride sw runs faster with output channels in the vector lanes:
/// F a multiple of 32, and strides, or rows (for a pointwise convolution,
/// images) that leave a tenth of the column kernels' lanes empty.
bool convByChannelsPays(int64_t f, int64_t oh, int64_t ow, int64_t sw,
                        bool pointwise);

/// The output-channel tile nnc-tile-and-fuse gives `op` (tensors or
/// buffers) so that convByChannels can take it: 0 when that kernel does not
/// pay for it.
int64_t channelTileFor(linalg::LinalgOp op);

/// A buffer-level linalg.conv_2d_nchw_fchw (a tile of one) whose filter is a
/// constant global, where convByChannelsPays: the filter packed into panels
/// of output channels, input elements broadcast (ConvChannelKernel.cpp).
/// Fails, leaving the op, otherwise.
LogicalResult convByChannels(linalg::LinalgOp op, int64_t vectorWidth);

/// linalg.matmul, plain ([M,K] x [K,N]) or with a transposed right operand
/// ([M,K] x [N,K], nn.dense) (MatmulKernel.cpp); a transposed right operand
/// that is a constant global is packed into column panels at compile time.
/// Fails for other forms.
LogicalResult vectorizeMatmul(linalg::LinalgOp op, int64_t vectorWidth);

/// An elementwise op on static buffers (linalg.generic with parallel loops
/// and an arith/math payload, linalg.copy, linalg.fill) as an scf.parallel
/// over vector-wide chunks of its innermost output dimension
/// (ElementwiseKernel.cpp). Fails for transposing or gathering operands.
LogicalResult vectorizeElementwise(linalg::LinalgOp op, int64_t vectorWidth);

/// A reduction on static f32 buffers (a linalg.generic whose parallel loops
/// come first and whose innermost loop is a reduction along the inputs'
/// contiguous rows, with a lane-wise payload ending in one add, mul, max or
/// min into the output) as loops over vector-wide chunks into a vector
/// accumulator and one horizontal reduction per output element
/// (ReductionKernel.cpp).
LogicalResult vectorizeReduction(linalg::LinalgOp op, int64_t vectorWidth);

/// Marks a pointwise convolution whose tiles (nnc-tile-and-fuse) suit the
/// packed-panel form of the column kernel: bands of rows with many output
/// channels each.
constexpr llvm::StringLiteral kPanelsAttr = "nnc.panels";

/// Whether every element of `op`'s integer-elements attribute `name`
/// (strides, dilations) is 1.
bool allOnes(Operation *op, StringRef name);

/// Whether `t`'s innermost stride is 1 (its rows can be read as vectors).
bool hasUnitInnerStride(MemRefType t);

/// Whether each row of `t` ([N, C, H, W]) follows the previous one in
/// memory, so the image can be viewed as one row of H * W.
bool rowsContiguous(MemRefType t);

/// A 1x1, stride-1 linalg.conv_2d_nchw_fchw (tensors or buffers): a matrix
/// product over the image, which its kernel runs as one long row.
bool isPointwiseConv(linalg::LinalgOp op);

/// A static f32 linalg.matmul with a transposed right operand ([M,K] x [N,K],
/// nn.dense), on tensors or buffers.
bool isDenseLayer(linalg::LinalgOp op);

/// Whether Winograd F(4x4, 3x3) or F(2x2, 3x3) pays for a 3x3 stride-1 convolution of
/// these sizes: enough output tiles over the batch to reuse each transformed
/// filter, and channel counts that fill vectors.
bool winogradPays(int64_t n, int64_t c, int64_t f, int64_t oh, int64_t ow);

/// A static f32 linalg.conv_2d_nchw_fchw (tensors or buffers), 3x3, unit
/// strides and dilations, of sizes winogradPays accepts.
bool isWinogradConv(linalg::LinalgOp op);

/// A buffer-level isWinogradConv whose filter is a constant global as
/// Winograd F(4x4, 3x3), or F(2x2, 3x3) on small images (WinogradKernel.cpp). Fails, leaving the op, when the
/// filter is not constant or the layout does not fit.
LogicalResult winogradConv(linalg::LinalgOp op, int64_t vectorWidth);

} // namespace mlir::nnc

#endif // NNC_COMPILER_TRANSFORMS_KERNELS_H
