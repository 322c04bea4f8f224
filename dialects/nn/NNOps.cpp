//===- NNOps.cpp - nn dialect verifiers -----------------------------------===//
//
// Shape and attribute checks that ODS type constraints cannot express. Dynamic
// dimensions are accepted and skipped: the importer fixes shapes statically,
// and codegen rejects what is still dynamic.
//
//===----------------------------------------------------------------------===//

#include "dialects/nn/NNOps.h"
#include "dialects/nn/NNVerify.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::nnc::nn;

int64_t mlir::nnc::nn::slidingWindowExtent(int64_t input, int64_t kernel,
                                           int64_t stride, int64_t padBegin,
                                           int64_t padEnd, int64_t dilation,
                                           bool ceilMode) {
  int64_t span = input + padBegin + padEnd - dilation * (kernel - 1) - 1;
  if (span < 0)
    return -1;
  int64_t extent = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  // A ceil-mode window must start inside the input or the leading padding.
  if (ceilMode && (extent - 1) * stride >= input + padBegin)
    --extent;
  return extent;
}

bool mlir::nnc::nn::dimsAgree(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

static LogicalResult verifyPositive(Operation *op, StringRef name,
                                    ArrayRef<int64_t> values) {
  if (llvm::any_of(values, [](int64_t v) { return v <= 0; }))
    return op->emitOpError() << "expects " << name << " to be positive";
  return success();
}

static LogicalResult verifyNonNegative(Operation *op, StringRef name,
                                       ArrayRef<int64_t> values) {
  if (llvm::any_of(values, [](int64_t v) { return v < 0; }))
    return op->emitOpError() << "expects " << name << " to be non-negative";
  return success();
}

/// Checks the spatial output extents of a 2-D window op against its result.
static LogicalResult verifyWindowOutput(Operation *op, RankedTensorType input,
                                        RankedTensorType output,
                                        ArrayRef<int64_t> kernel,
                                        ArrayRef<int64_t> strides,
                                        ArrayRef<int64_t> padding,
                                        ArrayRef<int64_t> dilations,
                                        bool ceilMode) {
  for (int i = 0; i < 2; ++i) {
    int64_t in = input.getDimSize(2 + i);
    int64_t out = output.getDimSize(2 + i);
    if (ShapedType::isDynamic(in) || ShapedType::isDynamic(kernel[i]))
      continue;
    int64_t expected = slidingWindowExtent(in, kernel[i], strides[i], padding[i],
                                           padding[i + 2], dilations[i], ceilMode);
    if (expected <= 0)
      return op->emitOpError() << "window of size " << kernel[i]
                               << " does not fit input dimension " << 2 + i
                               << " of size " << in << " with its padding";
    if (!dimsAgree(out, expected))
      return op->emitOpError() << "expects output dimension " << 2 + i
                               << " to be " << expected << ", got " << out;
  }
  return success();
}

static LogicalResult verifyGroups(Operation *op, int64_t groups) {
  if (groups <= 0)
    return op->emitOpError() << "expects groups to be positive, got "
                             << groups;
  return success();
}

/// A convolution layer's result keeps the input batch and has `f` output
/// channels, which a bias, if any, matches.
static LogicalResult verifyLayerOutput(Operation *op, RankedTensorType inputTy,
                                       RankedTensorType outputTy, int64_t f,
                                       Value bias) {
  if (!dimsAgree(outputTy.getDimSize(0), inputTy.getDimSize(0)) ||
      !dimsAgree(outputTy.getDimSize(1), f))
    return op->emitOpError() << "expects output batch and channels to be "
                             << inputTy.getDimSize(0) << " and " << f;
  if (bias) {
    int64_t b = cast<RankedTensorType>(bias.getType()).getDimSize(0);
    if (!dimsAgree(b, f))
      return op->emitOpError() << "expects bias of size " << f << ", got "
                               << b;
  }
  return success();
}

LogicalResult Conv2dOp::verify() {
  auto inputTy = getInput().getType();
  auto filterTy = getFilter().getType();
  auto outputTy = getOutput().getType();
  Operation *op = getOperation();
  if (failed(verifyPositive(op, "strides", getStrides())) ||
      failed(verifyPositive(op, "dilations", getDilations())) ||
      failed(verifyNonNegative(op, "padding", getPadding())))
    return failure();
  int64_t groups = getGroupsAttr().getInt();
  if (failed(verifyGroups(op, groups)))
    return failure();
  int64_t c = inputTy.getDimSize(1), f = filterTy.getDimSize(0);
  int64_t fc = filterTy.getDimSize(1);
  if (!ShapedType::isDynamic(c) && !ShapedType::isDynamic(fc) &&
      c != fc * groups)
    return emitOpError() << "expects input channels (" << c
                         << ") to equal filter channels (" << fc
                         << ") times groups (" << groups << ")";
  if (!ShapedType::isDynamic(f) && f % groups != 0)
    return emitOpError() << "expects filter count (" << f
                         << ") to be a multiple of groups (" << groups << ")";
  if (failed(verifyLayerOutput(op, inputTy, outputTy, f, getBias())))
    return failure();
  int64_t kernel[2] = {filterTy.getDimSize(2), filterTy.getDimSize(3)};
  return verifyWindowOutput(op, inputTy, outputTy, kernel, getStrides(),
                            getPadding(), getDilations(), /*ceilMode=*/false);
}

LogicalResult ConvTranspose2dOp::verify() {
  auto inputTy = getInput().getType();
  auto filterTy = getFilter().getType();
  auto outputTy = getOutput().getType();
  Operation *op = getOperation();
  // Negative padding is allowed here: it extends the output past the full
  // transposed convolution (ONNX output_shape can ask for that).
  if (failed(verifyPositive(op, "strides", getStrides())) ||
      failed(verifyPositive(op, "dilations", getDilations())) ||
      failed(verifyNonNegative(op, "output_padding", getOutputPadding())))
    return failure();
  int64_t groups = getGroupsAttr().getInt();
  if (failed(verifyGroups(op, groups)))
    return failure();
  int64_t c = inputTy.getDimSize(1), fc = filterTy.getDimSize(0);
  if (!dimsAgree(c, fc))
    return emitOpError() << "expects input channels (" << c
                         << ") to equal filter dimension 0 (" << fc << ")";
  if (!ShapedType::isDynamic(c) && c % groups != 0)
    return emitOpError() << "expects input channels (" << c
                         << ") to be a multiple of groups (" << groups << ")";
  int64_t f = ShapedType::isDynamic(filterTy.getDimSize(1))
                  ? ShapedType::kDynamic
                  : filterTy.getDimSize(1) * groups;
  if (failed(verifyLayerOutput(op, inputTy, outputTy, f, getBias())))
    return failure();
  ArrayRef<int64_t> s = getStrides(), d = getDilations(), p = getPadding();
  ArrayRef<int64_t> extra = getOutputPadding();
  for (int i = 0; i < 2; ++i) {
    if (extra[i] >= std::max(s[i], d[i]))
      return emitOpError() << "expects output_padding smaller than the stride "
                              "or the dilation";
    int64_t in = inputTy.getDimSize(2 + i), k = filterTy.getDimSize(2 + i);
    if (ShapedType::isDynamic(in) || ShapedType::isDynamic(k))
      continue;
    int64_t expected = s[i] * (in - 1) + extra[i] + d[i] * (k - 1) + 1 - p[i] -
                       p[i + 2];
    if (expected <= 0)
      return emitOpError() << "padding leaves no output along dimension "
                           << 2 + i;
    if (!dimsAgree(outputTy.getDimSize(2 + i), expected))
      return emitOpError() << "expects output dimension " << 2 + i << " to be "
                           << expected << ", got " << outputTy.getDimSize(2 + i);
  }
  return success();
}

/// Shared checks of max and average pooling.
template <typename PoolOp>
static LogicalResult verifyPool(PoolOp op, ArrayRef<int64_t> dilations) {
  Operation *o = op.getOperation();
  if (failed(verifyPositive(o, "kernel", op.getKernel())) ||
      failed(verifyPositive(o, "strides", op.getStrides())) ||
      failed(verifyPositive(o, "dilations", dilations)) ||
      failed(verifyNonNegative(o, "padding", op.getPadding())))
    return failure();
  auto inputTy = op.getInput().getType();
  auto outputTy = op.getOutput().getType();
  for (int i = 0; i < 2; ++i)
    if (!dimsAgree(inputTy.getDimSize(i), outputTy.getDimSize(i)))
      return op.emitOpError() << "expects output dimension " << i
                              << " to equal the input's";
  ArrayRef<int64_t> pad = op.getPadding();
  for (int i = 0; i < 2; ++i)
    if (pad[i] >= op.getKernel()[i] || pad[i + 2] >= op.getKernel()[i])
      return op.emitOpError() << "expects padding smaller than the kernel";
  return verifyWindowOutput(o, inputTy, outputTy, op.getKernel(),
                            op.getStrides(), pad, dilations, op.getCeilMode());
}

LogicalResult MaxPool2dOp::verify() {
  if (getInput().getType().getElementType() !=
      getOutput().getType().getElementType())
    return emitOpError() << "expects the input's element type for the result";
  return verifyPool(*this, getDilations());
}

LogicalResult MaxPool2dIndicesOp::verify() {
  return verifyPool(*this, getDilations());
}

LogicalResult AvgPool2dOp::verify() {
  int64_t ones[2] = {1, 1};
  return verifyPool(*this, ones);
}

LogicalResult GlobalAvgPool2dOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  if (!dimsAgree(in.getDimSize(0), out.getDimSize(0)) ||
      !dimsAgree(in.getDimSize(1), out.getDimSize(1)) ||
      !dimsAgree(out.getDimSize(2), 1) || !dimsAgree(out.getDimSize(3), 1))
    return emitOpError() << "expects output shape " << in.getDimSize(0) << "x"
                         << in.getDimSize(1) << "x1x1";
  return success();
}

