#!/usr/bin/python3
"""make_onnx.py - writes the small ONNX models the importer tests read.

One model per op and variant, built with onnx.helper only (no torch, so it is
fast enough to run from lit), opset 13, weights as seeded random initializers:

    make_onnx.py OUTDIR

writes OUTDIR/<op>_<variant>.onnx for each entry of MODELS, unsupported.onnx
(three ops nnc does not support, among supported ones) and three files that
are not valid models: notonnx.onnx, truncated.onnx and empty.onnx.
"""

import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F32 = TensorProto.FLOAT
F64 = TensorProto.DOUBLE
I64 = TensorProto.INT64
I32 = TensorProto.INT32
U8 = TensorProto.UINT8
BOOL = TensorProto.BOOL


def value(name, shape, elem_type=F32):
    return helper.make_tensor_value_info(name, elem_type, shape)


class Builder:
    """Collects nodes, graph inputs/outputs and initializers for one model."""

    def __init__(self):
        self.rng = np.random.default_rng(0)
        self.nodes, self.inputs, self.outputs, self.inits = [], [], [], []
        self.opset = 13

    def input(self, name, shape, elem_type=F32):
        self.inputs.append(value(name, shape, elem_type))
        return name

    def output(self, name, shape, elem_type=F32):
        self.outputs.append(value(name, shape, elem_type))
        return name

    def weight(self, name, shape, low=-1.0, high=1.0):
        """A seeded random float32 initializer."""
        data = self.rng.uniform(low, high, size=shape).astype(np.float32)
        return self.const(name, data)

    def const(self, name, data):
        self.inits.append(numpy_helper.from_array(np.asarray(data), name))
        return name

    def node(self, op, inputs, outputs, name=None, **attrs):
        name = name or f"{op.lower()}_{len(self.nodes)}"
        self.nodes.append(helper.make_node(op, inputs, outputs, name=name, **attrs))

    def model(self, graph_name):
        graph = helper.make_graph(self.nodes, graph_name, self.inputs, self.outputs,
                                  initializer=self.inits)
        model = helper.make_model(graph, producer_name="nnc-make_onnx",
                                  opset_imports=[helper.make_opsetid("", self.opset)])
        onnx.checker.check_model(model, full_check=True)
        return model


def unary(op, x_shape, y_shape=None, **attrs):
    """X -> op -> Y; Y has X's shape unless y_shape is given."""
    def build(b):
        b.node(op, [b.input("X", x_shape)], [b.output("Y", y_shape or x_shape)], **attrs)
    return build


def binary(op, a_shape, b_shape, y_shape, b_init=None):
    """A op B -> Y; B is an initializer in [low, high] when b_init is given."""
    def build(b):
        lhs = b.input("A", a_shape)
        rhs = b.weight("B", b_shape, *b_init) if b_init else b.input("B", b_shape)
        b.node(op, [lhs, rhs], [b.output("Y", y_shape)])
    return build


def conv(x_shape, w_shape, y_shape, bias=True, **attrs):
    def build(b):
        inputs = [b.input("X", x_shape), b.weight("W", w_shape)]
        if bias:
            inputs.append(b.weight("B", [w_shape[0]]))
        b.node("Conv", inputs, [b.output("Y", y_shape)], kernel_shape=w_shape[2:], **attrs)
    return build


def conv_add_relu(x_shape, w_shape, y_shape, **attrs):
    """Relu(Conv(X) + R): a residual block's end, R a second input."""
    def build(b):
        b.node("Conv", [b.input("X", x_shape), b.weight("W", w_shape),
                        b.weight("B", [w_shape[0]])], ["conv"],
               kernel_shape=w_shape[2:], **attrs)
        b.node("Add", ["conv", b.input("R", y_shape)], ["sum"])
        b.node("Relu", ["sum"], [b.output("Y", y_shape)])
    return build


def gemm(a_shape, b_shape, y_shape, c_shape=None, **attrs):
    def build(b):
        inputs = [b.input("A", a_shape), b.weight("B", b_shape)]
        if c_shape is not None:
            inputs.append(b.weight("C", c_shape))
        b.node("Gemm", inputs, [b.output("Y", y_shape)], **attrs)
    return build


def matmul_two_inputs(b):
    b.node("MatMul", [b.input("A", [2, 3, 4]), b.input("B", [2, 4, 5])],
           [b.output("Y", [2, 3, 5])])


def dropout_ratio(b):
    ratio = b.const("ratio", np.float32(0.25))
    b.node("Dropout", [b.input("X", [2, 3]), ratio], [b.output("Y", [2, 3])])


def reshape(shape, y_shape):
    def build(b):
        target = b.const("shape", np.array(shape, dtype=np.int64))
        b.node("Reshape", [b.input("X", [2, 3, 4]), target], [b.output("Y", y_shape)])
    return build


def concat(shapes, y_shape, axis):
    def build(b):
        names = [b.input(f"X{i}", s) for i, s in enumerate(shapes)]
        b.node("Concat", names, [b.output("Y", y_shape)], axis=axis)
    return build


def batchnorm(b):
    channels = 3
    inputs = [b.input("X", [1, channels, 4, 4]), b.weight("scale", [channels]),
              b.weight("bias", [channels]), b.weight("mean", [channels]),
              b.weight("var", [channels], 0.5, 2.0)]
    b.node("BatchNormalization", inputs, [b.output("Y", [1, channels, 4, 4])], epsilon=1e-5)


