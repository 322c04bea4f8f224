//===- NNDialect.cpp - nn dialect registration ----------------------------===//
//
// Registers the nn dialect and its generated op definitions.
//
//===----------------------------------------------------------------------===//

#include "dialects/nn/NNOps.h"

using namespace mlir;
using namespace mlir::nnc::nn;

#include "dialects/nn/NNDialect.cpp.inc"

void NNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/nn/NNOps.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "dialects/nn/NNOps.cpp.inc"
