#!/usr/bin/python3
"""check_ptx.py - compiles ONNX models for --target=cuda and validates the PTX.

    check_ptx.py --nnc NNC --ptxas PTXAS [--arch sm_90] MODEL.onnx ...
        [--expect-error NAME=SUBSTRING ...]

For each model: `nnc compile --target=cuda --emit=ptx`, then
`ptxas -arch=ARCH file.ptx -o /dev/null`, and one line
"PASS name: N bytes of PTX, K kernels, compile X s, ptxas Y s" or
"FAIL name: reason". A model named in --expect-error must instead fail to
compile with that substring in its message (a known limitation, asserted).
Ends with "N passed, M failed".
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("models", nargs="+")
    p.add_argument("--nnc", required=True)
    p.add_argument("--ptxas", required=True)
    p.add_argument("--arch", default="sm_90")
    p.add_argument("--expect-error", action="append", default=[])
    args = p.parse_args()
    expected = dict(e.split("=", 1) for e in args.expect_error)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for model in args.models:
            name = os.path.splitext(os.path.basename(model))[0]
            ptx = os.path.join(tmp, name + ".ptx")
            start = time.time()
            c = subprocess.run([args.nnc, "compile", "--target=cuda",
                                "--gpu-arch=" + args.arch, "--emit=ptx", model,
                                "-o", ptx], capture_output=True, text=True)
            compile_s = time.time() - start
            if name in expected:
                if c.returncode != 0 and expected[name] in c.stderr:
                    print(f"PASS {name}: rejected as expected")
                    passed += 1
                else:
                    print(f"FAIL {name}: expected the error '{expected[name]}', "
                          f"got rc {c.returncode}: {c.stderr.strip()[:300]}")
                    failed += 1
                continue
            if c.returncode != 0:
                print(f"FAIL {name}: compile: {c.stderr.strip()[:400]}")
                failed += 1
                continue
            text = open(ptx).read()
            kernels = len(re.findall(r"^\.visible \.entry ", text, re.M))
            if f".target {args.arch}" not in text:
                print(f"FAIL {name}: the PTX is not for {args.arch}")
                failed += 1
                continue
            start = time.time()
            a = subprocess.run([args.ptxas, "-arch=" + args.arch, ptx, "-o",
                                os.devnull], capture_output=True, text=True)
            ptxas_s = time.time() - start
            if a.returncode != 0:
                print(f"FAIL {name}: ptxas: {a.stderr.strip()[:400]}")
                failed += 1
                continue
            print(f"PASS {name}: {len(text)} bytes of PTX, {kernels} kernels, "
                  f"compile {compile_s:.2f} s, ptxas {ptxas_s:.2f} s")
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
