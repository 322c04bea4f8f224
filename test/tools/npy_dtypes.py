#!/usr/bin/python3
"""npy_dtypes.py - the same small integers as a .npy of every dtype nnc reads.

Tests feed them to a float32 input, which must convert each to the same
float32 tensor, and to inputs of other dtypes, which must take only their own:

    npy_dtypes.py OUTDIR --shape 1x1x8x8

writes OUTDIR/<dtype>.npy holding i % 5 at flat index i, for float16/32/64,
int8/16/32/64, uint8/16/32/64, and bool (i % 5 != 0) with its float32
reference bool_f4.npy. Also the spellings NumPy reads but never writes,
int8_lt.npy ('<i1'), uint8_lt.npy ('<u1') and bool_lt.npy ('<b1'), and a
big-endian int32_be.npy ('>i4') that nnc must refuse.
"""

import argparse
import os

import numpy as np

DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64",
          "uint8", "uint16", "uint32", "uint64"]


def respell(path, old, new):
    """Rewrites the descr of the .npy at PATH in place (same length)."""
    with open(path, "rb") as f:
        data = f.read()
    assert len(old) == len(new) and old in data, (path, old)
    with open(path, "wb") as f:
        f.write(data.replace(old, new, 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir")
    parser.add_argument("--shape", required=True, help="e.g. 1x1x8x8")
    args = parser.parse_args()
    shape = tuple(int(d) for d in args.shape.split("x"))
    os.makedirs(args.outdir, exist_ok=True)
    values = np.arange(int(np.prod(shape))).reshape(shape) % 5
    out = lambda name: os.path.join(args.outdir, name + ".npy")
    for dtype in DTYPES:
        np.save(out(dtype), values.astype(dtype))
    np.save(out("bool"), values != 0)
    np.save(out("bool_f4"), (values != 0).astype(np.float32))
    for name, descr in (("int8", b"i1"), ("uint8", b"u1"), ("bool", b"b1")):
        np.save(out(name + "_lt"), np.load(out(name)))
        respell(out(name + "_lt"), b"'|" + descr + b"'", b"'<" + descr + b"'")
    np.save(out("int32_be"), values.astype(">i4"))


if __name__ == "__main__":
    main()
