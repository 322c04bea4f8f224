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

//===----------------------------------------------------------------------===//
// Converters
//===----------------------------------------------------------------------===//

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
    acc = Op::create(c.b(), c.loc,
                     RankedTensorType::get(shape, a.getElementType()), acc,
                     c.in[i]);
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
    Value lse = nn::AddOp::create(
        c.b(), c.loc, sum.getType(),
        nn::LogOp::create(c.b(), c.loc, sum.getType(), sum), m);
    result = keepdims ? lse
                      : nn::ReshapeOp::create(
                            c.b(), c.loc, reducedType(inTy, axes, false), lse)
                            .getResult();
    break;
  }
  }
  c.define(result);
  return success();
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
  x = nn::TransposeOp::create(
      c.b(), c.loc, RankedTensorType::get(permuted, elt), x, c.i64s(perm));
  c.define(nn::ReshapeOp::create(c.b(), c.loc, c.outTy, x));
  return success();
}

struct OpEntry {
  Reason (*check)(const onnx::NodeProto &, const OnnxGraph &);
  LogicalResult (*import)(NodeContext &);
  const char *nnOps;
  const char *notes;
};

const llvm::StringMap<OpEntry> &opTable() {
  static const llvm::StringMap<OpEntry> table = {
      {"Conv",
       {checkConv, importConv, "nn.conv2d",
        "2-D; pads, strides, dilations, groups, auto_pad"}},
      {"MaxPool",
       {checkMaxPool, importMaxPool, "nn.max_pool2d",
        "2-D; pads, strides, dilations, ceil_mode, auto_pad; "
        "no Indices output"}},
      {"AveragePool",
       {checkAvgPool, importAvgPool, "nn.avg_pool2d",
        "2-D; pads, strides, ceil_mode, count_include_pad"}},
      {"GlobalAveragePool",
       {checkGlobalPool, importGlobalAvgPool, "nn.global_avg_pool2d", "2-D"}},
      {"Gemm",
       {checkGemm, importGemm, "nn.dense (+ nn.transpose/mul/add)",
        "transA, transB, alpha, beta; 1-D C becomes the bias"}},
      {"MatMul",
       {checkMatMul, importMatMul, "nn.matmul",
        "equal ranks with equal batch dims, or [..., M, K] x [K, N]"}},
      {"Add",
       {checkNone, importBinary<nn::AddOp>, "nn.add", "NumPy broadcasting"}},
      {"Sub",
       {checkNone, importBinary<nn::SubOp>, "nn.sub", "NumPy broadcasting"}},
      {"Mul",
       {checkNone, importBinary<nn::MulOp>, "nn.mul", "NumPy broadcasting"}},
      {"Div",
       {checkNone, importBinary<nn::DivOp>, "nn.div", "NumPy broadcasting"}},
      {"Relu", {checkNone, importUnary<nn::ReluOp>, "nn.relu", ""}},
      {"Exp", {checkNone, importUnary<nn::ExpOp>, "nn.exp", ""}},
      {"Log", {checkNone, importUnary<nn::LogOp>, "nn.log", ""}},
      {"Sqrt", {checkNone, importUnary<nn::SqrtOp>, "nn.sqrt", ""}},
      {"Neg", {checkNone, importUnary<nn::NegOp>, "nn.neg", ""}},
      {"Abs", {checkNone, importUnary<nn::AbsOp>, "nn.abs", ""}},
      {"Reciprocal",
       {checkNone, importUnary<nn::ReciprocalOp>, "nn.reciprocal", ""}},
      {"Floor", {checkNone, importUnary<nn::FloorOp>, "nn.floor", ""}},
      {"Ceil", {checkNone, importUnary<nn::CeilOp>, "nn.ceil", ""}},
      {"Round",
       {checkNone, importUnary<nn::RoundOp>, "nn.round", "half to even"}},
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
      {"HardSwish",
       {checkNone, importUnary<nn::HardSwishOp>, "nn.hard_swish", ""}},
      {"HardSigmoid",
       {checkNone, importActivation<nn::HardSigmoidOp>, "nn.hard_sigmoid",
        "alpha, beta"}},
      {"LeakyRelu",
       {checkNone, importActivation<nn::LeakyReluOp>, "nn.leaky_relu",
        "alpha"}},
      {"Elu", {checkNone, importActivation<nn::EluOp>, "nn.elu", "alpha"}},
      {"Selu",
       {checkNone, importActivation<nn::SeluOp>, "nn.selu", "alpha, gamma"}},
      {"Celu", {checkNone, importActivation<nn::CeluOp>, "nn.celu", "alpha"}},
      {"ThresholdedRelu",
       {checkNone, importActivation<nn::ThresholdedReluOp>,
        "nn.thresholded_relu", "alpha"}},
      {"PRelu",
       {checkNone, importBinary<nn::PReluOp>, "nn.prelu",
        "slope broadcast to the input"}},
      {"Pow",
       {checkNone, importBinary<nn::PowOp>, "nn.pow",
        "float exponent, NumPy broadcasting"}},
      {"Max",
       {checkNone, importVariadic<nn::MaxOp>, "nn.max",
        "any number of inputs, NumPy broadcasting"}},
      {"Min",
       {checkNone, importVariadic<nn::MinOp>, "nn.min",
        "any number of inputs, NumPy broadcasting"}},
      {"Sum",
       {checkNone, importVariadic<nn::AddOp>, "nn.add",
        "any number of inputs, NumPy broadcasting"}},
      {"Mean",
       {checkNone, importVariadic<nn::AddOp, true>, "nn.add, nn.mul",
        "any number of inputs, NumPy broadcasting"}},
      {"Sigmoid", {checkNone, importUnary<nn::SigmoidOp>, "nn.sigmoid", ""}},
      {"Tanh", {checkNone, importUnary<nn::TanhOp>, "nn.tanh", ""}},
      {"Identity",
       {checkNone, importUnary<nn::IdentityOp>, "nn.identity",
        "removed at compile time"}},
      {"Softmax",
       {checkSoftmax, importSoftmax, "nn.softmax",
        "any axis; opset < 13 semantics via reshape"}},
      {"Dropout",
       {checkDropout, importDropout, "nn.dropout",
        "inference only (removed); no mask output"}},
      {"Flatten", {checkNone, importFlatten, "nn.flatten", "any axis"}},
      {"Reshape",
       {checkReshape, importReshape, "nn.reshape",
        "constant shape; 0 and -1 resolved at compile time"}},
      {"Transpose", {checkNone, importTranspose, "nn.transpose", ""}},
      {"Concat", {checkNone, importConcat, "nn.concat", "any axis"}},
      {"BatchNormalization",
       {checkBatchNorm, importBatchNorm, "nn.batch_norm", "inference mode"}},
      {"Clip",
       {checkClip, importClip, "nn.clip",
        "constant min/max (inputs or pre-11 attributes)"}},
      {"ConvTranspose",
       {checkConvTranspose, importConvTranspose, "nn.conv_transpose2d",
        "2-D, group 1; pads, strides, dilations, "
        "output_padding, output_shape, auto_pad"}},
      {"LogSoftmax",
       {checkSoftmax, importLogSoftmax, "nn.log_softmax",
        "any axis (opset >= 13), last axis before"}},
      {"Slice",
       {checkSlice, importSlice, "nn.slice",
        "constant starts/ends/axes, positive steps"}},
      {"Split", {checkSplit, importSplit, "nn.slice", "constant split sizes"}},
      {"LSTM",
       {checkRecurrent, importLSTM,
        "nn.dense, nn.slice, nn.sigmoid, nn.tanh, nn.mul, nn.add",
        "unrolled; forward/reverse/bidirectional, default "
        "activations, no sequence_lens/peepholes/clip"}},
      {"GRU",
       {checkRecurrent, importGRU,
        "nn.dense, nn.slice, nn.sigmoid, nn.tanh, nn.mul, nn.add",
        "unrolled; as LSTM, both linear_before_reset values"}},
      {"RNN",
       {checkRecurrent, importRNN, "nn.dense, nn.tanh, nn.add",
        "unrolled; as LSTM"}},
      {"ReduceSum",
       {checkSqueeze, importReduce<nn::ReduceSumOp>, "nn.reduce_sum",
        "constant axes, keepdims, "
        "noop_with_empty_axes"}},
      {"ReduceMean",
       {checkSqueeze, importReduce<nn::ReduceMeanOp>, "nn.reduce_mean",
        "as ReduceSum"}},
      {"ReduceMax",
       {checkSqueeze, importReduce<nn::ReduceMaxOp>, "nn.reduce_max",
        "as ReduceSum"}},
      {"ReduceMin",
       {checkSqueeze, importReduce<nn::ReduceMinOp>, "nn.reduce_min",
        "as ReduceSum"}},
      {"ReduceProd",
       {checkSqueeze, importReduce<nn::ReduceProdOp>, "nn.reduce_prod",
        "as ReduceSum"}},
      {"ReduceL1",
       {checkSqueeze, importReduce<nn::ReduceSumOp, ReduceKind::L1>,
        "nn.abs, nn.reduce_sum", "as ReduceSum"}},
      {"ReduceL2",
       {checkSqueeze, importReduce<nn::ReduceSumOp, ReduceKind::L2>,
        "nn.mul, nn.reduce_sum, nn.sqrt", "as ReduceSum"}},
      {"ReduceSumSquare",
       {checkSqueeze, importReduce<nn::ReduceSumOp, ReduceKind::SumSquare>,
        "nn.mul, nn.reduce_sum", "as ReduceSum"}},
      {"ReduceLogSum",
       {checkSqueeze, importReduce<nn::ReduceSumOp, ReduceKind::LogSum>,
        "nn.reduce_sum, nn.log", "as ReduceSum"}},
      {"ReduceLogSumExp",
       {checkSqueeze, importReduce<nn::ReduceSumOp, ReduceKind::LogSumExp>,
        "nn.reduce_max, nn.exp, nn.reduce_sum, nn.log",
        "as ReduceSum; max-shifted"}},
      {"LayerNormalization",
       {checkLayerNorm, importLayerNorm,
        "nn.reduce_mean, nn.sub, nn.mul, nn.sqrt, nn.div",
        "any axis, epsilon, Mean/InvStdDev outputs"}},
      {"Gather",
       {checkGather, importGather, "nn.slice, nn.concat, nn.reshape",
        "constant indices (up to 1024), any axis"}},
      {"Cast",
       {checkCast, importUnary<nn::IdentityOp>, "nn.identity",
        "float32 to float32"}},
      {"Pad",
       {checkPad, importPad, "nn.pad (+ nn.slice)",
        "constant/edge/reflect; constant pads, value and axes; "
        "negative pads crop"}},
      {"GlobalMaxPool",
       {checkGlobalPool, importGlobalMaxPool, "nn.reduce_max", "2-D"}},
      {"InstanceNormalization",
       {checkNone, importInstanceNorm,
        "nn.reduce_mean, nn.sub, nn.mul, nn.sqrt, "
        "nn.div, nn.add",
        "epsilon"}},
      {"Expand",
       {checkSqueeze, importExpand, "nn.add (with zeros)",
        "constant target shape"}},
      {"Tile", {checkTile, importTile, "nn.concat", "constant repeats"}},
      {"DepthToSpace",
       {checkGlobalPool, importDepthSpace<true>, "nn.reshape, nn.transpose",
        "DCR and CRD modes"}},
      {"SpaceToDepth",
       {checkGlobalPool, importDepthSpace<false>, "nn.reshape, nn.transpose",
        ""}},
      {"Resize",
       {checkResize, importResize, "nn.resize",
        "nearest (all nearest_modes) and linear; half_pixel, "
        "pytorch_half_pixel, align_corners, asymmetric; constant "
        "scales or sizes; last two dims"}},
      {"Upsample",
       {checkResize, importResize, "nn.resize",
        "nearest and linear (asymmetric)"}},
      {"Squeeze",
       {checkSqueeze, importAsReshape, "nn.reshape", "constant axes"}},
      {"Unsqueeze",
       {checkSqueeze, importAsReshape, "nn.reshape", "constant axes"}},
  };
  return table;
}

} // namespace

std::vector<OnnxOpInfo> nnc::supportedOnnxOps() {
  std::vector<OnnxOpInfo> ops;
  for (const auto &entry : opTable())
    ops.push_back(
        {entry.getKey().str(), entry.getValue().nnOps, entry.getValue().notes});
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
