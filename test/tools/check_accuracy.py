#!/usr/bin/env python3
"""Asserts that `nnc eval` counted exactly the correct predictions PyTorch did.

usage: check_accuracy.py EVAL_OUTPUT PYTORCH_ACCURACY_TXT
"""
import re
import sys


def main():
    eval_text = open(sys.argv[1]).read()
    ref_text = open(sys.argv[2]).read()
    got = re.search(r"accuracy: [0-9.]+ \((\d+)/(\d+)\)", eval_text)
    ref = re.search(r"correct (\d+) total (\d+)", ref_text)
    if not got or not ref:
        print("check_accuracy: could not parse", sys.argv[1:], file=sys.stderr)
        return 1
    got_c, got_n = int(got.group(1)), int(got.group(2))
    ref_c, ref_n = int(ref.group(1)), int(ref.group(2))
    if (got_c, got_n) != (ref_c, ref_n):
        print(f"FAIL: nnc {got_c}/{got_n} correct, PyTorch {ref_c}/{ref_n}")
        return 1
    print(f"OK: nnc and PyTorch both {got_c}/{got_n} correct")
    return 0


if __name__ == "__main__":
    sys.exit(main())
