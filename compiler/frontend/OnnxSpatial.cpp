//===- OnnxSpatial.cpp - 1-D and 3-D windows through the 2-D nn ops -------===//
//
// nn's convolution and pooling ops are 2-D (NCHW). A 1-D node (NCL) is the
// 2-D one with a unit height; a 3-D pooling (NCDHW) is separable: pooling
// H x W per depth slice, then D, gives the same maxima and (both counting
// rules) the same averages, since a clipped 3-D window is the product of
// its clipped 1-D extents. A 3-D transposed convolution is a sum of 2-D ones
// over (input depth, filter depth) pairs, one output depth slice at a time.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontend/OnnxOpUtils.h"
#include "dialects/nn/NNOps.h"

using namespace mlir;
using namespace mlir::nnc;

namespace {

/// `shape` with a 1 inserted before dimension 2.
SmallVector<int64_t> withUnitHeight(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> out(shape.take_front(2));
  out.push_back(1);
  llvm::append_range(out, shape.drop_front(2));
  return out;
}

/// The node with every spatial attribute given a leading unit dimension
/// and its data, filter and result renamed to their 2-D stand-ins.
onnx::NodeProto liftNode(const onnx::NodeProto &n) {
  onnx::NodeProto lifted = n;
  lifted.clear_attribute();
  for (const onnx::AttributeProto &a : n.attribute()) {
    onnx::AttributeProto *copy = lifted.add_attribute();
    *copy = a;
    std::string name = a.name();
    if (name == "kernel_shape" || name == "strides" || name == "dilations" ||
        name == "output_padding" || name == "output_shape") {
      copy->clear_ints();
      copy->add_ints(name == "output_padding" ? 0 : 1);
      copy->add_ints(a.ints(0));
    } else if (name == "pads") {
      copy->clear_ints();
      for (int64_t v : {int64_t(0), a.ints(0), int64_t(0), a.ints(1)})
        copy->add_ints(v);
    }
  }
  lifted.set_input(0, n.input(0) + "#2d");
  if (n.input_size() > 1)
    lifted.set_input(1, n.input(1) + "#2d");
  lifted.set_output(0, n.output(0) + "#2d");
  return lifted;
}

/// The value (or constant) `name` viewed with a unit height, under `name#2d`.
LogicalResult liftValue(NodeContext &c, StringRef name) {
  OnnxGraph &g = c.g;
  std::string lifted = name.str() + "#2d";
  if (const OnnxConstant *k = g.constant(name)) {
    OnnxConstant copy = *k;
    copy.shape.insert(copy.shape.begin() + 2, 1);
    g.constants[lifted] = std::move(copy);
    return success();
  }
  Value v = g.lookup(name, c.loc);
  if (!v)
    return emitError(c.loc) << "node '" << c.node.name() << "': input '"
                            << name << "' is not a tensor of the graph";
  auto ty = cast<RankedTensorType>(v.getType());
  g.values[lifted] = nn::ReshapeOp::create(
      c.b(), c.loc, ty.clone(withUnitHeight(ty.getShape())), v);
  return success();
}

} // namespace

LogicalResult nnc::importLifted1d(NodeContext &c,
                                  LogicalResult (*import2d)(NodeContext &)) {
  if (failed(liftValue(c, c.node.input(0))) ||
      (c.node.input_size() > 1 && failed(liftValue(c, c.node.input(1)))))
    return failure();
  RankedTensorType outTy = c.g.typeOf(c.node.output(0));
  if (!outTy)
    return emitError(c.loc) << "node '" << c.node.name()
                            << "': no static output shape";
  onnx::NodeProto lifted = liftNode(c.node);
  c.g.inferred[lifted.output(0)] = outTy.clone(withUnitHeight(outTy.getShape()));
  NodeContext inner(lifted, c.g);
  if (failed(import2d(inner)))
    return failure();
  c.define(nn::ReshapeOp::create(c.b(), c.loc, outTy,
                                 c.g.values[lifted.output(0)]));
  return success();
}

Reason nnc::checkPool3d(const onnx::NodeProto &n) {
  if (stringAttr(n, "auto_pad", "NOTSET") != "NOTSET")
    return std::string("auto_pad on 3-D pooling is not supported");
  for (int64_t d : intsAttr(n, "dilations", {1, 1, 1}))
    if (d != 1)
      return std::string("dilations on 3-D pooling are not supported");
  return std::nullopt;
}

