//===- NNReduceOps.td - reductions ----------------------------------*- tablegen -*-===//
//
// Included by NNOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_NN_REDUCE_OPS
#define NNC_NN_REDUCE_OPS

class NN_ReduceOp<string mnemonic, string what>
    : NN_Op<mnemonic, [Pure, AllElementTypesMatch<["input", "output"]>]> {
  let summary = "Reduces by " # what # " over the listed axes";
  let description = [{
    `axes` are distinct and in [0, rank). With `keepdims` the reduced
    dimensions stay with size 1, otherwise they are dropped.

    Example:
    ```mlir
    %y = nn.}] # mnemonic # [{ %x {axes = array<i64: 2, 3>, keepdims = true}
         : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins NN_NumTensor:$input, DenseI64ArrayAttr:$axes,
                   DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs NN_NumTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def NN_ReduceSumOp : NN_ReduceOp<"reduce_sum", "sum">;
def NN_ReduceMeanOp : NN_ReduceOp<"reduce_mean", "arithmetic mean">;
def NN_ReduceMaxOp : NN_ReduceOp<"reduce_max", "maximum">;
def NN_ReduceMinOp : NN_ReduceOp<"reduce_min", "minimum">;
def NN_ReduceProdOp : NN_ReduceOp<"reduce_prod", "product">;

class NN_ArgReduceOp<string mnemonic, string what> : NN_Op<mnemonic, [Pure]> {
  let summary = "Index of the " # what # " along one axis, as i64";
  let description = [{
    `axis` is in [0, rank). Ties resolve to the first index, or to the last
    with `select_last_index`. With `keepdims` the axis stays with size 1.

    Example:
    ```mlir
    %i = nn.}] # mnemonic # [{ %x {axis = 1 : i64, keepdims = false}
         : tensor<4x10xf32> -> tensor<4xi64>
    ```
  }];
  let arguments = (ins NN_NumTensor:$input, I64Attr:$axis,
                   DefaultValuedAttr<BoolAttr, "true">:$keepdims,
                   DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs RankedTensorOf<[I64]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def NN_ArgMaxOp : NN_ArgReduceOp<"arg_max", "maximum">;
def NN_ArgMinOp : NN_ArgReduceOp<"arg_min", "minimum">;

#endif // NNC_NN_REDUCE_OPS
