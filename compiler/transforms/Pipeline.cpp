//===- Pipeline.cpp - The nnc lowering pipelines --------------------------===//
//
// The order of passes from the nn graph to the LLVM dialect, in three
// stages that tests and `nnc compile --emit=...` can stop after.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void nnc::buildNNToLinalgPipeline(OpPassManager &pm,
                                  const PipelineOptions &opts) {
  pm.addNestedPass<func::FuncOp>(createInferenceCleanupPass());
  pm.addNestedPass<func::FuncOp>(createFoldConstantsPass());
  pm.addNestedPass<func::FuncOp>(createFoldBatchNormPass());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createConvertNNToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createFuseElementwisePass());
  if (opts.tileAndFuse)
    pm.addNestedPass<func::FuncOp>(
        createTileAndFusePass({opts.channelTile, opts.rowTile}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void nnc::buildLinalgToLoopsPipeline(OpPassManager &pm,
                                     const PipelineOptions &opts) {
  pm.addPass(createBufferizePass());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferLoopHoistingPass());
  pm.addPass(createVectorizeComputePass({opts.vectorWidth}));
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  // Adjacent loops of the same shape with no dependence between them run
  // as one: the left and right border columns of a padded buffer then
  // share each cache line's write (one pass over the buffer, not two).
  pm.addNestedPass<func::FuncOp>(createParallelLoopFusionPass());
  pm.addPass(createExternalizeWeightsPass({opts.entry}));
  pm.addNestedPass<func::FuncOp>(createPlanMemoryPass({/*threadPrivate=*/true}));
  pm.addNestedPass<func::FuncOp>(createParallelizePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Filters the kernels repacked leave their original globals unused;
  // translated to LLVM, each row of each one would be uniqued as a constant
  // (seconds for resnet18).
  pm.addPass(createSymbolDCEPass());
}

void nnc::buildLoopsToLLVMPipeline(OpPassManager &pm) {
  pm.addPass(createLowerAffinePass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  // 16x16 transposes (the Winograd output transform) as AVX-512 shuffles;
  // other shapes fall back to element moves.
  // Math first: vector transcendentals become polynomials (the backends
  // would call libm once per lane); a vector math op still without an LLVM
  // intrinsic becomes libm calls on vector.extract-ed lanes, which the
  // vector lowering then takes.
  pm.addPass(createExpandVectorMathPass());
  // Max and min (ReLU, clips, max pooling, the approximations' clamps) as
  // single instructions where the sign of a zero is all they would order.
  pm.addPass(createRelaxMinMaxPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  ConvertVectorToLLVMPassOptions vectorOpts;
  vectorOpts.vectorTransposeLowering = vector::VectorTransposeLowering::Shuffle16x16;
  pm.addPass(createConvertVectorToLLVMPass(vectorOpts));
  // Transposes other than 16x16 leave ub.poison for their unset lanes.
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  ConvertFuncToLLVMPassOptions funcOpts;
  funcOpts.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcOpts));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void nnc::buildFullPipeline(OpPassManager &pm, const PipelineOptions &opts) {
  buildNNToLinalgPipeline(pm, opts);
  buildLinalgToLoopsPipeline(pm, opts);
  buildLoopsToLLVMPipeline(pm);
}

void nnc::registerPasses() {
  registerNNCPasses();
  PassPipelineRegistration<>(
      "nnc-nn-to-linalg", "nn graph to fused, tiled linalg on tensors",
      [](OpPassManager &pm) { buildNNToLinalgPipeline(pm, {}); });
  PassPipelineRegistration<>(
      "nnc-linalg-to-loops", "linalg on tensors to loops on planned buffers",
      [](OpPassManager &pm) { buildLinalgToLoopsPipeline(pm, {}); });
  PassPipelineRegistration<>(
      "nnc-loops-to-llvm", "loops on buffers to the LLVM dialect",
      [](OpPassManager &pm) { buildLoopsToLLVMPipeline(pm); });
  PassPipelineRegistration<>(
      "nnc-lower-to-llvm", "the whole nnc pipeline, nn graph to LLVM dialect",
      [](OpPassManager &pm) { buildFullPipeline(pm, {}); });
}
