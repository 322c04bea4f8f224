//===- NNOps.td - nn dialect operations ---------------------*- tablegen -*-===//
//
// Every op: value semantics on ranked f32 tensors, a verifier for what the
// type constraints cannot express, and a declarative assembly format.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_NN_OPS
#define NNC_NN_OPS

include "dialects/nn/NNDialect.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def NN_Tensor : RankedTensorOf<[F32]>;
def NN_Tensor1D : TensorRankOf<[F32], [1]>;
def NN_Tensor4D : TensorRankOf<[F32], [4]>;

def NN_Pair : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>;
def NN_Quad : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<4>]>;

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
  let arguments = (ins NN_Tensor4D:$input, NN_Pair:$kernel,
                   DefaultValuedAttr<NN_Pair, "{1, 1}">:$strides,
                   DefaultValuedAttr<NN_Quad, "{0, 0, 0, 0}">:$padding,
                   DefaultValuedAttr<NN_Pair, "{1, 1}">:$dilations,
                   DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);
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

def NN_MatmulOp : NN_Op<"matmul", [Pure]> {
  let summary = "Matrix product, batched over equal leading dimensions";
  let description = [{
    `[..., M, K] x [..., K, N] -> [..., M, N]`; both operands have the same
    rank (2 or more) and identical leading (batch) dimensions.

    Example:
    ```mlir
    %y = nn.matmul %a, %b : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$lhs, NN_Tensor:$rhs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class NN_BinaryOp<string mnemonic, string what>
    : NN_Op<mnemonic, [Pure, ResultsBroadcastableShape]> {
  let summary = "Elementwise " # what # " with NumPy broadcasting";
  let description = [{
    Operands broadcast to the result shape by NumPy rules: dimensions are
    aligned from the right and a dimension of size 1 stretches.

    Example:
    ```mlir
    %y = nn.}] # mnemonic # [{ %a, %b : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$lhs, NN_Tensor:$rhs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_AddOp : NN_BinaryOp<"add", "addition">;
def NN_SubOp : NN_BinaryOp<"sub", "subtraction">;
def NN_MulOp : NN_BinaryOp<"mul", "multiplication">;
def NN_DivOp : NN_BinaryOp<"div", "division">;

class NN_UnaryOp<string mnemonic, list<Trait> traits = []>
    : NN_Op<mnemonic, !listconcat([Pure, SameOperandsAndResultType], traits)> {
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def NN_ReluOp : NN_UnaryOp<"relu"> {
  let summary = "Rectified linear unit: max(x, 0)";
  let description = [{
    Example:
    ```mlir
    %y = nn.relu %x : tensor<1x32x30x30xf32>
    ```
  }];
}

def NN_SigmoidOp : NN_UnaryOp<"sigmoid"> {
  let summary = "Logistic function: 1 / (1 + exp(-x))";
  let description = [{
    Example:
    ```mlir
    %y = nn.sigmoid %x : tensor<1x128xf32>
    ```
  }];
}

def NN_TanhOp : NN_UnaryOp<"tanh"> {
  let summary = "Hyperbolic tangent";
  let description = [{
    Example:
    ```mlir
    %y = nn.tanh %x : tensor<1x1x64x64xf32>
    ```
  }];
}

def NN_IdentityOp : NN_UnaryOp<"identity"> {
  let summary = "Returns its input unchanged";
  let description = [{
    Kept only so imported graphs round-trip; it folds away.

    Example:
    ```mlir
    %y = nn.identity %x : tensor<4xf32>
    ```
  }];
  let hasFolder = 1;
}

def NN_DropoutOp : NN_UnaryOp<"dropout"> {
  let summary = "Dropout; the identity at inference";
  let description = [{
    Records the training-time `ratio`; an inference compiler treats it as the
    identity, and it folds away.

    Example:
    ```mlir
    %y = nn.dropout %x {ratio = 5.000000e-01 : f32} : tensor<1x512xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input,
                   DefaultValuedAttr<F32Attr, "0.5f">:$ratio);
  let hasFolder = 1;
  let hasVerifier = 1;
}

def NN_ExpOp : NN_UnaryOp<"exp"> {
  let summary = "Exponential: e^x";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.exp %x : tensor<2x3xf32>
    ```
  }];
}

def NN_LogOp : NN_UnaryOp<"log"> {
  let summary = "Natural logarithm";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.log %x : tensor<2x3xf32>
    ```
  }];
}

def NN_SqrtOp : NN_UnaryOp<"sqrt"> {
  let summary = "Square root";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.sqrt %x : tensor<2x3xf32>
    ```
  }];
}

