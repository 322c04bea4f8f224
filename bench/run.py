#!/usr/bin/python3
"""Side-by-side latency of nnc, onnxruntime and PyTorch on the same models.

usage: bench/run.py [--runs N] [--warmup N] [--models NAME ...] [--batches 1 8]
                    [--threads 1 2] [--markdown FILE] [--svg FILE]

One run builds every model (seeded random weights, like the tests) at each
batch size, exports it to ONNX, and times three engines in-process on it:
nnc through the runtime's C API (`nnc bench`), onnxruntime 1.30 through
bench/ort_bench.js and PyTorch eager in this process, each with a warm-up
and then N timed runs (median, and the min-max spread). It also measures the
machine's fp32 FMA peak (bench/fma_peak.c) and reports each model's achieved
GFLOP/s (2 flops per multiply-add of its convolutions and matrix products)
as a fraction of the peak of the cores in use, and nnc's compile time.

ratio = onnxruntime time / nnc time: above 1 means nnc is faster. Each engine
runs with the same thread count (nnc: `nnc bench --threads`); a model nnc
compiled single-threaded (too small for threads to pay) runs on one thread,
marked '(1t)'.
"""
import argparse
import json
import multiprocessing
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import onnx
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test", "e2e"))
sys.path.insert(0, os.path.join(ROOT, "test", "zoo"))
import make_models  # noqa: E402  (the seeds' networks)
import make_zoo  # noqa: E402  (torchvision models)

MIN_ROUND_S = 0.3  # seconds of nnc time per round, for fast models
MAX_RUNS = 2000

SEEDS = ["softmax_regression", "mlp", "lenet", "cifar_bird", "autoencoder"]
ZOO = ["resnet18", "mobilenet_v2", "alexnet", "squeezenet1_0"]


def build(name, batch):
    """(torch module, input array) for a model at a batch size."""
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    if name in make_models.MODELS:
        ctor, shape, (low, high) = make_models.MODELS[name]
        model = ctor().eval()
        x = rng.uniform(low, high, size=(batch,) + shape[1:])
    else:
        ctor, shape, make_input = make_zoo.MODELS[name]
        model = ctor().eval()
        make_zoo.randomize_batch_norms(model)
        x = make_input(rng, (batch,) + shape[1:])
    return model, x.astype(np.float32)


def export(model, x, path):
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, torch.from_numpy(x), path, opset_version=13,
                          do_constant_folding=True, input_names=["input"],
                          output_names=["output"],
                          training=torch.onnx.TrainingMode.EVAL)


def flops(path):
    """2 x the multiply-adds of the model's Conv, ConvTranspose, Gemm, MatMul."""
    model = onnx.shape_inference.infer_shapes(onnx.load(path))
    shapes = {}
    for v in list(model.graph.input) + list(model.graph.value_info) + list(model.graph.output):
        shapes[v.name] = [d.dim_value for d in v.type.tensor_type.shape.dim]
    for init in model.graph.initializer:
        shapes[init.name] = list(init.dims)
    total = 0
    for node in model.graph.node:
        out = shapes.get(node.output[0])
        if node.op_type in ("Conv", "ConvTranspose"):
            w = shapes[node.input[1]]
            x = shapes[node.input[0]]
            spatial = np.prod(w[2:])
            if node.op_type == "Conv":  # out elements x (C / groups) x kernel
                total += np.prod(out) * w[1] * spatial
            else:  # every input element meets every filter tap of its group
                total += np.prod(x) * w[1] * spatial
        elif node.op_type in ("Gemm", "MatMul"):
            a = shapes[node.input[0]]
            k = a[0] if node.op_type == "Gemm" and any(
                at.name == "transA" and at.i for at in node.attribute) else a[-1]
            total += np.prod(out) * k
    return 2.0 * total


def nnc_compile(nnc, path, work):
    bundle = os.path.join(work, os.path.basename(path) + ".nnb")
    start = time.perf_counter()
    subprocess.run([nnc, "compile", path, "-o", bundle], check=True)
    return bundle, time.perf_counter() - start


def nnc_time(nnc, bundle, runs, warmup, threads):
    """([median, min, max] ms, threads actually used)."""
    out = subprocess.run([nnc, "bench", bundle, "--runs", str(runs), "--warmup", str(warmup),
                          "--threads", str(threads)],
                         check=True, capture_output=True, text=True).stdout
    m = re.search(r"median ([0-9.]+) ms\s+min ([0-9.]+) ms\s+max ([0-9.]+) ms", out)
    used = int(re.search(r"runs, ([0-9]+) thread", out).group(1))
    return [float(v) for v in m.groups()], used


