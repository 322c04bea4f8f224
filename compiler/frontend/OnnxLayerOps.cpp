//===- OnnxLayerOps.cpp - ONNX layer converters ---------------------------===//
//
// Convolution, pooling, dense/matmul, softmax and normalization layers: the
// support checks and the conversions to nn ops.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontend/OnnxOpUtils.h"
#include "dialects/nn/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/Support/MathExtras.h"

#include <cstring>
#include <limits>

using namespace mlir;
using namespace mlir::nnc;

namespace mlir::nnc {

Reason checkConv(const onnx::NodeProto &n, const OnnxGraph &g) {
  return checkSpatial2d(n, g);
}

Reason checkMaxPool(const onnx::NodeProto &n, const OnnxGraph &g) {
  auto shape = g.shapeOf(n.input(0));
  RankedTensorType ty = g.typeOf(n.input(0));
  if (usesOutput(n, 1) &&
      ((shape && shape->size() != 4) || (ty && !ty.getElementType().isF32())))
    return std::string("the Indices output needs a 2-D float32 input");
  if (auto shape = g.shapeOf(n.input(0)); shape && shape->size() == 5)
    return checkPool3d(n);
  return checkSpatial2d(n, g, /*allow3d=*/true);
}

Reason checkAvgPool(const onnx::NodeProto &n, const OnnxGraph &g) {
  if (auto shape = g.shapeOf(n.input(0)); shape && shape->size() == 5)
    return checkPool3d(n);
  return checkSpatial2d(n, g, /*allow3d=*/true);
}

Reason checkGlobalPool(const onnx::NodeProto &n, const OnnxGraph &g) {
  return checkSpatial2d(n, g);
}

/// Supported: equal ranks >= 2 with equal batch dims, or a rank > 2 lhs
/// against a 2-D rhs (batch folded into rows).
Reason checkMatMul(const onnx::NodeProto &n, const OnnxGraph &g) {
  auto a = g.shapeOf(n.input(0)), b = g.shapeOf(n.input(1));
  if (!a || !b)
    return std::string("operand shapes are unknown after shape inference");
  if (a->size() < 2 || b->size() < 2)
    return std::string("1-D operands are not supported");
  if (a->size() > 2 && b->size() == 2)
    return std::nullopt;
  if (a->size() != b->size())
    return std::string("operands of ranks ") + std::to_string(a->size()) +
           " and " + std::to_string(b->size()) + " are not supported";
  if (ArrayRef<int64_t>(*a).drop_back(2) != ArrayRef<int64_t>(*b).drop_back(2))
    return std::string("broadcasting batch dimensions is not supported");
  return std::nullopt;
}

Reason checkSoftmax(const onnx::NodeProto &, const OnnxGraph &) {
  return std::nullopt;
}

Reason checkDropout(const onnx::NodeProto &n, const OnnxGraph &g) {
  if (usesOutput(n, 1))
    return std::string("the mask output is not supported");
  if (hasInput(n, 2))
    if (const OnnxConstant *c = g.constant(n.input(2)))
      if (!c->bytes.empty() && c->bytes[0] != 0)
        return std::string("training_mode=true is not supported");
  return checkConstInput(n, g, 2, "training_mode");
}

Reason checkBatchNorm(const onnx::NodeProto &n, const OnnxGraph &g) {
  bool training = intAttr(n, "training_mode", 0) != 0;
  if (!training && (usesOutput(n, 1) || usesOutput(n, 2)))
    return std::string("running statistics outputs need training_mode=1");
  auto shape = g.shapeOf(n.input(0));
  if (training && (!shape || shape->size() < 2))
    return std::string("training mode needs a static input of rank >= 2");
  return std::nullopt;
}

/// training_mode=1: normalizes with the batch's own statistics (biased
/// variance over every axis but 1) and outputs the running statistics
/// blended with `momentum`.
static LogicalResult importBatchNormTraining(NodeContext &c) {
  if (failed(c.resolve(5)))
    return failure();
  auto ty = cast<RankedTensorType>(c.in[0].getType());
  int64_t rank = ty.getRank(), channels = ty.getDimSize(1);
  SmallVector<int64_t> axes, bcast(rank, 1);
  for (int64_t d = 0; d < rank; ++d)
    if (d != 1)
      axes.push_back(d);
  bcast[1] = channels;
  auto statTy = RankedTensorType::get(bcast, ty.getElementType());
  auto vecTy = RankedTensorType::get({channels}, ty.getElementType());
  auto mean = [&](Value v) -> Value {
    return nn::ReduceMeanOp::create(c.b(), c.loc, statTy, v, c.i64s(axes),
                                    c.b().getBoolAttr(true));
  };
  auto asStat = [&](Value v) -> Value {
    return nn::ReshapeOp::create(c.b(), c.loc, statTy, v);
  };
  Value m = mean(c.in[0]);
  Value diff = nn::SubOp::create(c.b(), c.loc, ty, c.in[0], m);
  Value var = mean(nn::MulOp::create(c.b(), c.loc, ty, diff, diff));
  Value eps = scalarTensor(c, floatAttr(c.node, "epsilon", 1e-5f));
  Value stddev = nn::SqrtOp::create(
      c.b(), c.loc, statTy, nn::AddOp::create(c.b(), c.loc, statTy, var, eps));
  Value y = nn::DivOp::create(c.b(), c.loc, ty, diff, stddev);
  y = nn::MulOp::create(c.b(), c.loc, ty, y, asStat(c.in[1]));
  c.define(nn::AddOp::create(c.b(), c.loc, ty, y, asStat(c.in[2])));
  float momentum = floatAttr(c.node, "momentum", 0.9f);
  auto blend = [&](Value running, Value current) -> Value {
    Value a = nn::MulOp::create(c.b(), c.loc, vecTy, running,
                                scalarTensor(c, momentum));
    Value b = nn::MulOp::create(
        c.b(), c.loc, vecTy, nn::ReshapeOp::create(c.b(), c.loc, vecTy, current),
        scalarTensor(c, 1.0f - momentum));
    return nn::AddOp::create(c.b(), c.loc, vecTy, a, b);
  };
  if (usesOutput(c.node, 1))
    c.g.values[c.node.output(1)] = blend(c.in[3], m);
  if (usesOutput(c.node, 2))
    c.g.values[c.node.output(2)] = blend(c.in[4], var);
  return success();
}

Reason checkGemm(const onnx::NodeProto &, const OnnxGraph &) {
  return std::nullopt;
}

Reason checkConvTranspose(const onnx::NodeProto &n, const OnnxGraph &g) {
  if (intAttr(n, "group", 1) != 1)
    return std::string("group > 1 is not supported");
  if (auto shape = g.shapeOf(n.input(0)); shape && shape->size() == 5)
    return checkConvTranspose3d(n);
  return checkSpatial2d(n, g);
}

Reason checkLayerNorm(const onnx::NodeProto &n, const OnnxGraph &) {
  if (intAttr(n, "stash_type", 1) != 1)
    return std::string("stash_type other than float32 is not supported");
  return std::nullopt;
}

/// ONNX pads [x1_begin, x2_begin, x1_end, x2_end] (= nn's [top, left,
/// bottom, right]) after resolving auto_pad against the input shape.
SmallVector<int64_t> resolvePads(const onnx::NodeProto &n,
                                 RankedTensorType input,
                                 ArrayRef<int64_t> kernel,
                                 ArrayRef<int64_t> strides,
                                 ArrayRef<int64_t> dilations) {
  std::string autoPad = stringAttr(n, "auto_pad", "NOTSET");
  if (autoPad == "NOTSET")
    return intsAttr(n, "pads", {0, 0, 0, 0});
  SmallVector<int64_t> pads = {0, 0, 0, 0};
  if (autoPad == "VALID")
    return pads;
  for (int i = 0; i < 2; ++i) {
    int64_t in = input.getDimSize(2 + i);
    int64_t out = (in + strides[i] - 1) / strides[i];
    int64_t total = std::max<int64_t>(
        0, (out - 1) * strides[i] + dilations[i] * (kernel[i] - 1) + 1 - in);
    int64_t small = total / 2, big = total - small;
    pads[i] = autoPad == "SAME_UPPER" ? small : big;
    pads[i + 2] = autoPad == "SAME_UPPER" ? big : small;
  }
  return pads;
}

/// The rank of a node's data input (0 if unknown).
static size_t dataRank(NodeContext &c) {
  auto shape = c.g.shapeOf(c.node.input(0));
  return shape ? shape->size() : 0;
}

LogicalResult importConv(NodeContext &c) {
  if (dataRank(c) == 3)
    return importLifted1d(c, importConv);
  if (failed(c.resolve(3)))
    return failure();
  auto filterTy = cast<RankedTensorType>(c.in[1].getType());
  SmallVector<int64_t> kernel = {filterTy.getDimSize(2),
                                 filterTy.getDimSize(3)};
  auto strides = intsAttr(c.node, "strides", {1, 1});
  auto dilations = intsAttr(c.node, "dilations", {1, 1});
  auto pads = resolvePads(c.node, cast<RankedTensorType>(c.in[0].getType()),
                          kernel, strides, dilations);
  c.define(nn::Conv2dOp::create(
      c.b(), c.loc, c.outTy, c.in[0], c.in[1], c.in[2], c.i64s(strides),
      c.i64s(pads), c.i64s(dilations),
      c.b().getI64IntegerAttr(intAttr(c.node, "group", 1))));
  return success();
}

LogicalResult importMaxPool(NodeContext &c) {
  if (dataRank(c) == 3)
    return importLifted1d(c, importMaxPool);
  if (dataRank(c) == 5)
    return importPool3d(c, /*isMax=*/true);
  if (failed(c.resolve(1)))
    return failure();
  auto kernel = intsAttr(c.node, "kernel_shape", {});
  auto strides = intsAttr(c.node, "strides", {1, 1});
  auto dilations = intsAttr(c.node, "dilations", {1, 1});
  auto pads = resolvePads(c.node, cast<RankedTensorType>(c.in[0].getType()),
                          kernel, strides, dilations);
  auto ceil = c.b().getBoolAttr(intAttr(c.node, "ceil_mode", 0) != 0);
  // Unsigned and narrow integers pool as i32 (the pooling max is signed).
  Value x = c.in[0];
  Type elt = c.outTy.getElementType();
  bool widen = isa<IntegerType>(elt) && elt.getIntOrFloatBitWidth() < 32;
  if (isa<IntegerType>(elt) && c.g.isUnsigned(c.node.input(0)) &&
      elt.getIntOrFloatBitWidth() == 64)
    return emitError(c.loc) << "node '" << c.node.name()
                            << "' (MaxPool): uint64 is not supported";
  if (widen || (isa<IntegerType>(elt) && c.g.isUnsigned(c.node.input(0))))
    x = castTo(c, x, c.b().getI64Type(), c.node.input(0));
  Value y = nn::MaxPool2dOp::create(
      c.b(), c.loc, c.outTy.clone(cast<RankedTensorType>(x.getType()).getElementType()),
      x, c.i64s(kernel), c.i64s(strides), c.i64s(pads), c.i64s(dilations), ceil);
  if (y.getType() != c.outTy)
    y = nn::CastOp::create(c.b(), c.loc, c.outTy, y);
  c.define(y);
  if (usesOutput(c.node, 1))
    c.g.values[c.node.output(1)] = nn::MaxPool2dIndicesOp::create(
        c.b(), c.loc, c.outputType(1), c.in[0], c.i64s(kernel), c.i64s(strides),
        c.i64s(pads), c.i64s(dilations), ceil,
        c.b().getBoolAttr(intAttr(c.node, "storage_order", 0) != 0));
  return success();
}

LogicalResult importAvgPool(NodeContext &c) {
  if (dataRank(c) == 3)
    return importLifted1d(c, importAvgPool);
  if (dataRank(c) == 5)
    return importPool3d(c, /*isMax=*/false);
  if (failed(c.resolve(1)))
    return failure();
  auto kernel = intsAttr(c.node, "kernel_shape", {});
  auto strides = intsAttr(c.node, "strides", {1, 1});
  int64_t ones[2] = {1, 1};
  auto pads = resolvePads(c.node, cast<RankedTensorType>(c.in[0].getType()),
                          kernel, strides, ones);
  c.define(nn::AvgPool2dOp::create(
      c.b(), c.loc, c.outTy, c.in[0], c.i64s(kernel), c.i64s(strides),
      c.i64s(pads), c.b().getBoolAttr(intAttr(c.node, "ceil_mode", 0) != 0),
      c.b().getBoolAttr(intAttr(c.node, "count_include_pad", 0) != 0)));
  return success();
}

LogicalResult importGlobalAvgPool(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  c.define(nn::GlobalAvgPool2dOp::create(c.b(), c.loc, c.outTy, c.in[0]));
  return success();
}

Value transpose2d(NodeContext &c, Value v) {
  auto ty = cast<RankedTensorType>(v.getType());
  auto t = RankedTensorType::get({ty.getDimSize(1), ty.getDimSize(0)},
                                 ty.getElementType());
  return nn::TransposeOp::create(c.b(), c.loc, t, v, c.i64s({1, 0}));
}

/// Gemm: alpha * A' x B' + beta * C, with nn.dense carrying a 1-D C as bias.
LogicalResult importGemm(NodeContext &c) {
  if (failed(c.resolve(3)))
    return failure();
  Value a = c.in[0], b = c.in[1], bias = c.in[2];
  if (intAttr(c.node, "transA", 0))
    a = transpose2d(c, a);
  if (!intAttr(c.node, "transB", 0))
    b = transpose2d(c, b);
  float alpha = floatAttr(c.node, "alpha", 1.0f);
  float beta = floatAttr(c.node, "beta", 1.0f);
  int64_t n = c.outTy.getDimSize(1);
  Value denseBias;
  if (bias && alpha == 1.0f && beta == 1.0f) {
    auto biasTy = cast<RankedTensorType>(bias.getType());
    if (biasTy.getNumElements() == n &&
        biasTy.getDimSize(biasTy.getRank() - 1) == n) {
      denseBias =
          biasTy.getRank() == 1
              ? bias
              : nn::ReshapeOp::create(
                    c.b(), c.loc,
                    RankedTensorType::get({n}, biasTy.getElementType()), bias);
    }
  }
  Value y = nn::DenseOp::create(c.b(), c.loc, c.outTy, a, b, denseBias);
  if (alpha != 1.0f)
    y = nn::MulOp::create(c.b(), c.loc, c.outTy, y, scalarTensor(c, alpha));
  if (bias && !denseBias) {
    Value scaled = bias;
    if (beta != 1.0f)
      scaled = nn::MulOp::create(c.b(), c.loc,
                                 cast<RankedTensorType>(bias.getType()), bias,
                                 scalarTensor(c, beta));
    y = nn::AddOp::create(c.b(), c.loc, c.outTy, y, scaled);
  }
  c.define(y);
  return success();
}

LogicalResult importMatMul(NodeContext &c) {
  if (failed(c.resolve(2)))
    return failure();
  auto aTy = cast<RankedTensorType>(c.in[0].getType());
  auto bTy = cast<RankedTensorType>(c.in[1].getType());
  if (aTy.getRank() == bTy.getRank()) {
    c.define(nn::MatmulOp::create(c.b(), c.loc, c.outTy, c.in[0], c.in[1]));
    return success();
  }
  // [..., M, K] x [K, N]: rows of every batch are independent, so fold the
  // batch into M: one 2-D product, then restore the shape.
  int64_t k = aTy.getDimSize(aTy.getRank() - 1);
  int64_t rows = aTy.getNumElements() / k;
  Type f32 = aTy.getElementType();
  Value flat = nn::ReshapeOp::create(
      c.b(), c.loc, RankedTensorType::get({rows, k}, f32), c.in[0]);
  Value product = nn::MatmulOp::create(
      c.b(), c.loc, RankedTensorType::get({rows, bTy.getDimSize(1)}, f32), flat,
      c.in[1]);
  c.define(nn::ReshapeOp::create(c.b(), c.loc, c.outTy, product));
  return success();
}

/// Softmax before opset 13 works on the input coerced to 2-D at `axis`;
/// from 13 on, along `axis` alone. Both equal a softmax along the last axis
/// when axis = rank - 1.
LogicalResult importSoftmax(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  int64_t rank = c.outTy.getRank();
  int64_t axis =
      normalizeAxis(intAttr(c.node, "axis", c.g.opset >= 13 ? -1 : 1), rank);
  if (axis < 0 || axis >= rank)
    return emitError(c.loc)
           << "node '" << c.node.name() << "' (Softmax): axis out of range";
  if (c.g.opset >= 13 || axis == rank - 1) {
    c.define(nn::SoftmaxOp::create(c.b(), c.loc, c.outTy, c.in[0],
                                   c.b().getI64IntegerAttr(axis)));
    return success();
  }
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < rank; ++i)
    (i < axis ? outer : inner) *= c.outTy.getDimSize(i);
  auto flatTy = RankedTensorType::get({outer, inner}, c.outTy.getElementType());
  Value flat = nn::ReshapeOp::create(c.b(), c.loc, flatTy, c.in[0]);
  Value s = nn::SoftmaxOp::create(c.b(), c.loc, flatTy, flat,
                                  c.b().getI64IntegerAttr(1));
  c.define(nn::ReshapeOp::create(c.b(), c.loc, c.outTy, s));
  return success();
}

