//===- NNOps.td - nn dialect operations ---------------------*- tablegen -*-===//
//
// Every op: value semantics on ranked tensors, a verifier for what the type
// constraints cannot express, and a declarative assembly format. Integers are
// signless; ops whose meaning depends on the sign carry `is_unsigned`.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_NN_OPS
#define NNC_NN_OPS

include "dialects/nn/NNDialect.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

// Element types: f32 and f64 floats, i8..i64 integers, i1 booleans. Layer
// ops (convolution, pooling, dense, normalization) compute in f32.
def NN_Tensor : RankedTensorOf<[F32, F64, I1, I8, I16, I32, I64]>;
def NN_NumTensor : RankedTensorOf<[F32, F64, I8, I16, I32, I64]>;
def NN_FloatTensor : RankedTensorOf<[F32, F64]>;
def NN_IntTensor : RankedTensorOf<[I8, I16, I32, I64]>;
def NN_BoolTensor : RankedTensorOf<[I1]>;
def NN_IndexTensor : RankedTensorOf<[I32, I64]>;
def NN_F32Tensor : RankedTensorOf<[F32]>;
def NN_Tensor1D : TensorRankOf<[F32], [1]>;
def NN_Tensor4D : TensorRankOf<[F32], [4]>;
def NN_NumTensor4D : TensorRankOf<[F32, F64, I8, I16, I32, I64], [4]>;

def NN_Pair : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>;
def NN_Quad : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<4>]>;

include "dialects/nn/NNComputeOps.td"
include "dialects/nn/NNElementwiseOps.td"
include "dialects/nn/NNReduceOps.td"
include "dialects/nn/NNShapeOps.td"

#endif // NNC_NN_OPS
