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
#include "llvm/ADT/StringSet.h"

#include <optional>
#include <string>

namespace mlir::nnc {

/// A constant tensor from an initializer or a Constant node.
struct OnnxConstant {
  int32_t dataType = 0; ///< onnx::TensorProto_DataType
  std::vector<int64_t> shape;
  std::vector<char> bytes; ///< Little-endian row-major element bytes.
  /// The elements of an INT64 or INT32 constant (empty for other types).
  std::vector<int64_t> asInts() const;
  /// Every element as a double, for any type nnc reads.
  std::vector<double> asDoubles() const;
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
  /// Values whose ONNX type is an unsigned integer (MLIR types are signless).
  llvm::StringSet<> unsignedValues;
  /// Names of the graph's (non-initializer) inputs.
  llvm::StringSet<> graphInputs;

  /// The MLIR value of `name`, materializing a constant on first use.
  /// Returns null (after no diagnostic) when the name is unknown.
  Value lookup(llvm::StringRef name, Location loc);
  /// The constant behind `name`, if it is one.
  const OnnxConstant *constant(llvm::StringRef name) const;
  /// The inferred static type of a value or constant (null if unknown or of
  /// an element type nnc does not compute with).
  RankedTensorType typeOf(llvm::StringRef name) const;
  /// Whether `name` holds unsigned integers.
  bool isUnsigned(llvm::StringRef name) const;
  /// The static shape of a graph value or constant, if known.
  std::optional<llvm::SmallVector<int64_t>> shapeOf(llvm::StringRef name) const;
};

/// Bytes per element of an ONNX data type nnc reads, 0 for the others.
size_t onnxElementSize(int32_t dataType);
/// The (signless) MLIR element type of an ONNX data type, or null.
Type onnxElementType(Builder &b, int32_t dataType);
bool isUnsignedOnnxType(int32_t dataType);

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

/// ONNX shape inference as nnc runs it everywhere: with data propagation,
/// which carries shape arithmetic (Shape -> Gather -> Concat -> Reshape, as
/// in expanded function bodies) into static shapes. Throws onnx's errors.
void inferOnnxShapes(onnx::ModelProto &model);

/// Replaces each node that nnc has no converter for (`native` is false) but
/// that ONNX defines as a function by the function's body. Returns the
/// number of nodes expanded.
int64_t expandOnnxFunctions(onnx::ModelProto &model, int64_t opset,
                            llvm::function_ref<bool(llvm::StringRef)> native);

/// Whether the importer has a converter for the default-domain op.
bool isNativeOnnxOp(llvm::StringRef opType);

/// Imports one supported node; on failure emits a diagnostic naming it.
LogicalResult importNode(const onnx::NodeProto &node, OnnxGraph &graph);

/// Converts a tensor proto's data into an OnnxConstant; `dir` resolves
/// external data files. Fails with a message in `error`.
bool readTensorProto(const onnx::TensorProto &tensor, llvm::StringRef dir,
                     OnnxConstant &out, std::string &error);

} // namespace mlir::nnc

#endif // NNC_COMPILER_FRONTEND_ONNXGRAPH_H
