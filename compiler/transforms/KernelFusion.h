//===- KernelFusion.h - Prologues and epilogues applied in registers -*- C++ -*-===//
//
// Inside a tile, a convolution's accumulator buffer is first filled (bias or
// zero), then accumulated into, then read once by an elementwise epilogue
// (activation, residual add) that writes the layer's output. A kernel that
// knows these can start its registers from the bias and apply the epilogue
// before its single store: two passes over the tile fewer, and the
// accumulator buffer often unused.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_COMPILER_TRANSFORMS_KERNELFUSION_H
#define NNC_COMPILER_TRANSFORMS_KERNELFUSION_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::nnc {

/// Whether a linalg payload computes lane by lane when its scalar types
/// become vectors: arith and math ops on integers and floats, one result.
bool isLaneWise(Block &payload);

/// Clones the lane-wise `payload` on vectors of `vl` lanes and returns the
/// vector it yields. Its block arguments must be mapped in `map`; captured
/// scalars not mapped yet are broadcast where the clone goes.
Value cloneLaneWise(OpBuilder &b, Location loc, Block &payload, IRMapping &map,
                    int64_t vl);

/// The indices of `operand` of `op` at loop point `ivs`: its indexing map
/// applied (affine expressions expanded into arith ops at `b`).
SmallVector<Value> operandIndices(OpBuilder &b, Location loc, linalg::LinalgOp op,
                                  OpOperand *operand, ArrayRef<Value> ivs);

/// A vector of `type` from `mem` at `at`: a plain load, or with a (non-null)
/// `mask` a masked load whose other lanes are zero.
Value loadVector(OpBuilder &b, Location loc, VectorType type, Value mem,
                 ArrayRef<Value> at, Value mask);

class FusedInitAndEpilogue {
public:
  /// Matches the fill (linalg.fill, or a generic broadcasting a 1-D buffer
  /// along output dimension `channelDim`) of `op`'s 4-D output buffer just
  /// before `op`, and the elementwise generic reading that buffer right
  /// after it, where the buffer has no other users. Either may be absent.
  FusedInitAndEpilogue(linalg::LinalgOp op, unsigned channelDim);

  bool hasInit() const { return init != nullptr; }
  bool hasEpilogue() const { return epilogue != nullptr; }

  /// Where final values go: the epilogue's output, else the op's own.
  Value result() const { return resultBuffer; }

  /// Whether every buffer the epilogue reads or writes, like the op's
  /// output, has contiguous rows, so all can be viewed as [N, C, 1, H*W].
  bool allowsFlatRows() const;
  /// Replaces the epilogue's buffers by such views (after the kernel's own).
  void flattenRows(function_ref<Value(Value)> flatten);
  /// Whether the epilogue reads nothing that varies along the image besides
  /// the accumulator, so that it may run at any index of a row.
  bool readsNoImage() const;

  /// The initial accumulator vector for output channel `channel`.
  Value initVector(OpBuilder &b, Location loc, VectorType type, Value channel);

  /// The epilogue on `acc`, the accumulator's values at `index` of the
  /// output (the lanes of `mask` valid, all of them for a null mask);
  /// `acc` itself without one.
  Value apply(OpBuilder &b, Location loc, Value acc, ArrayRef<Value> index,
              Value mask);
  /// The same with the first `lanes` lanes valid.
  Value apply(OpBuilder &b, Location loc, Value acc, ArrayRef<Value> index,
              int64_t lanes);

  /// Erases the fill and epilogue ops, and the accumulator buffer when
  /// nothing uses it any more. Call after the kernel replaced `op`.
  void eraseFused();

private:
  Operation *init = nullptr;
  linalg::GenericOp epilogue;
  unsigned accInput = 0;
  Value accBuffer, resultBuffer;
  SmallVector<Value> epilogueInputs;
};

} // namespace mlir::nnc

#endif // NNC_COMPILER_TRANSFORMS_KERNELFUSION_H
