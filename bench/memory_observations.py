#!/usr/bin/env python3
"""Observations (YAML) from one row of `neurofit evaluate` CSV on stdin: every feature column
(those after the parameters: the whole-cell features and `sweep.feature` names) with a finite,
non-zero value becomes a property with sd 5% of |mean|, at least 0.1. For bench/memory.sh."""
import csv
import math
import sys

WHOLE_CELL = {"resting_potential", "input_resistance", "time_constant", "rheobase", "fi_slope",
              "capacitance", "ap_width", "ap_amplitude", "ap_threshold", "injected_current"}

row = next(csv.DictReader(sys.stdin))
print("name: reference\nproperties:")
for name, value in row.items():
    if name in WHOLE_CELL or "." in name:
        v = float(value)
        if math.isfinite(v) and v != 0:
            print(f"  {name}: {{mean: {v!r}, sd: {max(0.05 * abs(v), 0.1)!r}}}")
