//===- OnnxImporter.h - ONNX model -> nn dialect ----------------*- C++ -*-===//
//
// Public entry of the ONNX frontend: parse and validate with the official
// ONNX library, then build a func.func of nn ops.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_COMPILER_FRONTEND_ONNXIMPORTER_H
#define NNC_COMPILER_FRONTEND_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>
#include <vector>

namespace mlir::nnc {

struct OnnxImportOptions {
  /// Name of the generated entry function.
  std::string entry = "main";
  /// Only check that every node can be imported; build nothing.
  bool checkOnly = false;
  /// Static shapes for graph inputs (`--shape name=1x3x224x224`), applied
  /// before shape inference; they fix declared-dynamic dimensions.
  std::vector<std::pair<std::string, std::vector<int64_t>>> inputShapes;
  /// Graph inputs fixed to a value at compile time (`--bind name=file.npy`):
  /// they become initializers, so the shapes they determine are static.
  struct BoundInput {
    std::string name;
    int32_t onnxType; ///< onnx::TensorProto_DataType
    std::vector<int64_t> shape;
    std::vector<char> bytes; ///< little-endian, row-major
  };
  std::vector<BoundInput> boundInputs;
};

/// Imports the model at `path`. Errors (unreadable file, invalid model,
/// unsupported ops — all of them in one diagnostic) are emitted through the
/// context's diagnostic engine and yield a null module.
OwningOpRef<ModuleOp> importOnnxFile(MLIRContext &ctx, llvm::StringRef path,
                                     const OnnxImportOptions &options = {});

/// One row of the supported-operator table.
struct OnnxOpInfo {
  std::string onnxOp, nnOps, notes;
};

/// Every ONNX operator the importer accepts, sorted by name: the source of
/// docs/supported-ops.md (`nnc list-ops`).
std::vector<OnnxOpInfo> supportedOnnxOps();

/// Signature attribute names on the entry function's arguments and results.
inline constexpr llvm::StringLiteral kNameAttr = "nnc.name";
/// Unit attribute: the integer tensor is unsigned in ONNX (uint8/16/32/64).
inline constexpr llvm::StringLiteral kUnsignedAttr = "nnc.unsigned";

} // namespace mlir::nnc

#endif // NNC_COMPILER_FRONTEND_ONNXIMPORTER_H
