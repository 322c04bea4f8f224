//===- GpuPipeline.cpp - The nnc lowering pipelines of the CUDA target ----===//
//
// nn -> linalg as on the CPU but untiled, the same bufferization, weights
// and workspace plan, then loops onto grids, outlined kernels and NVVM.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/GpuPasses.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

/// Bufferized, planned linalg as gpu.launch ops on the entry function.
/// `cpuThreads`: plan per-thread scratch as nnc-parallelize expects.
static void addMappedLaunches(OpPassManager &pm,
                              const nnc::GpuPipelineOptions &opts,
                              bool cpuThreads) {
  pm.addPass(nnc::createBufferizePass());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferLoopHoistingPass());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  pm.addPass(nnc::createExternalizeWeightsPass({opts.entry}));
  pm.addNestedPass<func::FuncOp>(nnc::createPlanMemoryPass({cpuThreads}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(nnc::createGpuMapLoopsPass({opts.blockSize}));
}

void nnc::buildGpuLinalgToLaunchesPipeline(OpPassManager &pm,
                                           const GpuPipelineOptions &opts) {
  addMappedLaunches(pm, opts, /*cpuThreads=*/false);
  pm.addPass(createGpuLaunchSinkIndexComputationsPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createGpuLaunchListPass());
}

void nnc::buildGpuKernelsToNVVMPipeline(OpPassManager &pm) {
  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(createLowerAffinePass());
  kernels.addPass(memref::createExpandStridedMetadataPass());
  kernels.addPass(createLowerAffinePass());
  kernels.addPass(createSCFToControlFlowPass());
  kernels.addPass(createGpuExpandMathPass());
  ConvertGpuOpsToNVVMOpsOptions nvvm;
  nvvm.useBarePtrCallConv = true;
  kernels.addPass(createConvertGpuOpsToNVVMOps(nvvm));
  kernels.addPass(createCanonicalizerPass());
  kernels.addPass(createCSEPass());
  kernels.addPass(createReconcileUnrealizedCastsPass());
}

void nnc::buildGpuPipeline(OpPassManager &pm, const GpuPipelineOptions &opts) {
  PipelineOptions linalg;
  linalg.entry = opts.entry;
  linalg.tileAndFuse = false; // a kernel covers a whole op
  buildNNToLinalgPipeline(pm, linalg);
  buildGpuLinalgToLaunchesPipeline(pm, opts);
  buildGpuKernelsToNVVMPipeline(pm);
}

void nnc::buildGpuEmulationPipeline(OpPassManager &pm,
                                    const GpuPipelineOptions &opts) {
  PipelineOptions linalg;
  linalg.entry = opts.entry;
  linalg.tileAndFuse = false;
  buildNNToLinalgPipeline(pm, linalg);
  addMappedLaunches(pm, opts, /*cpuThreads=*/true);
  pm.addNestedPass<func::FuncOp>(createGpuExpandMathPass());
  pm.addNestedPass<func::FuncOp>(createGpuLaunchToLoopsPass());
  // The CPU code generator takes nnc-parallelize's SPMD entry.
  pm.addNestedPass<func::FuncOp>(createParallelizePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  buildLoopsToLLVMPipeline(pm);
}

void nnc::registerGpuPasses() {
  registerNNCGpuPasses();
  PassPipelineRegistration<>(
      "nnc-gpu-linalg-to-launches",
      "linalg on tensors to kernel launches on planned buffers",
      [](OpPassManager &pm) { buildGpuLinalgToLaunchesPipeline(pm, {}); });
  PassPipelineRegistration<>(
      "nnc-gpu-kernels-to-nvvm", "GPU kernels to the LLVM dialect with NVVM",
      [](OpPassManager &pm) { buildGpuKernelsToNVVMPipeline(pm); });
  PassPipelineRegistration<>(
      "nnc-gpu-lower", "the whole CUDA pipeline, nn graph to NVVM kernels",
      [](OpPassManager &pm) { buildGpuPipeline(pm, {}); });
}