def ort_time(path, runs, warmup, threads):
    out = subprocess.run(["node", os.path.join(ROOT, "bench/ort_bench.js"), path,
                          "--runs", str(runs), "--warmup", str(warmup),
                          "--threads", str(threads)],
                         check=True, capture_output=True, text=True).stdout
    r = json.loads(out)
    return [r["median_ms"], r["min_ms"], r["max_ms"]]


def export_job(name, batch, path):
    model, x = build(name, batch)
    export(model, x, path)


def torch_job(name, batch, runs, warmup, threads):
    model, x = build(name, batch)
    return torch_time(model, x, runs, warmup, threads)


def isolated(fn, *args):
    """fn(*args) in a fresh process. PyTorch's thread pools keep spinning
    after a run; in the harness's own process they would steal a core from
    the engines timed next (nnc's 2-thread resnet18 went 15.9 -> 19.4 ms
    beside an idle PyTorch process)."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(fn, args)


def torch_time(model, x, runs, warmup, threads):
    torch.set_num_threads(threads)
    inp = torch.from_numpy(x)
    times = []
    with torch.no_grad():
        for i in range(warmup + runs):
            start = time.perf_counter()
            model(inp)
            if i >= warmup:
                times.append((time.perf_counter() - start) * 1e3)
    return [statistics.median(times), min(times), max(times)]


def fma_peak(work, threads, tries=3):
    """The best of `tries` measurements: a peak is what the cores can do, and
    load from the VM's neighbours only ever lowers a measurement."""
    exe = os.path.join(work, "fma_peak")
    if not os.path.exists(exe):
        subprocess.run(["clang-22", "-O3", "-march=native", "-pthread",
                        os.path.join(ROOT, "bench/fma_peak.c"), "-o", exe], check=True)
    return max(float(subprocess.run([exe, str(threads)], check=True, capture_output=True,
                                    text=True).stdout) for _ in range(tries))


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}"


def svg_chart(rows, path):
    """Horizontal bars of ratio ort/nnc per (model, batch, threads)."""
    bars = [(f"{r['model']} b{r['batch']} t{r['threads']}", r["ratio"]) for r in rows]
    width, bar_h, left = 640, 18, 190
    top = 30
    height = top + len(bars) * (bar_h + 6) + 30
    vmax = max([b[1] for b in bars] + [1.0])
    scale = (width - left - 60) / vmax
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           'font-family="sans-serif" font-size="12">',
           f'<text x="{left}" y="18">nnc speed relative to onnxruntime, same threads '
           '(ort time / nnc time; right of the line = nnc faster)</text>']
    for i, (label, ratio) in enumerate(bars):
        y = top + i * (bar_h + 6)
        color = "#2a7" if ratio >= 1 else "#c54"
        out.append(f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{label}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{ratio * scale:.1f}" height="{bar_h}" '
                   f'fill="{color}"/>')
        out.append(f'<text x="{left + ratio * scale + 4:.1f}" y="{y + 13}">{ratio:.2f}</text>')
    x1 = left + scale
    out.append(f'<line x1="{x1:.1f}" y1="{top - 4}" x2="{x1:.1f}" y2="{height - 24}" '
               'stroke="#000" stroke-dasharray="4 3"/>')
    out.append(f'<text x="{x1:.1f}" y="{height - 8}" text-anchor="middle">1.0</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nnc", default=os.path.join(ROOT, "build/bin/nnc"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating nnc/onnxruntime rounds; each engine's "
                             "round with the lowest median is reported")
    parser.add_argument("--models", nargs="+", default=["digits"] + SEEDS + ZOO)
    parser.add_argument("--batches", nargs="+", type=int, default=[1, 8])
    parser.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--markdown", help="write the results as markdown here")
    parser.add_argument("--svg", help="write the ratio chart here")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        peaks = {t: fma_peak(work, t) for t in args.threads}
        for name in args.models:
            for batch in args.batches:
                if name == "digits":
                    if batch != 1:
                        continue
                    path = os.path.join(ROOT, "tools/models/digits/digits.onnx")
                    model = None
                else:
                    model = name
                    path = os.path.join(work, f"{name}_b{batch}.onnx")
                    isolated(export_job, name, batch, path)
                gflop = flops(path) / 1e9
                bundle, compile_s = nnc_compile(args.nnc, path, work)
                for threads in args.threads:
                    # Fast models get more runs (both engines the same):
                    # a median of 20 runs of 50 us moves with every
                    # interrupt.
                    first, _ = nnc_time(args.nnc, bundle, 5, 2, threads)
                    runs = runs_for(first[0], args.runs)
                    # The machine's load drifts over seconds: alternate the
                    # two engines and keep each one's least disturbed round.
                    nnc = ort = None
                    for _ in range(args.rounds):
                        n, used = nnc_time(args.nnc, bundle, runs, args.warmup, threads)
                        o = ort_time(path, runs, args.warmup, threads)
                        nnc = n if nnc is None or n[0] < nnc[0] else nnc
                        ort = o if ort is None or o[0] < ort[0] else ort
                    pt = (isolated(torch_job, name, batch, args.runs, args.warmup, threads)
                          if model else None)
                    row = {"model": name, "batch": batch, "threads": threads, "nnc": nnc,
                           "nnc_threads": used, "ort": ort, "torch": pt, "ratio": ort[0] / nnc[0],
                           "gflops": gflop / (nnc[0] / 1e3) if gflop else 0.0,
                           "peak": peaks[threads], "compile_s": compile_s}
                    rows.append(row)
                    print(format_row(row), flush=True)
        # Measured again at the end, keeping the best: one measurement in a
        # loaded moment would make every row's share of the peak too high.
        peaks = {t: max(p, fma_peak(work, t)) for t, p in peaks.items()}
        for row in rows:
            row["peak"] = peaks[row["threads"]]
    header = table_header()
    print("\n" + header + "".join(format_row(r) + "\n" for r in rows))
    print(f"fp32 FMA peak: {peaks.get(1, 0):.0f} GFLOP/s on 1 core"
          + (f", {peaks[2]:.0f} on 2" if 2 in peaks else ""))
    if args.svg:
        svg_chart(rows, args.svg)
    if args.markdown:
        write_markdown(args.markdown, rows, peaks, args)
    return 0


