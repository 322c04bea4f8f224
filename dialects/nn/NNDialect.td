//===- NNDialect.td - The nn dialect ------------------------*- tablegen -*-===//
//
// Graph-level neural-network ops on ranked tensors: what the frontends import
// into and what the graph passes rewrite, before lowering to linalg.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_NN_DIALECT
#define NNC_NN_DIALECT

include "mlir/IR/OpBase.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::mlir::nnc::nn";
  let summary = "Graph-level neural-network operations";
  let description = [{
    The `nn` dialect models a trained network as a dataflow graph of
    value-semantic ops on ranked tensors (activations in NCHW order, weights in
    the layouts ONNX and PyTorch use). It is deliberately close to the model
    description so that importers stay simple and graph rewrites (dropout
    removal, batch-norm folding, fusion) are easy to express; all loop-level
    decisions are made after conversion to `linalg`.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic, traits>;

#endif // NNC_NN_DIALECT