def NN_NegOp : NN_UnaryOp<"neg"> {
  let summary = "Negation: -x";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.neg %x : tensor<2x3xf32>
    ```
  }];
}

def NN_AbsOp : NN_UnaryOp<"abs"> {
  let summary = "Absolute value";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.abs %x : tensor<2x3xf32>
    ```
  }];
}

def NN_ReciprocalOp : NN_UnaryOp<"reciprocal"> {
  let summary = "Reciprocal: 1 / x";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.reciprocal %x : tensor<2x3xf32>
    ```
  }];
}

def NN_FloorOp : NN_UnaryOp<"floor"> {
  let summary = "Largest integer not greater than x";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.floor %x : tensor<2x3xf32>
    ```
  }];
}

def NN_CeilOp : NN_UnaryOp<"ceil"> {
  let summary = "Smallest integer not less than x";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.ceil %x : tensor<2x3xf32>
    ```
  }];
}

def NN_RoundOp : NN_UnaryOp<"round"> {
  let summary = "Round half to even";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.round %x : tensor<2x3xf32>
    ```
  }];
}

def NN_ErfOp : NN_UnaryOp<"erf"> {
  let summary = "Gauss error function";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.erf %x : tensor<2x3xf32>
    ```
  }];
}

def NN_SinOp : NN_UnaryOp<"sin"> {
  let summary = "Sine";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.sin %x : tensor<2x3xf32>
    ```
  }];
}

def NN_CosOp : NN_UnaryOp<"cos"> {
  let summary = "Cosine";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.cos %x : tensor<2x3xf32>
    ```
  }];
}

def NN_SignOp : NN_UnaryOp<"sign"> {
  let summary = "Sign: -1, 0 or 1";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.sign %x : tensor<2x3xf32>
    ```
  }];
}

def NN_SoftsignOp : NN_UnaryOp<"softsign"> {
  let summary = "x / (1 + |x|)";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.softsign %x : tensor<2x3xf32>
    ```
  }];
}

def NN_SoftplusOp : NN_UnaryOp<"softplus"> {
  let summary = "log(1 + e^x)";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.softplus %x : tensor<2x3xf32>
    ```
  }];
}

def NN_HardSwishOp : NN_UnaryOp<"hard_swish"> {
  let summary = "x * max(0, min(1, x / 6 + 1/2))";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.hard_swish %x : tensor<2x3xf32>
    ```
  }];
}

def NN_LeakyReluOp : NN_UnaryOp<"leaky_relu"> {
  let summary = "x if x >= 0, else alpha * x";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.leaky_relu %x {alpha = 0.01 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DefaultValuedAttr<F32Attr, "0.01f">:$alpha);
}

def NN_EluOp : NN_UnaryOp<"elu"> {
  let summary = "x if x > 0, else alpha * (e^x - 1)";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.elu %x {alpha = 1.0 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
}

def NN_SeluOp : NN_UnaryOp<"selu"> {
  let summary = "gamma * (x if x > 0, else alpha * (e^x - 1))";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.selu %x {alpha = 1.67326319 : f32, gamma = 1.05070102 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DefaultValuedAttr<F32Attr, "1.67326319f">:$alpha, DefaultValuedAttr<F32Attr, "1.05070102f">:$gamma);
}

def NN_CeluOp : NN_UnaryOp<"celu"> {
  let summary = "max(0, x) + min(0, alpha * (e^(x / alpha) - 1))";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.celu %x {alpha = 1.0 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
}

def NN_HardSigmoidOp : NN_UnaryOp<"hard_sigmoid"> {
  let summary = "max(0, min(1, alpha * x + beta))";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DefaultValuedAttr<F32Attr, "0.2f">:$alpha, DefaultValuedAttr<F32Attr, "0.5f">:$beta);
}

def NN_ThresholdedReluOp : NN_UnaryOp<"thresholded_relu"> {
  let summary = "x if x > alpha, else 0";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.thresholded_relu %x {alpha = 1.0 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
}

def NN_PowOp : NN_BinaryOp<"pow", "power">;

def NN_MaxOp : NN_BinaryOp<"max", "maximum">;

def NN_MinOp : NN_BinaryOp<"min", "minimum">;

def NN_PReluOp : NN_BinaryOp<"prelu", "parametric ReLU (x if x >= 0, else slope * x)">;

def NN_TanOp : NN_UnaryOp<"tan"> {
  let summary = "Tangent";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.tan %x : tensor<2x3xf32>
    ```
  }];
}

def NN_AsinOp : NN_UnaryOp<"asin"> {
  let summary = "Arcsine";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.asin %x : tensor<2x3xf32>
    ```
  }];
}

def NN_AcosOp : NN_UnaryOp<"acos"> {
  let summary = "Arccosine";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.acos %x : tensor<2x3xf32>
    ```
  }];
}

