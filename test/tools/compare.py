#!/usr/bin/python3
"""compare.py - checks an output tensor against a reference, elementwise.

The pass/fail gate of the end-to-end tests: ACTUAL (from an nnc-compiled model)
passes iff shapes and dtypes match exactly and, for floats, |a - e| <= atol +
rtol * |e| for every element; integers and bools must be equal. NaN matches
only NaN; an infinity matches only the same infinity.

    compare.py ACTUAL.npy EXPECTED.npy [--atol 1e-5] [--rtol 1e-4] [--name NAME]
"""

import argparse
import sys

import numpy as np


def fail(name, message):
    print(f"FAIL {name}: {message}")
    return 1


def compare(actual, expected, atol, rtol, name):
    """Returns the exit status; prints one OK line or a failure report."""
    if actual.shape != expected.shape:
        note = ""
        if actual.size == expected.size == 1:
            note = " (a 0-d scalar and a 1-element array are different shapes)"
        return fail(name, f"shape mismatch: actual {actual.shape}, expected {expected.shape}{note}")
    if actual.dtype != expected.dtype:
        return fail(name, f"dtype mismatch: actual {actual.dtype}, expected {expected.dtype}")
    if actual.size == 0:
        print(f"OK {name}: empty, shape {actual.shape}")
        return 0
    if expected.dtype.kind not in "fc":
        if not np.array_equal(actual, expected):
            count = int(np.count_nonzero(actual != expected))
            return fail(name, f"{count} of {expected.size} elements differ "
                        "(exact match required)")
        print(f"OK {name}: exactly equal")
        return 0

    # At least 1-d so element assignment works for 0-d (scalar) outputs too.
    a = np.atleast_1d(actual.astype(np.float64))
    e = np.atleast_1d(expected.astype(np.float64))
    nan_a, nan_e = np.isnan(a), np.isnan(e)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        err = np.abs(a - e)
        err[a == e] = 0.0  # equal infinities: inf - inf is NaN, but they match
        tol = atol + rtol * np.abs(e)
        # How far past its tolerance each element is (> 1 fails).
        ratio = np.where(err == 0.0, 0.0, err / tol)
    ratio[np.isnan(ratio)] = np.inf  # one side NaN, or inf vs inf tolerance: rank worst
    ratio[nan_a & nan_e] = 0.0
    bad = ratio > 1.0

    count = int(np.count_nonzero(bad))
    if count:
        worst = np.unravel_index(int(np.argmax(ratio)), ratio.shape)
        index = tuple(int(i) for i in worst)
        if nan_a[worst] != nan_e[worst]:
            why = "NaN mismatch"
        elif np.isinf(a[worst]) or np.isinf(e[worst]):
            why = "infinity mismatch"
        else:
            why = f"abs err {err[worst]:.6g} > tolerance {tol[worst]:.6g}"
        return fail(
            name,
            f"{count} of {a.size} elements out of tolerance; worst at index {index}: "
            f"actual {actual.reshape(a.shape)[worst]!r}, "
            f"expected {expected.reshape(e.shape)[worst]!r}, {why} "
            f"(atol {atol:g} + rtol {rtol:g} * |expected|)")

    both = ~(nan_a & nan_e) & np.isfinite(e)
    max_abs = float(err[both].max()) if both.any() else 0.0
    nonzero = both & (e != 0)
    max_rel = float((err[nonzero] / np.abs(e[nonzero])).max()) if nonzero.any() else 0.0
    print(f"OK {name}: max abs err {max_abs:.3g}, max rel err {max_rel:.3g}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("actual")
    parser.add_argument("expected")
    parser.add_argument("--atol", type=float, default=1e-5)
    parser.add_argument("--rtol", type=float, default=1e-4)
    parser.add_argument("--name", help="output name for messages (default: ACTUAL's path)")
    args = parser.parse_args()
    name = args.name or args.actual
    try:
        actual = np.load(args.actual, allow_pickle=False)
        expected = np.load(args.expected, allow_pickle=False)
    except (OSError, ValueError) as err:
        return fail(name, f"cannot read input: {err}")
    return compare(actual, expected, args.atol, args.rtol, name)


if __name__ == "__main__":
    sys.exit(main())