LogicalResult importDropout(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  float ratio = floatAttr(c.node, "ratio", 0.5f);
  if (hasInput(c.node, 1))
    if (const OnnxConstant *r = c.g.constant(c.node.input(1)))
      if (r->dataType == onnx::TensorProto::FLOAT && r->bytes.size() >= 4)
        memcpy(&ratio, r->bytes.data(), 4);
  c.define(nn::DropoutOp::create(c.b(), c.loc, c.outTy, c.in[0],
                                 c.b().getF32FloatAttr(ratio)));
  return success();
}

LogicalResult importBatchNorm(NodeContext &c) {
  if (intAttr(c.node, "training_mode", 0) != 0)
    return importBatchNormTraining(c);
  if (failed(c.resolve(5)))
    return failure();
  c.define(nn::BatchNormOp::create(
      c.b(), c.loc, c.outTy, c.in[0], c.in[1], c.in[2], c.in[3], c.in[4],
      c.b().getF32FloatAttr(floatAttr(c.node, "epsilon", 1e-5f))));
  return success();
}

/// Clip: constant bounds (inputs, or attributes before opset 11) become
/// nn.clip's attributes; run-time bounds become nn.max / nn.min.
LogicalResult importClip(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  float lo = -std::numeric_limits<float>::infinity();
  float hi = std::numeric_limits<float>::infinity();
  if (c.g.opset < 11) {
    lo = floatAttr(c.node, "min", lo);
    hi = floatAttr(c.node, "max", hi);
  }
  Value x = c.in[0];
  for (int i : {1, 2}) {
    if (!hasInput(c.node, i))
      continue;
    if (const OnnxConstant *k = c.g.constant(c.node.input(i))) {
      std::vector<double> v = k->asDoubles();
      if (v.size() == 1)
        (i == 1 ? lo : hi) = static_cast<float>(v[0]);
      continue;
    }
    Value bound = c.g.lookup(c.node.input(i), c.loc);
    if (!bound)
      return emitError(c.loc) << "node '" << c.node.name()
                              << "' (Clip): bound '" << c.node.input(i)
                              << "' is not a tensor of the graph";
    x = i == 1 ? nn::MaxOp::create(c.b(), c.loc, c.outTy, x, bound).getResult()
               : nn::MinOp::create(c.b(), c.loc, c.outTy, x, bound).getResult();
  }
  c.define(nn::ClipOp::create(c.b(), c.loc, c.outTy, x,
                              c.b().getF32FloatAttr(lo),
                              c.b().getF32FloatAttr(hi)));
  return success();
}