LogicalResult DenseOp::verify() {
  auto in = getInput().getType(), w = getWeight().getType();
  auto out = getOutput().getType();
  if (!dimsAgree(in.getDimSize(1), w.getDimSize(1)))
    return emitOpError() << "expects input features (" << in.getDimSize(1)
                         << ") to equal weight columns (" << w.getDimSize(1)
                         << ")";
  if (!dimsAgree(out.getDimSize(0), in.getDimSize(0)) ||
      !dimsAgree(out.getDimSize(1), w.getDimSize(0)))
    return emitOpError() << "expects output shape " << in.getDimSize(0) << "x"
                         << w.getDimSize(0);
  if (Value bias = getBias()) {
    int64_t b = cast<RankedTensorType>(bias.getType()).getDimSize(0);
    if (!dimsAgree(b, w.getDimSize(0)))
      return emitOpError() << "expects bias of size " << w.getDimSize(0)
                           << ", got " << b;
  }
  return success();
}

LogicalResult MatmulOp::verify() {
  auto a = getLhs().getType(), b = getRhs().getType();
  auto out = getOutput().getType();
  int64_t rank = a.getRank();
  if (rank < 2 || b.getRank() != rank || out.getRank() != rank)
    return emitOpError() << "expects operands and result of one rank >= 2";
  for (int64_t i = 0; i + 2 < rank; ++i)
    if (!dimsAgree(a.getDimSize(i), b.getDimSize(i)) ||
        !dimsAgree(a.getDimSize(i), out.getDimSize(i)))
      return emitOpError() << "expects equal batch dimension " << i;
  if (!dimsAgree(a.getDimSize(rank - 1), b.getDimSize(rank - 2)))
    return emitOpError() << "expects contraction sizes to match, got "
                         << a.getDimSize(rank - 1) << " and "
                         << b.getDimSize(rank - 2);
  if (!dimsAgree(out.getDimSize(rank - 2), a.getDimSize(rank - 2)) ||
      !dimsAgree(out.getDimSize(rank - 1), b.getDimSize(rank - 1)))
    return emitOpError() << "expects result dimensions " << a.getDimSize(rank - 2)
                         << "x" << b.getDimSize(rank - 1);
  return success();
}

