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
  c.define(markUnsigned(c, Op::create(c.b(), c.loc, c.outTy, c.in[0], c.in[1])));
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
    acc = markUnsigned(c, Op::create(c.b(), c.loc,
                                     RankedTensorType::get(shape, a.getElementType()),
                                     acc, c.in[i]));
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

std::string describeTypeSet(unsigned types) {
  std::string s;
  auto add = [&](unsigned bit, const char *what) {
    if (types & bit)
      s += (s.empty() ? "" : ", ") + std::string(what);
  };
  add(kF32, "float32");
  add(kF64, "float64");
  add(kSigned, "int8-64");
  add(kUnsigned, "uint8-64");
  add(kBool, "bool");
  return s;
}

struct OpEntry {
  Reason (*check)(const onnx::NodeProto &, const OnnxGraph &);
  LogicalResult (*import)(NodeContext &);
  const char *nnOps;
  const char *notes;
  unsigned types = kF32; ///< TypeSet of the data operand
  int dataInput = 0;     ///< which input is the data operand
};

const llvm::StringMap<OpEntry> &opTable() {
  static const llvm::StringMap<OpEntry> table = {
      {"Conv",
       {checkConv, importConv, "nn.conv2d",
        "1-D, 2-D; pads, strides, dilations, groups, auto_pad"}},
      {"MaxPool",
       {checkMaxPool, importMaxPool, "nn.max_pool2d, nn.max_pool2d_indices",
        "1-D, 2-D, 3-D (no dilations); pads, strides, dilations, ceil_mode, "
        "auto_pad; Indices output (2-D float32); integers pooled as int64",
        kFloat | kSigned | kUnsigned}},
      {"AveragePool",
       {checkAvgPool, importAvgPool, "nn.avg_pool2d",
        "1-D, 2-D, 3-D; pads, strides, ceil_mode, count_include_pad"}},
      {"GlobalAveragePool",
       {checkGlobalPool, importGlobalAvgPool, "nn.global_avg_pool2d", "2-D"}},
      {"Gemm",
       {checkGemm, importGemm, "nn.dense (+ nn.transpose/mul/add)",
        "transA, transB, alpha, beta; 1-D C becomes the bias"}},
      {"MatMul",
       {checkMatMul, importMatMul, "nn.matmul",
        "equal ranks with equal batch dims, or [..., M, K] x [K, N]"}},
      {"Add",
       {checkNone, importBinary<nn::AddOp>, "nn.add", "NumPy broadcasting", kNum}},
      {"Sub",
       {checkNone, importBinary<nn::SubOp>, "nn.sub", "NumPy broadcasting", kNum}},
      {"Mul",
       {checkNone, importBinary<nn::MulOp>, "nn.mul", "NumPy broadcasting", kNum}},
      {"Div",
       {checkNone, importBinary<nn::DivOp>, "nn.div", "NumPy broadcasting", kNum}},
      {"Relu", {checkNone, importUnary<nn::ReluOp>, "nn.relu", "", kF32 | kF64 | kSigned}},
      {"Exp", {checkNone, importUnary<nn::ExpOp>, "nn.exp", "", kFloat}},
      {"Log", {checkNone, importUnary<nn::LogOp>, "nn.log", "", kFloat}},
      {"Sqrt", {checkNone, importUnary<nn::SqrtOp>, "nn.sqrt", "", kFloat}},
      {"Neg", {checkNone, importUnary<nn::NegOp>, "nn.neg", "", kF32 | kF64 | kSigned}},
      {"Abs", {checkNone, importUnary<nn::AbsOp>, "nn.abs", "", kF32 | kF64 | kSigned}},
      {"Reciprocal",
       {checkNone, importUnary<nn::ReciprocalOp>, "nn.reciprocal", "", kFloat}},
      {"Floor", {checkNone, importUnary<nn::FloorOp>, "nn.floor", "", kFloat}},
      {"Ceil", {checkNone, importUnary<nn::CeilOp>, "nn.ceil", "", kFloat}},
      {"Round",
       {checkNone, importUnary<nn::RoundOp>, "nn.round", "half to even", kFloat}},
      {"Erf", {checkNone, importUnary<nn::ErfOp>, "nn.erf", "", kFloat}},
      {"Sin", {checkNone, importUnary<nn::SinOp>, "nn.sin", "", kFloat}},
      {"Cos", {checkNone, importUnary<nn::CosOp>, "nn.cos", "", kFloat}},
      {"Sign", {checkNone, importUnary<nn::SignOp>, "nn.sign", "", kF32 | kF64 | kSigned}},
      {"Tan", {checkNone, importUnary<nn::TanOp>, "nn.tan", "", kFloat}},
      {"Asin", {checkNone, importUnary<nn::AsinOp>, "nn.asin", "", kFloat}},
      {"Acos", {checkNone, importUnary<nn::AcosOp>, "nn.acos", "", kFloat}},
      {"Atan", {checkNone, importUnary<nn::AtanOp>, "nn.atan", "", kFloat}},
      {"Sinh", {checkNone, importUnary<nn::SinhOp>, "nn.sinh", "", kFloat}},
      {"Cosh", {checkNone, importUnary<nn::CoshOp>, "nn.cosh", "", kFloat}},
      {"Asinh", {checkNone, importUnary<nn::AsinhOp>, "nn.asinh", "", kFloat}},
      {"Acosh", {checkNone, importUnary<nn::AcoshOp>, "nn.acosh", "", kFloat}},
      {"Atanh", {checkNone, importUnary<nn::AtanhOp>, "nn.atanh", "", kFloat}},
      {"Softsign", {checkNone, importUnary<nn::SoftsignOp>, "nn.softsign", "", kFloat}},
      {"Softplus", {checkNone, importUnary<nn::SoftplusOp>, "nn.softplus", "", kFloat}},
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
       {checkNone, importPow, "nn.pow (+ nn.cast of the exponent)",
        "NumPy broadcasting; integer powers exact to 2^53", kFloat | kSigned}},
      {"Max",
       {checkNone, importVariadic<nn::MaxOp>, "nn.max",
        "any number of inputs, NumPy broadcasting", kNum}},
      {"Min",
       {checkNone, importVariadic<nn::MinOp>, "nn.min",
        "any number of inputs, NumPy broadcasting", kNum}},
      {"Sum",
       {checkNone, importVariadic<nn::AddOp>, "nn.add",
        "any number of inputs, NumPy broadcasting", kNum}},
      {"Mean",
       {checkNone, importVariadic<nn::AddOp, true>, "nn.add, nn.mul",
        "any number of inputs, NumPy broadcasting"}},
      {"Sigmoid", {checkNone, importUnary<nn::SigmoidOp>, "nn.sigmoid", "", kFloat}},
      {"Tanh", {checkNone, importUnary<nn::TanhOp>, "nn.tanh", "", kFloat}},
      {"Identity",
       {checkNone, importUnary<nn::IdentityOp>, "nn.identity",
        "removed at compile time", kAny}},
      {"Softmax",
       {checkSoftmax, importSoftmax, "nn.softmax",
        "any axis; opset < 13 semantics via reshape", kFloat}},
      {"Dropout",
       {checkDropout, importDropout, "nn.dropout",
        "inference only (removed); no mask output"}},
      {"Flatten", {checkNone, importFlatten, "nn.flatten", "any axis", kAny}},
      {"Reshape",
       {checkReshape, importReshape, "nn.reshape",
        "constant shape; 0 and -1 resolved at compile time", kAny}},
      {"Transpose", {checkNone, importTranspose, "nn.transpose", "", kAny}},
      {"Concat", {checkNone, importConcat, "nn.concat", "any axis", kAny}},
      {"BatchNormalization",
       {checkBatchNorm, importBatchNorm,
        "nn.batch_norm (training: nn.reduce_mean, nn.sub, nn.mul, nn.div, ...)",
        "inference mode; training_mode=1 with running statistics outputs"}},
      {"Clip",
       {checkNone, importClip, "nn.clip (+ nn.max/nn.min for run-time bounds)",
        "constant or run-time min/max (pre-11: attributes)",
        kF32 | kF64 | kSigned}},
      {"ConvTranspose",
       {checkConvTranspose, importConvTranspose, "nn.conv_transpose2d",
        "1-D, 2-D, 3-D (as 2-D per depth), group 1; pads, strides, dilations, "
        "output_padding, output_shape, auto_pad"}},
      {"LogSoftmax",
       {checkSoftmax, importLogSoftmax, "nn.log_softmax",
        "any axis (opset >= 13), last axis before", kFloat}},
      {"Slice",
       {checkSlice, importSlice, "nn.slice",
        "constant starts/ends/axes, positive steps", kAny}},
      {"Split", {checkSplit, importSplit, "nn.slice", "constant split sizes", kAny}},
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
        "noop_with_empty_axes", kF32 | kF64 | kSigned}},
      {"ReduceMean",
       {checkSqueeze, importReduce<nn::ReduceMeanOp>, "nn.reduce_mean",
        "as ReduceSum", kF32 | kF64 | kSigned}},
      {"ReduceMax",
       {checkSqueeze, importReduce<nn::ReduceMaxOp>, "nn.reduce_max",
        "as ReduceSum", kF32 | kF64 | kSigned}},
      {"ReduceMin",
       {checkSqueeze, importReduce<nn::ReduceMinOp>, "nn.reduce_min",
        "as ReduceSum", kF32 | kF64 | kSigned}},
      {"ReduceProd",
       {checkSqueeze, importReduce<nn::ReduceProdOp>, "nn.reduce_prod",
        "as ReduceSum", kF32 | kF64 | kSigned}},
      {"ReduceL1",
       {checkSqueeze, importReduce<nn::ReduceSumOp, ReduceKind::L1>,
        "nn.abs, nn.reduce_sum", "as ReduceSum", kFloat}},
      {"ReduceL2",
       {checkSqueeze, importReduce<nn::ReduceSumOp, ReduceKind::L2>,
        "nn.mul, nn.reduce_sum, nn.sqrt", "as ReduceSum", kFloat}},
      {"ReduceSumSquare",
       {checkSqueeze, importReduce<nn::ReduceSumOp, ReduceKind::SumSquare>,
        "nn.mul, nn.reduce_sum", "as ReduceSum", kFloat}},
      {"ReduceLogSum",
       {checkSqueeze, importReduce<nn::ReduceSumOp, ReduceKind::LogSum>,
        "nn.reduce_sum, nn.log", "as ReduceSum", kFloat}},
      {"ReduceLogSumExp",
       {checkSqueeze, importReduce<nn::ReduceSumOp, ReduceKind::LogSumExp>,
        "nn.reduce_max, nn.exp, nn.reduce_sum, nn.log",
        "as ReduceSum; max-shifted", kFloat}},
      {"LayerNormalization",
       {checkLayerNorm, importLayerNorm,
        "nn.reduce_mean, nn.sub, nn.mul, nn.sqrt, nn.div",
        "any axis, epsilon, Mean/InvStdDev outputs"}},
      {"Gather",
       {checkNone, importGather, "nn.gather",
        "run-time or constant indices, any axis", kAny}},
      {"Cast",
       {checkCast, importCast, "nn.cast", "between supported types", kAny}},
      {"CastLike",
       {checkCast, importCast, "nn.cast", "between supported types", kAny}},
      {"Equal", {checkNone, importCompare, "nn.compare", "", kAny}},
      {"Greater", {checkNone, importCompare, "nn.compare", "", kNum}},
      {"GreaterOrEqual", {checkNone, importCompare, "nn.compare", "", kNum}},
      {"Less", {checkNone, importCompare, "nn.compare", "", kNum}},
      {"LessOrEqual", {checkNone, importCompare, "nn.compare", "", kNum}},
      {"And", {checkNone, importBinary<nn::AndOp>, "nn.and", "", kBool}},
      {"Or", {checkNone, importBinary<nn::OrOp>, "nn.or", "", kBool}},
      {"Xor", {checkNone, importBinary<nn::XorOp>, "nn.xor", "", kBool}},
      {"Not", {checkNone, importUnary<nn::NotOp>, "nn.not", "", kBool}},
      {"BitShift",
       {checkNone, importBitShift, "nn.shift_left, nn.shift_right", "",
        kUnsigned}},
      {"Mod",
       {checkMod, importMod, "nn.mod", "fmod 0 (integers) and 1", kNum}},
      {"Where",
       {checkNone, importWhere, "nn.select", "NumPy broadcasting", kAny, 1}},
      {"IsNaN", {checkNone, importUnary<nn::IsNaNOp>, "nn.is_nan", "", kFloat}},
      {"IsInf",
       {checkNone, importIsInf, "nn.is_inf", "detect_positive/negative",
        kFloat}},
      {"ArgMax",
       {checkNone, importArgReduce, "nn.arg_max",
        "keepdims, select_last_index", kFloat | kSigned}},
      {"ArgMin",
       {checkNone, importArgReduce, "nn.arg_min",
        "keepdims, select_last_index", kFloat | kSigned}},
      {"Hardmax",
       {checkNone, importHardmax, "nn.hardmax (+ nn.reshape before opset 13)",
        "", kFloat}},
      {"GatherElements",
       {checkNone, importGatherElements, "nn.gather_elements",
        "run-time indices, negative ones wrap", kAny}},
      {"Trilu",
       {checkNone, importTrilu, "nn.trilu", "constant or run-time k", kAny}},
      {"Pad",
       {checkPad, importPad, "nn.pad (+ nn.slice)",
        "constant/edge/reflect; constant pads, value and axes; "
        "negative pads crop", kAny}},
      {"GlobalMaxPool",
       {checkGlobalPool, importGlobalMaxPool, "nn.reduce_max", "2-D"}},
      {"InstanceNormalization",
       {checkNone, importInstanceNorm,
        "nn.reduce_mean, nn.sub, nn.mul, nn.sqrt, "
        "nn.div, nn.add",
        "epsilon"}},
      {"Expand",
       {checkSqueeze, importExpand, "nn.add (with zeros)",
        "constant target shape", kAny}},
      {"Tile", {checkTile, importTile, "nn.concat", "constant repeats", kAny}},
      {"DepthToSpace",
       {checkGlobalPool, importDepthSpace<true>, "nn.reshape, nn.transpose",
        "DCR and CRD modes", kAny}},
      {"SpaceToDepth",
       {checkGlobalPool, importDepthSpace<false>, "nn.reshape, nn.transpose",
        "", kAny}},
      {"Resize",
       {checkResize, importResize, "nn.resize",
        "nearest (all nearest_modes) and linear; half_pixel, "
        "pytorch_half_pixel, align_corners, asymmetric; constant "
        "scales or sizes; last two dims"}},
      {"Upsample",
       {checkResize, importResize, "nn.resize",
        "nearest and linear (asymmetric)"}},
      {"Squeeze",
       {checkSqueeze, importAsReshape, "nn.reshape", "constant axes", kAny}},
      {"Unsqueeze",
       {checkSqueeze, importAsReshape, "nn.reshape", "constant axes", kAny}},
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