def runs_for(ms, least):
    """Runs that take about MIN_ROUND_S of nnc time, at least `least` and
    at most MAX_RUNS."""
    return max(least, min(MAX_RUNS, int(MIN_ROUND_S * 1e3 / max(ms, 1e-3))))


def table_header():
    return ("| model | batch | threads | nnc ms (min-max) | onnxruntime ms | PyTorch ms | "
            "ratio ort/nnc | nnc GFLOP/s | % of peak (threads' cores) | nnc compile s |\n"
            "|---|---:|---:|---|---|---|---:|---:|---:|---:|\n")


def format_row(r):
    def t(v):
        return f"{v[0]:.3f} ({v[1]:.3f}-{v[2]:.3f})" if v else "n/a"
    nnc = t(r["nnc"]) + (" (1t)" if r["threads"] > r["nnc_threads"] else "")
    return (f"| {r['model']} | {r['batch']} | {r['threads']} | {nnc} | {t(r['ort'])} | "
            f"{t(r['torch'])} | {r['ratio']:.2f} | {r['gflops']:.1f} | "
            f"{100 * r['gflops'] / r['peak']:.0f}% | {r['compile_s']:.2f} |")


def write_markdown(path, rows, peaks, args):
    """Replaces the text between the begin/end markers of PATH (the whole
    file if it has none) with this run's results."""
    lines = [f"Machine: {machine()}. Measured fp32 FMA peak (bench/fma_peak.c): "
             f"{peaks.get(1, 0):.0f} GFLOP/s on 1 core"
             + (f", {peaks[2]:.0f} GFLOP/s on 2" if 2 in peaks else "") + ".",
             "",
             f"Each engine in-process: {args.warmup} warm-up runs, then the median "
             f"(min-max) of at least {args.runs} runs (fast models: as many as take "
             f"about {MIN_ROUND_S} s of nnc time, up to {MAX_RUNS}, the same for both "
             "engines); nnc and onnxruntime alternate for "
             f"{args.rounds} rounds and each engine's round with the lowest median is "
             "shown (this VM's load drifts by 20-40% over minutes); PyTorch runs once, "
             "in a child process. Ratio = onnxruntime time / nnc time (above "
             "1: nnc is faster). GFLOP/s counts 2 flops per multiply-add of the "
             "convolutions and matrix products; the peak is that of as many cores as "
             "threads. Every engine runs at the row's thread count, except that a "
             "model nnc compiled single-threaded (too small for threads to pay) "
             "runs on one thread, marked (1t).",
             "",
             "![nnc vs onnxruntime](benchmarks.svg)",
             "",
             table_header().rstrip("\n")]
    lines += [format_row(r) for r in rows]
    body = "\n".join(lines) + "\n"
    begin, end = "<!-- bench:begin -->\n", "<!-- bench:end -->"
    text = open(path).read() if os.path.exists(path) else ""
    if begin in text and end in text:
        text = text[:text.index(begin) + len(begin)] + body + text[text.index(end):]
    else:
        text = "# Benchmarks\n\n" + begin + body + end + "\n"
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    sys.exit(main())