LogicalResult mlir::nnc::nn::verifyBroadcastResult(Operation *op) {
  SmallVector<int64_t> shape;
  for (Value v : op->getOperands()) {
    SmallVector<int64_t> next;
    if (!OpTrait::util::getBroadcastedShape(
            shape, cast<RankedTensorType>(v.getType()).getShape(), next))
      return op->emitOpError() << "operands are not broadcast-compatible";
    shape = std::move(next);
  }
  auto out = cast<RankedTensorType>(op->getResult(0).getType());
  if (out.getRank() != static_cast<int64_t>(shape.size()) ||
      !llvm::all_of(llvm::zip(out.getShape(), shape), [](auto pair) {
        return dimsAgree(std::get<0>(pair), std::get<1>(pair));
      }))
    return op->emitOpError() << "expects the result to have the broadcast shape";
  if (op->hasAttr("is_unsigned") &&
      !isa<IntegerType>(getElementTypeOrSelf(op->getOperand(0).getType())))
    return op->emitOpError() << "expects integer operands with is_unsigned";
  return success();
}

LogicalResult mlir::nnc::nn::verifyAxis(Operation *op, int64_t axis,
                                        int64_t rank) {
  if (axis < 0 || axis >= rank)
    return op->emitOpError() << "expects axis in [0, " << rank << "), got "
                             << axis;
  return success();
}