bool nnc::isNativeOnnxOp(StringRef opType) {
  return opTable().count(opType) != 0;
}

std::optional<std::string> nnc::unsupportedReason(const onnx::NodeProto &node,
                                                  const OnnxGraph &graph) {
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return std::string("operators of domain '") + node.domain() +
           "' are not supported";
  auto it = opTable().find(node.op_type());
  if (it == opTable().end())
    return std::string("operator not supported");
  const OpEntry &entry = it->second;
  if (hasInput(node, entry.dataInput)) {
    std::string name;
    unsigned t = typeSetOf(graph, node.input(entry.dataInput), &name);
    if (t && !(t & entry.types))
      return "input '" + node.input(entry.dataInput) + "' of type " + name +
             " is not supported (" + describeTypeSet(entry.types) + ")";
  }
  if (Reason r = entry.check(node, graph))
    return r;
  const std::string &out = node.output_size() ? node.output(0) : "";
  if (!out.empty() && !graph.inferred.count(out) && !graph.constant(out))
    return "output '" + out +
           "' has no static shape of a supported type after shape inference";
  return std::nullopt;
}

LogicalResult nnc::importNode(const onnx::NodeProto &node, OnnxGraph &graph) {
  NodeContext ctx(node, graph);
  return opTable().lookup(node.op_type()).import(ctx);
}
