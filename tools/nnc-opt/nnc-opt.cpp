//===- nnc-opt.cpp - mlir-opt with nnc's dialect and passes ---------------===//
//
// The driver of nnc's FileCheck tests: every upstream dialect and pass plus
// the nn dialect, the nnc passes and the nnc pipelines.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/GpuPasses.h"
#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNOps.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::nnc::registerPasses();
  mlir::nnc::registerGpuPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<mlir::nnc::nn::NNDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "nnc optimizer driver\n", registry));
}
