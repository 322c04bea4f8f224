#!/usr/bin/python3
"""run_conformance.py: runs the ONNX backend node tests through nnc.

Every DATA/test_*/model.onnx is compiled with nnc and run on each of its
test_data_set_*; each output must match output_*.pb in shape and dtype, and
within 1e-5 abs + 1e-3 rel for floats, exactly otherwise
(test/tools/compare.py). A test passes only if every data set passes. Each
failing test gets one line with its class (unsupported, compile-error,
run-error, mismatch, timeout, harness-error); the last line is 'N passed, M
failed' over every test found.

    run_conformance.py --data DIR/node [--nnc PATH] [--jobs N] [--filter REGEX]
        [--expected-failures FILE] [--write-expected-failures FILE] [--table FILE]

Exit status: 2 if the harness itself broke; with --expected-failures, 1 iff a
test not in FILE fails; otherwise 0.
"""

import argparse
import collections
import concurrent.futures
import contextlib
import errno
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
from compare import compare  # noqa: E402  (test/tools/compare.py)

RTOL = 1e-3
ATOL = 1e-5

# The element types of the runtime's signatures (nnc_dtype), as ONNX and
# NumPy name them.
RUNTIME_TYPES = {getattr(onnx.TensorProto, t) for t in (
    "FLOAT", "FLOAT16", "DOUBLE", "BOOL", "INT8", "INT16", "INT32", "INT64",
    "UINT8", "UINT16", "UINT32", "UINT64")}
RUNTIME_DTYPES = {np.dtype(t) for t in (
    "float32", "float16", "float64", "bool", "int8", "int16", "int32", "int64",
    "uint8", "uint16", "uint32", "uint64")}

# nnc's diagnostics for what it rejects by design rather than by failing: the
# op table's one-report check, non-float32 or dynamic graph signatures, and
# models with no ai.onnx opset (the training ops of ai.onnx.preview.training).
UNSUPPORTED = re.compile(
    r"unsupported nodes?:|; nnc supports float32|imports no default-domain opset")

Result = collections.namedtuple("Result", "name cls reason")


class Failure(Exception):
    """Ends one test with a failure class and a one-line reason."""

    def __init__(self, cls, reason, output=""):
        super().__init__(reason)
        self.cls = cls
        self.reason = reason
        self.output = output  # nnc's whole output, when nnc failed


def first_line(text):
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else "(no output)"


def run_nnc(cmd, timeout, cls, describe=first_line):
    """Runs nnc; returns its output, or raises Failure(cls) with the reason
    DESCRIBE makes of its output, or a timeout Failure.

    Others may be relinking nnc while this runs, so a binary that is briefly
    missing, busy or not yet executable is retried before the harness gives up.
    """
    for attempt in range(10):
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                                  timeout=timeout)
            break
        except subprocess.TimeoutExpired:
            raise Failure("timeout", f"nnc {cmd[1]} took more than {timeout:g} s")
        except OSError as err:
            if err.errno not in (errno.ETXTBSY, errno.ENOENT, errno.EACCES) or attempt == 9:
                raise Failure("harness-error", f"cannot run {cmd[0]}: {err}")
            time.sleep(3)
    output = proc.stderr + proc.stdout
    if proc.returncode < 0:
        raise Failure(cls, f"nnc {cmd[1]} crashed (signal {-proc.returncode}): "
                      + describe(output), output)
    if proc.returncode:
        raise Failure(cls, describe(output), output)
    return output


def compile_reason(output, model_path):
    """nnc compile's diagnostic in one line, without the model's path.

    The op table's report lists one node per line after its header; the
    first node says more than the header, so the two are joined.
    """
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    if not lines:
        return "(no output)"
    reason = lines[0].removeprefix("nnc: error: ").replace(f"'{model_path}': ", "")
    reason = reason.replace(f"'{model_path}'", "the model")
    if reason.endswith(":") and len(lines) > 1:
        reason += " " + lines[1].replace(" node '':", ":")
    return reason