def clip(low=None, high=None):
    """Opset-13 Clip: min and max are optional scalar inputs, "" when absent."""
    def build(b):
        inputs = [b.input("X", [2, 3, 4]), "", ""]
        if low is not None:
            inputs[1] = b.const("min", np.float32(low))
        if high is not None:
            inputs[2] = b.const("max", np.float32(high))
        while inputs[-1] == "":
            inputs.pop()
        b.node("Clip", inputs, [b.output("Y", [2, 3, 4])])
    return build


def graph_convnet(b):
    """A small network: Conv, BatchNormalization, Relu, MaxPool, Flatten, Gemm, Softmax."""
    b.node("Conv", [b.input("X", [1, 3, 8, 8]), b.weight("W", [4, 3, 3, 3]), b.weight("Wb", [4])],
           ["conv"], kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    b.node("BatchNormalization", ["conv", b.weight("scale", [4]), b.weight("bias", [4]),
                                  b.weight("mean", [4]), b.weight("var", [4], 0.5, 2.0)], ["bn"])
    b.node("Relu", ["bn"], ["relu"])
    b.node("MaxPool", ["relu"], ["pool"], kernel_shape=[2, 2], strides=[2, 2])
    b.node("Flatten", ["pool"], ["flat"], axis=1)
    b.node("Gemm", ["flat", b.weight("G", [10, 64]), b.weight("Gb", [10])], ["logits"], transB=1)
    b.node("Softmax", ["logits"], [b.output("Y", [1, 10])], axis=1)


def graph_two_outputs(b):
    """Two outputs of one input, to check output order: Y0 = Relu(X), Y1 = Sigmoid(X)."""
    x = b.input("X", [2, 3])
    b.node("Relu", [x], [b.output("Y0", [2, 3])])
    b.node("Sigmoid", [x], [b.output("Y1", [2, 3])])


def conv_transpose(x_shape, w_shape, y_shape, bias=False, **attrs):
    def build(b):
        inputs = [b.input("X", x_shape), b.weight("W", w_shape)]
        if bias:
            inputs.append(b.weight("B", [w_shape[1]]))
        b.node("ConvTranspose", inputs, [b.output("Y", y_shape)],
               kernel_shape=w_shape[2:], **attrs)
    return build


def slice_model(x_shape, y_shape, starts, ends, axes=None, steps=None):
    def build(b):
        inputs = [b.input("X", x_shape),
                  b.const("starts", np.array(starts, dtype=np.int64)),
                  b.const("ends", np.array(ends, dtype=np.int64))]
        if axes is not None:
            inputs.append(b.const("axes", np.array(axes, dtype=np.int64)))
        if steps is not None:
            inputs.append(b.const("steps", np.array(steps, dtype=np.int64)))
        b.node("Slice", inputs, [b.output("Y", y_shape)])
    return build


def split(x_shape, y_shapes, axis, sizes=None):
    def build(b):
        inputs = [b.input("X", x_shape)]
        if sizes is not None:
            inputs.append(b.const("split", np.array(sizes, dtype=np.int64)))
        outputs = [b.output(f"Y{i}", s) for i, s in enumerate(y_shapes)]
        b.node("Split", inputs, outputs, axis=axis)
    return build


def squeeze(op, x_shape, y_shape, axes):
    def build(b):
        axes_name = b.const("axes", np.array(axes, dtype=np.int64))
        b.node(op, [b.input("X", x_shape), axes_name], [b.output("Y", y_shape)])
    return build


def recurrent(op, gates, direction="forward", bias=True, initial=False, **attrs):
    """X [seq 5, batch 2, input 3] through one recurrent layer of hidden size 4;
    outputs Y, Y_h (and Y_c for LSTM)."""
    def build(b):
        seq, batch, inp, hidden = 5, 2, 3, 4
        dirs = 2 if direction == "bidirectional" else 1
        inputs = [b.input("X", [seq, batch, inp]),
                  b.weight("W", [dirs, gates * hidden, inp]),
                  b.weight("R", [dirs, gates * hidden, hidden])]
        inputs.append(b.weight("B", [dirs, 2 * gates * hidden]) if bias else "")
        inputs.append("")  # sequence_lens
        if initial:
            inputs.append(b.input("H0", [dirs, batch, hidden]))
            if op == "LSTM":
                inputs.append(b.input("C0", [dirs, batch, hidden]))
        while inputs[-1] == "":
            inputs.pop()
        outputs = [b.output("Y", [seq, dirs, batch, hidden]),
                   b.output("Y_h", [dirs, batch, hidden])]
        if op == "LSTM":
            outputs.append(b.output("Y_c", [dirs, batch, hidden]))
        b.node(op, inputs, outputs, hidden_size=hidden, direction=direction, **attrs)
    return build


def shape_subgraph(b):
    """The exporters' shape arithmetic: Shape -> Gather -> Unsqueeze -> Concat
    -> Reshape, folded to a constant shape at import."""
    x = b.input("X", [2, 3, 4])
    b.node("Shape", [x], ["shape"])
    b.node("Gather", ["shape", b.const("zero", np.array(0, dtype=np.int64))], ["batch"],
           axis=0)
    b.node("Unsqueeze", ["batch", b.const("axes", np.array([0], dtype=np.int64))],
           ["batch1"])
    b.node("Concat", ["batch1", b.const("minus1", np.array([-1], dtype=np.int64))],
           ["target"], axis=0)
    b.node("Reshape", [x, "target"], [b.output("Y", [2, 12])])


def expand_zeros(b):
    """ConstantOfShape and Expand of constants become one constant tensor."""
    b.node("ConstantOfShape", [b.const("dims", np.array([2, 3], dtype=np.int64))], ["zeros"],
           value=numpy_helper.from_array(np.array([0.5], dtype=np.float32)))
    b.node("Expand", ["zeros", b.const("to", np.array([4, 2, 3], dtype=np.int64))],
           ["expanded"])
    b.node("Add", [b.input("X", [4, 2, 3]), "expanded"], [b.output("Y", [4, 2, 3])])


def after_abs(op, b_shape=None, **attrs):
    """Abs then op: log/sqrt/pow see non-negative values from random inputs."""
    def build(b):
        b.node("Abs", [b.input("X", [2, 3, 4])], ["abs"])
        inputs = ["abs"] + ([b.weight("P", b_shape, 0.5, 2.0)] if b_shape else [])
        b.node(op, inputs, [b.output("Y", [2, 3, 4])], **attrs)
    return build


def with_opset(opset, build):
    """A builder for an op introduced after opset 13."""
    def wrapped(b):
        b.opset = opset
        build(b)
    return wrapped


def variadic(op, shapes, y_shape):
    def build(b):
        names = [b.input(f"X{i}", shape) for i, shape in enumerate(shapes)]
        b.node(op, names, [b.output("Y", y_shape)])
    return build


def reduce(op, y_shape, axes=None, axes_input=False, opset=13, **attrs):
    """X [2, 3, 4] reduced; axes as attribute, or as an input (ReduceSum 13+)."""
    def build(b):
        b.opset = opset
        inputs = [b.input("X", [2, 3, 4])]
        if axes is not None and axes_input:
            inputs.append(b.const("axes", np.array(axes, dtype=np.int64)))
        elif axes is not None:
            attrs["axes"] = axes
        b.node(op, inputs, [b.output("Y", y_shape)], **attrs)
    return build


def layer_norm(axis, bias=True):
    def build(b):
        b.opset = 17
        shape = [2, 3, 4]
        norm = shape[axis:]
        inputs = [b.input("X", shape), b.weight("scale", norm)]
        if bias:
            inputs.append(b.weight("bias", norm))
        b.node("LayerNormalization", inputs, [b.output("Y", shape)], axis=axis,
               epsilon=1e-5)
    return build


def layer_norm_stats(b):
    """LayerNormalization with its Mean and InvStdDev outputs."""
    b.opset = 17
    inputs = [b.input("X", [2, 3, 4]), b.weight("scale", [3, 4]), b.weight("bias", [3, 4])]
    outputs = [b.output("Y", [2, 3, 4]), b.output("Mean", [2, 1, 1]),
               b.output("InvStdDev", [2, 1, 1])]
    b.node("LayerNormalization", inputs, outputs, axis=1)


def gather(indices, axis, y_shape):
    def build(b):
        idx = b.const("indices", np.array(indices, dtype=np.int64))
        b.node("Gather", [b.input("X", [3, 4, 5]), idx], [b.output("Y", y_shape)],
               axis=axis)
    return build


def pad(pads, y_shape, mode="constant", value=None):
    def build(b):
        inputs = [b.input("X", [2, 3, 4]), b.const("pads", np.array(pads, dtype=np.int64))]
        if value is not None:
            inputs.append(b.const("value", np.float32(value)))
        b.node("Pad", inputs, [b.output("Y", y_shape)], mode=mode)
    return build


def chain(ops):
    """X [2, 3, 4] through unary ops in order."""
    def build(b):
        name = b.input("X", [2, 3, 4])
        for i, op in enumerate(ops):
            out = b.output("Y", [2, 3, 4]) if i == len(ops) - 1 else f"t{i}"
            b.node(op, [name], [out])
            name = out
    return build


def instance_norm(b):
    inputs = [b.input("X", [2, 3, 4, 5]), b.weight("scale", [3]), b.weight("bias", [3])]
    b.node("InstanceNormalization", inputs, [b.output("Y", [2, 3, 4, 5])], epsilon=1e-5)


def with_const_input(op, x_shape, y_shape, const, **attrs):
    """X and a constant int64 second input (Expand shape, Tile repeats)."""
    def build(b):
        c = b.const("c", np.array(const, dtype=np.int64))
        b.node(op, [b.input("X", x_shape), c], [b.output("Y", y_shape)], **attrs)
    return build


def resize(y_shape, scales=None, sizes=None, **attrs):
    """Resize X [1, 2, 4, 5] by constant scales or sizes (roi empty)."""
    def build(b):
        inputs = [b.input("X", [1, 2, 4, 5]), ""]
        inputs.append(b.const("scales", np.array(scales, dtype=np.float32))
                      if scales else "")
        if sizes:
            inputs.append(b.const("sizes", np.array(sizes, dtype=np.int64)))
        b.node("Resize", inputs, [b.output("Y", y_shape)], **attrs)
    return build


# file stem -> builder(Builder)
MODELS = {
    "conv_basic": conv([1, 3, 8, 8], [4, 3, 3, 3], [1, 4, 6, 6]),
    "conv_nobias": conv([1, 3, 8, 8], [4, 3, 3, 3], [1, 4, 6, 6], bias=False),
    "conv_pads": conv([1, 3, 8, 8], [4, 3, 3, 3], [1, 4, 8, 8], pads=[1, 1, 1, 1]),
    "conv_asympads": conv([1, 3, 8, 8], [4, 3, 3, 3], [1, 4, 7, 9], pads=[0, 1, 1, 2]),
    "conv_strides": conv([1, 3, 8, 8], [4, 3, 3, 3], [1, 4, 4, 4], pads=[1, 1, 1, 1],
                         strides=[2, 2]),
    "conv_dilations": conv([1, 3, 8, 8], [4, 3, 3, 3], [1, 4, 4, 4], dilations=[2, 2]),
    "conv_group2": conv([1, 4, 8, 8], [6, 2, 3, 3], [1, 6, 6, 6], group=2),
    "conv_group2_nobias": conv([1, 4, 8, 8], [6, 2, 3, 3], [1, 6, 8, 8], bias=False,
                               group=2, pads=[1, 1, 1, 1]),
    "conv_rect": conv([2, 3, 7, 9], [5, 3, 3, 1], [2, 5, 3, 9], strides=[2, 1]),
    # Winograd F(4x4, 3x3): 24 tiles over a batch of 2 with partial edge
    # tiles (13x11), and an unpadded 16x15 output of 16 tiles.
    "conv_winograd": conv([2, 8, 13, 11], [16, 8, 3, 3], [2, 16, 13, 11],
                          pads=[1, 1, 1, 1]),
    "conv_winograd_valid": conv([1, 12, 18, 17], [32, 12, 3, 3], [1, 32, 16, 15]),
    # 784 tiles: enough chunks to run each end to end (input transform,
    # products, output) instead of phase by phase.
    "conv_winograd_chunks": conv([4, 8, 58, 58], [16, 8, 3, 3], [4, 16, 56, 56]),
    # 7x7 has 4 tiles of 4x4 but 16 of 2x2: Winograd F(2x2, 3x3) (2 images).
    "conv_winograd_f2": conv([2, 16, 7, 7], [32, 16, 3, 3], [2, 32, 7, 7],
                             pads=[1, 1, 1, 1]),
    # Strided convolutions with 16+ input channels on small images run as
    # im2col + a pointwise product (batch 2, dilation, 1x1).
    "conv_im2col": conv([2, 16, 14, 13], [24, 16, 3, 3], [2, 24, 7, 7],
                        pads=[1, 1, 1, 1], strides=[2, 2]),
    "conv_im2col_dilated": conv([1, 16, 15, 15], [16, 16, 3, 3], [1, 16, 6, 6],
                                strides=[2, 2], dilations=[2, 2]),
    "conv_im2col_1x1": conv([1, 32, 14, 14], [48, 32, 1, 1], [1, 48, 7, 7],
                            strides=[2, 2]),
    # Output channels a multiple of 32 with strides (or rows that are no
    # multiple of 16) run with channels in the vector lanes: a 7x7 stride-2
    # stem with a remainder block of columns (19 = 14 + 5), 3x3 stride 2 on
    # 2 images with the residual add and relu fused, a 5x5 on 27-wide rows,
    # and dilation with stride.
    "conv_channels_stem": conv([1, 3, 43, 43], [32, 3, 7, 7], [1, 32, 19, 19],
                               strides=[2, 2]),
    "conv_channels_residual": conv_add_relu([2, 16, 15, 15], [64, 16, 3, 3],
                                            [2, 64, 8, 8], pads=[1, 1, 1, 1],
                                            strides=[2, 2]),
    "conv_channels_5x5": conv([1, 8, 27, 27], [32, 8, 5, 5], [1, 32, 27, 27],
                              pads=[2, 2, 2, 2]),
    "conv_channels_small_image": conv([1, 64, 11, 11], [32, 64, 5, 5], [1, 32, 7, 7]),
    "conv_channels_pointwise": conv([1, 96, 7, 7], [64, 96, 1, 1], [1, 64, 7, 7]),
    "conv_channels_dilated": conv([1, 4, 20, 21], [32, 4, 3, 3], [1, 32, 8, 9],
                                  strides=[2, 2], dilations=[2, 2]),
    "maxpool_basic": unary("MaxPool", [1, 2, 8, 8], [1, 2, 4, 4], kernel_shape=[2, 2],
                           strides=[2, 2]),
    "maxpool_pads": unary("MaxPool", [1, 2, 8, 8], [1, 2, 4, 4], kernel_shape=[3, 3],
                          strides=[2, 2], pads=[1, 1, 1, 1]),
    # ceil_mode matters here: floor mode would give 3x3.
    "maxpool_ceil": unary("MaxPool", [1, 2, 8, 8], [1, 2, 4, 4], kernel_shape=[3, 3],
                          strides=[2, 2], ceil_mode=1),
    "averagepool_basic": unary("AveragePool", [1, 2, 8, 8], [1, 2, 4, 4], kernel_shape=[2, 2],
                               strides=[2, 2]),
    "averagepool_pads": unary("AveragePool", [1, 2, 8, 8], [1, 2, 8, 8], kernel_shape=[3, 3],
                              pads=[1, 1, 1, 1]),
    "averagepool_pads_includepad": unary("AveragePool", [1, 2, 8, 8], [1, 2, 8, 8],
                                         kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                                         count_include_pad=1),
    "globalaveragepool_basic": unary("GlobalAveragePool", [1, 3, 5, 5], [1, 3, 1, 1]),
    "gemm_transb_bias": gemm([2, 4], [3, 4], [2, 3], c_shape=[3], transB=1),
    "gemm_nobias": gemm([2, 4], [4, 3], [2, 3]),
    "gemm_alpha_beta": gemm([2, 4], [4, 3], [2, 3], c_shape=[2, 3], alpha=0.5, beta=2.0),
    "gemm_transa": gemm([4, 2], [4, 3], [2, 3], c_shape=[1, 3], transA=1),
    "matmul_2d": binary("MatMul", [2, 4], [4, 3], [2, 3], b_init=(-1.0, 1.0)),
    "matmul_batched": binary("MatMul", [2, 3, 4], [4, 5], [2, 3, 5], b_init=(-1.0, 1.0)),
    "matmul_two_inputs": matmul_two_inputs,
    "add_same": binary("Add", [2, 3], [2, 3], [2, 3]),
    "add_broadcast": binary("Add", [2, 3, 4], [4], [2, 3, 4]),
    "add_bias": binary("Add", [2, 3, 4], [4], [2, 3, 4], b_init=(-1.0, 1.0)),
    "add_scalar": binary("Add", [2, 3], [], [2, 3], b_init=(-1.0, 1.0)),
    "sub_broadcast": binary("Sub", [2, 3, 4], [1, 3, 1], [2, 3, 4]),
    "mul_broadcast": binary("Mul", [2, 1, 4], [3, 1], [2, 3, 4]),
    # The divisor is a constant in [1, 2] so random test inputs never divide by ~0.
    "div_broadcast": binary("Div", [2, 3, 4], [4], [2, 3, 4], b_init=(1.0, 2.0)),
    "relu_basic": unary("Relu", [2, 3, 4]),
    "sigmoid_basic": unary("Sigmoid", [2, 3, 4]),
    "tanh_basic": unary("Tanh", [2, 3, 4]),
    "softmax_lastaxis": unary("Softmax", [2, 3, 4], axis=-1),
    "softmax_axis1": unary("Softmax", [2, 3, 4], axis=1),
    "dropout_basic": unary("Dropout", [2, 3]),
    "dropout_ratio": dropout_ratio,
    "identity_basic": unary("Identity", [2, 3]),
    "flatten_default": unary("Flatten", [2, 3, 4, 5], [2, 60]),
    "flatten_axis0": unary("Flatten", [2, 3, 4, 5], [1, 120], axis=0),
    "flatten_axis2": unary("Flatten", [2, 3, 4, 5], [6, 20], axis=2),
    "reshape_basic": reshape([3, 8], [3, 8]),
    "reshape_infer": reshape([-1, 4], [6, 4]),
    "reshape_zero": reshape([0, -1], [2, 12]),
    "transpose_perm": unary("Transpose", [2, 3, 4], [4, 2, 3], perm=[2, 0, 1]),
    "transpose_default": unary("Transpose", [2, 3, 4], [4, 3, 2]),
    "concat_axis1": concat([[2, 3, 4], [2, 1, 4], [2, 2, 4]], [2, 6, 4], axis=1),
    "concat_lastaxis": concat([[2, 3], [2, 5]], [2, 8], axis=-1),
    "batchnormalization_basic": batchnorm,
    "clip_minmax": clip(-0.5, 0.5),
    "clip_min": clip(low=0.0),
    "clip_max": clip(high=0.25),
    "clip_none": clip(),
    "convtranspose_basic": conv_transpose([1, 3, 4, 4], [3, 2, 4, 4], [1, 2, 8, 8],
                                          strides=[2, 2], pads=[1, 1, 1, 1]),
    "convtranspose_bias": conv_transpose([2, 4, 3, 3], [4, 3, 3, 3], [2, 3, 5, 5],
                                         bias=True),
    "convtranspose_outpad": conv_transpose([1, 2, 3, 4], [2, 2, 3, 3], [1, 2, 6, 8],
                                           strides=[2, 2], pads=[1, 1, 1, 1],
                                           output_padding=[1, 1]),
    "convtranspose_dilation": conv_transpose([1, 2, 4, 4], [2, 3, 3, 3], [1, 3, 8, 8],
                                             dilations=[2, 2]),
    # Padding beyond the kernel's reach crops the output.
    "convtranspose_crop": conv_transpose([1, 2, 5, 5], [2, 2, 2, 2], [1, 2, 2, 2],
                                         pads=[2, 2, 2, 2]),
    "convtranspose_outshape": conv_transpose([1, 2, 3, 3], [2, 2, 3, 3], [1, 2, 6, 6],
                                             strides=[2, 2], output_shape=[6, 6]),
    # Total padding -1: the output grows by one row/column at the end.
    "convtranspose_outshape_grow": conv_transpose([1, 1, 3, 3], [1, 2, 3, 3], [1, 2, 10, 8],
                                                  strides=[3, 2], output_shape=[10, 8]),
    "layernormalization_stats": layer_norm_stats,
    "logsoftmax_lastaxis": unary("LogSoftmax", [2, 3, 4], axis=-1),
    "logsoftmax_axis1": unary("LogSoftmax", [2, 3, 4], axis=1),
    "slice_basic": slice_model([4, 6], [2, 3], starts=[1, 2], ends=[3, 5]),
    "slice_steps": slice_model([4, 7, 5], [4, 3, 5], starts=[1], ends=[7], axes=[1],
                               steps=[2]),
    "slice_negative": slice_model([4, 6], [4, 2], starts=[-3], ends=[-1], axes=[-1]),
    "slice_clamped": slice_model([4, 6], [3, 6], starts=[1], ends=[1000], axes=[0]),
    "slice_empty": slice_model([4, 6], [0, 6], starts=[10], ends=[12], axes=[0]),
    "split_equal": split([2, 6], [[2, 3], [2, 3]], axis=1),
    "split_sizes": split([5, 3], [[1, 3], [4, 3]], axis=0, sizes=[1, 4]),
    "squeeze_axes": squeeze("Squeeze", [2, 1, 3, 1], [2, 3], axes=[1, 3]),
    "unsqueeze_axes": squeeze("Unsqueeze", [2, 3], [1, 2, 1, 3], axes=[0, 2]),
    "lstm_forward": recurrent("LSTM", 4),
    "lstm_reverse_nobias": recurrent("LSTM", 4, direction="reverse", bias=False),
    "lstm_bidirectional_initial": recurrent("LSTM", 4, direction="bidirectional",
                                            initial=True),
    "gru_forward": recurrent("GRU", 3),
    "gru_linear_before_reset": recurrent("GRU", 3, direction="bidirectional",
                                         linear_before_reset=1),
    "gru_initial": recurrent("GRU", 3, initial=True),
    "rnn_forward": recurrent("RNN", 1),
    "rnn_bidirectional_initial": recurrent("RNN", 1, direction="bidirectional",
                                           initial=True),
    "shape_subgraph": shape_subgraph,
    "expand_zeros": expand_zeros,
    "exp_basic": unary("Exp", [2, 3, 4]),
    "log_of_abs": after_abs("Log"),
    "sqrt_of_abs": after_abs("Sqrt"),
    "pow_of_abs": after_abs("Pow", b_shape=[4]),
    "neg_basic": unary("Neg", [2, 3, 4]),
    "abs_basic": unary("Abs", [2, 3, 4]),
    "reciprocal_basic": unary("Reciprocal", [2, 3, 4]),
    "floor_basic": unary("Floor", [2, 3, 4]),
    "ceil_basic": unary("Ceil", [2, 3, 4]),
    "round_basic": unary("Round", [2, 3, 4]),
    "erf_basic": unary("Erf", [2, 3, 4]),
    "sin_basic": unary("Sin", [2, 3, 4]),
    "cos_basic": unary("Cos", [2, 3, 4]),
    "sign_basic": unary("Sign", [2, 3, 4]),
    "softsign_basic": unary("Softsign", [2, 3, 4]),
    "softplus_basic": unary("Softplus", [2, 3, 4]),
    "hardswish_basic": with_opset(14, unary("HardSwish", [2, 3, 4])),
    "hardsigmoid_attrs": unary("HardSigmoid", [2, 3, 4], alpha=0.3, beta=0.4),
    "leakyrelu_alpha": unary("LeakyRelu", [2, 3, 4], alpha=0.2),
    "leakyrelu_default": unary("LeakyRelu", [2, 3, 4]),
    "elu_alpha": unary("Elu", [2, 3, 4], alpha=0.7),
    "selu_default": unary("Selu", [2, 3, 4]),
    "celu_alpha": unary("Celu", [2, 3, 4], alpha=2.0),
    "thresholdedrelu_alpha": unary("ThresholdedRelu", [2, 3, 4], alpha=0.25),
    "prelu_channel": binary("PRelu", [2, 3, 4], [4], [2, 3, 4], b_init=(-1.0, 1.0)),
    "max_three": variadic("Max", [[2, 3, 4], [4], [3, 1]], [2, 3, 4]),
    "min_two": variadic("Min", [[2, 3, 4], [2, 3, 4]], [2, 3, 4]),
    "sum_three": variadic("Sum", [[2, 3], [3], [2, 1]], [2, 3]),
    "mean_two": variadic("Mean", [[2, 3], [2, 3]], [2, 3]),
    "reducesum_axes_input": reduce("ReduceSum", [2, 1, 4], axes=[1], axes_input=True),
    "reducesum_all_nokeep": reduce("ReduceSum", [], keepdims=0),
    "reducesum_noop": reduce("ReduceSum", [2, 3, 4], noop_with_empty_axes=1),
    "reducemean_keep": reduce("ReduceMean", [2, 1, 1], axes=[-1, 1]),
    "reducemean_nokeep": reduce("ReduceMean", [3], axes=[0, 2], keepdims=0),
    "reducemax_axis": reduce("ReduceMax", [2, 3], axes=[2], keepdims=0),
    "reducemin_axis": reduce("ReduceMin", [1, 3, 4], axes=[0]),
    "reduceprod_axis": reduce("ReduceProd", [2, 3, 1], axes=[2]),
    "reducel1_axis": reduce("ReduceL1", [2, 1, 4], axes=[1]),
    "reducel2_axis": reduce("ReduceL2", [2, 3], axes=[2], keepdims=0),
    "reducesumsquare_axis": reduce("ReduceSumSquare", [1, 3, 4], axes=[0]),
    "reducelogsumexp_axis": reduce("ReduceLogSumExp", [2, 4], axes=[1], keepdims=0),
    "layernormalization_last": layer_norm(-1),
    "layernormalization_axis1_nobias": layer_norm(1, bias=False),
    "gather_axis0": gather([2, 0], 0, [2, 4, 5]),
    "gather_axis1_2d": gather([[1, 3], [0, -1]], 1, [3, 2, 2, 5]),
    "gather_scalar": gather(1, 2, [3, 4]),
    "cast_float": unary("Cast", [2, 3], to=TensorProto.FLOAT),
    "pad_constant": pad([0, 1, 2, 0, 2, 1], [2, 6, 7], value=1.5),
    "pad_edge": pad([1, 0, 2, 0, 2, 3], [3, 5, 9], mode="edge"),
    "pad_reflect": pad([0, 2, 3, 1, 2, 3], [3, 7, 10], mode="reflect"),
    "pad_negative": pad([0, -1, 1, 0, 0, -2], [2, 2, 3]),
    "tan_basic": unary("Tan", [2, 3, 4]),
    "asin_basic": unary("Asin", [2, 3, 4]),
    "acos_basic": unary("Acos", [2, 3, 4]),
    "atan_basic": unary("Atan", [2, 3, 4]),
    "sinh_basic": unary("Sinh", [2, 3, 4]),
    "cosh_basic": unary("Cosh", [2, 3, 4]),
    "asinh_basic": unary("Asinh", [2, 3, 4]),
    "atanh_basic": unary("Atanh", [2, 3, 4]),
    "acosh_of_exp_abs": chain(["Abs", "Exp", "Acosh"]),  # acosh needs x >= 1
    "globalmaxpool_basic": unary("GlobalMaxPool", [1, 3, 5, 5], [1, 3, 1, 1]),
    "instancenormalization_basic": instance_norm,
    "expand_broadcast": with_const_input("Expand", [3, 1], [2, 3, 4], [2, 1, 4]),
    "tile_repeats": with_const_input("Tile", [2, 3], [4, 9], [2, 3]),
    "depthtospace_dcr": unary("DepthToSpace", [1, 8, 2, 3], [1, 2, 4, 6], blocksize=2),
    "depthtospace_crd": unary("DepthToSpace", [1, 8, 2, 3], [1, 2, 4, 6], blocksize=2,
                              mode="CRD"),
    "spacetodepth_basic": unary("SpaceToDepth", [1, 2, 4, 6], [1, 8, 2, 3], blocksize=2),
    "resize_nearest_scales": resize([1, 2, 8, 10], scales=[1, 1, 2, 2]),
    "resize_nearest_floor_asym": resize([1, 2, 6, 7], sizes=[1, 2, 6, 7], mode="nearest",
                                        coordinate_transformation_mode="asymmetric",
                                        nearest_mode="floor"),
    "resize_nearest_ceil_down": resize([1, 2, 3, 3], sizes=[1, 2, 3, 3], nearest_mode="ceil"),
    "resize_linear_half_pixel": resize([1, 2, 8, 10], scales=[1, 1, 2, 2], mode="linear"),
    "resize_linear_align_corners": resize([1, 2, 7, 3], sizes=[1, 2, 7, 3], mode="linear",
                                          coordinate_transformation_mode="align_corners"),
    "resize_linear_pytorch": resize([1, 2, 6, 8], sizes=[1, 2, 6, 8], mode="linear",
                                    coordinate_transformation_mode="pytorch_half_pixel"),
    "graph_convnet": graph_convnet,
    "graph_two_outputs": graph_two_outputs,
}


def typed_binary(op, elem_type, out_type=None, a_shape=(3, 4), b_shape=(4,), b_const=None,
                 **attrs):
    """A op B on graph inputs of elem_type, broadcast to 3x4; B is the
    constant b_const (non-zero divisors) when given."""
    def build(b):
        rhs = b.const("B", b_const) if b_const is not None else b.input("B", list(b_shape),
                                                                        elem_type)
        b.node(op, [b.input("A", list(a_shape), elem_type), rhs],
               [b.output("Y", [3, 4], out_type or elem_type)], **attrs)
    return build


def typed_unary(op, elem_type, out_type=None, shape=(3, 4), y_shape=None, **attrs):
    def build(b):
        b.node(op, [b.input("X", list(shape), elem_type)],
               [b.output("Y", list(y_shape or shape), out_type or elem_type)], **attrs)
    return build


def where_model(b):
    """Where(A > B, A, B * 2) on float32: compare, select and arithmetic."""
    a, x = b.input("A", [3, 4]), b.input("B", [4])
    b.node("Greater", [a, x], ["mask"])
    b.node("Mul", [x, b.const("two", np.array([2.0], dtype=np.float32))], ["twice"])
    b.node("Where", ["mask", a, "twice"], [b.output("Y", [3, 4])])


def gather_runtime(b):
    """Rows of a weight table picked by run-time int64 indices (an embedding)."""
    b.node("Gather", [b.weight("table", [6, 5]), b.input("I", [2, 3], I64)],
           [b.output("Y", [2, 3, 5])], axis=0)


def argmax_cast(b):
    """ArgMax over the last axis, cast back to float: a classifier's label."""
    b.node("ArgMax", [b.input("X", [4, 10])], ["idx"], axis=1, keepdims=0)
    b.node("Cast", ["idx"], [b.output("Y", [4])], to=F32)


def gather_elements_model(b):
    b.node("GatherElements", [b.input("X", [3, 4]), b.input("I", [3, 2], I64)],
           [b.output("Y", [3, 2])], axis=1)


def trilu_model(b):
    b.node("Trilu", [b.input("X", [4, 5], I64), b.const("k", np.array(1, dtype=np.int64))],
           [b.output("Y", [4, 5], I64)], upper=0)


def sce_loss(b):
    """SoftmaxCrossEntropyLoss, an ONNX function op: imported by inlining its
    body (log-softmax, gather of the labels' scores, mean)."""
    b.node("SoftmaxCrossEntropyLoss", [b.input("X", [4, 3]), b.input("labels", [4], I64)],
           [b.output("Y", [])], reduction="mean")


def reshape_shape_input(b):
    """Reshape whose target shape is a graph input: needs --bind."""
    b.node("Reshape", [b.input("X", [2, 6]), b.input("shape", [2], I64)],
           [b.output("Y", [3, 4])])


def maxpool_indices(b):
    """MaxPool's Indices output (flat NCHW index of each maximum)."""
    b.node("MaxPool", [b.input("X", [1, 2, 5, 5])],
           [b.output("Y", [1, 2, 3, 3]), b.output("I", [1, 2, 3, 3], I64)],
           kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])


