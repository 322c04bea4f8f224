//===- LinalgBuilders.cpp - Helpers for building linalg on tensors --------===//
//
// Implements LinalgBuilders.h.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;

Value nnc::createEmpty(OpBuilder &b, Location loc, RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
}

Value nnc::createScalar(OpBuilder &b, Location loc, Type type, double value) {
  if (auto intTy = dyn_cast<IntegerType>(type)) {
    // Infinities (reduction identities) saturate to the type's range.
    unsigned width = intTy.getWidth();
    APInt v = std::isinf(value) ? (value > 0 ? APInt::getSignedMaxValue(width)
                                             : APInt::getSignedMinValue(width))
                                : APInt(width, static_cast<int64_t>(value),
                                        /*isSigned=*/true, /*implicitTrunc=*/true);
    return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, v));
  }
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
}

Value nnc::createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                        double value) {
  Value scalar = createScalar(b, loc, type.getElementType(), value);
  Value empty = createEmpty(b, loc, type);
  return linalg::FillOp::create(b, loc, ValueRange{scalar}, ValueRange{empty})
      .getResult(0);
}

AffineMap nnc::broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> shape,
                            ArrayRef<int64_t> resultShape) {
  int64_t rank = shape.size(), resultRank = resultShape.size();
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t dim = resultRank - rank + i;
    if (shape[i] == 1 && resultShape[dim] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(dim, ctx));
  }
  return AffineMap::get(resultRank, 0, exprs, ctx);
}

Value nnc::createElementwise(OpBuilder &b, Location loc,
                             RankedTensorType resultType, ValueRange inputs,
                             ScalarFn fn) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value in : inputs)
    maps.push_back(broadcastMap(
        ctx, cast<RankedTensorType>(in.getType()).getShape(),
        resultType.getShape()));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iters(resultType.getRank(),
                                         utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs,
      ValueRange{createEmpty(b, loc, resultType)}, maps, iters,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value v = fn(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, v);
      });
  return generic.getResult(0);
}

Value nnc::createChannelInit(OpBuilder &b, Location loc,
                             RankedTensorType resultType, Value vec,
                             int64_t channelDim, double fillValue) {
  if (!vec)
    return createFilled(b, loc, resultType, fillValue);
  MLIRContext *ctx = b.getContext();
  int64_t rank = resultType.getRank();
  AffineMap vecMap =
      AffineMap::get(rank, 0, getAffineDimExpr(channelDim, ctx), ctx);
  SmallVector<AffineMap> maps = {vecMap, b.getMultiDimIdentityMap(rank)};
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, ValueRange{vec},
             ValueRange{createEmpty(b, loc, resultType)}, maps, iters,
             [](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, args[0]);
             })
      .getResult(0);
}

Value nnc::padSpatial(OpBuilder &b, Location loc, Value input,
                      ArrayRef<int64_t> pad, ArrayRef<int64_t> extraEnd,
                      double padValue) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t low[4] = {0, 0, pad[0], pad[1]};
  int64_t high[4] = {0, 0, pad[2] + extraEnd[0], pad[3] + extraEnd[1]};
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return input;
  SmallVector<int64_t> shape(type.getShape());
  for (int i = 2; i < 4; ++i)
    shape[i] += low[i] + high[i];
  auto padded = RankedTensorType::get(shape, type.getElementType());
  SmallVector<OpFoldResult> lowOfr, highOfr;
  for (int i = 0; i < 4; ++i) {
    lowOfr.push_back(b.getIndexAttr(low[i]));
    highOfr.push_back(b.getIndexAttr(high[i]));
  }
  Value value = createScalar(b, loc, type.getElementType(), padValue);
  return tensor::PadOp::create(b, loc, padded, input, lowOfr, highOfr, value);
}

nnc::KeepdimsReduction nnc::keepdimsReduction(MLIRContext *ctx, int64_t rank,
                                               ArrayRef<int64_t> axes) {
  KeepdimsReduction r;
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < rank; ++i) {
    bool reduced = llvm::is_contained(axes, i);
    exprs.push_back(reduced ? getAffineConstantExpr(0, ctx)
                            : getAffineDimExpr(i, ctx));
    r.iterators.push_back(reduced ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
  }
  r.resultMap = AffineMap::get(rank, 0, exprs, ctx);
  return r;
}

Value nnc::reshapeTo(OpBuilder &b, Location loc, Value v, RankedTensorType outTy) {
  auto inTy = cast<RankedTensorType>(v.getType());
  if (inTy == outTy)
    return v;
  auto all = [](int64_t rank) {
    ReassociationIndices r;
    for (int64_t i = 0; i < rank; ++i)
      r.push_back(i);
    return rank ? SmallVector<ReassociationIndices>{r}
                : SmallVector<ReassociationIndices>{};
  };
  auto flatTy = RankedTensorType::get({inTy.getNumElements()},
                                      inTy.getElementType());
  Value flat = v;
  if (inTy.getRank() == 0)
    flat = tensor::ExpandShapeOp::create(b, loc, flatTy, v, all(0));
  else if (inTy.getRank() > 1)
    flat = tensor::CollapseShapeOp::create(b, loc, v, all(inTy.getRank()));
  if (outTy.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, outTy, flat, all(0));
  if (outTy.getRank() > 1)
    return tensor::ExpandShapeOp::create(b, loc, outTy, flat,
                                         all(outTy.getRank()));
  return flat;
}
