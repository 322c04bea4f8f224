//===- OnnxLogicOps.cpp - ONNX comparison, logic and index converters -----===//
//
// The ops that compute on integer and boolean tensors: comparisons, Where,
// Cast, bit and remainder arithmetic, arg-max/min and run-time gathers.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontend/OnnxOpUtils.h"
#include "dialects/nn/NNOps.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::nnc;

unsigned nnc::typeSetOf(const OnnxGraph &g, StringRef value, std::string *name) {
  RankedTensorType ty = g.typeOf(value);
  if (!ty)
    return 0;
  Type elt = ty.getElementType();
  bool isUnsigned = g.isUnsigned(value);
  unsigned bit = elt.isF32()        ? kF32
                 : elt.isF64()      ? kF64
                 : elt.isInteger(1) ? kBool
                 : isUnsigned       ? kUnsigned
                                    : kSigned;
  if (name) {
    if (bit == kF32 || bit == kF64)
      *name = bit == kF32 ? "float32" : "float64";
    else if (bit == kBool)
      *name = "bool";
    else
      *name = (isUnsigned ? "uint" : "int") +
              std::to_string(elt.getIntOrFloatBitWidth());
  }
  return bit;
}

Value nnc::castTo(NodeContext &c, Value v, Type elt, StringRef src) {
  auto ty = cast<RankedTensorType>(v.getType());
  if (ty.getElementType() == elt)
    return v;
  auto cast = nn::CastOp::create(c.b(), c.loc, ty.clone(elt), v);
  if (c.g.isUnsigned(src))
    cast.setInputUnsigned(true);
  return cast;
}

LogicalResult nnc::importCompare(NodeContext &c) {
  if (failed(c.resolve(2)))
    return failure();
  StringRef pred = llvm::StringSwitch<StringRef>(c.node.op_type())
                       .Case("Equal", "eq")
                       .Case("Greater", "gt")
                       .Case("GreaterOrEqual", "ge")
                       .Case("Less", "lt")
                       .Default("le");
  auto op = nn::CompareOp::create(c.b(), c.loc, c.outTy, pred, c.in[0], c.in[1]);
  c.define(markUnsigned(c, op));
  return success();
}

LogicalResult nnc::importBitShift(NodeContext &c) {
  if (failed(c.resolve(2)))
    return failure();
  if (stringAttr(c.node, "direction", "") == "LEFT")
    c.define(nn::ShiftLeftOp::create(c.b(), c.loc, c.outTy, c.in[0], c.in[1]));
  else
    c.define(nn::ShiftRightOp::create(c.b(), c.loc, c.outTy, c.in[0], c.in[1]));
  return success();
}

Reason nnc::checkMod(const onnx::NodeProto &n, const OnnxGraph &g) {
  std::string type;
  unsigned t = typeSetOf(g, n.input(0), &type);
  if ((t & kFloat) && intAttr(n, "fmod", 0) == 0)
    return "fmod 0 on " + type + " (ONNX requires fmod 1 for floats)";
  return std::nullopt;
}

LogicalResult nnc::importMod(NodeContext &c) {
  if (failed(c.resolve(2)))
    return failure();
  auto op = nn::ModOp::create(c.b(), c.loc, c.outTy, c.in[0], c.in[1]);
  op.setFmod(intAttr(c.node, "fmod", 0) != 0);
  c.define(markUnsigned(c, op));
  return success();
}

LogicalResult nnc::importWhere(NodeContext &c) {
  if (failed(c.resolve(3)))
    return failure();
  c.define(nn::SelectOp::create(c.b(), c.loc, c.outTy, c.in[0], c.in[1], c.in[2]));
  return success();
}

/// The target ONNX type of Cast (`to`) or CastLike (the second input's).
static int32_t castTarget(const onnx::NodeProto &n, const OnnxGraph &g) {
  if (n.op_type() == "Cast")
    return static_cast<int32_t>(intAttr(n, "to", 0));
  if (const OnnxConstant *k = g.constant(n.input(1)))
    return k->dataType;
  RankedTensorType ty = g.typeOf(n.input(1));
  if (!ty)
    return 0;
  Builder b(ty.getContext());
  for (int32_t t = 1; t <= onnx::TensorProto::UINT64; ++t)
    if (onnxElementType(b, t) == ty.getElementType() &&
        isUnsignedOnnxType(t) == g.isUnsigned(n.input(1)))
      return t;
  return 0;
}

