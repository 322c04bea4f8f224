//===- NNElementwiseOps.td - elementwise ops ------------------------*- tablegen -*-===//
//
// Included by NNOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_NN_ELEMENTWISE_OPS
#define NNC_NN_ELEMENTWISE_OPS

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class NN_BinaryOp<string mnemonic, string what, Type type = NN_NumTensor>
    : NN_Op<mnemonic, [Pure, ResultsBroadcastableShape,
                       AllElementTypesMatch<["lhs", "rhs", "output"]>]> {
  let summary = "Elementwise " # what # " with NumPy broadcasting";
  let description = [{
    Operands broadcast to the result shape by NumPy rules: dimensions are
    aligned from the right and a dimension of size 1 stretches. On integers,
    `is_unsigned` reads the operands as unsigned; division truncates.

    Example:
    ```mlir
    %y = nn.}] # mnemonic # [{ %a, %b : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins type:$lhs, type:$rhs, UnitAttr:$is_unsigned);
  let results = (outs type:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_AddOp : NN_BinaryOp<"add", "addition">;
def NN_SubOp : NN_BinaryOp<"sub", "subtraction">;
def NN_MulOp : NN_BinaryOp<"mul", "multiplication">;
def NN_DivOp : NN_BinaryOp<"div", "division">;

class NN_UnaryOp<string mnemonic, list<Trait> traits = [],
                 Type type = NN_FloatTensor>
    : NN_Op<mnemonic, !listconcat([Pure, SameOperandsAndResultType], traits)> {
  let arguments = (ins type:$input);
  let results = (outs type:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def NN_ReluOp : NN_UnaryOp<"relu", [], NN_NumTensor> {
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

def NN_IdentityOp : NN_UnaryOp<"identity", [], NN_Tensor> {
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

def NN_DropoutOp : NN_UnaryOp<"dropout", [], NN_Tensor> {
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

def NN_NegOp : NN_UnaryOp<"neg", [], NN_NumTensor> {
  let summary = "Negation: -x";
  let description = [{
    Elementwise on float tensors.

    Example:
    ```mlir
    %y = nn.neg %x : tensor<2x3xf32>
    ```
  }];
}

def NN_AbsOp : NN_UnaryOp<"abs", [], NN_NumTensor> {
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

def NN_SignOp : NN_UnaryOp<"sign", [], NN_NumTensor> {
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
  let arguments = (ins NN_FloatTensor:$input, DefaultValuedAttr<F32Attr, "0.01f">:$alpha);
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
  let arguments = (ins NN_FloatTensor:$input, DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
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
  let arguments = (ins NN_FloatTensor:$input, DefaultValuedAttr<F32Attr, "1.67326319f">:$alpha, DefaultValuedAttr<F32Attr, "1.05070102f">:$gamma);
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
  let arguments = (ins NN_FloatTensor:$input, DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
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
  let arguments = (ins NN_FloatTensor:$input, DefaultValuedAttr<F32Attr, "0.2f">:$alpha, DefaultValuedAttr<F32Attr, "0.5f">:$beta);
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
  let arguments = (ins NN_FloatTensor:$input, DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
}

def NN_PowOp : NN_BinaryOp<"pow", "power">;

def NN_MaxOp : NN_BinaryOp<"max", "maximum">;

def NN_MinOp : NN_BinaryOp<"min", "minimum">;

def NN_PReluOp : NN_BinaryOp<"prelu", "parametric ReLU (x if x >= 0, else slope * x)",
                              NN_FloatTensor>;

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

def NN_ClipOp : NN_UnaryOp<"clip", [], NN_NumTensor> {
  let summary = "Clamps every element into [min, max]";
  let description = [{
    Example (ReLU6):
    ```mlir
    %y = nn.clip %x {min = 0.000000e+00 : f32, max = 6.000000e+00 : f32} : tensor<1x32x112x112xf32>
    ```
  }];
  let arguments = (ins NN_NumTensor:$input, F32Attr:$min, F32Attr:$max);
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
  let arguments = (ins NN_FloatTensor:$input, I64Attr:$axis);
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
  let arguments = (ins NN_FloatTensor:$input, I64Attr:$axis);
  let hasVerifier = 1;
}

def NN_LogicTensor : RankedTensorOf<[I1, I8, I16, I32, I64]>;

def NN_AndOp : NN_BinaryOp<"and", "and (logical on i1, bitwise on integers)",
                           NN_LogicTensor>;
def NN_OrOp : NN_BinaryOp<"or", "or (logical on i1, bitwise on integers)",
                          NN_LogicTensor>;
def NN_XorOp : NN_BinaryOp<"xor", "exclusive or (logical on i1, bitwise on integers)",
                           NN_LogicTensor>;
def NN_ShiftLeftOp : NN_BinaryOp<"shift_left", "left shift", NN_IntTensor>;
def NN_ShiftRightOp : NN_BinaryOp<"shift_right", "logical right shift", NN_IntTensor>;

def NN_ModOp : NN_BinaryOp<"mod", "remainder"> {
  let description = [{
    Operands broadcast by NumPy rules. By default the remainder takes the
    sign of the divisor (Python's `%`); with `fmod` it takes the sign of the
    dividend (C's `fmod`), which floats require. `is_unsigned` reads integer
    operands as unsigned.

    Example:
    ```mlir
    %y = nn.mod %a, %b : (tensor<6xi32>, tensor<6xi32>) -> tensor<6xi32>
    ```
  }];
  let arguments = (ins NN_NumTensor:$lhs, NN_NumTensor:$rhs,
                   UnitAttr:$is_unsigned, UnitAttr:$fmod);
}

def NN_NotOp : NN_UnaryOp<"not", [], NN_LogicTensor> {
  let summary = "Logical not on i1, bitwise complement on integers";
  let description = [{
    Example:
    ```mlir
    %y = nn.not %x : tensor<3x4xi1>
    ```
  }];
}

def NN_CompareOp : NN_Op<"compare", [Pure, ResultsBroadcastableShape,
                                     AllElementTypesMatch<["lhs", "rhs"]>]> {
  let summary = "Elementwise comparison with NumPy broadcasting, to i1";
  let description = [{
    `predicate` is one of `eq`, `ne`, `lt`, `le`, `gt`, `ge`. Floats compare
    ordered (any comparison with NaN is false, except `ne`); integers compare
    signed, or unsigned with `is_unsigned`.

    Example:
    ```mlir
    %m = nn.compare "gt", %a, %b : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xi1>
    ```
  }];
  let arguments = (ins StrAttr:$predicate, NN_Tensor:$lhs, NN_Tensor:$rhs,
                   UnitAttr:$is_unsigned);
  let results = (outs NN_BoolTensor:$output);
  let assemblyFormat = "$predicate `,` $lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_SelectOp : NN_Op<"select", [Pure, ResultsBroadcastableShape,
    AllElementTypesMatch<["true_value", "false_value", "output"]>]> {
  let summary = "Elementwise choice: true_value where condition, else false_value";
  let description = [{
    All three operands broadcast to the result shape by NumPy rules (ONNX
    `Where`).

    Example:
    ```mlir
    %y = nn.select %c, %a, %b
         : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins NN_BoolTensor:$condition, NN_Tensor:$true_value,
                   NN_Tensor:$false_value);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$condition `,` $true_value `,` $false_value attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_CastOp : NN_Op<"cast", [Pure, SameOperandsAndResultShape]> {
  let summary = "Converts every element to the result's element type";
  let description = [{
    Float to integer truncates toward zero; float and integer to i1 test for
    non-zero; i1 to anything gives 0 or 1. `input_unsigned` and
    `output_unsigned` read or produce integers as unsigned.

    Example:
    ```mlir
    %y = nn.cast %x : tensor<3x4xi64> -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, UnitAttr:$input_unsigned,
                   UnitAttr:$output_unsigned);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def NN_IsNaNOp : NN_Op<"is_nan", [Pure, SameOperandsAndResultShape]> {
  let summary = "True where the element is NaN";
  let description = [{
    Example:
    ```mlir
    %m = nn.is_nan %x : tensor<8xf32> -> tensor<8xi1>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_BoolTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def NN_IsInfOp : NN_Op<"is_inf", [Pure, SameOperandsAndResultShape]> {
  let summary = "True where the element is an enabled infinity";
  let description = [{
    `detect_positive` and `detect_negative` select which infinities count.

    Example:
    ```mlir
    %m = nn.is_inf %x {detect_negative = false} : tensor<8xf32> -> tensor<8xi1>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input,
                   DefaultValuedAttr<BoolAttr, "true">:$detect_positive,
                   DefaultValuedAttr<BoolAttr, "true">:$detect_negative);
  let results = (outs NN_BoolTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def NN_HardmaxOp : NN_UnaryOp<"hardmax"> {
  let summary = "1 at the first maximum along `axis`, 0 elsewhere";
  let description = [{
    Example:
    ```mlir
    %y = nn.hardmax %x {axis = 1 : i64} : tensor<2x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, I64Attr:$axis);
  let hasVerifier = 1;
}

#endif // NNC_NN_ELEMENTWISE_OPS