LogicalResult AddOp::verify() { return verifyBroadcastResult(getOperation()); }
LogicalResult SubOp::verify() { return verifyBroadcastResult(getOperation()); }
LogicalResult MulOp::verify() { return verifyBroadcastResult(getOperation()); }
LogicalResult DivOp::verify() { return verifyBroadcastResult(getOperation()); }
LogicalResult PowOp::verify() { return verifyBroadcastResult(getOperation()); }
LogicalResult MaxOp::verify() { return verifyBroadcastResult(getOperation()); }
LogicalResult MinOp::verify() { return verifyBroadcastResult(getOperation()); }
LogicalResult PReluOp::verify() { return verifyBroadcastResult(getOperation()); }

LogicalResult DropoutOp::verify() {
  float ratio = getRatio().convertToFloat();
  if (!(ratio >= 0.0f && ratio < 1.0f))
    return emitOpError() << "expects ratio in [0, 1), got " << ratio;
  return success();
}

LogicalResult ClipOp::verify() {
  if (getMin().convertToFloat() > getMax().convertToFloat())
    return emitOpError() << "expects min <= max";
  return success();
}

LogicalResult SoftmaxOp::verify() {
  return verifyAxis(*this, getAxis(), getInput().getType().getRank());
}

LogicalResult LogSoftmaxOp::verify() {
  return verifyAxis(*this, getAxis(), getInput().getType().getRank());
}

LogicalResult BatchNormOp::verify() {
  auto in = getInput().getType();
  if (in.getRank() < 2)
    return emitOpError() << "expects an input of rank >= 2";
  int64_t c = in.getDimSize(1);
  for (Value param : {getScale(), getBias(), getMean(), getVariance()}) {
    int64_t n = cast<RankedTensorType>(param.getType()).getDimSize(0);
    if (!dimsAgree(n, c))
      return emitOpError() << "expects parameters of size " << c << ", got "
                           << n;
  }
  if (in != getOutput().getType())
    return emitOpError() << "expects the result type to equal the input's";
  return success();
}

/// Product of static sizes in [begin, end), or kDynamic if any is dynamic.
static int64_t product(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (ShapedType::isDynamic(d))
      return ShapedType::kDynamic;
    n *= d;
  }
  return n;
}

LogicalResult FlattenOp::verify() {
  auto in = getInput().getType();
  int64_t axis = getAxisAttr().getInt();
  if (axis < 0 || axis > in.getRank())
    return emitOpError() << "expects axis in [0, " << in.getRank() << "], got "
                         << axis;
  int64_t outer = product(in.getShape().take_front(axis));
  int64_t inner = product(in.getShape().drop_front(axis));
  auto out = getOutput().getType();
  if (!dimsAgree(out.getDimSize(0), outer) ||
      !dimsAgree(out.getDimSize(1), inner))
    return emitOpError() << "expects result shape " << outer << "x" << inner;
  return success();
}

