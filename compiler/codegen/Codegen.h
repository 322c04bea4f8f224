//===- Codegen.h - From an nn module to native artifacts --------*- C++ -*-===//
//
// The compile driver behind `nnc compile`: runs the pipeline, emits native
// code in-process through LLVM's TargetMachine, and packages the result as a
// bundle or as an object file plus C header.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_COMPILER_CODEGEN_CODEGEN_H
#define NNC_COMPILER_CODEGEN_CODEGEN_H

#include "compiler/transforms/Passes.h"
#include "nnc/BundleWriter.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/Error.h"

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

#include <string>
#include <vector>

namespace mlir::nnc {

struct TargetSpec {
  std::string triple; ///< Empty: the host.
  std::string cpu;    ///< Empty: the host CPU for the host, else "generic".
  std::string features;
};

/// Everything a packaged model needs, produced by compileModule.
struct CompiledModel {
  std::string symbol;  ///< Entry symbol: void symbol(void *const *args).
  std::string triple;
  std::string cpu;
  std::vector<::nnc::TensorSpec> inputs, outputs;
  /// Bytes of the workspace, the last threadScratchSize of which are the
  /// calling thread's private scratch.
  uint64_t workspaceSize = 0;
  uint64_t threadScratchSize = 0;
  /// `void symbol_mt(void *const *args, void *scratch, int64_t thread,
  /// int64_t threads, void *sync)`; empty when the model is too small for
  /// threads to pay.
  std::string parallelSymbol;
  /// Names of the parallel entry's phases, in order (see nnc-parallelize).
  std::vector<std::string> phases;
  std::vector<uint8_t> weights;
  std::vector<uint8_t> object; ///< ELF relocatable object.
  std::string llvmIR;          ///< Optimized IR, when asked for.
  ::nnc::GpuProgramSpec gpu;   ///< PTX and launch list (CUDA target only).
};

struct CodegenOptions {
  TargetSpec target;
  PipelineOptions pipeline;
  std::string symbol = "nnc_model";
  /// Embed the weights in the object and add the typed `<symbol>_run`
  /// entry (the static-link form); otherwise weights travel in the bundle.
  bool embedWeights = false;
  bool keepLLVMIR = false;
  /// Host code through the CUDA target's kernels, run as loops (testing).
  bool gpuEmulation = false;
  int optLevel = 3;
  /// Verify the IR after every pass of the pipeline, not only at its end.
  bool verifyEachPass = false;
};

/// Lowers an imported nn module (consumed) to native code.
llvm::Expected<CompiledModel> compileModule(ModuleOp module,
                                            const CodegenOptions &options);

/// Serializes `model` as a .nnb bundle.
std::vector<uint8_t> packageBundle(const CompiledModel &model);

/// The C header of the static-link form (object with embedded weights).
std::string emitStaticHeader(const CompiledModel &model);

/// Resolves an empty triple/cpu to the host's; "cuda" to
/// nvptx64-nvidia-cuda with GPU architecture (cpu) sm_90 by default.
TargetSpec resolveTarget(const TargetSpec &spec);

/// Whether `triple` names the CUDA target ("cuda", "nvptx64-...").
bool isCudaTarget(llvm::StringRef triple);

/// compileModule for the CUDA target: PTX plus a launch list, no object.
llvm::Expected<CompiledModel> compileCudaModule(ModuleOp module,
                                                const CodegenOptions &options);

/// Fills model.inputs/outputs from the entry function's types and names.
llvm::Error readModelSignature(func::FuncOp func, CompiledModel &model);

/// Verifies `mod` (a failure is an internal error naming `what`), runs
/// LLVM's -O`optLevel` pipeline for `tm`, keeps the optimized IR in `*ir`
/// when given, and emits `type` (object or assembly) into `out`.
llvm::Error emitModule(llvm::Module &mod, llvm::TargetMachine &tm,
                       int optLevel, std::string *ir,
                       llvm::CodeGenFileType type, llvm::StringRef what,
                       llvm::SmallVectorImpl<char> &out);

} // namespace mlir::nnc

#endif // NNC_COMPILER_CODEGEN_CODEGEN_H
