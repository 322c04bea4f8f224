//===- GpuPasses.h - The CUDA target's passes and pipelines -----*- C++ -*-===//
//
// Generated declarations of the GPU passes, the pipelines from linalg to
// NVVM, and the launch list that the host function reduces to.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_COMPILER_TRANSFORMS_GPUPASSES_H
#define NNC_COMPILER_TRANSFORMS_GPUPASSES_H

#include "compiler/transforms/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <string>
#include <vector>

namespace mlir::nnc {

#define GEN_PASS_DECL
#include "compiler/transforms/GpuPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/transforms/GpuPasses.h.inc"

/// Name of the gpu.module that holds every kernel.
inline constexpr llvm::StringLiteral kGpuModuleName = "nnc_kernels";

struct GpuPipelineOptions {
  std::string entry = "main";
  int64_t blockSize = 256;
};

/// linalg on tensors -> planned buffers -> launches of outlined kernels on
/// a host function that is a static launch list.
void buildGpuLinalgToLaunchesPipeline(OpPassManager &pm,
                                      const GpuPipelineOptions &opts);
/// The kernels of the gpu.module -> LLVM dialect with NVVM ops, memrefs
/// passed as bare pointers.
void buildGpuKernelsToNVVMPipeline(OpPassManager &pm);
/// nn graph -> NVVM: nnc-nn-to-linalg (without tiling) and the two above.
void buildGpuPipeline(OpPassManager &pm, const GpuPipelineOptions &opts);

/// The same kernels run on the host: nn -> mapped launches as in
/// buildGpuPipeline, each launch as loops over its blocks and threads, then
/// the CPU's loops-to-LLVM. A test of the GPU lowering without a GPU.
void buildGpuEmulationPipeline(OpPassManager &pm,
                               const GpuPipelineOptions &opts);

/// Registers the GPU passes and pipelines as nnc-opt flags.
void registerGpuPasses();

/// One kernel argument as the runtime rebuilds it.
struct GpuLaunchArg {
  enum Kind { Input, Output, Weights, Workspace, Scalar } kind = Scalar;
  uint32_t index = 0;  ///< Input/Output: signature position.
  uint64_t offset = 0; ///< Pointers: bytes from the buffer's start.
  uint64_t size = 0;   ///< Pointers: bytes the kernel may touch from offset.
  uint64_t bits = 0;   ///< Scalar: the value, little-endian.
  uint8_t scalarBytes = 0; ///< Scalar: 4 or 8.
};

struct GpuLaunch {
  std::string kernel;
  uint32_t grid[3] = {1, 1, 1}, block[3] = {1, 1, 1};
  std::vector<GpuLaunchArg> args;
};

/// Reads the launch list of `func`, whose arguments are the inputs (the
/// first `numInputs`), the outputs, then the buffers marked `nnc.buffer`
/// "weights" and "workspace". Emits an error on the offending op and fails
/// when the function is anything but launches with constant sizes and
/// arguments.
FailureOr<std::vector<GpuLaunch>> buildLaunchList(func::FuncOp func,
                                                  unsigned numInputs);

} // namespace mlir::nnc

#endif // NNC_COMPILER_TRANSFORMS_GPUPASSES_H