LogicalResult ReshapeOp::verify() {
  int64_t a = product(getInput().getType().getShape());
  int64_t b = product(getOutput().getType().getShape());
  if (!dimsAgree(a, b))
    return emitOpError() << "expects equal element counts, got " << a
                         << " and " << b;
  return success();
}

LogicalResult TransposeOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  ArrayRef<int64_t> perm = getPerm();
  int64_t rank = in.getRank();
  if (static_cast<int64_t>(perm.size()) != rank || out.getRank() != rank)
    return emitOpError() << "expects a permutation of " << rank << " dimensions";
  llvm::SmallBitVector seen(rank);
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen.test(p))
      return emitOpError() << "expects perm to be a permutation of [0, "
                           << rank << ")";
    seen.set(p);
  }
  for (auto [i, p] : llvm::enumerate(perm))
    if (!dimsAgree(out.getDimSize(i), in.getDimSize(p)))
      return emitOpError() << "expects output dimension " << i << " to be "
                           << in.getDimSize(p);
  return success();
}

LogicalResult ConcatOp::verify() {
  auto out = getOutput().getType();
  int64_t rank = out.getRank(), axis = getAxisAttr().getInt();
  if (getInputs().empty())
    return emitOpError() << "expects at least one input";
  if (axis < 0 || axis >= rank)
    return emitOpError() << "expects axis in [0, " << rank << "), got " << axis;
  int64_t sum = 0;
  for (Value v : getInputs()) {
    auto ty = cast<RankedTensorType>(v.getType());
    if (ty.getElementType() != out.getElementType())
      return emitOpError() << "expects every input to have the result's "
                              "element type";
    if (ty.getRank() != rank)
      return emitOpError() << "expects every input to have rank " << rank;
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis && !dimsAgree(ty.getDimSize(d), out.getDimSize(d)))
        return emitOpError() << "expects inputs to agree with the result in "
                                "dimension "
                             << d;
    int64_t size = ty.getDimSize(axis);
    sum = ShapedType::isDynamic(size) || ShapedType::isDynamic(sum)
              ? ShapedType::kDynamic
              : sum + size;
  }
  if (!dimsAgree(sum, out.getDimSize(axis)))
    return emitOpError() << "expects the concatenated dimension to be " << sum
                         << ", got " << out.getDimSize(axis);
  return success();
}

LogicalResult SliceOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  int64_t rank = in.getRank();
  ArrayRef<int64_t> offsets = getOffsets(), sizes = getSizes(),
                    strides = getStrides();
  if (static_cast<int64_t>(offsets.size()) != rank ||
      static_cast<int64_t>(sizes.size()) != rank ||
      static_cast<int64_t>(strides.size()) != rank || out.getRank() != rank)
    return emitOpError() << "expects offsets, sizes, strides and result of "
                            "rank "
                         << rank;
  for (int64_t i = 0; i < rank; ++i) {
    if (offsets[i] < 0 || sizes[i] < 0 || strides[i] < 1)
      return emitOpError() << "expects non-negative offsets and sizes and "
                              "positive strides";
    int64_t dim = in.getDimSize(i);
    if (!ShapedType::isDynamic(dim) && sizes[i] > 0 &&
        offsets[i] + (sizes[i] - 1) * strides[i] >= dim)
      return emitOpError() << "slice along dimension " << i
                           << " reads past its size " << dim;
    if (!dimsAgree(out.getDimSize(i), sizes[i]))
      return emitOpError() << "expects result dimension " << i << " to be "
                           << sizes[i];
  }
  return success();
}

