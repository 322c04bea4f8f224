//===- OnnxGraph.h - State shared by the ONNX importer ----------*- C++ -*-===//
//
// The importer's view of one graph: values by name, constant tensors, and
// inferred shapes. Op converters (OnnxOps.cpp) read and extend it.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_COMPILER_FRONTEND_ONNXGRAPH_H
#define NNC_COMPILER_FRONTEND_ONNXGRAPH_H

#include "onnx/onnx_pb.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>

namespace mlir::nnc {

/// A constant tensor from an initializer or a Constant node.
struct OnnxConstant {
  int32_t dataType = 0; ///< onnx::TensorProto_DataType
  std::vector<int64_t> shape;
  std::vector<char> bytes; ///< Little-endian row-major element bytes.
  std::vector<int64_t> asInts() const;
};

class OnnxGraph {
public:
  OnnxGraph(OpBuilder &builder, int64_t opset, std::string path)
      : builder(builder), opset(opset), path(std::move(path)) {}

  OpBuilder &builder;
  int64_t opset;
  std::string path;
  llvm::StringMap<Value> values;
  llvm::StringMap<OnnxConstant> constants;
  llvm::StringMap<RankedTensorType> inferred;

  /// The MLIR value of `name`, materializing a float constant on first use.
  /// Returns null (after no diagnostic) when the name is unknown.
  Value lookup(llvm::StringRef name, Location loc);
  /// The constant behind `name`, if it is one.
  const OnnxConstant *constant(llvm::StringRef name) const;
  /// The inferred f32 type of a node output.
  RankedTensorType typeOf(llvm::StringRef name) const;
  /// The static shape of a graph value or constant, if known.
  std::optional<llvm::SmallVector<int64_t>> shapeOf(llvm::StringRef name) const;
};

/// Describes why `node` cannot be imported (unsupported op, attribute value
/// or operand form), or std::nullopt when it can.
std::optional<std::string> unsupportedReason(const onnx::NodeProto &node,
                                             const OnnxGraph &graph);

/// Evaluates, in graph order, every node computable from constants and
/// static shapes (shape arithmetic, ConstantOfShape, Expand of constants,
/// ...), recording its outputs as constants; folded[i] marks node i.
/// Returns the number of folded nodes.
int64_t foldConstantNodes(const onnx::GraphProto &graph, OnnxGraph &g,
                          std::vector<bool> &folded);

/// Imports one supported node; on failure emits a diagnostic naming it.
LogicalResult importNode(const onnx::NodeProto &node, OnnxGraph &graph);

/// Converts a tensor proto's data into an OnnxConstant; `dir` resolves
/// external data files. Fails with a message in `error`.
bool readTensorProto(const onnx::TensorProto &tensor, llvm::StringRef dir,
                     OnnxConstant &out, std::string &error);

} // namespace mlir::nnc

#endif // NNC_COMPILER_FRONTEND_ONNXGRAPH_H
