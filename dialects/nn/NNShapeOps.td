//===- NNShapeOps.td - shape and data movement ops ------------------*- tablegen -*-===//
//
// Included by NNOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_NN_SHAPE_OPS
#define NNC_NN_SHAPE_OPS

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

def NN_FlattenOp : NN_Op<"flatten", [Pure, AllElementTypesMatch<["input", "output"]>]> {
  let summary = "Collapses to 2-D around `axis`";
  let description = [{
    The result is `[prod(dims[0:axis]), prod(dims[axis:])]`.

    Example:
    ```mlir
    %y = nn.flatten %x {axis = 1 : i64} : tensor<1x16x4x4xf32> -> tensor<1x256xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs TensorRankOf<[F32, F64, I1, I8, I16, I32, I64], [2]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def NN_ReshapeOp : NN_Op<"reshape", [Pure, AllElementTypesMatch<["input", "output"]>]> {
  let summary = "Reinterprets the elements with the result's static shape";
  let description = [{
    Row-major order is preserved; element counts must match.

    Example:
    ```mlir
    %y = nn.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def NN_TransposeOp : NN_Op<"transpose", [Pure, AllElementTypesMatch<["input", "output"]>]> {
  let summary = "Permutes dimensions: output dim i is input dim perm[i]";
  let description = [{
    Example:
    ```mlir
    %y = nn.transpose %x {perm = array<i64: 0, 2, 3, 1>}
         : tensor<1x3x8x8xf32> -> tensor<1x8x8x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def NN_ConcatOp : NN_Op<"concat", [Pure]> {
  let summary = "Joins tensors along one axis";
  let description = [{
    All inputs have the result's rank and agree on every dimension but
    `axis`, whose sizes add up.

    Example:
    ```mlir
    %y = nn.concat %a, %b {axis = 1 : i64}
         : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, results)";
  let hasVerifier = 1;
}

def NN_PadOp : NN_Op<"pad", [Pure, AllElementTypesMatch<["input", "output"]>]> {
  let summary = "Pads every dimension: constant, edge or reflect";
  let description = [{
    Adds `low[i]` elements before and `high[i]` after dimension `i`.
    `mode = "constant"` fills with `value`; `"edge"` repeats the border
    element; `"reflect"` mirrors without repeating the border (the padding
    must then be smaller than the dimension).

    Example:
    ```mlir
    %y = nn.pad %x {low = array<i64: 0, 0, 1, 1>, high = array<i64: 0, 0, 1, 1>,
                    mode = "reflect"} : tensor<1x3x8x8xf32> -> tensor<1x3x10x10xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$low,
                   DenseI64ArrayAttr:$high,
                   DefaultValuedAttr<StrAttr, "\"constant\"">:$mode,
                   DefaultValuedAttr<F32Attr, "0.0f">:$value);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def NN_ResizeOp : NN_Op<"resize", [Pure, AllElementTypesMatch<["input", "output"]>]> {
  let summary = "Nearest or (bi)linear resampling to the result's shape";
  let description = [{
    Output coordinate `x` maps to input coordinate `c(x)` by
    `coordinate_mode` (`half_pixel`, `pytorch_half_pixel`, `align_corners`,
    `asymmetric`), using `scales[d]` (output/input). `nearest` picks
    `c(x)` rounded by `nearest_mode` (`round_prefer_floor`,
    `round_prefer_ceil`, `floor`, `ceil`); `linear` interpolates between the
    two neighbours. At most the last two dimensions change size.

    Example:
    ```mlir
    %y = nn.resize %x {mode = "linear", scales = array<f32: 1.0, 1.0, 2.0, 2.0>}
         : tensor<1x3x8x8xf32> -> tensor<1x3x16x16xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, DenseF32ArrayAttr:$scales,
                   DefaultValuedAttr<StrAttr, "\"nearest\"">:$mode,
                   DefaultValuedAttr<StrAttr, "\"half_pixel\"">:$coordinate_mode,
                   DefaultValuedAttr<StrAttr, "\"round_prefer_floor\"">:$nearest_mode);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def NN_SliceOp : NN_Op<"slice", [Pure, AllElementTypesMatch<["input", "output"]>]> {
  let summary = "Static strided slice";
  let description = [{
    Takes `sizes[i]` elements along dimension `i`, starting at `offsets[i]`
    and stepping by `strides[i]` (>= 1). The result shape is `sizes`.

    Example:
    ```mlir
    %g = nn.slice %x {offsets = array<i64: 0, 128>, sizes = array<i64: 1, 128>,
                      strides = array<i64: 1, 1>} : tensor<1x512xf32> -> tensor<1x128xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$offsets,
                   DenseI64ArrayAttr:$sizes, DenseI64ArrayAttr:$strides);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def NN_GatherOp : NN_Op<"gather", [Pure,
    AllElementTypesMatch<["input", "output"]>]> {
  let summary = "Picks slices along `axis` at run-time indices";
  let description = [{
    `output[i..., j..., k...] = input[i..., indices[j...], k...]` with `i`
    spanning the dimensions before `axis`; the result shape is
    `input[:axis] + indices + input[axis+1:]`. A negative index counts from
    the end; an index outside `[-d, d)` is clamped into range.

    Example:
    ```mlir
    %y = nn.gather %x, %i {axis = 0 : i64}
         : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_IndexTensor:$indices, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_GatherElementsOp : NN_Op<"gather_elements", [Pure,
    AllElementTypesMatch<["input", "output"]>, AllShapesMatch<["indices", "output"]>]> {
  let summary = "Picks single elements along `axis` at run-time indices";
  let description = [{
    `output[p] = input[p with p[axis] replaced by indices[p]]`; the result
    has the shape of `indices`, whose other dimensions may not exceed the
    input's. Negative indices count from the end; out-of-range ones clamp.

    Example:
    ```mlir
    %y = nn.gather_elements %x, %i {axis = 1 : i64}
         : (tensor<2x5xf32>, tensor<2x1xi64>) -> tensor<2x1xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_IndexTensor:$indices, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_TriluOp : NN_Op<"trilu", [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "Keeps the upper or lower triangle of the last two dimensions";
  let description = [{
    With `upper`, element `(i, j)` of each matrix is kept where `j - i >= k`,
    otherwise where `j - i <= k`; the rest become zero. `k` is an optional
    one-element i64 tensor read at run time (0 when absent).

    Example:
    ```mlir
    %y = nn.trilu %x, %k {upper = true} : tensor<3x4xf32>, tensor<i64>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, Optional<RankedTensorOf<[I64]>>:$k,
                   DefaultValuedAttr<BoolAttr, "true">:$upper);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input (`,` $k^)? attr-dict `:` type($input) (`,` type($k)^)?";
  let hasVerifier = 1;
}

#endif // NNC_NN_SHAPE_OPS
