//===- NNComputeOps.td - convolution, pooling, dense ops ------------*- tablegen -*-===//
//
// Included by NNOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_NN_COMPUTE_OPS
#define NNC_NN_COMPUTE_OPS

//===----------------------------------------------------------------------===//
// Convolution, pooling, dense
//===----------------------------------------------------------------------===//

def NN_Conv2dOp : NN_Op<"conv2d", [Pure]> {
  let summary = "2-D convolution (NCHW input, FCHW filter)";
  let description = [{
    Cross-correlation of an `N x C x H x W` input with an `F x C/groups x KH x
    KW` filter, plus an optional per-output-channel bias. `padding` is
    `[top, left, bottom, right]` (ONNX order); the output extent along H is
    `(H + top + bottom - dilation_h * (KH - 1) - 1) / stride_h + 1`.
    `groups` splits input and output channels into independent groups;
    `groups == C == F` is a depthwise convolution.

    Example:
    ```mlir
    %y = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>,
           padding = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>,
           groups = 1 : i64}
         : (tensor<1x3x32x32xf32>, tensor<32x3x3x3xf32>, tensor<32xf32>)
         -> tensor<1x32x32x32xf32>
    ```
  }];
  let arguments = (ins NN_Tensor4D:$input, NN_Tensor4D:$filter,
                   Optional<NN_Tensor1D>:$bias,
                   DefaultValuedAttr<NN_Pair, "{1, 1}">:$strides,
                   DefaultValuedAttr<NN_Quad, "{0, 0, 0, 0}">:$padding,
                   DefaultValuedAttr<NN_Pair, "{1, 1}">:$dilations,
                   DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs NN_Tensor4D:$output);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_ConvTranspose2dOp : NN_Op<"conv_transpose2d", [Pure]> {
  let summary = "2-D transposed convolution (NCHW input, CFHW filter)";
  let description = [{
    The gradient of `nn.conv2d` with respect to its input, used to upsample
    (DCGAN generators, decoders). The filter is `C x F/groups x KH x KW`.
    Along H the output extent is
    `stride * (H - 1) + output_padding + dilation * (KH - 1) + 1 - top - bottom`.
    Negative padding extends the output beyond the full result with
    positions no input reaches (bias only).

    Example:
    ```mlir
    %y = nn.conv_transpose2d %x, %w {strides = array<i64: 2, 2>,
           padding = array<i64: 1, 1, 1, 1>}
         : (tensor<1x512x4x4xf32>, tensor<512x256x4x4xf32>) -> tensor<1x256x8x8xf32>
    ```
  }];
  let arguments = (ins NN_Tensor4D:$input, NN_Tensor4D:$filter,
                   Optional<NN_Tensor1D>:$bias,
                   DefaultValuedAttr<NN_Pair, "{1, 1}">:$strides,
                   DefaultValuedAttr<NN_Quad, "{0, 0, 0, 0}">:$padding,
                   DefaultValuedAttr<NN_Pair, "{1, 1}">:$dilations,
                   DefaultValuedAttr<NN_Pair, "{0, 0}">:$output_padding,
                   DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs NN_Tensor4D:$output);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

class NN_Pool2dOp<string mnemonic> : NN_Op<mnemonic, [Pure]> {
  let results = (outs NN_Tensor4D:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def NN_MaxPool2dOp : NN_Pool2dOp<"max_pool2d"> {
  let summary = "2-D max pooling over an NCHW tensor";
  let description = [{
    Maximum over each `kernel`-sized window. Padded positions never win
    (they behave as -inf). With `ceil_mode` the output extent rounds up, and
    a window may hang over the bottom/right edge.

    Example:
    ```mlir
    %y = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
         : tensor<1x6x24x24xf32> -> tensor<1x6x12x12xf32>
    ```
  }];
  let arguments = (ins NN_NumTensor4D:$input, NN_Pair:$kernel,
                   DefaultValuedAttr<NN_Pair, "{1, 1}">:$strides,
                   DefaultValuedAttr<NN_Quad, "{0, 0, 0, 0}">:$padding,
                   DefaultValuedAttr<NN_Pair, "{1, 1}">:$dilations,
                   DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);
  let results = (outs NN_NumTensor4D:$output);
}

def NN_MaxPool2dIndicesOp : NN_Pool2dOp<"max_pool2d_indices"> {
  let summary = "Where 2-D max pooling finds each maximum";
  let description = [{
    For each window of the `nn.max_pool2d` with the same attributes, the
    row-major index into the whole NCHW input, `((n * C + c) * H + h) * W +
    w`, of its first maximum (ONNX MaxPool's `Indices` output); with
    `column_major`, `((n * C + c) * W + w) * H + h`.

    Example:
    ```mlir
    %i = nn.max_pool2d_indices %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
         : tensor<1x6x24x24xf32> -> tensor<1x6x12x12xi64>
    ```
  }];
  let arguments = (ins NN_Tensor4D:$input, NN_Pair:$kernel,
                   DefaultValuedAttr<NN_Pair, "{1, 1}">:$strides,
                   DefaultValuedAttr<NN_Quad, "{0, 0, 0, 0}">:$padding,
                   DefaultValuedAttr<NN_Pair, "{1, 1}">:$dilations,
                   DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                   DefaultValuedAttr<BoolAttr, "false">:$column_major);
  let results = (outs TensorRankOf<[I64], [4]>:$output);
}

def NN_AvgPool2dOp : NN_Pool2dOp<"avg_pool2d"> {
  let summary = "2-D average pooling over an NCHW tensor";
  let description = [{
    Mean over each `kernel`-sized window. With `count_include_pad` the
    divisor counts padded positions inside the declared padding; otherwise
    only positions inside the input are counted.

    Example:
    ```mlir
    %y = nn.avg_pool2d %x {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x8x16x16xf32> -> tensor<1x8x16x16xf32>
    ```
  }];
  let arguments = (ins NN_Tensor4D:$input, NN_Pair:$kernel,
                   DefaultValuedAttr<NN_Pair, "{1, 1}">:$strides,
                   DefaultValuedAttr<NN_Quad, "{0, 0, 0, 0}">:$padding,
                   DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                   DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
}

def NN_GlobalAvgPool2dOp : NN_Op<"global_avg_pool2d", [Pure]> {
  let summary = "Mean over the spatial dimensions of an NCHW tensor";
  let description = [{
    Reduces `N x C x H x W` to `N x C x 1 x 1`.

    Example:
    ```mlir
    %y = nn.global_avg_pool2d %x : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
    ```
  }];
  let arguments = (ins NN_Tensor4D:$input);
  let results = (outs NN_Tensor4D:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def NN_DenseOp : NN_Op<"dense", [Pure]> {
  let summary = "Fully connected layer: input x weight^T + bias";
  let description = [{
    `output[m, n] = sum_k input[m, k] * weight[n, k] + bias[n]`: the weight
    is `N x K` (PyTorch's Linear layout, ONNX Gemm with transB = 1).

    Example:
    ```mlir
    %y = nn.dense %x, %w, %b : (tensor<1x784xf32>, tensor<10x784xf32>, tensor<10xf32>)
         -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins TensorRankOf<[F32], [2]>:$input,
                   TensorRankOf<[F32], [2]>:$weight,
                   Optional<NN_Tensor1D>:$bias);
  let results = (outs TensorRankOf<[F32], [2]>:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_MatmulOp : NN_Op<"matmul", [Pure, AllElementTypesMatch<["lhs", "rhs", "output"]>]> {
  let summary = "Matrix product, batched over equal leading dimensions";
  let description = [{
    `[..., M, K] x [..., K, N] -> [..., M, N]`; both operands have the same
    rank (2 or more) and identical leading (batch) dimensions.

    Example:
    ```mlir
    %y = nn.matmul %a, %b : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$lhs, NN_FloatTensor:$rhs);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}


def NN_BatchNormOp : NN_Op<"batch_norm", [Pure,
    AllTypesMatch<["scale", "bias", "mean", "variance"]>]> {
  let summary = "Inference-mode batch normalization over dimension 1";
  let description = [{
    `(x - mean[c]) / sqrt(var[c] + epsilon) * scale[c] + bias[c]` for an
    `N x C x ...` input; all four parameter tensors have `C` elements.

    Example:
    ```mlir
    %y = nn.batch_norm %x, %scale, %bias, %mean, %var {epsilon = 1.0e-05 : f32}
         : tensor<1x16x8x8xf32>, tensor<16xf32> -> tensor<1x16x8x8xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input, NN_Tensor1D:$scale, NN_Tensor1D:$bias,
                   NN_Tensor1D:$mean, NN_Tensor1D:$variance,
                   DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
  let results = (outs NN_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    type($input) `,` type($scale) `->` type($output)
  }];
  let hasVerifier = 1;
}

#endif // NNC_NN_COMPUTE_OPS
