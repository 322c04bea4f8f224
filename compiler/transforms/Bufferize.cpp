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
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"

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

/// Zero-element arguments (a 3x0x5 tensor) become memref<0xT>, which the
/// bare-pointer ABI can pass; a reinterpret_cast restores the shape inside.
void flattenEmptyArguments(func::FuncOp func) {
  if (func.isExternal())
    return;
  Block &entry = func.getBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  SmallVector<Type> types(func.getArgumentTypes());
  for (BlockArgument arg : entry.getArguments()) {
    auto type = dyn_cast<MemRefType>(arg.getType());
    if (!type || !type.hasStaticShape() || type.getNumElements() != 0 ||
        type.getRank() == 1)
      continue;
    auto flat = MemRefType::get({0}, type.getElementType());
    arg.setType(flat);
    types[arg.getArgNumber()] = flat;
    auto view = memref::ReinterpretCastOp::create(
        b, func.getLoc(), type, arg, 0, type.getShape(),
        computeSuffixProduct(type.getShape()));
    arg.replaceAllUsesExcept(view, view);
  }
  func.setType(FunctionType::get(func.getContext(), types, {}));
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
    for (auto func : module.getOps<func::FuncOp>())
      flattenEmptyArguments(func);
  }
};

} // namespace