LogicalResult mlir::nnc::nn::verifyReduce(Operation *op, RankedTensorType in,
                                  RankedTensorType out, ArrayRef<int64_t> axes,
                                  bool keepdims) {
  int64_t rank = in.getRank();
  llvm::SmallBitVector reduced(rank);
  for (int64_t a : axes) {
    if (a < 0 || a >= rank || reduced.test(a))
      return op->emitOpError() << "expects distinct axes in [0, " << rank
                               << ")";
    reduced.set(a);
  }
  SmallVector<int64_t> expected;
  for (int64_t d = 0; d < rank; ++d) {
    if (!reduced.test(d))
      expected.push_back(in.getDimSize(d));
    else if (keepdims)
      expected.push_back(1);
  }
  if (out.getRank() != static_cast<int64_t>(expected.size()) ||
      !llvm::all_of(llvm::zip(out.getShape(), expected), [](auto p) {
        return dimsAgree(std::get<0>(p), std::get<1>(p));
      }))
    return op->emitOpError() << "expects the result shape implied by axes "
                                "and keepdims";
  return success();
}

#define NNC_REDUCE_VERIFIER(Op)                                                \
  LogicalResult Op::verify() {                                                 \
    return verifyReduce(getOperation(), getInput().getType(),                  \
                        getOutput().getType(), getAxes(), getKeepdims());      \
  }
NNC_REDUCE_VERIFIER(ReduceSumOp)
NNC_REDUCE_VERIFIER(ReduceMeanOp)
NNC_REDUCE_VERIFIER(ReduceMaxOp)
NNC_REDUCE_VERIFIER(ReduceMinOp)
NNC_REDUCE_VERIFIER(ReduceProdOp)
#undef NNC_REDUCE_VERIFIER

LogicalResult PadOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  int64_t rank = in.getRank();
  ArrayRef<int64_t> low = getLow(), high = getHigh();
  if (static_cast<int64_t>(low.size()) != rank ||
      static_cast<int64_t>(high.size()) != rank || out.getRank() != rank)
    return emitOpError() << "expects low, high and result of rank " << rank;
  StringRef mode = getMode();
  if (mode != "constant" && mode != "edge" && mode != "reflect")
    return emitOpError() << "expects mode constant, edge or reflect, got '"
                         << mode << "'";
  for (int64_t d = 0; d < rank; ++d) {
    if (low[d] < 0 || high[d] < 0)
      return emitOpError() << "expects non-negative padding";
    int64_t dim = in.getDimSize(d);
    if (ShapedType::isDynamic(dim))
      continue;
    if (mode != "constant" && dim == 0 && low[d] + high[d] > 0)
      return emitOpError() << "cannot " << mode << "-pad an empty dimension";
    if (mode == "reflect" && (low[d] >= dim || high[d] >= dim))
      return emitOpError() << "reflect padding of dimension " << d
                           << " must be smaller than its size " << dim;
    if (!dimsAgree(out.getDimSize(d), dim + low[d] + high[d]))
      return emitOpError() << "expects result dimension " << d << " to be "
                           << dim + low[d] + high[d];
  }
  return success();
}

LogicalResult ResizeOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  int64_t rank = in.getRank();
  ArrayRef<float> scales = getScales();
  if (static_cast<int64_t>(scales.size()) != rank || out.getRank() != rank)
    return emitOpError() << "expects scales and result of rank " << rank;
  if (getMode() != "nearest" && getMode() != "linear")
    return emitOpError() << "expects mode nearest or linear, got '"
                         << getMode() << "'";
  static const char *coords[] = {"half_pixel", "pytorch_half_pixel",
                                 "align_corners", "asymmetric"};
  if (!llvm::is_contained(coords, getCoordinateMode()))
    return emitOpError() << "unsupported coordinate_mode '"
                         << getCoordinateMode() << "'";
  static const char *rounding[] = {"round_prefer_floor", "round_prefer_ceil",
                                   "floor", "ceil"};
  if (!llvm::is_contained(rounding, getNearestMode()))
    return emitOpError() << "unsupported nearest_mode '" << getNearestMode()
                         << "'";
  for (int64_t d = 0; d < rank; ++d) {
    if (!(scales[d] > 0.0f))
      return emitOpError() << "expects positive scales";
    bool changes = in.getDimSize(d) != out.getDimSize(d);
    if (changes && d < rank - 2)
      return emitOpError() << "only the last two dimensions may change size";
    if (out.getDimSize(d) <= 0 || in.getDimSize(d) <= 0)
      return emitOpError() << "expects non-empty dimensions";
  }
  return success();
}
