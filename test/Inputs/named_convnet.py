#!/usr/bin/python3
"""named_convnet.py OUT.onnx - a convnet large enough for a parallel entry,
its nodes named conv_a, relu_a, pool_b and conv_c (for profile tests)."""

import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(0)


def weight(name, shape):
    return numpy_helper.from_array(
        rng.uniform(-0.1, 0.1, shape).astype(np.float32), name)


nodes = [
    helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv_a",
                     kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
    helper.make_node("Relu", ["c1"], ["r1"], name="relu_a"),
    helper.make_node("MaxPool", ["r1"], ["p1"], name="pool_b",
                     kernel_shape=[2, 2], strides=[2, 2]),
    helper.make_node("Conv", ["p1", "w2", "b2"], ["y"], name="conv_c",
                     kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
]
graph = helper.make_graph(
    nodes, "named_convnet",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 16, 32, 32])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 32, 16, 16])],
    [weight("w1", [32, 16, 3, 3]), weight("b1", [32]),
     weight("w2", [32, 32, 3, 3]), weight("b2", [32])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