LogicalResult nnc::importPool3d(NodeContext &c, bool isMax) {
  if (failed(c.resolve(1)))
    return failure();
  auto ty = cast<RankedTensorType>(c.in[0].getType());
  ArrayRef<int64_t> s = ty.getShape(); // N, C, D, H, W
  auto kernel = intsAttr(c.node, "kernel_shape", {});
  auto strides = intsAttr(c.node, "strides", {1, 1, 1});
  auto pads = intsAttr(c.node, "pads", {0, 0, 0, 0, 0, 0});
  bool ceil = intAttr(c.node, "ceil_mode", 0) != 0;
  bool includePad = intAttr(c.node, "count_include_pad", 0) != 0;
  Type elt = ty.getElementType();
  auto pool = [&](Value x, int64_t h, int64_t w, ArrayRef<int64_t> k,
                  ArrayRef<int64_t> st, ArrayRef<int64_t> p) -> Value {
    auto xTy = cast<RankedTensorType>(x.getType());
    int64_t oh = nn::slidingWindowExtent(h, k[0], st[0], p[0], p[2], 1, ceil);
    int64_t ow = nn::slidingWindowExtent(w, k[1], st[1], p[1], p[3], 1, ceil);
    auto outTy = RankedTensorType::get(
        {xTy.getDimSize(0), xTy.getDimSize(1), oh, ow}, elt);
    if (isMax)
      return nn::MaxPool2dOp::create(c.b(), c.loc, outTy, x, c.i64s(k),
                                     c.i64s(st), c.i64s(p), c.i64s({1, 1}),
                                     c.b().getBoolAttr(ceil));
    return nn::AvgPool2dOp::create(c.b(), c.loc, outTy, x, c.i64s(k),
                                   c.i64s(st), c.i64s(p), c.b().getBoolAttr(ceil),
                                   c.b().getBoolAttr(includePad));
  };
  // H x W for every (channel, depth) slice.
  Value x = nn::ReshapeOp::create(
      c.b(), c.loc, RankedTensorType::get({s[0], s[1] * s[2], s[3], s[4]}, elt),
      c.in[0]);
  x = pool(x, s[3], s[4], {kernel[1], kernel[2]}, {strides[1], strides[2]},
           {pads[1], pads[2], pads[4], pads[5]});
  auto hw = cast<RankedTensorType>(x.getType());
  int64_t oh = hw.getDimSize(2), ow = hw.getDimSize(3);
  // Then D, with H' x W' flattened into the second spatial dimension.
  x = nn::ReshapeOp::create(
      c.b(), c.loc, RankedTensorType::get({s[0], s[1], s[2], oh * ow}, elt), x);
  x = pool(x, s[2], oh * ow, {kernel[0], 1}, {strides[0], 1},
           {pads[0], 0, pads[3], 0});
  c.define(nn::ReshapeOp::create(c.b(), c.loc, c.outTy, x));
  return success();
}

Reason nnc::checkConvTranspose3d(const onnx::NodeProto &n) {
  if (stringAttr(n, "auto_pad", "NOTSET") != "NOTSET" ||
      findAttr(n, "output_shape"))
    return std::string("auto_pad and output_shape on 3-D ConvTranspose are "
                       "not supported");
  return std::nullopt;
}

/// 3-D ConvTranspose as 2-D ones: input depth slice id and filter depth
/// slice kd contribute the 2-D transposed convolution of the two to output
/// depth od = id * stride + kd * dilation - pad_front; each output slice
/// sums its contributions, then the bias is added once.
LogicalResult nnc::importConvTranspose3d(NodeContext &c) {
  if (failed(c.resolve(3)))
    return failure();
  auto xTy = cast<RankedTensorType>(c.in[0].getType());
  auto wTy = cast<RankedTensorType>(c.in[1].getType());
  Type elt = xTy.getElementType();
  int64_t n = xTy.getDimSize(0), depth = xTy.getDimSize(2);
  int64_t f = wTy.getDimSize(1), kd = wTy.getDimSize(2);
  auto strides = intsAttr(c.node, "strides", {1, 1, 1});
  auto dilations = intsAttr(c.node, "dilations", {1, 1, 1});
  auto pads = intsAttr(c.node, "pads", {0, 0, 0, 0, 0, 0});
  auto outPad = intsAttr(c.node, "output_padding", {0, 0, 0});
  ArrayRef<int64_t> out = c.outTy.getShape(); // N, F, OD, OH, OW
  auto sliceDepth = [&](Value v, int64_t i) -> Value {
    auto ty = cast<RankedTensorType>(v.getType());
    SmallVector<int64_t> offsets(5, 0), sizes(ty.getShape()), ones(5, 1);
    offsets[2] = i;
    sizes[2] = 1;
    Value s = nn::SliceOp::create(c.b(), c.loc, ty.clone(sizes), v,
                                  c.i64s(offsets), c.i64s(sizes), c.i64s(ones));
    return nn::ReshapeOp::create(
        c.b(), c.loc,
        ty.clone({sizes[0], sizes[1], sizes[3], sizes[4]}), s);
  };
  auto plane = RankedTensorType::get({n, f, out[3], out[4]}, elt);
  SmallVector<Value> slices;
  for (int64_t od = 0; od < out[2]; ++od) {
    Value sum;
    for (int64_t id = 0; id < depth; ++id)
      for (int64_t k = 0; k < kd; ++k) {
        if (id * strides[0] + k * dilations[0] - pads[0] != od)
          continue;
        Value part = nn::ConvTranspose2dOp::create(
            c.b(), c.loc, plane, sliceDepth(c.in[0], id), sliceDepth(c.in[1], k),
            nullptr, c.i64s({strides[1], strides[2]}),
            c.i64s({pads[1], pads[2], pads[4], pads[5]}),
            c.i64s({dilations[1], dilations[2]}), c.i64s({outPad[1], outPad[2]}),
            c.b().getI64IntegerAttr(1));
        sum = sum ? nn::AddOp::create(c.b(), c.loc, plane, sum, part).getResult()
                  : part;
      }
    if (!sum) // no input slice reaches this depth: bias only
      sum = arith::ConstantOp::create(c.b(), c.loc, plane,
                                      DenseElementsAttr::get(plane, 0.0f));
    slices.push_back(nn::ReshapeOp::create(
        c.b(), c.loc, RankedTensorType::get({n, f, 1, out[3], out[4]}, elt), sum));
  }
  Value y = slices.size() == 1
                ? slices[0]
                : nn::ConcatOp::create(c.b(), c.loc, c.outTy, slices,
                                       c.b().getI64IntegerAttr(2)).getResult();
  if (c.in[2])
    y = nn::AddOp::create(
        c.b(), c.loc, c.outTy, y,
        nn::ReshapeOp::create(c.b(), c.loc,
                              RankedTensorType::get({1, f, 1, 1, 1}, elt), c.in[2]));
  c.define(y);
  return success();
}
