"""Checks an `nnc bench --phases` listing: every phase index once, times in
descending order and positive, percentages and the total consistent."""
import re
import sys

text = open(sys.argv[1]).read()
count = int(re.search(r"(\d+) phases, mean of", text).group(1))
rows = [(int(i), float(ms), float(pct))
        for i, ms, pct in re.findall(r"^\s+(\d+)\s+([0-9.]+)\s+([0-9.]+)%", text, re.M)]
total = float(re.search(r"total\s+([0-9.]+) ms", text).group(1))
assert sorted(i for i, _, _ in rows) == list(range(count)), rows
times = [ms for _, ms, _ in rows]
assert times == sorted(times, reverse=True), times
assert all(ms > 0 for ms in times), times
assert abs(sum(times) - total) <= 1e-3 * count + 1e-3, (sum(times), total)
assert abs(sum(p for _, _, p in rows) - 100) < 0.1 * count + 0.5, rows
