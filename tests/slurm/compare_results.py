#!/usr/bin/python3
"""Compares the result files of two runs of the same neurofit campaign, task folder by task folder:
/archive/objectives, /archive/parameters and /history (without its last column, `seconds`: wall
time) must be equal bit for bit. Exit status 0 when they are, 1 when not (a line per difference),
2 when h5py is missing.

    compare_results.py EXPECTED_FOLDER ACTUAL_FOLDER
"""
import pathlib
import sys

try:
    import h5py
    import numpy as np
except ImportError as e:  # the caller skips on status 2
    print(f"compare_results.py: needs h5py and numpy ({e})", file=sys.stderr)
    sys.exit(2)


def datasets(path):
    with h5py.File(path, "r") as f:
        history = f["history"]
        columns = [c.decode() if isinstance(c, bytes) else str(c) for c in history.attrs["columns"]]
        if columns[-1] != "seconds":
            raise ValueError(f"{path}: the last column of /history is {columns[-1]}, not seconds")
        return {
            "/archive/objectives": f["archive/objectives"][()],
            "/archive/parameters": f["archive/parameters"][()],
            "/history without seconds": history[()][:, :-1],
            "generation": np.array(f.attrs["generation"]),
        }


def main():
    expected, actual = (pathlib.Path(p) for p in sys.argv[1:3])
    tasks = sorted(p.parent.name for p in expected.glob("*/result.h5"))
    problems = []
    if not tasks:
        problems.append(f"no task results in {expected}")
    found = sorted(p.parent.name for p in actual.glob("*/result.h5"))
    if found != tasks:
        problems.append(f"task results differ: expected {tasks}, found {found}")
    for task in tasks:
        if not (actual / task / "result.h5").exists():
            continue
        a, b = datasets(expected / task / "result.h5"), datasets(actual / task / "result.h5")
        for name in a:
            if a[name].shape != b[name].shape:
                problems.append(f"{task}: {name} has shape {b[name].shape}, not {a[name].shape}")
            elif not np.array_equal(a[name], b[name], equal_nan=True):
                problems.append(f"{task}: {name} differs")
        print(f"{task}: {a['/archive/objectives'].shape[0]} archive members, "
              f"{a['/history without seconds'].shape[0]} history rows: "
              + ("equal" if not any(p.startswith(task + ":") for p in problems) else "DIFFERENT"))
    for p in problems:
        print("compare_results.py:", p, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
