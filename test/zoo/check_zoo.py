#!/usr/bin/python3
"""check_zoo.py - compiles and runs every zoo model with nnc and compares it
with onnxruntime on the model's own input (from make_zoo.py).

The tolerance is the zoo's: |nnc - ort| <= 1e-4 * max(1, max|ort|), absolute
only, so deep networks with large outputs are held to a relative bound:

    check_zoo.py MODEL_DIR --nnc PATH [--only NAME ...]

NAME is a model file stem (resnet18_op13_b1) or a network (resnet18, every
opset and batch). Prints one PASS/FAIL line per model with the compile and
run times, then 'N passed, M failed'; exits 1 on any failure.
"""

import argparse
import os
import subprocess
import sys
import time

import numpy as np

TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools")


def run(cmd):
    """Runs cmd; returns (exit status, its output, seconds taken)."""
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return proc.returncode, (proc.stdout + proc.stderr).strip(), time.monotonic() - start


def first_lines(text, count=6):
    lines = text.splitlines()
    return "\n  ".join(lines[:count] + ([f"... ({len(lines) - count} more lines)"]
                                         if len(lines) > count else []))


def check_model(stem, model_dir, nnc, work, threads):
    """Returns (passed, message) for one model, run at each thread count.
    The threads split loops without changing any element's arithmetic, so
    every count must give bit-identical outputs."""
    model = os.path.join(model_dir, stem + ".onnx")
    data = os.path.join(model_dir, stem + ".input.npy")
    bundle = os.path.join(work, stem + ".nnb")
    rc, out, compile_s = run([nnc, "compile", model, "-o", bundle])
    if rc:
        return False, "nnc compile failed: " + first_lines(out)
    outputs = []
    for count in threads:
        outputs.append(os.path.join(work, f"{stem}.t{count}.nnc.npy"))
        rc, out, run_s = run([nnc, "run", bundle, "-i", data, "-o", outputs[-1],
                              "--threads", str(count)])
        times = f"compile {compile_s:.1f} s, run {run_s:.2f} s"
        if rc:
            return False, f"nnc run --threads {count} failed ({times}): " + first_lines(out)
    actual = outputs[0]
    for count, other in zip(threads[1:], outputs[1:]):
        if not np.array_equal(np.load(actual), np.load(other), equal_nan=True):
            return False, f"--threads {count} differs from --threads {threads[0]}"
    ort_dir = os.path.join(work, stem + ".ort")
    rc, out, _ = run(["node", os.path.join(TOOLS, "ort_run.js"), model, ort_dir, data])
    if rc:
        return False, "onnxruntime failed: " + first_lines(out)
    expected = os.path.join(ort_dir, "0.npy")
    atol = 1e-4 * max(1.0, float(np.max(np.abs(np.load(expected)))))
    rc, out, _ = run([sys.executable, os.path.join(TOOLS, "compare.py"), actual, expected,
                      "--atol", f"{atol:.6g}", "--rtol", "0", "--name", stem])
    if rc:
        return False, f"({times}) " + out.removeprefix(f"FAIL {stem}: ")
    same = f", identical at --threads {' '.join(map(str, threads))}" if len(threads) > 1 else ""
    return True, (f"{times}; " + out.removeprefix(f"OK {stem}: ") +
                  f" (atol {atol:.3g}){same}")


def selected(stem, only):
    return not only or stem in only or stem.rsplit("_op", 1)[0] in only


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir")
    parser.add_argument("--nnc", required=True, help="the nnc executable")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="check just these models")
    parser.add_argument("--threads", nargs="+", type=int, default=[1], metavar="N",
                        help="run at each of these thread counts (outputs must be identical)")
    args = parser.parse_args()
    work = os.path.join(args.model_dir, "work")
    os.makedirs(work, exist_ok=True)
    stems = sorted(file[:-len(".onnx")] for file in os.listdir(args.model_dir)
                   if file.endswith(".onnx"))
    passed = failed = 0
    for stem in (s for s in stems if selected(s, args.only)):
        ok, message = check_model(stem, args.model_dir, args.nnc, work, args.threads)
        print(f"{'PASS' if ok else 'FAIL'} {stem}: {message}", flush=True)
        passed += ok
        failed += not ok
    print(f"{passed} passed, {failed} failed")
    if not passed + failed:
        print(f"no models in {args.model_dir}" + (" match --only" if args.only else ""))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
