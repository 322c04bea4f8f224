#!/usr/bin/env python3
"""Compiles every op model in a directory with nnc and compares each output
with onnxruntime on seeded random inputs (tolerance: 1e-5 abs + 1e-4 rel for
floats; integer and bool outputs must match exactly). Float inputs are
uniform in [-1, 1); integer inputs in [-3, 3) (unsigned: [0, 200), past int8), which stay
valid indices for the models' gathers, except inputs named 'labels' (class
indices, in [0, 3)); bool inputs are random.

usage: run_op_models.py MODEL_DIR --nnc PATH [--skip NAME ...]
Prints one line per model and 'N passed, M failed'; exits 1 on any failure.
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(HERE, "..", "tools")


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def check_model(path, nnc, work, compile_args=()):
    name = os.path.splitext(os.path.basename(path))[0]
    model = onnx.load(path)
    init_names = {i.name for i in model.graph.initializer}
    rng = np.random.default_rng(0)
    inputs = []
    for value in model.graph.input:
        if value.name in init_names:
            continue
        shape = [d.dim_value for d in value.type.tensor_type.shape.dim]
        dtype = onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[value.type.tensor_type.elem_type]
        if dtype == np.bool_:
            data = rng.integers(0, 2, size=shape).astype(np.bool_)
        elif np.issubdtype(dtype, np.unsignedinteger):
            data = rng.integers(0, 200, size=shape).astype(dtype)
        elif np.issubdtype(dtype, np.integer):
            low = 0 if value.name == "labels" else -3
            data = rng.integers(low, 3, size=shape).astype(dtype)
        else:
            data = rng.uniform(-1.0, 1.0, size=shape).astype(dtype)
        file = os.path.join(work, f"{name}.in{len(inputs)}.npy")
        np.save(file, data)
        inputs.append(file)
    bundle = os.path.join(work, name + ".nnb")
    rc, out = run([nnc, "compile", path, "-o", bundle] + list(compile_args))
    if rc:
        return False, "compile failed: " + out.strip()
    outs = [os.path.join(work, f"{name}.nnc{i}.npy")
            for i in range(len(model.graph.output))]
    cmd = [nnc, "run", bundle]
    for f in inputs:
        cmd += ["-i", f]
    for f in outs:
        cmd += ["-o", f]
    rc, out = run(cmd)
    if rc:
        return False, "run failed: " + out.strip()
    ort_dir = os.path.join(work, name + ".ort")
    os.makedirs(ort_dir, exist_ok=True)
    rc, out = run(["node", os.path.join(TOOLS, "ort_run.js"), path, ort_dir] + inputs)
    if rc:
        return False, "onnxruntime failed: " + out.strip()
    for i, actual in enumerate(outs):
        rc, out = run([sys.executable, os.path.join(TOOLS, "compare.py"), actual,
                       os.path.join(ort_dir, f"{i}.npy"), "--atol",
                       str(ATOL.get(name, 1e-5)), "--rtol", "1e-4",
                       "--name", f"{name}:{i}"])
        if rc:
            return False, out.strip()
    return True, ""


# Absolute tolerances other than 1e-5. Winograd F(4x4, 3x3) rounds its
# transformed products (values up to ~10x the output's): over the 200k
# outputs of conv_winograd_chunks (magnitude up to 13) a few dozen land
# 1e-5..2e-5 off, all below 2e-6 relative to the largest output.
ATOL = {"conv_winograd_chunks": 3e-5}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("models")
    parser.add_argument("--nnc", required=True)
    parser.add_argument("--skip", nargs="*", default=[])
    parser.add_argument("--compile-arg", action="append", default=[],
                        help="extra argument for nnc compile (repeatable)")
    args = parser.parse_args()
    work = os.path.join(args.models, "work")
    os.makedirs(work, exist_ok=True)
    passed = failed = 0
    for file in sorted(os.listdir(args.models)):
        name, ext = os.path.splitext(file)
        if ext != ".onnx" or name in args.skip:
            continue
        ok, why = check_model(os.path.join(args.models, file), args.nnc, work,
                              args.compile_arg)
        print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + why))
        passed += ok
        failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
