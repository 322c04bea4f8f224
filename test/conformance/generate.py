#!/usr/bin/env python3
"""Writes the official ONNX backend node tests (Debian python3-onnx 1.12) to
OUTDIR/node: model.onnx plus test_data_set_*/input_*.pb, output_*.pb.

usage: generate.py OUTDIR        (does nothing if OUTDIR/node exists)

onnx 1.12's generator uses NumPy aliases that NumPy 1.24 removed (np.float,
np.int, np.bool, np.object); they are restored before it runs.
"""
import os
import sys

import numpy as np


def main():
    out = sys.argv[1]
    if os.path.isdir(os.path.join(out, "node")):
        return 0
    for name, alias in (("float", float), ("int", int), ("bool", bool),
                        ("object", object)):
        if name not in np.__dict__:
            setattr(np, name, alias)
    from onnx.backend.test.cmd_tools import main as tools_main
    sys.argv = ["backend-test-tools", "generate-data", "-o", out]
    tools_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