LogicalResult importLogSoftmax(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  int64_t rank = c.outTy.getRank();
  int64_t axis =
      normalizeAxis(intAttr(c.node, "axis", c.g.opset >= 13 ? -1 : 1), rank);
  if (c.g.opset < 13 && axis != rank - 1)
    return emitError(c.loc) << "node '" << c.node.name()
                            << "' (LogSoftmax): opset < 13 with axis != -1 "
                               "is not supported";
  c.define(nn::LogSoftmaxOp::create(c.b(), c.loc, c.outTy, c.in[0],
                                    c.b().getI64IntegerAttr(axis)));
  return success();
}

/// ConvTranspose; pads come from `pads`, or from `output_shape`/`auto_pad`
/// against the inferred output extent, as the ONNX spec defines them.
LogicalResult importConvTranspose(NodeContext &c) {
  if (dataRank(c) == 3)
    return importLifted1d(c, importConvTranspose);
  if (dataRank(c) == 5)
    return importConvTranspose3d(c);
  if (failed(c.resolve(3)))
    return failure();
  auto inTy = cast<RankedTensorType>(c.in[0].getType());
  auto filterTy = cast<RankedTensorType>(c.in[1].getType());
  auto strides = intsAttr(c.node, "strides", {1, 1});
  auto dilations = intsAttr(c.node, "dilations", {1, 1});
  auto extra = intsAttr(c.node, "output_padding", {0, 0});
  auto pads = intsAttr(c.node, "pads", {0, 0, 0, 0});
  std::string autoPad = stringAttr(c.node, "auto_pad", "NOTSET");
  if (findAttr(c.node, "output_shape") || autoPad == "SAME_UPPER" ||
      autoPad == "SAME_LOWER") {
    for (int i = 0; i < 2; ++i) {
      int64_t total = strides[i] * (inTy.getDimSize(2 + i) - 1) + extra[i] +
                      (filterTy.getDimSize(2 + i) - 1) * dilations[i] + 1 -
                      c.outTy.getDimSize(2 + i);
      // Floor division, as the spec's reference: a negative total (output
      // larger than the full result) extends the end, not the start.
      int64_t half = llvm::divideFloorSigned(total, 2);
      bool upper = autoPad == "SAME_UPPER"; // NOTSET splits like SAME_LOWER.
      pads[i] = upper ? half : total - half;
      pads[i + 2] = total - pads[i];
    }
  } else if (autoPad == "VALID") {
    pads = {0, 0, 0, 0};
  }
  c.define(nn::ConvTranspose2dOp::create(
      c.b(), c.loc, c.outTy, c.in[0], c.in[1], c.in[2], c.i64s(strides),
      c.i64s(pads), c.i64s(dilations), c.i64s(extra),
      c.b().getI64IntegerAttr(1)));
  return success();
}

