//===- Bufferize.cpp - One-shot bufferization for AOT code ----------------===//
//
// Wraps upstream one-shot bufferization with the choices an AOT compiler
// with a static memory plan needs: plain identity layouts, copies as loops,
// results in caller-provided out-parameters.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotModuleBufferize.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_BUFFERIZEPASS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::nnc

using namespace mlir;

namespace {

LogicalResult createLinalgCopy(OpBuilder &b, Location loc, Value from,
                               Value to) {
  linalg::CopyOp::create(b, loc, from, to);
  return success();
}

struct BufferizePass : nnc::impl::BufferizePassBase<BufferizePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    bufferization::OneShotBufferizationOptions options;
    options.bufferizeFunctionBoundaries = true;
    options.setFunctionBoundaryTypeConversion(
        bufferization::LayoutMapOption::IdentityLayoutMap);
    options.memCpyFn = createLinalgCopy;
    bufferization::BufferizationState state;
    if (failed(bufferization::runOneShotModuleBufferize(module, options, state)))
      return signalPassFailure();

    bufferization::BufferResultsToOutParamsOpts outParams;
    outParams.hoistStaticAllocs = true;
    outParams.modifyPublicFunctions = true;
    outParams.memCpyFn = createLinalgCopy;
    if (failed(bufferization::promoteBufferResultsToOutParams(module, outParams)))
      return signalPassFailure();
  }
};

} // namespace
