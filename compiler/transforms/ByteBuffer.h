//===- ByteBuffer.h - Views into a trailing byte-buffer argument -*- C++ -*-===//
//
// Weights and workspace are both one flat i8 buffer passed by the caller;
// these helpers add such an argument and carve typed views out of it.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_COMPILER_TRANSFORMS_BYTEBUFFER_H
#define NNC_COMPILER_TRANSFORMS_BYTEBUFFER_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::nnc {

/// The argument attribute naming a byte buffer ("weights", "workspace",
/// "thread_scratch").
inline constexpr llvm::StringLiteral kByteBufferAttr = "nnc.buffer";

/// Appends a `memref<size x i8>` argument named `name` to `func`.
inline BlockArgument appendByteBufferArg(func::FuncOp func, int64_t size,
                                         StringRef name) {
  MLIRContext *ctx = func.getContext();
  auto type = MemRefType::get({size}, IntegerType::get(ctx, 8));
  unsigned index = func.getNumArguments();
  auto attrs = DictionaryAttr::get(
      ctx, {NamedAttribute(StringAttr::get(ctx, kByteBufferAttr),
                           StringAttr::get(ctx, name))});
  (void)func.insertArgument(index, type, attrs, func.getLoc());
  return func.getArgument(index);
}

/// The name appendByteBufferArg gave argument `index` of `func`; "" for
/// other arguments.
inline StringRef byteBufferName(func::FuncOp func, unsigned index) {
  auto name = func.getArgAttrOfType<StringAttr>(index, kByteBufferAttr);
  return name ? name.getValue() : StringRef();
}

/// A view of `type` at byte `offset` of `buffer` (a 1-D i8 memref).
inline Value createByteView(OpBuilder &b, Location loc, Value buffer,
                            int64_t offset, MemRefType type) {
  Value off = arith::ConstantIndexOp::create(b, loc, offset);
  return memref::ViewOp::create(b, loc, type, buffer, off, ValueRange{});
}

/// Bytes an element of `type` takes in memory (an i1 takes one).
inline int64_t elementBytes(MemRefType type) {
  return (type.getElementTypeBitWidth() + 7) / 8;
}

/// Bytes [first, end) from its aligned pointer that a memref of static shape
/// and strided layout can address (first == end when it has no elements);
/// nullopt when its shape, strides or offset are dynamic.
inline std::optional<std::pair<int64_t, int64_t>> addressedBytes(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!type.hasStaticShape() || failed(type.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset) || llvm::any_of(strides, ShapedType::isDynamic))
    return std::nullopt;
  int64_t bytes = elementBytes(type);
  if (type.getNumElements() == 0)
    return std::make_pair(offset * bytes, offset * bytes);
  int64_t last = offset;
  for (auto [size, stride] : llvm::zip(type.getShape(), strides))
    last += (size - 1) * stride;
  return std::make_pair(offset * bytes, (last + 1) * bytes);
}

inline int64_t alignTo(int64_t value, int64_t align) {
  return (value + align - 1) / align * align;
}

} // namespace mlir::nnc

#endif // NNC_COMPILER_TRANSFORMS_BYTEBUFFER_H