def load_proto_tensor(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


def numbered(directory, prefix):
    """Files PREFIX_<i>.pb in DIRECTORY, in numeric order."""
    found = [f for f in os.listdir(directory) if re.fullmatch(prefix + r"_\d+\.pb", f)]
    found.sort(key=lambda f: int(f[len(prefix) + 1:-3]))
    return [os.path.join(directory, f) for f in found]


def tensor_kind(value):
    """Why the runtime cannot take a graph input or output, or None if it can."""
    kind = value.type.WhichOneof("value")
    if kind != "tensor_type":
        return f"'{value.name}' is a {kind or 'typeless value'}"
    elem = value.type.tensor_type.elem_type
    if elem not in RUNTIME_TYPES:
        return f"'{value.name}' is {onnx.TensorProto.DataType.Name(elem)}"
    return None


def check_outputs(data_set, files, graph_outputs):
    for path, actual_file, value in zip(numbered(data_set, "output"), files, graph_outputs):
        expected = load_proto_tensor(path)
        actual = np.load(actual_file, allow_pickle=False)
        where = f"{os.path.basename(data_set)} output '{value.name}'"
        report = io.StringIO()
        with contextlib.redirect_stdout(report):
            status = compare(actual, expected, ATOL, RTOL, where)
        if status:
            raise Failure("mismatch", first_line(report.getvalue()).removeprefix("FAIL "))


def run_test(test_dir, nnc, timeout):
    """Compiles, runs and checks one test directory; returns its Result."""
    name = os.path.basename(test_dir)
    try:
        with tempfile.TemporaryDirectory(prefix="nnc-conformance-") as work:
            bound = check_test(test_dir, nnc, timeout, work)
        return Result(name, "pass", "shape inputs bound with --bind" if bound else "")
    except Failure as failure:
        return Result(name, failure.cls, failure.reason)
    except Exception as err:  # the harness, not nnc: keep going, report it
        return Result(name, "harness-error", f"{type(err).__name__}: {err}")


BIND_HINT = re.compile(r"--bind (\S+)=FILE\.npy")


def compile_model(nnc, model_path, bundle, timeout, binds=()):
    cmd = [nnc, "compile", model_path, "-o", bundle]
    for name, npy in binds:
        cmd += ["--bind", f"{name}={npy}"]
    try:
        run_nnc(cmd, timeout, "compile-error",
                lambda output: compile_reason(output, model_path))
    except Failure as failure:
        if failure.cls == "compile-error" and UNSUPPORTED.search(failure.output):
            failure.cls = "unsupported"
        raise
    if not os.path.isfile(bundle):
        raise Failure("compile-error", "nnc compile succeeded but wrote no bundle")


def check_test(test_dir, nnc, timeout, work):
    """Raises Failure, or returns whether inputs had to be bound.

    nnc compiles static shapes and packs weights at compile time: when it asks
    for an input to be fixed at compile time (its diagnostic suggests --bind
    NAME=FILE.npy), the model is compiled once per data set with those inputs
    bound to the data set's values (asking again until nnc asks for nothing
    new), and run on the others.
    """
    model_path = os.path.join(test_dir, "model.onnx")
    bundle = os.path.join(work, "model.nnb")
    graph = onnx.load(model_path).graph
    initialized = {init.name for init in graph.initializer}
    inputs = [v for v in graph.input if v.name not in initialized]

    for what, values in (("input", inputs), ("output", graph.output)):
        for value in values:
            why = tensor_kind(value)
            if why:
                raise Failure("unsupported", f"graph {what} {why}: no tensor type nnc compiles")

    data_sets = sorted(d for d in os.listdir(test_dir) if d.startswith("test_data_set_"))
    if not data_sets:
        raise Failure("harness-error", "no test_data_set_* directory")
    bound = set()
    for index, data_set in enumerate(os.path.join(test_dir, d) for d in data_sets):
        files = {}
        for i, path in enumerate(numbered(data_set, "input")):
            array = load_proto_tensor(path)
            if array.dtype not in RUNTIME_DTYPES:
                raise Failure("unsupported", f"input {i} is {array.dtype}; "
                              "the runtime has no such dtype")
            npy = os.path.join(work, f"input_{i}.npy")
            np.save(npy, array)
            if i < len(inputs):
                files[inputs[i].name] = npy
        if index == 0 or bound:
            while True:
                try:
                    compile_model(nnc, model_path, bundle, timeout,
                                  [(name, files[name]) for name in sorted(bound)])
                    break
                except Failure as failure:
                    asked = set(BIND_HINT.findall(failure.output or "")) - bound
                    if failure.cls != "unsupported" or not asked or not asked <= files.keys():
                        raise
                    bound |= asked
        cmd = [nnc, "run", bundle]
        for value in inputs:
            if value.name not in bound and value.name in files:
                cmd += ["-i", files[value.name]]
        outputs = [os.path.join(work, f"output_{i}.npy") for i in range(len(graph.output))]
        for npy in outputs:
            cmd += ["-o", npy]
        run_nnc(cmd, timeout, "run-error")
        check_outputs(data_set, outputs, graph.output)
    return bool(bound)


def op_name(test_dir):
    """The ONNX op a test exercises, for the per-op table: its model's first
    node's type. An *_expanded test holds the function body of its sibling's
    op, so it is listed as '<sibling's op> (expanded)'."""
    suffix = ""
    sibling = test_dir.removesuffix("_expanded")
    if sibling != test_dir and os.path.isfile(os.path.join(sibling, "model.onnx")):
        test_dir, suffix = sibling, " (expanded)"
    nodes = onnx.load(os.path.join(test_dir, "model.onnx")).graph.node
    return (nodes[0].op_type if nodes else "(no node)") + suffix


def write_table(path, tests, results):
    per_op = collections.defaultdict(lambda: [0, 0, 0])
    for test_dir, result in zip(tests, results):
        counts = per_op[op_name(test_dir)]
        counts[0] += 1
        counts[1] += result.cls == "pass"
        counts[2] += result.cls == "pass" and bool(result.reason)
    passed = sum(r.cls == "pass" for r in results)
    bound = sum(r.cls == "pass" and bool(r.reason) for r in results)
    with open(path, "w") as f:
        f.write(f"{passed} of {len(results)} pass\n\n")
        f.write(f"ONNX {onnx.__version__} backend node tests, within {ATOL:g} abs + "
                f"{RTOL:g} rel; generated by test/conformance/run_conformance.py.\n\n")
        f.write(f"{bound} of the passing tests feed a shape-determining operand "
                "(Reshape's shape, Slice's starts, ...) from a graph input. nnc "
                "compiles static shapes, so it asks for such an input with `--bind "
                "NAME=FILE.npy`, and the harness compiles those tests once per data "
                "set with the data set's value bound; column 'bound' counts them.\n\n")
        f.write("| op | tests | passed | bound |\n|---|---:|---:|---:|\n")
        for op in sorted(per_op, key=str.lower):
            t, p, b = per_op[op]
            f.write(f"| {op} | {t} | {p} | {b} |\n")


def read_list(path):
    """Test names in an expected-failures file: one a line, '#' comments."""
    with open(path) as f:
        return {line.split("#", 1)[0].strip() for line in f} - {""}


def write_list(path, results):
    failing = sorted(r for r in results if r.cls != "pass")
    with open(path, "w") as f:
        f.write(f"# ONNX {onnx.__version__} backend node tests that nnc fails, with the\n"
                "# failure class. Written by run_conformance.py --write-expected-failures.\n")
        for r in failing:
            f.write(f"{r.name}  # {r.cls}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="the node/ directory generate.py wrote")
    parser.add_argument("--nnc", default=os.path.join(HERE, "..", "..", "build", "bin", "nnc"),
                        help="the nnc binary (default: build/bin/nnc)")
    parser.add_argument("--jobs", type=int, default=2, help="tests run at once (default: 2)")
    parser.add_argument("--timeout", type=float, default=60,
                        help="seconds per nnc compile or run (default: 60)")
    parser.add_argument("--filter", help="run only tests whose name matches this regex")
    parser.add_argument("--expected-failures", metavar="FILE",
                        help="fail (exit 1) only on failing tests not listed in FILE")
    parser.add_argument("--write-expected-failures", metavar="FILE",
                        help="write every failing test to FILE")
    parser.add_argument("--table", metavar="FILE", help="write a Markdown per-op table to FILE")
    args = parser.parse_args()
    if args.filter and args.write_expected_failures:
        parser.error("--write-expected-failures needs the whole suite, not --filter")

    data = os.path.abspath(args.data)
    nnc = os.path.abspath(shutil.which(args.nnc) or args.nnc)  # lit passes a bare 'nnc'
    pattern = re.compile(args.filter or "")
    tests = sorted(os.path.join(data, d) for d in os.listdir(data)
                   if d.startswith("test_") and pattern.search(d)
                   and os.path.isfile(os.path.join(data, d, "model.onnx")))
    if not tests:
        print(f"error: no test_*/model.onnx under {data}", file=sys.stderr)
        return 2
    if not os.access(nnc, os.X_OK):
        print(f"error: {nnc} is not an executable (build it, or pass --nnc)", file=sys.stderr)
        return 2
    expected = read_list(args.expected_failures) if args.expected_failures else None

    start = time.monotonic()
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_test, t, nnc, args.timeout) for t in tests]
        results = [future.result() for future in futures]
    elapsed = time.monotonic() - start

    failed = [r for r in results if r.cls != "pass"]
    for r in failed:
        tag = "XFAIL" if expected is not None and r.name in expected else "FAIL"
        print(f"{tag} {r.name} [{r.cls}]: {r.reason}")
    classes = collections.Counter(r.cls for r in failed)
    print("failures by class: " + (", ".join(f"{c} {n}" for c, n in classes.most_common())
                                   or "none"))

    status = 0
    if expected is not None:
        regressions = [r.name for r in failed if r.name not in expected]
        fixed = [r.name for r in results if r.cls == "pass" and r.name in expected]
        if not args.filter:
            stale = sorted(expected - {r.name for r in results})
            if stale:
                print(f"listed in {args.expected_failures} but not found: " + " ".join(stale))
        if fixed:
            print(f"unexpected passes — remove them from {args.expected_failures}:")
            print("".join(f"  {name}\n" for name in fixed), end="")
        if regressions:
            print(f"regressions (failing, not in {args.expected_failures}):")
            print("".join(f"  {name}\n" for name in regressions), end="")
            status = 1
    if args.write_expected_failures:
        write_list(args.write_expected_failures, results)
    if args.table:
        write_table(args.table, tests, results)
    if classes["harness-error"]:
        print("error: the harness failed on some tests (harness-error above)", file=sys.stderr)
        status = 2
    print(f"time: {elapsed:.0f} s with {args.jobs} jobs", file=sys.stderr)
    bound = sum(r.cls == "pass" and bool(r.reason) for r in results)
    print(f"{len(results) - len(failed)} passed ({bound} with --bind), {len(failed)} failed")
    return status


if __name__ == "__main__":
    sys.exit(main())
