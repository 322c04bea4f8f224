#!/usr/bin/env bash
# generate.sh: writes the official ONNX backend node tests (Debian python3-onnx)
# into OUTDIR/node/test_*/ for run_conformance.py. Idempotent: a stamp file
# naming the onnx version records a finished generation.
#
#   test/conformance/generate.sh OUTDIR
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
out=$1
python=/usr/bin/python3  # Debian's onnx; a python3 earlier on PATH may lack it
version=$("$python" -c 'import onnx; print(onnx.__version__)')
stamp="$out/.generated-onnx-$version"

count() { find "$out/node" -mindepth 2 -maxdepth 2 -name model.onnx | wc -l; }

if [ -f "$stamp" ]; then
  echo "$out: $(count) node tests (onnx $version), already generated"
  exit 0
fi

mkdir -p "$out"
# onnx 1.12's test cases use np.float, np.int, np.bool and np.object, which
# NumPy 1.24 removed; restore them as the builtins they aliased, then run the
# generator that the console script backend-test-tools wraps.
"$python" - generate-data -o "$out" <<'EOF'
import sys

import numpy as np

for name, builtin in (("float", float), ("int", int), ("bool", bool), ("object", object)):
    if not hasattr(np, name):
        setattr(np, name, builtin)

from onnx.backend.test.cmd_tools import main

sys.argv[0] = "backend-test-tools"
main()
EOF
touch "$stamp"
echo "$out: $(count) node tests (onnx $version)"
