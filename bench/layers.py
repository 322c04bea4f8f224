#!/usr/bin/python3
"""Per-layer latency of nnc and onnxruntime: where a model's time goes.

usage: bench/layers.py MODEL.onnx [--threads N] [--runs N] [--top N]

Cuts every Conv, ConvTranspose, Gemm and MatMul node of MODEL out into a
model of its own (its weights included, shapes from ONNX shape inference),
times it in nnc (`nnc bench`) and onnxruntime (bench/ort_bench.js) at the
same thread count, and prints each layer's time, GFLOP/s and ratio
(onnxruntime / nnc), slowest nnc layers first, with the totals. The sum over
layers against the whole model's time shows what the rest (pooling,
elementwise ops, padding copies) costs.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import onnx
from onnx import helper, numpy_helper, shape_inference

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KINDS = ("Conv", "ConvTranspose", "Gemm", "MatMul")


def shapes_of(model):
    inferred = shape_inference.infer_shapes(model)
    shapes = {}
    for v in (list(inferred.graph.input) + list(inferred.graph.value_info)
              + list(inferred.graph.output)):
        shapes[v.name] = [d.dim_value for d in v.type.tensor_type.shape.dim]
    return shapes


def initializers(model):
    """Initializers by name, also under the names Identity nodes give them
    (exporters route shared weights through Identity)."""
    inits = {i.name: i for i in model.graph.initializer}
    for node in model.graph.node:
        if node.op_type == "Identity" and node.input[0] in inits:
            inits[node.output[0]] = inits[node.input[0]]
    return inits


def renamed(tensor, name):
    copy = onnx.TensorProto()
    copy.CopyFrom(tensor)
    copy.name = name
    return copy


def layer_model(model, node, shapes):
    """A model computing just `node`: its first input is the graph input."""
    inits = initializers(model)
    x = node.input[0]
    graph = helper.make_graph(
        [node], node.name or node.op_type,
        [helper.make_tensor_value_info(x, onnx.TensorProto.FLOAT, shapes[x])],
        [helper.make_tensor_value_info(node.output[0], onnx.TensorProto.FLOAT,
                                       shapes[node.output[0]])],
        [renamed(inits[n], n) for n in node.input[1:] if n in inits])
    out = helper.make_model(graph, opset_imports=model.opset_import)
    out.ir_version = model.ir_version
    return out


def flops(node, shapes, model):
    inits = {n: list(t.dims) for n, t in initializers(model).items()}
    out = shapes[node.output[0]]
    w = inits.get(node.input[1]) or shapes.get(node.input[1])
    n = 1
    for d in out:
        n *= d
    if node.op_type == "Conv":
        k = 1
        for d in w[1:]:
            k *= d
        return 2.0 * n * k
    if node.op_type == "ConvTranspose":
        x = 1
        for d in shapes[node.input[0]]:
            x *= d
        k = 1
        for d in w[1:]:
            k *= d
        return 2.0 * x * k
    k = shapes[node.input[0]][-1]
    return 2.0 * n * k


def nnc_ms(nnc, path, threads, runs):
    bundle = path + ".nnb"
    subprocess.run([nnc, "compile", path, "-o", bundle], check=True)
    out = subprocess.run([nnc, "bench", bundle, "--runs", str(runs), "--warmup", "5",
                          "--threads", str(threads)],
                         check=True, capture_output=True, text=True).stdout
    return float(re.search(r"median ([0-9.]+) ms", out).group(1))


def ort_ms(path, threads, runs):
    out = subprocess.run(["node", os.path.join(ROOT, "bench/ort_bench.js"), path,
                          "--runs", str(runs), "--warmup", "5", "--threads", str(threads)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["median_ms"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--nnc", default=os.path.join(ROOT, "build/bin/nnc"))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--top", type=int, default=0, help="print only the N slowest")
    args = parser.parse_args()
    model = onnx.load(args.model)
    shapes = shapes_of(model)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for i, node in enumerate(n for n in model.graph.node if n.op_type in KINDS):
            path = os.path.join(work, f"layer{i}.onnx")
            onnx.save(layer_model(model, node, shapes), path)
            nnc = nnc_ms(args.nnc, path, args.threads, args.runs)
            ort = ort_ms(path, args.threads, args.runs)
            gflop = flops(node, shapes, model) / 1e9
            attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            what = (f"{node.op_type} {shapes[node.input[0]]} -> {shapes[node.output[0]]}"
                    + (f" k{attrs['kernel_shape']}" if "kernel_shape" in attrs else "")
                    + (f" s{attrs['strides']}" if "strides" in attrs else "")
                    + (f" g{attrs['group']}" if attrs.get("group", 1) != 1 else ""))
            rows.append((nnc, ort, gflop, what))
        whole_nnc = nnc_ms(args.nnc, args.model, args.threads, args.runs)
        whole_ort = ort_ms(args.model, args.threads, args.runs)
    print(f"| layer | nnc ms | nnc GFLOP/s | ort ms | ort GFLOP/s | ratio ort/nnc |")
    print("|---|---:|---:|---:|---:|---:|")
    for nnc, ort, gflop, what in sorted(rows, reverse=True)[:args.top or None]:
        print(f"| {what} | {nnc:.3f} | {gflop / nnc * 1e3:.1f} | {ort:.3f} | "
              f"{gflop / ort * 1e3:.1f} | {ort / nnc:.2f} |")
    sum_nnc = sum(r[0] for r in rows)
    sum_ort = sum(r[1] for r in rows)
    print(f"\nlayers: nnc {sum_nnc:.2f} ms, ort {sum_ort:.2f} ms; whole model: "
          f"nnc {whole_nnc:.2f} ms, ort {whole_ort:.2f} ms "
          f"(threads {args.threads})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
