//===- OnnxOpUtils.h - Helpers shared by the ONNX op converters -*- C++ -*-===//
//
// Attribute readers and the per-node context the converters in OnnxOps.cpp
// and OnnxRecurrent.cpp build nn ops with.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_COMPILER_FRONTEND_ONNXOPUTILS_H
#define NNC_COMPILER_FRONTEND_ONNXOPUTILS_H

#include "compiler/frontend/OnnxGraph.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeUtilities.h"

namespace mlir::nnc {

using Reason = std::optional<std::string>;

/// The element types an op accepts on its data operand (OpEntry::types).
enum TypeSet : unsigned {
  kF32 = 1,
  kF64 = 2,
  kSigned = 4,   ///< int8..int64
  kUnsigned = 8, ///< uint8..uint64
  kBool = 16,
  kFloat = kF32 | kF64,
  kNum = kFloat | kSigned | kUnsigned,
  kAny = kNum | kBool,
};

/// The TypeSet bit of a value's element type, or 0 when nnc has no type
/// for it; `name` names the ONNX type ("uint8") for diagnostics.
unsigned typeSetOf(const OnnxGraph &g, StringRef value, std::string *name);

inline const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                            StringRef name) {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

inline int64_t intAttr(const onnx::NodeProto &node, StringRef name,
                       int64_t dflt) {
  const auto *a = findAttr(node, name);
  return a ? a->i() : dflt;
}

inline float floatAttr(const onnx::NodeProto &node, StringRef name,
                       float dflt) {
  const auto *a = findAttr(node, name);
  return a ? a->f() : dflt;
}

inline std::string stringAttr(const onnx::NodeProto &node, StringRef name,
                              StringRef dflt) {
  const auto *a = findAttr(node, name);
  return a ? a->s() : dflt.str();
}

inline SmallVector<int64_t> intsAttr(const onnx::NodeProto &node,
                                     StringRef name, ArrayRef<int64_t> dflt) {
  const auto *a = findAttr(node, name);
  if (!a)
    return SmallVector<int64_t>(dflt);
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

inline bool hasInput(const onnx::NodeProto &node, int i) {
  return node.input_size() > i && !node.input(i).empty();
}

inline bool usesOutput(const onnx::NodeProto &node, int i) {
  return node.output_size() > i && !node.output(i).empty();
}

inline Location nodeLoc(const onnx::NodeProto &node, const OnnxGraph &g) {
  MLIRContext *ctx = g.builder.getContext();
  std::string name = node.name().empty() ? node.op_type() : node.name();
  return NameLoc::get(StringAttr::get(ctx, name),
                      FileLineColLoc::get(ctx, g.path, 0, 0));
}

/// Resolves inputs and the output type, emitting a diagnostic on failure.
struct NodeContext {
  const onnx::NodeProto &node;
  OnnxGraph &g;
  Location loc;
  SmallVector<Value> in;
  RankedTensorType outTy;

  NodeContext(const onnx::NodeProto &node, OnnxGraph &g)
      : node(node), g(g), loc(nodeLoc(node, g)) {}

  LogicalResult resolve(int numTensorInputs) {
    for (int i = 0; i < numTensorInputs; ++i) {
      if (!hasInput(node, i)) {
        in.push_back(nullptr);
        continue;
      }
      Value v = g.lookup(node.input(i), loc);
      if (!v)
        return emitError(loc) << "node '" << node.name() << "' ("
                              << node.op_type() << "): input '" << node.input(i)
                              << "' is not a tensor nnc can compute with";
      in.push_back(v);
    }
    if (!usesOutput(node, 0)) // e.g. an RNN used only for its last state
      return success();
    outTy = g.typeOf(node.output(0));
    if (!outTy)
      return emitError(loc)
             << "node '" << node.name() << "' (" << node.op_type()
             << "): shape inference found no static shape of a supported "
                "type for output '"
             << node.output(0) << "'";
    return success();
  }

  void define(Value v) { g.values[node.output(0)] = v; }
  /// Output `i`'s inferred type (null if unknown).
  RankedTensorType outputType(int i) { return g.typeOf(node.output(i)); }
  OpBuilder &b() { return g.builder; }
  DenseI64ArrayAttr i64s(ArrayRef<int64_t> v) {
    return g.builder.getDenseI64ArrayAttr(v);
  }
};

inline Reason checkAutoPad(const onnx::NodeProto &node) {
  std::string autoPad = stringAttr(node, "auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER")
    return "auto_pad '" + autoPad + "' is not supported";
  return std::nullopt;
}

/// 2-D (NCHW) or, lifted to 2-D, 1-D (NCL) inputs; 3-D (NCDHW) only where
/// `allow3d` (pooling, which is separable).
inline Reason checkSpatial2d(const onnx::NodeProto &node, const OnnxGraph &g,
                             bool allow3d = false) {
  auto shape = g.shapeOf(node.input(0));
  if (shape && shape->size() != 4 && shape->size() != 3 &&
      !(allow3d && shape->size() == 5))
    return "only 1-D and 2-D (NCL, NCHW) inputs are supported" +
           std::string(allow3d ? " and 3-D" : "") + ", got rank " +
           std::to_string(shape->size());
  return checkAutoPad(node);
}

inline Reason checkConstInput(const onnx::NodeProto &node, const OnnxGraph &g,
                              int i, StringRef what) {
  if (!hasInput(node, i) || g.constant(node.input(i)))
    return std::nullopt;
  if (g.graphInputs.contains(node.input(i)))
    return (what + " must be a constant; it is graph input '" + node.input(i) +
            "': fix its value with --bind " + node.input(i) + "=FILE.npy")
        .str();
  return (what + " must be a constant").str();
}

inline Reason checkNone(const onnx::NodeProto &, const OnnxGraph &) {
  return std::nullopt;
}

/// Every input from index `first` on must be a constant (shape-like data).
inline Reason checkConstInputsFrom(const onnx::NodeProto &n, const OnnxGraph &g,
                                   int first) {
  for (int i = first; i < n.input_size(); ++i)
    if (Reason r = checkConstInput(n, g, i, "input " + std::to_string(i)))
      return r;
  return std::nullopt;
}

inline int64_t normalizeAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

inline Value scalarTensor(NodeContext &c, float value) {
  auto ty = RankedTensorType::get({1}, c.b().getF32Type());
  return arith::ConstantOp::create(c.b(), c.loc, ty,
                                   DenseElementsAttr::get(ty, value));
}

/// Sets `is_unsigned` on a binary op whose integer operands are unsigned.
inline Value markUnsigned(NodeContext &c, Operation *op) {
  Type elt = getElementTypeOrSelf(op->getOperand(0).getType());
  if (isa<IntegerType>(elt) && !elt.isInteger(1) &&
      c.g.isUnsigned(c.node.input(0)))
    op->setAttr("is_unsigned", c.b().getUnitAttr());
  return op->getResult(0);
}

/// Shape of `ty` reduced over `axes`.
inline RankedTensorType reducedType(RankedTensorType ty, ArrayRef<int64_t> axes,
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

/// Layers: convolution, pooling, dense/matmul, softmax, normalization
/// (OnnxLayerOps.cpp).
Reason checkConv(const onnx::NodeProto &n, const OnnxGraph &g);
Reason checkMaxPool(const onnx::NodeProto &n, const OnnxGraph &g);
Reason checkAvgPool(const onnx::NodeProto &n, const OnnxGraph &g);
Reason checkGlobalPool(const onnx::NodeProto &n, const OnnxGraph &g);
Reason checkMatMul(const onnx::NodeProto &n, const OnnxGraph &g);
Reason checkSoftmax(const onnx::NodeProto &, const OnnxGraph &);
Reason checkDropout(const onnx::NodeProto &n, const OnnxGraph &g);
Reason checkBatchNorm(const onnx::NodeProto &n, const OnnxGraph &);
Reason checkGemm(const onnx::NodeProto &, const OnnxGraph &);
Reason checkConvTranspose(const onnx::NodeProto &n, const OnnxGraph &g);
Reason checkLayerNorm(const onnx::NodeProto &n, const OnnxGraph &);
SmallVector<int64_t> resolvePads(const onnx::NodeProto &n,
                                 RankedTensorType input,
                                 ArrayRef<int64_t> kernel,
                                 ArrayRef<int64_t> strides,
                                 ArrayRef<int64_t> dilations);
LogicalResult importConv(NodeContext &c);
LogicalResult importMaxPool(NodeContext &c);
LogicalResult importAvgPool(NodeContext &c);
LogicalResult importGlobalAvgPool(NodeContext &c);
Value transpose2d(NodeContext &c, Value v);
LogicalResult importGemm(NodeContext &c);
LogicalResult importMatMul(NodeContext &c);
LogicalResult importSoftmax(NodeContext &c);
LogicalResult importDropout(NodeContext &c);
LogicalResult importBatchNorm(NodeContext &c);
LogicalResult importClip(NodeContext &c);
LogicalResult importLogSoftmax(NodeContext &c);
LogicalResult importConvTranspose(NodeContext &c);
Value normalizeOver(NodeContext &c, Value x, ArrayRef<int64_t> axes,
                    float epsilon, Value *meanOut = nullptr,
                    Value *stddevOut = nullptr);
LogicalResult importLayerNorm(NodeContext &c);
LogicalResult importGlobalMaxPool(NodeContext &c);
LogicalResult importInstanceNorm(NodeContext &c);

/// 1-D convolution and pooling as 2-D with a unit height, 3-D pooling as two
/// 2-D poolings (OnnxSpatial.cpp).
LogicalResult importLifted1d(NodeContext &c,
                             LogicalResult (*import2d)(NodeContext &));
Reason checkPool3d(const onnx::NodeProto &n);
Reason checkConvTranspose3d(const onnx::NodeProto &n);
LogicalResult importConvTranspose3d(NodeContext &c);
LogicalResult importPool3d(NodeContext &c, bool isMax);

/// Shape and data movement (OnnxTensorOps.cpp).
Reason checkReshape(const onnx::NodeProto &n, const OnnxGraph &g);
Reason checkSlice(const onnx::NodeProto &n, const OnnxGraph &g);
Reason checkSplit(const onnx::NodeProto &n, const OnnxGraph &g);
Reason checkSqueeze(const onnx::NodeProto &n, const OnnxGraph &g);
LogicalResult importFlatten(NodeContext &c);
LogicalResult importReshape(NodeContext &c);
LogicalResult importTranspose(NodeContext &c);
LogicalResult importConcat(NodeContext &c);
LogicalResult importSlice(NodeContext &c);
LogicalResult importSplit(NodeContext &c);
LogicalResult importAsReshape(NodeContext &c);
LogicalResult importGather(NodeContext &c);
LogicalResult importPad(NodeContext &c);
Reason checkPad(const onnx::NodeProto &n, const OnnxGraph &g);
LogicalResult importExpand(NodeContext &c);
LogicalResult importTile(NodeContext &c);
Reason checkTile(const onnx::NodeProto &n, const OnnxGraph &g);
LogicalResult importResize(NodeContext &c);
Reason checkResize(const onnx::NodeProto &n, const OnnxGraph &g);

/// Comparison, logic, casts and run-time indexing (OnnxLogicOps.cpp).
LogicalResult importCompare(NodeContext &c);
LogicalResult importBitShift(NodeContext &c);
LogicalResult importMod(NodeContext &c);
Reason checkMod(const onnx::NodeProto &n, const OnnxGraph &g);
LogicalResult importWhere(NodeContext &c);
Reason checkCast(const onnx::NodeProto &n, const OnnxGraph &g);
LogicalResult importCast(NodeContext &c);
LogicalResult importIsInf(NodeContext &c);
LogicalResult importArgReduce(NodeContext &c);
LogicalResult importHardmax(NodeContext &c);
LogicalResult importGatherElements(NodeContext &c);
LogicalResult importTrilu(NodeContext &c);
LogicalResult importPow(NodeContext &c);
/// A value converted to `elt` (nn.cast), reading it as unsigned if `src`
/// names an unsigned ONNX value.
Value castTo(NodeContext &c, Value v, Type elt, StringRef src);

/// Recurrent layers (OnnxRecurrent.cpp), unrolled over the sequence.
Reason checkRecurrent(const onnx::NodeProto &node, const OnnxGraph &graph);
LogicalResult importLSTM(NodeContext &c);
LogicalResult importGRU(NodeContext &c);
LogicalResult importRNN(NodeContext &c);

} // namespace mlir::nnc

#endif // NNC_COMPILER_FRONTEND_ONNXOPUTILS_H
