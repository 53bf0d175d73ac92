#!/usr/bin/env python3
"""Side-by-side ground-truth recovery under several protocols (README "Ground-truth recovery").

Each argument is the saved output of one `scripts/recovery.sh --protocol P` run; the protocol is
read from its per-target header lines. Prints one markdown row per target: for each protocol the
largest z, features within 1 sd, the largest and the median parameter error (of the search range)
and wall seconds; then per protocol how many targets met the recovery targets (every feature
within 1 sd, every parameter within 5% of its range, median parameter error at most 1%).
With --verdicts: instead, per target and protocol the identifiability verdicts at the recovered
model (the parameters not determined: weakly determined, undetermined). With --misses: instead,
each target that misses a recovery target, with its worst parameter's error, that parameter's
spread over the archive models with every z <= 1 and its local sd (README "Identifiability").

    scripts/recovery.sh --protocol ne8 > ne8.txt   # likewise allen and firing
    scripts/recovery_compare.py [--verdicts | --misses] ne8.txt allen.txt firing.txt
"""
import re
import sys


PARAMETER_LINE = re.compile(r"^  (\S+) +(\S+) +(\S+) +(\S+) +(determined|weakly determined|"
                            r"undetermined|not assessed)$")


def read_run(path):
    """(protocol, evaluations, {target: row}, {target: verdicts}, {target: {parameter: (spread
    within 1 sd, local sd)}}) of one recovery.sh output."""
    protocol, evaluations, rows, verdicts, spreads, target = None, set(), {}, {}, {}, None
    with open(path) as f:
        for line in f:
            m = re.match(r"(\S+): protocol (\S+), .*, (\d+) evaluations$", line.strip())
            if m:
                target, protocol = m.group(1), m.group(2)
                evaluations.add(int(m.group(3)))
            m = PARAMETER_LINE.match(line.rstrip("\n"))
            if m and target:
                spreads.setdefault(target, {})[m.group(1)] = (m.group(2), m.group(4))
            if line.startswith("summary: |"):
                cells = [c.strip() for c in line.split("|")[1:-1]]
                rows[cells[0]] = cells
            if line.startswith("identifiability: |"):
                cells = [c.strip() for c in line.split("|")[1:-1]]
                verdicts[cells[0]] = cells[4:6]  # weakly determined, undetermined
    if protocol is None:
        sys.exit(f"recovery_compare: {path}: no recovery output (no 'NAME: protocol P' line)")
    return protocol, evaluations, rows, verdicts, spreads


def cells_of(row):
    """largest z, within, largest error (%), median error (%), wall s; blanks if not viable."""
    if row is None:
        return ["-"] * 5
    if row[2].startswith("not viable"):
        return ["not viable", "", "", "", ""]
    largest, parameter = row[4].split(" ")
    return [row[2], row[3], f"{100 * float(largest):.1f}% {parameter.strip('()')}",
            f"{100 * float(row[5]):.2f}%", row[7]]


def met(row):
    """(features, parameters, median) targets met; None when the target is not viable."""
    if row is None or row[2].startswith("not viable"):
        return None
    within, n = row[3].split("/")
    return (within == n, float(row[4].split(" ")[0]) <= 0.05, float(row[5]) <= 0.01)


def not_determined(verdict):
    """"all determined", or the weakly determined and undetermined parameters."""
    if verdict is None:
        return "-"
    weak, undetermined = verdict
    if weak == "-" and undetermined == "-":
        return "all determined"
    return "; ".join(f"{label}: {names}" for label, names in
                     (("weakly", weak), ("undetermined", undetermined)) if names != "-")


def print_verdicts(runs, targets):
    print("| target | model | " + " | ".join(p for p, _, _, _, _ in runs) + " |")
    print("|" + "---|" * (2 + len(runs)))
    for t in targets:
        model = next(rows[t][1] for _, _, rows, _, _ in runs if t in rows)
        print(f"| {t} | {model} | " +
              " | ".join(not_determined(v.get(t)) for _, _, _, v, _ in runs) + " |")


def print_misses(runs, targets):
    print("| protocol | target | largest z | within 1 sd | worst parameter: error | its spread "
          "within 1 sd | its local sd | median error |")
    print("|---|---|---|---|---|---|---|---|")
    for protocol, _, rows, _, spreads in runs:
        for t in targets:
            r = met(rows.get(t))
            if r is None or all(r):
                continue
            row = rows[t]
            largest, parameter = row[4].split(" ")
            parameter = parameter.strip("()")
            spread, local = spreads.get(t, {}).get(parameter, ("-", "-"))
            print(f"| {protocol} | {t} | {row[2]} | {row[3]} | {parameter}: "
                  f"{100 * float(largest):.1f}% | {spread} | {local} | "
                  f"{100 * float(row[5]):.2f}% |")


def main(args):
    runs = [read_run(p) for p in args if p not in ("--verdicts", "--misses")]
    targets = list(dict.fromkeys(t for _, _, rows, _, _ in runs for t in rows))
    if "--verdicts" in args:
        return print_verdicts(runs, targets)
    if "--misses" in args:
        return print_misses(runs, targets)
    head = ["target", "model"]
    for protocol, _, _, _, _ in runs:
        head += [f"{protocol}: largest z", "within 1 sd", "largest error", "median error", "s"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for t in targets:
        model = next(rows[t][1] for _, _, rows, _, _ in runs if t in rows)
        cells = [t, model]
        for _, _, rows, _, _ in runs:
            cells += cells_of(rows.get(t))
        print("| " + " | ".join(cells) + " |")
    print()
    for protocol, evaluations, rows, _, _ in runs:
        results = [met(rows.get(t)) for t in targets]
        scored = [r for r in results if r is not None]
        counts = [sum(r[k] for r in scored) for k in range(3)]
        print(f"{protocol} ({'/'.join(str(e) for e in sorted(evaluations))} evaluations per "
              f"target): {len(scored)} targets viable under it; every feature within 1 sd in "
              f"{counts[0]}, every parameter within 5% in {counts[1]}, median parameter error at "
              f"most 1% in {counts[2]}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