Reason nnc::checkCast(const onnx::NodeProto &n, const OnnxGraph &g) {
  int32_t to = castTarget(n, g);
  Builder b(g.builder.getContext());
  if (!onnxElementType(b, to))
    return "casts to " +
           onnx::TensorProto_DataType_Name(
               static_cast<onnx::TensorProto_DataType>(to)) +
           " are not supported";
  return std::nullopt;
}

LogicalResult nnc::importCast(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  auto op = nn::CastOp::create(c.b(), c.loc, c.outTy, c.in[0]);
  op.setInputUnsigned(c.g.isUnsigned(c.node.input(0)));
  op.setOutputUnsigned(isUnsignedOnnxType(castTarget(c.node, c.g)));
  c.define(op);
  return success();
}

LogicalResult nnc::importIsInf(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  c.define(nn::IsInfOp::create(
      c.b(), c.loc, c.outTy, c.in[0],
      c.b().getBoolAttr(intAttr(c.node, "detect_positive", 1) != 0),
      c.b().getBoolAttr(intAttr(c.node, "detect_negative", 1) != 0)));
  return success();
}

LogicalResult nnc::importArgReduce(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  int64_t rank = cast<RankedTensorType>(c.in[0].getType()).getRank();
  auto axis = c.b().getI64IntegerAttr(
      normalizeAxis(intAttr(c.node, "axis", 0), rank));
  auto keep = c.b().getBoolAttr(intAttr(c.node, "keepdims", 1) != 0);
  auto last = c.b().getBoolAttr(intAttr(c.node, "select_last_index", 0) != 0);
  if (c.node.op_type() == "ArgMax")
    c.define(nn::ArgMaxOp::create(c.b(), c.loc, c.outTy, c.in[0], axis, keep, last));
  else
    c.define(nn::ArgMinOp::create(c.b(), c.loc, c.outTy, c.in[0], axis, keep, last));
  return success();
}

/// Hardmax: along `axis` from opset 13; before, over the input coerced to
/// 2-D at `axis` (a reshape around a hardmax on dimension 1).
LogicalResult nnc::importHardmax(NodeContext &c) {
  if (failed(c.resolve(1)))
    return failure();
  RankedTensorType ty = c.outTy;
  int64_t rank = ty.getRank();
  int64_t axis = normalizeAxis(
      intAttr(c.node, "axis", c.g.opset >= 13 ? -1 : 1), rank);
  if (c.g.opset >= 13) {
    c.define(nn::HardmaxOp::create(c.b(), c.loc, ty, c.in[0],
                                   c.b().getI64IntegerAttr(axis)));
    return success();
  }
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < rank; ++d)
    (d < axis ? outer : inner) *= ty.getDimSize(d);
  auto flatTy = RankedTensorType::get({outer, inner}, ty.getElementType());
  Value flat = nn::ReshapeOp::create(c.b(), c.loc, flatTy, c.in[0]);
  Value h = nn::HardmaxOp::create(c.b(), c.loc, flatTy, flat,
                                  c.b().getI64IntegerAttr(1));
  c.define(nn::ReshapeOp::create(c.b(), c.loc, ty, h));
  return success();
}

LogicalResult nnc::importGatherElements(NodeContext &c) {
  if (failed(c.resolve(2)))
    return failure();
  int64_t rank = cast<RankedTensorType>(c.in[0].getType()).getRank();
  c.define(nn::GatherElementsOp::create(
      c.b(), c.loc, c.outTy, c.in[0], c.in[1],
      c.b().getI64IntegerAttr(normalizeAxis(intAttr(c.node, "axis", 0), rank))));
  return success();
}

LogicalResult nnc::importTrilu(NodeContext &c) {
  if (failed(c.resolve(2)))
    return failure();
  c.define(nn::TriluOp::create(c.b(), c.loc, c.outTy, c.in[0], c.in[1],
                               c.b().getBoolAttr(intAttr(c.node, "upper", 1) != 0)));
  return success();
}

/// Pow's exponent may have another type than the base: it is converted to
/// the base's type first.
LogicalResult nnc::importPow(NodeContext &c) {
  if (failed(c.resolve(2)))
    return failure();
  Value exponent = castTo(c, c.in[1], c.outTy.getElementType(), c.node.input(1));
  c.define(markUnsigned(
      c, nn::PowOp::create(c.b(), c.loc, c.outTy, c.in[0], exponent)));
  return success();
}
