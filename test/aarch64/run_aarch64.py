#!/usr/bin/python3
"""run_aarch64.py - compiles models for aarch64-linux-gnu with nnc, runs them
with the cross-built runtime under qemu-aarch64 and compares every output
with onnxruntime on the host, within 1e-4 * max(1, max|reference|) (the zoo's
tolerance).

usage: run_aarch64.py --nnc NNC --runner RUNNER MODEL.onnx...
Each MODEL.onnx needs MODEL.input.npy beside it (make_models.py and
make_zoo.py write one). Prints a line per model and 'N passed, M failed'.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(HERE, "..", "tools")


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"{os.path.basename(cmd[0])} failed: "
                           + (proc.stderr + proc.stdout).strip()[:500])
    return proc.stdout


def check(model, nnc, runner, work, threads):
    stem = os.path.splitext(os.path.basename(model))[0]
    x = np.load(os.path.splitext(model)[0] + ".input.npy")
    bundle = os.path.join(work, stem + ".nnb")
    run([nnc, "compile", "--target=aarch64-linux-gnu", model, "-o", bundle])
    raw_in = os.path.join(work, stem + ".in.bin")
    np.ascontiguousarray(x, dtype=np.float32).tofile(raw_in)
    outputs = onnx.load(model).graph.output
    raw_out = [os.path.join(work, f"{stem}.out{i}.bin") for i in range(len(outputs))]
    outputs_by_count = []
    for count in threads:
        env = dict(os.environ, NNC_THREADS=str(count))
        proc = subprocess.run(["qemu-aarch64", runner, bundle, raw_in, "-o"] + raw_out,
                              capture_output=True, text=True, env=env)
        if proc.returncode:
            raise RuntimeError(f"runner with NNC_THREADS={count} failed: "
                               + (proc.stderr + proc.stdout).strip()[:500])
        outputs_by_count.append([open(p, "rb").read() for p in raw_out])
    # Threads split loops without changing any element's arithmetic.
    for count, got in zip(threads[1:], outputs_by_count[1:]):
        if got != outputs_by_count[0]:
            raise RuntimeError(f"NNC_THREADS={count} differs from NNC_THREADS={threads[0]}")
    ort_dir = os.path.join(work, stem + ".ort")
    os.makedirs(ort_dir, exist_ok=True)
    npy_in = os.path.join(work, stem + ".in.npy")
    np.save(npy_in, x.astype(np.float32))
    run(["node", os.path.join(TOOLS, "ort_run.js"), model, ort_dir, npy_in])
    for i, path in enumerate(raw_out):
        ref = np.load(os.path.join(ort_dir, f"{i}.npy"))
        actual = np.fromfile(path, dtype=ref.dtype).reshape(ref.shape)
        npy = path[:-4] + ".npy"
        np.save(npy, actual)
        atol = 1e-4 * max(1.0, float(np.max(np.abs(ref))))
        run([sys.executable, os.path.join(TOOLS, "compare.py"), npy,
             os.path.join(ort_dir, f"{i}.npy"), "--atol", repr(atol), "--rtol", "0",
             "--name", f"{stem}:{outputs[i].name}"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nnc", required=True)
    parser.add_argument("--runner", required=True)
    parser.add_argument("--threads", nargs="+", type=int, default=[1], metavar="N",
                        help="run at each thread count (NNC_THREADS); outputs must be identical")
    parser.add_argument("models", nargs="+")
    args = parser.parse_args()
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="nnc-aarch64-") as work:
        for model in args.models:
            name = os.path.basename(model)
            try:
                check(model, args.nnc, args.runner, work, args.threads)
                print(f"PASS {name}")
                passed += 1
            except RuntimeError as err:
                print(f"FAIL {name}: {err}")
                failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
