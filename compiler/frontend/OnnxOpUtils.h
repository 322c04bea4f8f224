//===- OnnxOpUtils.h - Helpers shared by the ONNX op converters -*- C++ -*-===//
//
// Attribute readers and the per-node context the converters in OnnxOps.cpp
// and OnnxRecurrent.cpp build nn ops with.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_COMPILER_FRONTEND_ONNXOPUTILS_H
#define NNC_COMPILER_FRONTEND_ONNXOPUTILS_H

#include "compiler/frontend/OnnxGraph.h"

#include "mlir/IR/Diagnostics.h"

namespace mlir::nnc {

using Reason = std::optional<std::string>;

inline const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                     StringRef name) {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

inline int64_t intAttr(const onnx::NodeProto &node, StringRef name, int64_t dflt) {
  const auto *a = findAttr(node, name);
  return a ? a->i() : dflt;
}

inline float floatAttr(const onnx::NodeProto &node, StringRef name, float dflt) {
  const auto *a = findAttr(node, name);
  return a ? a->f() : dflt;
}

inline std::string stringAttr(const onnx::NodeProto &node, StringRef name,
                       StringRef dflt) {
  const auto *a = findAttr(node, name);
  return a ? a->s() : dflt.str();
}

inline SmallVector<int64_t> intsAttr(const onnx::NodeProto &node, StringRef name,
                              ArrayRef<int64_t> dflt) {
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
                              << node.op_type() << "): input '"
                              << node.input(i)
                              << "' is not a float32 tensor of the graph";
      in.push_back(v);
    }
    outTy = g.typeOf(node.output(0));
    if (!outTy)
      return emitError(loc) << "node '" << node.name() << "' ("
                            << node.op_type()
                            << "): shape inference found no static float32 "
                               "shape for output '"
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

/// Recurrent layers (OnnxRecurrent.cpp), unrolled over the sequence.
Reason checkRecurrent(const onnx::NodeProto &node, const OnnxGraph &graph);
LogicalResult importLSTM(NodeContext &c);
LogicalResult importGRU(NodeContext &c);
LogicalResult importRNN(NodeContext &c);

} // namespace mlir::nnc

#endif // NNC_COMPILER_FRONTEND_ONNXOPUTILS_H
