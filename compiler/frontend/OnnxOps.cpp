//===- OnnxOps.cpp - ONNX node converters ---------------------------------===//
//
// One entry per supported ONNX op: a check that names what nnc cannot handle
// (used for the all-at-once unsupported report) and the conversion to nn.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontend/OnnxGraph.h"
#include "compiler/frontend/OnnxImporter.h"
#include "compiler/frontend/OnnxOpUtils.h"
#include "dialects/nn/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/StringMap.h"

#include <cstring>
#include <limits>

using namespace mlir;
using namespace mlir::nnc;

namespace {

//===----------------------------------------------------------------------===//
// Checks
//===----------------------------------------------------------------------===//

Reason checkAutoPad(const onnx::NodeProto &node) {
  std::string autoPad = stringAttr(node, "auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER")
    return "auto_pad '" + autoPad + "' is not supported";
  return std::nullopt;
}

Reason checkSpatial2d(const onnx::NodeProto &node, const OnnxGraph &g) {
  auto shape = g.shapeOf(node.input(0));
  if (shape && shape->size() != 4)
    return "only 2-D (NCHW) inputs are supported, got rank " +
           std::to_string(shape->size());
  return checkAutoPad(node);
}

Reason checkConstInput(const onnx::NodeProto &node, const OnnxGraph &g, int i,
                       StringRef what) {
  if (hasInput(node, i) && !g.constant(node.input(i)))
    return (what + " must be a constant").str();
  return std::nullopt;
}

Reason checkNone(const onnx::NodeProto &, const OnnxGraph &) {
  return std::nullopt;
}

Reason checkConv(const onnx::NodeProto &n, const OnnxGraph &g) {
  return checkSpatial2d(n, g);
}

Reason checkMaxPool(const onnx::NodeProto &n, const OnnxGraph &g) {
  if (usesOutput(n, 1))
    return std::string("the Indices output is not supported");
  if (intAttr(n, "storage_order", 0) != 0)
    return std::string("storage_order=1 is not supported");
  return checkSpatial2d(n, g);
}

Reason checkAvgPool(const onnx::NodeProto &n, const OnnxGraph &g) {
  return checkSpatial2d(n, g);
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

Reason checkReshape(const onnx::NodeProto &n, const OnnxGraph &g) {
  return checkConstInput(n, g, 1, "the shape input");
}

Reason checkBatchNorm(const onnx::NodeProto &n, const OnnxGraph &) {
  if (intAttr(n, "training_mode", 0) != 0 || usesOutput(n, 1) ||
      usesOutput(n, 2))
    return std::string("training mode is not supported");
  return std::nullopt;
}

Reason checkClip(const onnx::NodeProto &n, const OnnxGraph &g) {
  if (Reason r = checkConstInput(n, g, 1, "min"))
    return r;
  return checkConstInput(n, g, 2, "max");
}

Reason checkGemm(const onnx::NodeProto &, const OnnxGraph &) {
  return std::nullopt;
}

Reason checkConvTranspose(const onnx::NodeProto &n, const OnnxGraph &g) {
  if (intAttr(n, "group", 1) != 1)
    return std::string("group > 1 is not supported");
  return checkSpatial2d(n, g);
}

/// Every input from index `first` on must be a constant (shape-like data).
Reason checkConstInputsFrom(const onnx::NodeProto &n, const OnnxGraph &g,
                            int first) {
  for (int i = first; i < n.input_size(); ++i)
    if (Reason r = checkConstInput(n, g, i, "input " + std::to_string(i)))
      return r;
  return std::nullopt;
}

Reason checkSlice(const onnx::NodeProto &n, const OnnxGraph &g) {
  if (Reason r = checkConstInputsFrom(n, g, 1))
    return r;
  if (hasInput(n, 4))
    for (int64_t step : g.constant(n.input(4))->asInts())
      if (step <= 0)
        return std::string("non-positive steps are not supported");
  return std::nullopt;
}

Reason checkSplit(const onnx::NodeProto &n, const OnnxGraph &g) {
  for (int i = 0; i < n.output_size(); ++i)
    if (!g.typeOf(n.output(i)))
      return "output '" + n.output(i) + "' has no static float32 shape";
  return checkConstInputsFrom(n, g, 1);
}

Reason checkSqueeze(const onnx::NodeProto &n, const OnnxGraph &g) {
  return checkConstInputsFrom(n, g, 1);
}

//===----------------------------------------------------------------------===//
// Converters
//===----------------------------------------------------------------------===//

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

LogicalResult importConv(NodeContext &c) {
  if (failed(c.resolve(3)))
    return failure();
  auto filterTy = cast<RankedTensorType>(c.in[1].getType());
  SmallVector<int64_t> kernel = {filterTy.getDimSize(2), filterTy.getDimSize(3)};
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
  if (failed(c.resolve(1)))
    return failure();
  auto kernel = intsAttr(c.node, "kernel_shape", {});
  auto strides = intsAttr(c.node, "strides", {1, 1});
  auto dilations = intsAttr(c.node, "dilations", {1, 1});
  auto pads = resolvePads(c.node, cast<RankedTensorType>(c.in[0].getType()),
                          kernel, strides, dilations);
  c.define(nn::MaxPool2dOp::create(
      c.b(), c.loc, c.outTy, c.in[0], c.i64s(kernel), c.i64s(strides),
      c.i64s(pads), c.i64s(dilations),
      c.b().getBoolAttr(intAttr(c.node, "ceil_mode", 0) != 0)));
  return success();
}

LogicalResult importAvgPool(NodeContext &c) {
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

Value scalarTensor(NodeContext &c, float value) {
  auto ty = RankedTensorType::get({1}, c.b().getF32Type());
  return arith::ConstantOp::create(c.b(), c.loc, ty,
                                   DenseElementsAttr::get(ty, value));
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
    if (biasTy.getNumElements() == n && biasTy.getDimSize(biasTy.getRank() - 1) == n) {
      denseBias = biasTy.getRank() == 1
                      ? bias
                      : nn::ReshapeOp::create(
                            c.b(), c.loc,
                            RankedTensorType::get({n}, biasTy.getElementType()),
                            bias);
    }
  }
  Value y = nn::DenseOp::create(c.b(), c.loc, c.outTy, a, b, denseBias);
  if (alpha != 1.0f)
    y = nn::MulOp::create(c.b(), c.loc, c.outTy, y, scalarTensor(c, alpha));
  if (bias && !denseBias) {
    Value scaled = bias;
    if (beta != 1.0f)
      scaled = nn::MulOp::create(
          c.b(), c.loc,
          cast<RankedTensorType>(bias.getType()), bias, scalarTensor(c, beta));
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
      c.b(), c.loc,
      RankedTensorType::get({rows, bTy.getDimSize(1)}, f32), flat, c.in[1]);
  c.define(nn::ReshapeOp::create(c.b(), c.loc, c.outTy, product));
  return success();
}

template <typename Op> LogicalResult importBinary(NodeContext &c) {
  if (failed(c.resolve(2)))
    return failure();
  c.define(Op::create(c.b(), c.loc, c.outTy, c.in[0], c.in[1]));
  return success();
}

template <typename Op> LogicalResult importUnary(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  c.define(Op::create(c.b(), c.loc, c.outTy, c.in[0]));
  return success();
}

/// Activations whose float attributes (alpha, beta, gamma) carry over by
/// name; absent ones keep the op's ONNX default.
template <typename Op> LogicalResult importActivation(NodeContext &c) {
  if (failed(importUnary<Op>(c)))
    return failure();
  Operation *op = c.g.values[c.node.output(0)].getDefiningOp();
  for (const auto &a : c.node.attribute())
    if (a.type() == onnx::AttributeProto::FLOAT)
      op->setAttr(a.name(), c.b().getF32FloatAttr(a.f()));
  return success();
}

/// Max, Min, Sum and Mean take any number of inputs: a chain of
/// broadcasting binary ops (Mean then scales by 1/N).
template <typename Op, bool mean = false>
LogicalResult importVariadic(NodeContext &c) {
  if (failed(c.resolve(c.node.input_size())))
    return failure();
  Value acc = c.in[0];
  for (size_t i = 1; i < c.in.size(); ++i) {
    SmallVector<int64_t> shape;
    auto a = cast<RankedTensorType>(acc.getType());
    auto b = cast<RankedTensorType>(c.in[i].getType());
    OpTrait::util::getBroadcastedShape(a.getShape(), b.getShape(), shape);
    acc = Op::create(c.b(), c.loc, RankedTensorType::get(shape, a.getElementType()),
                     acc, c.in[i]);
  }
  if (mean && c.in.size() > 1)
    acc = nn::MulOp::create(c.b(), c.loc, acc.getType(), acc,
                            scalarTensor(c, 1.0f / c.in.size()));
  if (acc.getType() != c.outTy) // One input: still a distinct value.
    return emitError(c.loc) << "node '" << c.node.name()
                            << "': result shape does not match inference";
  c.define(c.in.size() == 1
               ? nn::IdentityOp::create(c.b(), c.loc, c.outTy, acc).getResult()
               : acc);
  return success();
}

int64_t normalizeAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

/// Softmax before opset 13 works on the input coerced to 2-D at `axis`;
/// from 13 on, along `axis` alone. Both equal a softmax along the last axis
/// when axis = rank - 1.
LogicalResult importSoftmax(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  int64_t rank = c.outTy.getRank();
  int64_t axis = normalizeAxis(
      intAttr(c.node, "axis", c.g.opset >= 13 ? -1 : 1), rank);
  if (axis < 0 || axis >= rank)
    return emitError(c.loc) << "node '" << c.node.name()
                            << "' (Softmax): axis out of range";
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

LogicalResult importFlatten(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  auto inTy = cast<RankedTensorType>(c.in[0].getType());
  int64_t axis = normalizeAxis(intAttr(c.node, "axis", 1), inTy.getRank());
  c.define(nn::FlattenOp::create(c.b(), c.loc, c.outTy, c.in[0],
                                 c.b().getI64IntegerAttr(axis)));
  return success();
}

LogicalResult importReshape(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  c.define(nn::ReshapeOp::create(c.b(), c.loc, c.outTy, c.in[0]));
  return success();
}

LogicalResult importTranspose(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  int64_t rank = c.outTy.getRank();
  SmallVector<int64_t> reversed;
  for (int64_t i = rank - 1; i >= 0; --i)
    reversed.push_back(i);
  c.define(nn::TransposeOp::create(c.b(), c.loc, c.outTy, c.in[0],
                                   c.i64s(intsAttr(c.node, "perm", reversed))));
  return success();
}

LogicalResult importConcat(NodeContext &c) {
  if (failed(c.resolve(c.node.input_size())))
    return failure();
  int64_t axis = normalizeAxis(intAttr(c.node, "axis", 0), c.outTy.getRank());
  c.define(nn::ConcatOp::create(c.b(), c.loc, c.outTy, c.in,
                                c.b().getI64IntegerAttr(axis)));
  return success();
}

LogicalResult importBatchNorm(NodeContext &c) {
  if (failed(c.resolve(5)))
    return failure();
  c.define(nn::BatchNormOp::create(
      c.b(), c.loc, c.outTy, c.in[0], c.in[1], c.in[2], c.in[3], c.in[4],
      c.b().getF32FloatAttr(floatAttr(c.node, "epsilon", 1e-5f))));
  return success();
}

LogicalResult importClip(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  float lo = -std::numeric_limits<float>::infinity();
  float hi = std::numeric_limits<float>::infinity();
  if (c.g.opset < 11) {
    lo = floatAttr(c.node, "min", lo);
    hi = floatAttr(c.node, "max", hi);
  }
  auto readBound = [&](int i, float &v) {
    if (!hasInput(c.node, i))
      return;
    const OnnxConstant *k = c.g.constant(c.node.input(i));
    if (k && k->dataType == onnx::TensorProto::FLOAT && k->bytes.size() == 4)
      memcpy(&v, k->bytes.data(), 4);
  };
  readBound(1, lo);
  readBound(2, hi);
  c.define(nn::ClipOp::create(c.b(), c.loc, c.outTy, c.in[0],
                              c.b().getF32FloatAttr(lo),
                              c.b().getF32FloatAttr(hi)));
  return success();
}

LogicalResult importLogSoftmax(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  int64_t rank = c.outTy.getRank();
  int64_t axis = normalizeAxis(
      intAttr(c.node, "axis", c.g.opset >= 13 ? -1 : 1), rank);
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

/// Slice with constant starts/ends/axes/steps (inputs from opset 10, before
/// that attributes), clamped like NumPy.
LogicalResult importSlice(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  auto inTy = cast<RankedTensorType>(c.in[0].getType());
  int64_t rank = inTy.getRank();
  auto ints = [&](int i, StringRef attr) -> std::vector<int64_t> {
    if (c.g.opset < 10) {
      auto v = intsAttr(c.node, attr, {});
      return std::vector<int64_t>(v.begin(), v.end());
    }
    return hasInput(c.node, i) ? c.g.constant(c.node.input(i))->asInts()
                               : std::vector<int64_t>();
  };
  std::vector<int64_t> starts = ints(1, "starts"), ends = ints(2, "ends");
  std::vector<int64_t> axes = ints(3, "axes"), steps = ints(4, "steps");
  SmallVector<int64_t> offsets(rank, 0), sizes(inTy.getShape()),
      strides(rank, 1);
  for (size_t j = 0; j < starts.size(); ++j) {
    int64_t axis = normalizeAxis(j < axes.size() ? axes[j] : j, rank);
    int64_t dim = inTy.getDimSize(axis);
    int64_t step = j < steps.size() ? steps[j] : 1;
    int64_t begin = starts[j] < 0 ? starts[j] + dim : starts[j];
    int64_t end = ends[j] < 0 ? ends[j] + dim : ends[j];
    begin = std::clamp<int64_t>(begin, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    offsets[axis] = begin;
    strides[axis] = step;
    sizes[axis] = end > begin ? (end - begin + step - 1) / step : 0;
  }
  c.define(nn::SliceOp::create(c.b(), c.loc, c.outTy, c.in[0], c.i64s(offsets),
                               c.i64s(sizes), c.i64s(strides)));
  return success();
}

/// Split into consecutive slices along `axis`, sized by the inferred outputs.
LogicalResult importSplit(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  auto inTy = cast<RankedTensorType>(c.in[0].getType());
  int64_t rank = inTy.getRank();
  int64_t axis = normalizeAxis(intAttr(c.node, "axis", 0), rank);
  int64_t offset = 0;
  for (int i = 0; i < c.node.output_size(); ++i) {
    RankedTensorType ty = c.outputType(i);
    SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
    offsets[axis] = offset;
    offset += ty.getDimSize(axis);
    c.g.values[c.node.output(i)] =
        nn::SliceOp::create(c.b(), c.loc, ty, c.in[0], c.i64s(offsets),
                            c.i64s(ty.getShape()), c.i64s(strides));
  }
  if (offset != inTy.getDimSize(axis))
    return emitError(c.loc) << "node '" << c.node.name()
                            << "' (Split): outputs do not cover the input";
  return success();
}

/// Squeeze, Unsqueeze and other pure shape changes: a reshape to the
/// inferred result type.
LogicalResult importAsReshape(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  c.define(nn::ReshapeOp::create(c.b(), c.loc, c.outTy, c.in[0]));
  return success();
}

/// Reduction axes: the constant second input (ReduceSum from opset 13, all
/// reductions from 18) or the `axes` attribute; none means every axis, or
/// nothing with noop_with_empty_axes. Sorted and non-negative.
SmallVector<int64_t> reduceAxes(NodeContext &c, int64_t rank, bool &noop) {
  std::vector<int64_t> axes;
  if (hasInput(c.node, 1))
    axes = c.g.constant(c.node.input(1))->asInts();
  else if (findAttr(c.node, "axes"))
    axes.assign(findAttr(c.node, "axes")->ints().begin(),
                findAttr(c.node, "axes")->ints().end());
  noop = axes.empty() && intAttr(c.node, "noop_with_empty_axes", 0) != 0;
  SmallVector<int64_t> out;
  for (int64_t a : axes)
    out.push_back(normalizeAxis(a, rank));
  if (axes.empty())
    for (int64_t i = 0; i < rank; ++i)
      out.push_back(i);
  llvm::sort(out);
  return out;
}

/// Shape of `ty` reduced over `axes`.
RankedTensorType reducedType(RankedTensorType ty, ArrayRef<int64_t> axes,
                             bool keepdims) {
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < ty.getRank(); ++d) {
    if (!llvm::is_contained(axes, d))
      shape.push_back(ty.getDimSize(d));
    else if (keepdims)
      shape.push_back(1);
  }
  return RankedTensorType::get(shape, ty.getElementType());
}

/// Reduce* ops. `Pre` transforms the input first (abs, square), `Post` the
/// sum (sqrt, log); LogSumExp subtracts the max for stability.
enum class ReduceKind { Plain, L1, L2, SumSquare, LogSum, LogSumExp };

template <typename Op, ReduceKind kind = ReduceKind::Plain>
LogicalResult importReduce(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  auto inTy = cast<RankedTensorType>(c.in[0].getType());
  bool noop = false;
  SmallVector<int64_t> axes = reduceAxes(c, inTy.getRank(), noop);
  if (noop) {
    c.define(nn::IdentityOp::create(c.b(), c.loc, c.outTy, c.in[0]));
    return success();
  }
  bool keepdims = intAttr(c.node, "keepdims", 1) != 0;
  auto reduce = [&](auto opTag, Value v, bool keep) -> Value {
    using R = decltype(opTag);
    return R::create(c.b(), c.loc, reducedType(inTy, axes, keep), v,
                     c.i64s(axes), c.b().getBoolAttr(keep));
  };
  Value x = c.in[0];
  Value result;
  switch (kind) {
  case ReduceKind::Plain:
    result = reduce(Op(), x, keepdims);
    break;
  case ReduceKind::L1:
    result = reduce(nn::ReduceSumOp(), nn::AbsOp::create(c.b(), c.loc, inTy, x),
                    keepdims);
    break;
  case ReduceKind::L2:
  case ReduceKind::SumSquare: {
    Value sq = nn::MulOp::create(c.b(), c.loc, inTy, x, x);
    result = reduce(nn::ReduceSumOp(), sq, keepdims);
    if (kind == ReduceKind::L2)
      result = nn::SqrtOp::create(c.b(), c.loc, result.getType(), result);
    break;
  }
  case ReduceKind::LogSum:
    result = reduce(nn::ReduceSumOp(), x, keepdims);
    result = nn::LogOp::create(c.b(), c.loc, result.getType(), result);
    break;
  case ReduceKind::LogSumExp: {
    Value m = reduce(nn::ReduceMaxOp(), x, true);
    Value shifted = nn::SubOp::create(c.b(), c.loc, inTy, x, m);
    Value e = nn::ExpOp::create(c.b(), c.loc, inTy, shifted);
    Value sum = reduce(nn::ReduceSumOp(), e, true);
    Value lse = nn::AddOp::create(c.b(), c.loc, sum.getType(),
                                  nn::LogOp::create(c.b(), c.loc, sum.getType(), sum), m);
    result = keepdims ? lse
                      : nn::ReshapeOp::create(c.b(), c.loc,
                                              reducedType(inTy, axes, false), lse)
                            .getResult();
    break;
  }
  }
  c.define(result);
  return success();
}

/// (x - mean) / sqrt(var + epsilon) over `axes` (kept as size-1 dims for
/// broadcasting): the core of LayerNormalization and InstanceNormalization.
/// `meanOut`/`stddevOut`, when given, receive the statistics.
Value normalizeOver(NodeContext &c, Value x, ArrayRef<int64_t> axes,
                    float epsilon, Value *meanOut = nullptr,
                    Value *stddevOut = nullptr) {
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

Reason checkLayerNorm(const onnx::NodeProto &n, const OnnxGraph &) {
  if (intAttr(n, "stash_type", 1) != 1)
    return std::string("stash_type other than float32 is not supported");
  return std::nullopt;
}

/// Gather with constant indices on a run-time tensor: one slice per index
/// along `axis`, concatenated, then shaped like data[:axis] + indices +
/// data[axis+1:].
LogicalResult importGather(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  auto ty = cast<RankedTensorType>(c.in[0].getType());
  int64_t rank = ty.getRank();
  int64_t axis = normalizeAxis(intAttr(c.node, "axis", 0), rank);
  int64_t dim = ty.getDimSize(axis);
  SmallVector<Value> parts;
  for (int64_t index : c.g.constant(c.node.input(1))->asInts()) {
    int64_t k = index < 0 ? index + dim : index;
    if (k < 0 || k >= dim)
      return emitError(c.loc) << "node '" << c.node.name()
                              << "' (Gather): index " << index
                              << " is out of range for dimension " << dim;
    SmallVector<int64_t> offsets(rank, 0), sizes(ty.getShape()),
        strides(rank, 1);
    offsets[axis] = k;
    sizes[axis] = 1;
    parts.push_back(nn::SliceOp::create(
        c.b(), c.loc, RankedTensorType::get(sizes, ty.getElementType()),
        c.in[0], c.i64s(offsets), c.i64s(sizes), c.i64s(strides)));
  }
  Value joined = parts.front();
  if (parts.size() > 1) {
    SmallVector<int64_t> shape(ty.getShape());
    shape[axis] = parts.size();
    joined = nn::ConcatOp::create(
        c.b(), c.loc, RankedTensorType::get(shape, ty.getElementType()), parts,
        c.b().getI64IntegerAttr(axis));
  }
  c.define(nn::ReshapeOp::create(c.b(), c.loc, c.outTy, joined));
  return success();
}

Reason checkGather(const onnx::NodeProto &n, const OnnxGraph &g) {
  const OnnxConstant *idx = hasInput(n, 1) ? g.constant(n.input(1)) : nullptr;
  if (!idx)
    return std::string("run-time indices are not supported (constant only)");
  size_t count = idx->asInts().size();
  if (count == 0 || count > 1024)
    return "gathering " + std::to_string(count) +
           " indices is not supported (1 to 1024)";
  return std::nullopt;
}

Reason checkCast(const onnx::NodeProto &n, const OnnxGraph &) {
  if (intAttr(n, "to", 0) != onnx::TensorProto::FLOAT)
    return std::string("casts to types other than float32 are not supported");
  return std::nullopt;
}

/// Pad (pads, constant_value and axes as constant inputs from opset 11,
/// attributes before). Negative pads crop first.
LogicalResult importPad(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  auto ty = cast<RankedTensorType>(c.in[0].getType());
  int64_t rank = ty.getRank();
  std::vector<int64_t> pads;
  float value = 0.0f;
  if (c.g.opset < 11) {
    auto p = intsAttr(c.node, "pads", {});
    pads.assign(p.begin(), p.end());
    value = floatAttr(c.node, "value", 0.0f);
  } else {
    pads = c.g.constant(c.node.input(1))->asInts();
    if (hasInput(c.node, 2)) {
      const OnnxConstant *v = c.g.constant(c.node.input(2));
      if (v->dataType == onnx::TensorProto::FLOAT && v->bytes.size() == 4)
        memcpy(&value, v->bytes.data(), 4);
    }
  }
  std::vector<int64_t> axes;
  if (hasInput(c.node, 3))
    axes = c.g.constant(c.node.input(3))->asInts();
  else
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  SmallVector<int64_t> low(rank, 0), high(rank, 0);
  for (size_t k = 0; k < axes.size(); ++k) {
    int64_t d = normalizeAxis(axes[k], rank);
    low[d] = pads[k];
    high[d] = pads[k + axes.size()];
  }
  // Crop negative pads with a slice, then pad the rest.
  Value x = c.in[0];
  SmallVector<int64_t> offsets(rank, 0), sizes(ty.getShape()), ones(rank, 1);
  bool crop = false;
  for (int64_t d = 0; d < rank; ++d) {
    if (low[d] < 0) {
      offsets[d] = -low[d];
      sizes[d] += low[d];
      low[d] = 0;
      crop = true;
    }
    if (high[d] < 0) {
      sizes[d] += high[d];
      high[d] = 0;
      crop = true;
    }
  }
  if (crop)
    x = nn::SliceOp::create(c.b(), c.loc,
                            RankedTensorType::get(sizes, ty.getElementType()), x,
                            c.i64s(offsets), c.i64s(sizes), c.i64s(ones));
  c.define(nn::PadOp::create(c.b(), c.loc, c.outTy, x, c.i64s(low),
                             c.i64s(high),
                             c.b().getStringAttr(stringAttr(c.node, "mode", "constant")),
                             c.b().getF32FloatAttr(value)));
  return success();
}

Reason checkPad(const onnx::NodeProto &n, const OnnxGraph &g) {
  std::string mode = stringAttr(n, "mode", "constant");
  if (mode != "constant" && mode != "edge" && mode != "reflect")
    return "mode '" + mode + "' is not supported";
  return checkConstInputsFrom(n, g, 1);
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
  Value y = normalizeOver(c, c.in[0], axes, floatAttr(c.node, "epsilon", 1e-5f));
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

/// Expand: broadcast to the inferred shape as x + 0 (the zero constant is
/// folded into the elementwise loop).
LogicalResult importExpand(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  auto zeros = DenseElementsAttr::get(c.outTy, 0.0f);
  Value zero = arith::ConstantOp::create(c.b(), c.loc, c.outTy, zeros);
  c.define(nn::AddOp::create(c.b(), c.loc, c.outTy, c.in[0], zero));
  return success();
}

/// Tile with constant repeats: concatenated copies, axis by axis.
LogicalResult importTile(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  std::vector<int64_t> repeats = c.g.constant(c.node.input(1))->asInts();
  Value x = c.in[0];
  for (size_t axis = 0; axis < repeats.size(); ++axis) {
    if (repeats[axis] == 1)
      continue;
    auto ty = cast<RankedTensorType>(x.getType());
    SmallVector<int64_t> shape(ty.getShape());
    shape[axis] *= repeats[axis];
    SmallVector<Value> copies(repeats[axis], x);
    x = nn::ConcatOp::create(c.b(), c.loc,
                             RankedTensorType::get(shape, ty.getElementType()),
                             copies, c.b().getI64IntegerAttr(axis));
  }
  c.define(x.getType() == c.outTy
               ? x
               : nn::ReshapeOp::create(c.b(), c.loc, c.outTy, x).getResult());
  return success();
}

Reason checkTile(const onnx::NodeProto &n, const OnnxGraph &g) {
  if (Reason r = checkConstInputsFrom(n, g, 1))
    return r;
  for (int64_t r : g.constant(n.input(1))->asInts())
    if (r < 1)
      return std::string("repeats below 1 are not supported");
  return std::nullopt;
}

/// DepthToSpace / SpaceToDepth: reshape to 6-D, permute, reshape back.
template <bool toSpace> LogicalResult importDepthSpace(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  auto ty = cast<RankedTensorType>(c.in[0].getType());
  int64_t n = ty.getDimSize(0), ch = ty.getDimSize(1), h = ty.getDimSize(2),
          w = ty.getDimSize(3), b = intAttr(c.node, "blocksize", 1);
  SmallVector<int64_t> shape6, perm;
  if (toSpace && stringAttr(c.node, "mode", "DCR") == "CRD") {
    shape6 = {n, ch / (b * b), b, b, h, w};
    perm = {0, 1, 4, 2, 5, 3};
  } else if (toSpace) {
    shape6 = {n, b, b, ch / (b * b), h, w};
    perm = {0, 3, 4, 1, 5, 2};
  } else {
    shape6 = {n, ch, h / b, b, w / b, b};
    perm = {0, 3, 5, 1, 2, 4};
  }
  Type elt = ty.getElementType();
  Value x = nn::ReshapeOp::create(c.b(), c.loc,
                                  RankedTensorType::get(shape6, elt), c.in[0]);
  SmallVector<int64_t> permuted;
  for (int64_t p : perm)
    permuted.push_back(shape6[p]);
  x = nn::TransposeOp::create(c.b(), c.loc,
                              RankedTensorType::get(permuted, elt), x,
                              c.i64s(perm));
  c.define(nn::ReshapeOp::create(c.b(), c.loc, c.outTy, x));
  return success();
}

/// Resize (opset 11+: X, roi, scales, sizes; opset 10: X, scales) and
/// Upsample (scales as input or, before opset 9, attribute). Before opset 11
/// both use asymmetric coordinates with floor rounding.
LogicalResult importResize(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  auto inTy = cast<RankedTensorType>(c.in[0].getType());
  int64_t rank = inTy.getRank();
  bool legacy = c.node.op_type() == "Upsample" || c.g.opset < 11;
  int scalesInput = legacy ? 1 : 2;
  SmallVector<float> scales;
  if (c.node.op_type() == "Upsample" && findAttr(c.node, "scales")) {
    for (float f : findAttr(c.node, "scales")->floats())
      scales.push_back(f);
  } else if (hasInput(c.node, scalesInput) &&
             !c.g.constant(c.node.input(scalesInput))->bytes.empty()) {
    const OnnxConstant *k = c.g.constant(c.node.input(scalesInput));
    for (size_t i = 0; i + 4 <= k->bytes.size(); i += 4) {
      float f;
      memcpy(&f, k->bytes.data() + i, 4);
      scales.push_back(f);
    }
  } else {
    for (int64_t d = 0; d < rank; ++d)
      scales.push_back(float(c.outTy.getDimSize(d)) / float(inTy.getDimSize(d)));
  }
  std::string mode = stringAttr(c.node, "mode", "nearest");
  std::string coords = legacy ? "asymmetric"
                              : stringAttr(c.node, "coordinate_transformation_mode",
                                           "half_pixel");
  std::string rounding =
      legacy ? "floor" : stringAttr(c.node, "nearest_mode", "round_prefer_floor");
  c.define(nn::ResizeOp::create(
      c.b(), c.loc, c.outTy, c.in[0], c.b().getDenseF32ArrayAttr(scales),
      c.b().getStringAttr(mode == "bilinear" ? "linear" : mode),
      c.b().getStringAttr(coords), c.b().getStringAttr(rounding)));
  return success();
}

Reason checkResize(const onnx::NodeProto &n, const OnnxGraph &g) {
  std::string mode = stringAttr(n, "mode", "nearest");
  if (mode != "nearest" && mode != "linear" && mode != "bilinear")
    return "mode '" + mode + "' is not supported";
  std::string coords =
      stringAttr(n, "coordinate_transformation_mode", "half_pixel");
  if (coords == "tf_crop_and_resize" || coords == "tf_half_pixel_for_nn")
    return "coordinate_transformation_mode '" + coords + "' is not supported";
  if (intAttr(n, "exclude_outside", 0) != 0)
    return std::string("exclude_outside is not supported");
  if (findAttr(n, "antialias") && intAttr(n, "antialias", 0) != 0)
    return std::string("antialias is not supported");
  if (Reason r = checkConstInputsFrom(n, g, 1))
    return r;
  auto in = g.shapeOf(n.input(0));
  RankedTensorType out = g.typeOf(n.output(0));
  if (in && out)
    for (size_t d = 0; d + 2 < in->size(); ++d)
      if ((*in)[d] != out.getDimSize(d))
        return std::string("only the last two dimensions may be resized");
  return std::nullopt;
}

struct OpEntry {
  Reason (*check)(const onnx::NodeProto &, const OnnxGraph &);
  LogicalResult (*import)(NodeContext &);
  const char *nnOps;
  const char *notes;
};

const llvm::StringMap<OpEntry> &opTable() {
  static const llvm::StringMap<OpEntry> table = {
      {"Conv", {checkConv, importConv, "nn.conv2d",
                "2-D; pads, strides, dilations, groups, auto_pad"}},
      {"MaxPool", {checkMaxPool, importMaxPool, "nn.max_pool2d",
                   "2-D; pads, strides, dilations, ceil_mode, auto_pad; "
                   "no Indices output"}},
      {"AveragePool", {checkAvgPool, importAvgPool, "nn.avg_pool2d",
                       "2-D; pads, strides, ceil_mode, count_include_pad"}},
      {"GlobalAveragePool", {checkGlobalPool, importGlobalAvgPool,
                             "nn.global_avg_pool2d", "2-D"}},
      {"Gemm", {checkGemm, importGemm, "nn.dense (+ nn.transpose/mul/add)",
                "transA, transB, alpha, beta; 1-D C becomes the bias"}},
      {"MatMul", {checkMatMul, importMatMul, "nn.matmul",
                  "equal ranks with equal batch dims, or [..., M, K] x [K, N]"}},
      {"Add", {checkNone, importBinary<nn::AddOp>, "nn.add",
               "NumPy broadcasting"}},
      {"Sub", {checkNone, importBinary<nn::SubOp>, "nn.sub",
               "NumPy broadcasting"}},
      {"Mul", {checkNone, importBinary<nn::MulOp>, "nn.mul",
               "NumPy broadcasting"}},
      {"Div", {checkNone, importBinary<nn::DivOp>, "nn.div",
               "NumPy broadcasting"}},
      {"Relu", {checkNone, importUnary<nn::ReluOp>, "nn.relu", ""}},
      {"Exp", {checkNone, importUnary<nn::ExpOp>, "nn.exp", ""}},
      {"Log", {checkNone, importUnary<nn::LogOp>, "nn.log", ""}},
      {"Sqrt", {checkNone, importUnary<nn::SqrtOp>, "nn.sqrt", ""}},
      {"Neg", {checkNone, importUnary<nn::NegOp>, "nn.neg", ""}},
      {"Abs", {checkNone, importUnary<nn::AbsOp>, "nn.abs", ""}},
      {"Reciprocal", {checkNone, importUnary<nn::ReciprocalOp>, "nn.reciprocal", ""}},
      {"Floor", {checkNone, importUnary<nn::FloorOp>, "nn.floor", ""}},
      {"Ceil", {checkNone, importUnary<nn::CeilOp>, "nn.ceil", ""}},
      {"Round", {checkNone, importUnary<nn::RoundOp>, "nn.round", "half to even"}},
      {"Erf", {checkNone, importUnary<nn::ErfOp>, "nn.erf", ""}},
      {"Sin", {checkNone, importUnary<nn::SinOp>, "nn.sin", ""}},
      {"Cos", {checkNone, importUnary<nn::CosOp>, "nn.cos", ""}},
      {"Sign", {checkNone, importUnary<nn::SignOp>, "nn.sign", ""}},
      {"Tan", {checkNone, importUnary<nn::TanOp>, "nn.tan", ""}},
      {"Asin", {checkNone, importUnary<nn::AsinOp>, "nn.asin", ""}},
      {"Acos", {checkNone, importUnary<nn::AcosOp>, "nn.acos", ""}},
      {"Atan", {checkNone, importUnary<nn::AtanOp>, "nn.atan", ""}},
      {"Sinh", {checkNone, importUnary<nn::SinhOp>, "nn.sinh", ""}},
      {"Cosh", {checkNone, importUnary<nn::CoshOp>, "nn.cosh", ""}},
      {"Asinh", {checkNone, importUnary<nn::AsinhOp>, "nn.asinh", ""}},
      {"Acosh", {checkNone, importUnary<nn::AcoshOp>, "nn.acosh", ""}},
      {"Atanh", {checkNone, importUnary<nn::AtanhOp>, "nn.atanh", ""}},
      {"Softsign", {checkNone, importUnary<nn::SoftsignOp>, "nn.softsign", ""}},
      {"Softplus", {checkNone, importUnary<nn::SoftplusOp>, "nn.softplus", ""}},
      {"HardSwish", {checkNone, importUnary<nn::HardSwishOp>, "nn.hard_swish", ""}},
      {"HardSigmoid", {checkNone, importActivation<nn::HardSigmoidOp>,
                       "nn.hard_sigmoid", "alpha, beta"}},
      {"LeakyRelu", {checkNone, importActivation<nn::LeakyReluOp>,
                     "nn.leaky_relu", "alpha"}},
      {"Elu", {checkNone, importActivation<nn::EluOp>, "nn.elu", "alpha"}},
      {"Selu", {checkNone, importActivation<nn::SeluOp>, "nn.selu",
                "alpha, gamma"}},
      {"Celu", {checkNone, importActivation<nn::CeluOp>, "nn.celu", "alpha"}},
      {"ThresholdedRelu", {checkNone, importActivation<nn::ThresholdedReluOp>,
                           "nn.thresholded_relu", "alpha"}},
      {"PRelu", {checkNone, importBinary<nn::PReluOp>, "nn.prelu",
                 "slope broadcast to the input"}},
      {"Pow", {checkNone, importBinary<nn::PowOp>, "nn.pow",
               "float exponent, NumPy broadcasting"}},
      {"Max", {checkNone, importVariadic<nn::MaxOp>, "nn.max",
               "any number of inputs, NumPy broadcasting"}},
      {"Min", {checkNone, importVariadic<nn::MinOp>, "nn.min",
               "any number of inputs, NumPy broadcasting"}},
      {"Sum", {checkNone, importVariadic<nn::AddOp>, "nn.add",
               "any number of inputs, NumPy broadcasting"}},
      {"Mean", {checkNone, importVariadic<nn::AddOp, true>, "nn.add, nn.mul",
                "any number of inputs, NumPy broadcasting"}},
      {"Sigmoid", {checkNone, importUnary<nn::SigmoidOp>, "nn.sigmoid", ""}},
      {"Tanh", {checkNone, importUnary<nn::TanhOp>, "nn.tanh", ""}},
      {"Identity", {checkNone, importUnary<nn::IdentityOp>, "nn.identity",
                    "removed at compile time"}},
      {"Softmax", {checkSoftmax, importSoftmax, "nn.softmax",
                   "any axis; opset < 13 semantics via reshape"}},
      {"Dropout", {checkDropout, importDropout, "nn.dropout",
                   "inference only (removed); no mask output"}},
      {"Flatten", {checkNone, importFlatten, "nn.flatten", "any axis"}},
      {"Reshape", {checkReshape, importReshape, "nn.reshape",
                   "constant shape; 0 and -1 resolved at compile time"}},
      {"Transpose", {checkNone, importTranspose, "nn.transpose", ""}},
      {"Concat", {checkNone, importConcat, "nn.concat", "any axis"}},
      {"BatchNormalization", {checkBatchNorm, importBatchNorm,
                              "nn.batch_norm", "inference mode"}},
      {"Clip", {checkClip, importClip, "nn.clip",
                "constant min/max (inputs or pre-11 attributes)"}},
      {"ConvTranspose", {checkConvTranspose, importConvTranspose,
                         "nn.conv_transpose2d",
                         "2-D, group 1; pads, strides, dilations, "
                         "output_padding, output_shape, auto_pad"}},
      {"LogSoftmax", {checkSoftmax, importLogSoftmax, "nn.log_softmax",
                      "any axis (opset >= 13), last axis before"}},
      {"Slice", {checkSlice, importSlice, "nn.slice",
                 "constant starts/ends/axes, positive steps"}},
      {"Split", {checkSplit, importSplit, "nn.slice",
                 "constant split sizes"}},
      {"LSTM", {checkRecurrent, importLSTM,
                 "nn.dense, nn.slice, nn.sigmoid, nn.tanh, nn.mul, nn.add",
                 "unrolled; forward/reverse/bidirectional, default "
                 "activations, no sequence_lens/peepholes/clip"}},
      {"GRU", {checkRecurrent, importGRU,
                "nn.dense, nn.slice, nn.sigmoid, nn.tanh, nn.mul, nn.add",
                "unrolled; as LSTM, both linear_before_reset values"}},
      {"RNN", {checkRecurrent, importRNN, "nn.dense, nn.tanh, nn.add",
                "unrolled; as LSTM"}},
      {"ReduceSum", {checkSqueeze, importReduce<nn::ReduceSumOp>,
                     "nn.reduce_sum", "constant axes, keepdims, "
                     "noop_with_empty_axes"}},
      {"ReduceMean", {checkSqueeze, importReduce<nn::ReduceMeanOp>,
                      "nn.reduce_mean", "as ReduceSum"}},
      {"ReduceMax", {checkSqueeze, importReduce<nn::ReduceMaxOp>,
                     "nn.reduce_max", "as ReduceSum"}},
      {"ReduceMin", {checkSqueeze, importReduce<nn::ReduceMinOp>,
                     "nn.reduce_min", "as ReduceSum"}},
      {"ReduceProd", {checkSqueeze, importReduce<nn::ReduceProdOp>,
                      "nn.reduce_prod", "as ReduceSum"}},
      {"ReduceL1", {checkSqueeze,
                    importReduce<nn::ReduceSumOp, ReduceKind::L1>,
                    "nn.abs, nn.reduce_sum", "as ReduceSum"}},
      {"ReduceL2", {checkSqueeze,
                    importReduce<nn::ReduceSumOp, ReduceKind::L2>,
                    "nn.mul, nn.reduce_sum, nn.sqrt", "as ReduceSum"}},
      {"ReduceSumSquare", {checkSqueeze,
                           importReduce<nn::ReduceSumOp, ReduceKind::SumSquare>,
                           "nn.mul, nn.reduce_sum", "as ReduceSum"}},
      {"ReduceLogSum", {checkSqueeze,
                        importReduce<nn::ReduceSumOp, ReduceKind::LogSum>,
                        "nn.reduce_sum, nn.log", "as ReduceSum"}},
      {"ReduceLogSumExp", {checkSqueeze,
                           importReduce<nn::ReduceSumOp, ReduceKind::LogSumExp>,
                           "nn.reduce_max, nn.exp, nn.reduce_sum, nn.log",
                           "as ReduceSum; max-shifted"}},
      {"LayerNormalization", {checkLayerNorm, importLayerNorm,
                              "nn.reduce_mean, nn.sub, nn.mul, nn.sqrt, nn.div",
                              "any axis, epsilon, Mean/InvStdDev outputs"}},
      {"Gather", {checkGather, importGather, "nn.slice, nn.concat, nn.reshape",
                  "constant indices (up to 1024), any axis"}},
      {"Cast", {checkCast, importUnary<nn::IdentityOp>, "nn.identity",
                "float32 to float32"}},
      {"Pad", {checkPad, importPad, "nn.pad (+ nn.slice)",
               "constant/edge/reflect; constant pads, value and axes; "
               "negative pads crop"}},
      {"GlobalMaxPool", {checkGlobalPool, importGlobalMaxPool,
                         "nn.reduce_max", "2-D"}},
      {"InstanceNormalization", {checkNone, importInstanceNorm,
                                 "nn.reduce_mean, nn.sub, nn.mul, nn.sqrt, "
                                 "nn.div, nn.add", "epsilon"}},
      {"Expand", {checkSqueeze, importExpand, "nn.add (with zeros)",
                  "constant target shape"}},
      {"Tile", {checkTile, importTile, "nn.concat", "constant repeats"}},
      {"DepthToSpace", {checkGlobalPool, importDepthSpace<true>,
                        "nn.reshape, nn.transpose", "DCR and CRD modes"}},
      {"SpaceToDepth", {checkGlobalPool, importDepthSpace<false>,
                        "nn.reshape, nn.transpose", ""}},
      {"Resize", {checkResize, importResize, "nn.resize",
                  "nearest (all nearest_modes) and linear; half_pixel, "
                  "pytorch_half_pixel, align_corners, asymmetric; constant "
                  "scales or sizes; last two dims"}},
      {"Upsample", {checkResize, importResize, "nn.resize",
                    "nearest and linear (asymmetric)"}},
      {"Squeeze", {checkSqueeze, importAsReshape, "nn.reshape",
                   "constant axes"}},
      {"Unsqueeze", {checkSqueeze, importAsReshape, "nn.reshape",
                     "constant axes"}},
  };
  return table;
}

} // namespace

std::vector<OnnxOpInfo> nnc::supportedOnnxOps() {
  std::vector<OnnxOpInfo> ops;
  for (const auto &entry : opTable())
    ops.push_back({entry.getKey().str(), entry.getValue().nnOps,
                   entry.getValue().notes});
  llvm::sort(ops, [](const OnnxOpInfo &a, const OnnxOpInfo &b) {
    return a.onnxOp < b.onnxOp;
  });
  return ops;
}

std::optional<std::string> nnc::unsupportedReason(const onnx::NodeProto &node,
                                                  const OnnxGraph &graph) {
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return std::string("operators of domain '") + node.domain() +
           "' are not supported";
  auto it = opTable().find(node.op_type());
  if (it == opTable().end())
    return std::string("operator not supported");
  // Inputs and outputs nnc computes with must be float32.
  for (const std::string &out : node.output())
    if (!out.empty() && !graph.inferred.count(out) && !graph.constant(out))
      if (&out == &node.output(0))
        return "output '" + out +
               "' has no static float32 shape after shape inference";
  return it->second.check(node, graph);
}

LogicalResult nnc::importNode(const onnx::NodeProto &node, OnnxGraph &graph) {
  NodeContext ctx(node, graph);
  return opTable().lookup(node.op_type()).import(ctx);
}
