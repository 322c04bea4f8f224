//===- Passes.h - nnc pass declarations -------------------------*- C++ -*-===//
//
// Generated pass declarations plus the pipelines built from them.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_COMPILER_TRANSFORMS_PASSES_H
#define NNC_COMPILER_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace mlir::nnc {

#define GEN_PASS_DECL
#include "compiler/transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/transforms/Passes.h.inc"

/// Name of the module attribute holding the packed weights blob.
inline constexpr llvm::StringLiteral kWeightsAttr = "nnc.weights";
/// Name of the entry-function attribute holding the workspace size in bytes.
inline constexpr llvm::StringLiteral kWorkspaceSizeAttr = "nnc.workspace_size";
/// Alignment of every weight and workspace buffer, in bytes.
inline constexpr int64_t kBufferAlignment = 64;

struct PipelineOptions {
  std::string entry = "main";
  int64_t channelTile = 8;
  int64_t rowTile = 4;
  /// f32 lanes of the target's vectors (16 AVX-512, 8 AVX2, 4 NEON/SSE).
  int64_t vectorWidth = 16;
  /// Run nnc-tile-and-fuse (off for GPUs, where a kernel covers a whole op).
  bool tileAndFuse = true;
};

/// nn graph -> linalg on tensors, cleaned, fused and tiled.
void buildNNToLinalgPipeline(OpPassManager &pm, const PipelineOptions &opts);
/// linalg on tensors -> loops on planned buffers (weights and workspace as
/// trailing arguments of the entry function).
void buildLinalgToLoopsPipeline(OpPassManager &pm, const PipelineOptions &opts);
/// Loops on buffers -> LLVM dialect with the bare-pointer calling convention.
void buildLoopsToLLVMPipeline(OpPassManager &pm);
/// All three in order.
void buildFullPipeline(OpPassManager &pm, const PipelineOptions &opts);

/// Registers the passes above and the pipelines as nnc-opt flags.
void registerPasses();

/// Patterns that rewrite math (tanh, sinh, pow, ... through exp and log,
/// then exp, log, erf, sin, ... as f32 polynomials) into arithmetic: for
/// nnc-gpu-expand-math every op that has a rewrite, for
/// nnc-expand-vector-math (`transcendentalOnly`) only those no vector
/// instruction does (not ceil, round, fma, rsqrt, ...).
void populateMathApproximationPatterns(RewritePatternSet &patterns,
                                       bool transcendentalOnly);

} // namespace mlir::nnc

#endif // NNC_COMPILER_TRANSFORMS_PASSES_H
