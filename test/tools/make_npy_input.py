#!/usr/bin/python3
"""make_npy_input.py - writes a seeded uniform-random float32 .npy tensor.

Gives tests a reproducible input without checking binary files in:

    make_npy_input.py OUT.npy --shape 1x3x32x32 [--seed 0] [--low -1] [--high 1]
"""

import argparse
import sys

import numpy as np


def parse_shape(text):
    """'1x3x32x32' -> (1, 3, 32, 32); '' or 'scalar' -> () for a 0-d tensor."""
    if text in ("", "scalar"):
        return ()
    try:
        dims = tuple(int(d) for d in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad shape '{text}', expected e.g. 1x3x32x32")
    if any(d < 0 for d in dims):
        raise argparse.ArgumentTypeError(f"negative dimension in shape '{text}'")
    return dims


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--shape", type=parse_shape, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--low", type=float, default=-1.0)
    parser.add_argument("--high", type=float, default=1.0)
    args = parser.parse_args()
    if args.low > args.high:
        parser.error(f"--low {args.low} is above --high {args.high}")
    rng = np.random.default_rng(args.seed)
    data = rng.uniform(args.low, args.high, size=args.shape).astype(np.float32)
    np.save(args.out, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
