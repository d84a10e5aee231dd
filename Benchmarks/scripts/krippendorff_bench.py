#!/usr/bin/env python3
"""Times the `krippendorff` package (0.9.0) on a reliability-data matrix written by `QuireBench agreement`.

Usage: krippendorff_bench.py MATRIX.csv [--repeat N]
MATRIX.csv: one line per reviewer, one comma-separated value per item, `nan` for a missing rating.
Prints one JSON object: {"levels": {LEVEL: {"alpha": float, "seconds": best of N}}}.
"""
import argparse
import json
import time

import krippendorff
import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("matrix")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = np.loadtxt(args.matrix, delimiter=",", ndmin=2)
    domain = np.unique(data[~np.isnan(data)])
    levels = {}
    for level in ("nominal", "ordinal", "interval", "ratio"):
        best, alpha = float("inf"), None
        for _ in range(args.repeat):
            start = time.perf_counter()
            alpha = krippendorff.alpha(reliability_data=data, value_domain=domain, level_of_measurement=level)
            best = min(best, time.perf_counter() - start)
        levels[level] = {"alpha": float(alpha), "seconds": best}
    print(json.dumps({"levels": levels}))


if __name__ == "__main__":
    main()
