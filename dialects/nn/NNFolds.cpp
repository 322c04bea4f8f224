//===- NNFolds.cpp - nn dialect folders -----------------------------------===//
//
// Folders of ops that are no-ops at inference time, and of no-op casts.
//
//===----------------------------------------------------------------------===//

#include "dialects/nn/NNOps.h"

using namespace mlir;
using namespace mlir::nnc::nn;

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }

OpFoldResult DropoutOp::fold(FoldAdaptor) { return getInput(); }

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType() &&
      getInputUnsigned() == getOutputUnsigned())
    return getInput();
  return {};
}