/// (x - mean) / sqrt(var + epsilon) over `axes` (kept as size-1 dims for
/// broadcasting): the core of LayerNormalization and InstanceNormalization.
/// `meanOut`/`stddevOut`, when given, receive the statistics.
Value normalizeOver(NodeContext &c, Value x, ArrayRef<int64_t> axes,
                    float epsilon, Value *meanOut, Value *stddevOut) {
  auto ty = cast<RankedTensorType>(x.getType());
  RankedTensorType keptTy = reducedType(ty, axes, true);
  auto mean = [&](Value v) -> Value {
    return nn::ReduceMeanOp::create(c.b(), c.loc, keptTy, v, c.i64s(axes),
                                    c.b().getBoolAttr(true));
  };
  Value mu = mean(x);
  Value centered = nn::SubOp::create(c.b(), c.loc, ty, x, mu);
  Value var = mean(nn::MulOp::create(c.b(), c.loc, ty, centered, centered));
  Value eps = scalarTensor(c, epsilon);
  Value stddev = nn::SqrtOp::create(
      c.b(), c.loc, keptTy, nn::AddOp::create(c.b(), c.loc, keptTy, var, eps));
  if (meanOut)
    *meanOut = mu;
  if (stddevOut)
    *stddevOut = stddev;
  return nn::DivOp::create(c.b(), c.loc, ty, centered, stddev);
}