MODELS.update({
    "conv_1d": conv([1, 3, 10], [4, 3, 3], [1, 4, 5], strides=[2], pads=[1, 0]),
    "maxpool_1d": unary("MaxPool", [1, 2, 9], [1, 2, 4], kernel_shape=[3], strides=[2]),
    "maxpool_3d": unary("MaxPool", [1, 2, 5, 6, 7], [1, 2, 3, 3, 4], kernel_shape=[3, 2, 2],
                        strides=[2, 2, 2], pads=[1, 0, 1, 1, 0, 1]),
    "averagepool_3d": unary("AveragePool", [1, 2, 5, 6, 7], [1, 2, 3, 3, 4],
                            kernel_shape=[3, 2, 2], strides=[2, 2, 2], pads=[1, 0, 1, 1, 0, 1]),
    "maxpool_indices": maxpool_indices,
    "convtranspose_3d": conv_transpose([1, 2, 3, 4, 3], [2, 3, 3, 2, 3], [1, 3, 6, 8, 3], bias=True,
                                       strides=[2, 2, 1], pads=[1, 0, 1, 1, 0, 1],
                                       output_padding=[1, 0, 0]),
    "maxpool_u8": typed_unary("MaxPool", U8, shape=(1, 2, 4, 4), y_shape=(1, 2, 2, 2),
                              kernel_shape=[2, 2], strides=[2, 2]),
    "sce_loss": sce_loss,
    "reshape_shape_input": reshape_shape_input,
    "int_add_i64": typed_binary("Add", I64),
    "int_div_i32": typed_binary("Div", I32, b_const=np.array([-3, -2, 2, 3], np.int32)),
    "int_div_u8": with_opset(14, typed_binary("Div", U8,
                                              b_const=np.array([1, 2, 3, 5], np.uint8))),
    "int_mod_i32": typed_binary("Mod", I32, b_const=np.array([-3, -2, 2, 3], np.int32)),
    "int_fmod_i64": typed_binary("Mod", I64, b_const=np.array([-3, -2, 2, 3], np.int64),
                                 fmod=1),
    "int_max_u8": typed_binary("Max", U8),
    "f64_mul": typed_binary("Mul", F64),
    "cmp_less_i64": typed_binary("Less", I64, BOOL),
    "cmp_equal_f32": typed_binary("Equal", F32, BOOL),
    "logic_and": typed_binary("And", BOOL),
    "logic_xor": typed_binary("Xor", BOOL),
    "logic_not": typed_unary("Not", BOOL),
    "cast_f32_i32": typed_unary("Cast", F32, I32, to=I32),
    "cast_bool_f32": typed_unary("Cast", BOOL, F32, to=F32),
    "cast_u8_f64": typed_unary("Cast", U8, F64, to=F64),
    "isnan_f32": typed_unary("IsNaN", F32, BOOL),
    "argmin_i32": typed_unary("ArgMin", I32, I64, y_shape=(3, 1), axis=1),
    "hardmax_f32": typed_unary("Hardmax", F32, axis=0),
    "where_select": where_model,
    "gather_runtime": gather_runtime,
    "gather_elements": gather_elements_model,
    "argmax_cast": argmax_cast,
    "trilu_lower": with_opset(14, trilu_model),
})


