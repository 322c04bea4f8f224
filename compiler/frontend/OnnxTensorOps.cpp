//===- OnnxTensorOps.cpp - ONNX shape and data-movement converters --------===//
//
// Reshapes, slices, gathers, padding, tiling and resampling: the support
// checks and the conversions to nn ops.
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

Reason checkReshape(const onnx::NodeProto &n, const OnnxGraph &g) {
  return checkConstInput(n, g, 1, "the shape input");
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
    if (sizes[axis] == 0)
      offsets[axis] = 0; // An empty slice reads nothing; keep it in bounds.
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

/// Gather with constant indices on a run-time tensor: one slice per index
/// along `axis`, concatenated, then shaped like data[:axis] + indices +
/// data[axis+1:].
/// Gather: a few constant indices become static slices (checked against
/// the dimension here); anything else is an nn.gather at run time.
LogicalResult importGather(NodeContext &c) {
  const OnnxConstant *idx = c.g.constant(c.node.input(1));
  size_t count = idx ? idx->asInts().size() : 0;
  if (count == 0 || count > 64) {
    if (failed(c.resolve(2)))
      return failure();
    int64_t rank = cast<RankedTensorType>(c.in[0].getType()).getRank();
    c.define(nn::GatherOp::create(
        c.b(), c.loc, c.outTy, c.in[0], c.in[1],
        c.b().getI64IntegerAttr(normalizeAxis(intAttr(c.node, "axis", 0), rank))));
    return success();
  }
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
      return emitError(c.loc)
             << "node '" << c.node.name() << "' (Gather): index " << index
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
                            RankedTensorType::get(sizes, ty.getElementType()),
                            x, c.i64s(offsets), c.i64s(sizes), c.i64s(ones));
  c.define(nn::PadOp::create(
      c.b(), c.loc, c.outTy, x, c.i64s(low), c.i64s(high),
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
      scales.push_back(float(c.outTy.getDimSize(d)) /
                       float(inTy.getDimSize(d)));
  }
  std::string mode = stringAttr(c.node, "mode", "nearest");
  std::string coords =
      legacy
          ? "asymmetric"
          : stringAttr(c.node, "coordinate_transformation_mode", "half_pixel");
  std::string rounding =
      legacy ? "floor"
             : stringAttr(c.node, "nearest_mode", "round_prefer_floor");
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

} // namespace mlir::nnc