/// LayerNormalization over the trailing dims from `axis`, then scale and
/// (optional) bias; the optional Mean and InvStdDev outputs are the
/// statistics with the normalized dims kept as size 1.
LogicalResult importLayerNorm(NodeContext &c) {
  if (failed(c.resolve(3)))
    return failure();
  auto ty = cast<RankedTensorType>(c.in[0].getType());
  int64_t rank = ty.getRank();
  int64_t axis = normalizeAxis(intAttr(c.node, "axis", -1), rank);
  SmallVector<int64_t> axes;
  for (int64_t d = axis; d < rank; ++d)
    axes.push_back(d);
  Value mean, stddev;
  Value y = normalizeOver(c, c.in[0], axes, floatAttr(c.node, "epsilon", 1e-5f),
                          &mean, &stddev);
  y = nn::MulOp::create(c.b(), c.loc, ty, y, c.in[1]);
  if (c.in[2])
    y = nn::AddOp::create(c.b(), c.loc, ty, y, c.in[2]);
  c.define(y);
  if (usesOutput(c.node, 1))
    c.g.values[c.node.output(1)] = mean;
  if (usesOutput(c.node, 2))
    c.g.values[c.node.output(2)] =
        nn::ReciprocalOp::create(c.b(), c.loc, stddev.getType(), stddev);
  return success();
}