def dynamic_batch():
    """Relu on X [batch, 3] with a declared-dynamic batch: needs --shape."""
    b = Builder()
    b.node("Relu", [b.input("X", ["batch", 3])], [b.output("Y", ["batch", 3])])
    return b.model("dynamic_batch")


def unsupported_forms():
    """Supported ops in forms nnc rejects: cubic Resize, Cast to STRING, LSTM
    with clip."""
    b = Builder()
    x = b.input("X", [1, 1, 2, 2])
    b.node("Resize", [x, "", b.const("scales", np.array([1, 1, 2, 2], dtype=np.float32))],
           [b.output("R", [1, 1, 4, 4])], name="resize_cubic", mode="cubic")
    b.node("Cast", [b.input("C", [3, 4])], [b.output("G", [3, 4], TensorProto.STRING)],
           name="cast_string", to=TensorProto.STRING)
    b.node("LSTM", [b.input("S", [2, 1, 3]), b.weight("W", [1, 8, 3]), b.weight("Rw", [1, 8, 2])],
           [b.output("Y", [2, 1, 1, 2])], name="lstm_clip", hidden_size=2, clip=1.0)
    return b.model("unsupported_forms")


def unsupported():
    """TopK, Einsum and NonMaxSuppression (which nnc rejects) after a supported Relu."""
    b = Builder()
    b.node("Relu", [b.input("X", [2, 5])], ["relu"], name="relu_2")
    k = b.const("K", np.array([3], dtype=np.int64))
    b.node("TopK", ["relu", k], [b.output("values", [2, 3]), b.output("indices", [2, 3], I64)],
           name="topk_7")
    b.node("Einsum", ["relu", b.weight("W", [5, 3])], [b.output("product", [2, 3])],
           name="einsum_3", equation="ij,jk->ik")
    limit = b.const("max_boxes", np.array([2], dtype=np.int64))
    b.node("NonMaxSuppression", [b.input("boxes", [1, 6, 4]), b.input("scores", [1, 1, 6]), limit],
           [b.output("selected", ["num_selected", 3], I64)], name="nms_1")
    return b.model("unsupported")


def write_invalid(out_dir, valid_bytes):
    """Files the importer must reject cleanly: not protobuf, cut short, and empty."""
    with open(os.path.join(out_dir, "notonnx.onnx"), "w") as f:
        f.write("This is a text file, not an ONNX model.\n")
    with open(os.path.join(out_dir, "truncated.onnx"), "wb") as f:
        f.write(valid_bytes[:len(valid_bytes) // 2])
    open(os.path.join(out_dir, "empty.onnx"), "wb").close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    for stem, build in MODELS.items():
        b = Builder()
        build(b)
        onnx.save(b.model(stem), os.path.join(args.out_dir, f"{stem}.onnx"))
    onnx.save(unsupported(), os.path.join(args.out_dir, "unsupported.onnx"))
    onnx.save(dynamic_batch(), os.path.join(args.out_dir, "dynamic_batch.onnx"))
    onnx.save(unsupported_forms(), os.path.join(args.out_dir, "unsupported_forms.onnx"))
    with open(os.path.join(args.out_dir, "conv_basic.onnx"), "rb") as f:
        write_invalid(args.out_dir, f.read())
    return 0


if __name__ == "__main__":
    sys.exit(main())
