#!/usr/bin/env python3
"""Side-by-side latency of nnc and onnxruntime on the same models, one run.

usage: bench/run.py [--nnc build/bin/nnc] [--runs N] [--markdown FILE]
Each engine is timed in-process (nnc through the runtime's C API with
`nnc bench`, onnxruntime through bench/ort_bench.js), warm-up first, then the
median of N runs. Prints a table; ratio = onnxruntime time / nnc time
(> 1 means nnc is faster).
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def models(work):
    """(name, onnx path) of the benchmark set; generated models go to work."""
    subprocess.run([sys.executable, os.path.join(ROOT, "test/e2e/make_models.py"),
                    work], check=True, capture_output=True)
    out = [("digits", os.path.join(ROOT, "tools/models/digits/digits.onnx"))]
    for name in ["softmax_regression", "mlp", "lenet", "cifar_bird", "autoencoder"]:
        out.append((name, os.path.join(work, name + ".onnx")))
    return out


def nnc_time(nnc, model, work, runs):
    bundle = os.path.join(work, os.path.basename(model) + ".nnb")
    subprocess.run([nnc, "compile", model, "-o", bundle], check=True)
    out = subprocess.run([nnc, "bench", bundle, "--runs", str(runs)],
                         check=True, capture_output=True, text=True).stdout
    return float(re.search(r"median ([0-9.]+) ms", out).group(1))


def ort_time(model, runs):
    out = subprocess.run(["node", os.path.join(ROOT, "bench/ort_bench.js"), model,
                          "--runs", str(runs)], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)["median_ms"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nnc", default=os.path.join(ROOT, "build/bin/nnc"))
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--markdown")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name, model in models(work):
            n = nnc_time(args.nnc, model, work, args.runs)
            o = ort_time(model, args.runs)
            rows.append((name, n, o, o / n))
    header = "| model | nnc (ms) | onnxruntime (ms) | ratio ort/nnc |\n|---|---|---|---|\n"
    table = header + "".join(f"| {r[0]} | {r[1]:.4f} | {r[2]:.4f} | {r[3]:.2f} |\n"
                             for r in rows)
    print(f"batch 1, 1 thread, median of {args.runs} runs, {platform.processor() or platform.machine()}")
    print(table)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