LogicalResult importGlobalMaxPool(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  c.define(nn::ReduceMaxOp::create(c.b(), c.loc, c.outTy, c.in[0],
                                   c.i64s({2, 3}), c.b().getBoolAttr(true)));
  return success();
}

/// InstanceNormalization: per sample and channel over the spatial dims,
/// with per-channel scale and bias.
LogicalResult importInstanceNorm(NodeContext &c) {
  if (failed(c.resolve(3)))
    return failure();
  auto ty = cast<RankedTensorType>(c.in[0].getType());
  int64_t rank = ty.getRank();
  SmallVector<int64_t> axes;
  for (int64_t d = 2; d < rank; ++d)
    axes.push_back(d);
  Value y =
      normalizeOver(c, c.in[0], axes, floatAttr(c.node, "epsilon", 1e-5f));
  // Scale and bias [C] broadcast as [C, 1, ..., 1].
  SmallVector<int64_t> perChannel(rank - 1, 1);
  perChannel[0] = ty.getDimSize(1);
  auto channelTy = RankedTensorType::get(perChannel, ty.getElementType());
  Value scale = nn::ReshapeOp::create(c.b(), c.loc, channelTy, c.in[1]);
  Value bias = nn::ReshapeOp::create(c.b(), c.loc, channelTy, c.in[2]);
  y = nn::MulOp::create(c.b(), c.loc, ty, y, scale);
  c.define(nn::AddOp::create(c.b(), c.loc, ty, y, bias));
  return success();
}

} // namespace mlir::nnc