def NN_AtanOp : NN_UnaryOp<"atan"> {
  let summary = "Arctangent";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.atan %x : tensor<2x3xf32>
    ```
  }];
}

def NN_SinhOp : NN_UnaryOp<"sinh"> {
  let summary = "Hyperbolic sine";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.sinh %x : tensor<2x3xf32>
    ```
  }];
}

def NN_CoshOp : NN_UnaryOp<"cosh"> {
  let summary = "Hyperbolic cosine";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.cosh %x : tensor<2x3xf32>
    ```
  }];
}

def NN_AsinhOp : NN_UnaryOp<"asinh"> {
  let summary = "Inverse hyperbolic sine";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.asinh %x : tensor<2x3xf32>
    ```
  }];
}

def NN_AcoshOp : NN_UnaryOp<"acosh"> {
  let summary = "Inverse hyperbolic cosine";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.acosh %x : tensor<2x3xf32>
    ```
  }];
}

def NN_AtanhOp : NN_UnaryOp<"atanh"> {
  let summary = "Inverse hyperbolic tangent";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.atanh %x : tensor<2x3xf32>
    ```
  }];
}

def NN_ClipOp : NN_UnaryOp<"clip"> {
  let summary = "Clamps every element into [min, max]";
  let description = [{
    Example (ReLU6):
    ```mlir
    %y = nn.clip %x {min = 0.000000e+00 : f32, max = 6.000000e+00 : f32} : tensor<1x32x112x112xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, F32Attr:$min, F32Attr:$max);
  let hasVerifier = 1;
}

def NN_SoftmaxOp : NN_UnaryOp<"softmax"> {
  let summary = "Softmax along one axis";
  let description = [{
    `exp(x - max) / sum(exp(x - max))` along `axis` (0 <= axis < rank),
    computed with the max subtracted for numerical stability.

    Example:
    ```mlir
    %y = nn.softmax %x {axis = 1 : i64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$axis);
  let hasVerifier = 1;
}

def NN_LogSoftmaxOp : NN_UnaryOp<"log_softmax"> {
  let summary = "Logarithm of the softmax along one axis";
  let description = [{
    `x - max - log(sum(exp(x - max)))` along `axis` (0 <= axis < rank):
    exact where `log(softmax(x))` would underflow.

    Example:
    ```mlir
    %y = nn.log_softmax %x {axis = 2 : i64} : tensor<1x32x64xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$axis);
  let hasVerifier = 1;
}

class NN_ReduceOp<string mnemonic, string what> : NN_Op<mnemonic, [Pure]> {
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
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$axes,
                   DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def NN_ReduceSumOp : NN_ReduceOp<"reduce_sum", "sum">;
def NN_ReduceMeanOp : NN_ReduceOp<"reduce_mean", "arithmetic mean">;
def NN_ReduceMaxOp : NN_ReduceOp<"reduce_max", "maximum">;
def NN_ReduceMinOp : NN_ReduceOp<"reduce_min", "minimum">;
def NN_ReduceProdOp : NN_ReduceOp<"reduce_prod", "product">;

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
  let arguments = (ins NN_Tensor:$input, NN_Tensor1D:$scale, NN_Tensor1D:$bias,
                   NN_Tensor1D:$mean, NN_Tensor1D:$variance,
                   DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    type($input) `,` type($scale) `->` type($output)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

def NN_FlattenOp : NN_Op<"flatten", [Pure]> {
  let summary = "Collapses to 2-D around `axis`";
  let description = [{
    The result is `[prod(dims[0:axis]), prod(dims[axis:])]`.

    Example:
    ```mlir
    %y = nn.flatten %x {axis = 1 : i64} : tensor<1x16x4x4xf32> -> tensor<1x256xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs TensorRankOf<[F32], [2]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def NN_ReshapeOp : NN_Op<"reshape", [Pure]> {
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

def NN_TransposeOp : NN_Op<"transpose", [Pure]> {
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

def NN_PadOp : NN_Op<"pad", [Pure]> {
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

def NN_ResizeOp : NN_Op<"resize", [Pure]> {
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
  let arguments = (ins NN_Tensor:$input, DenseF32ArrayAttr:$scales,
                   DefaultValuedAttr<StrAttr, "\"nearest\"">:$mode,
                   DefaultValuedAttr<StrAttr, "\"half_pixel\"">:$coordinate_mode,
                   DefaultValuedAttr<StrAttr, "\"round_prefer_floor\"">:$nearest_mode);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def NN_SliceOp : NN_Op<"slice", [Pure]> {
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

#endif // NNC_NN_OPS
