#!/usr/bin/python3
"""Figures of a neurofit result, checkpoint or campaign summary (PNG, matplotlib Agg).

    scripts/plot.py RESULT.h5|CHECKPOINT.h5|SUMMARY.h5 [--out DIR] [--neurofit PATH]

A result or checkpoint file (root attribute format "neurofit-result" / "neurofit-checkpoint")
gives
  convergence.png  hypervolume and the best value of each objective against evaluations (/history)
  front.png        the archive's objectives, a scatter matrix (one scatter for two objectives)
  best_model.png   model fits only: the best model (smallest largest z, ties by smallest sum) at
                   its rheobase and at -10 pA, simulated with `neurofit simulate`, against the
                   cell type's resting potential, AP threshold and AP amplitude (mean +- sd)
  sweeps.png       fits under a protocol with sweeps: each sweep of the best model, simulated
                   with `neurofit simulate`, and the recordings the observations came from
                   (where their files are found from the current folder)
A campaign summary (format "neurofit-campaign-summary") gives
  fitability.png   the fraction of features within 2 sd, cell types x models
  best_z.png       the best z per feature of each cell type's best model

The figures go to --out (default: the folder of the input file); each path is printed, one a
line, as it is written. Without a neurofit binary best_model.png is skipped with a message.
Bad input (a missing file, not HDF5, an unknown format) ends with one line on standard error
and exit status 2; a failure while plotting with status 1.
"""

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import h5py
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt
    import numpy as np

    MISSING = None
except ImportError as e:  # reported by main()
    MISSING = e

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The ne8 protocol's stimuli (include/neurofit/ephys/ne8.hpp, src/ephys/ne8.cpp; README "The ne8
# protocol"): S1 -10 pA from 200 to 700 ms of 800 ms; S2/S3 from 100 to 1100 ms.
S1_CURRENT, S1_START, S1_END, S1_DURATION = -10.0, 200.0, 700.0, 800.0
STEP_START, STEP_END, STEP_DURATION = 100.0, 1100.0, 1200.0

RESULT_FORMATS = ("neurofit-result", "neurofit-checkpoint")
SUMMARY_FORMAT = "neurofit-campaign-summary"


class BadInput(Exception):
    """Input that cannot be plotted: one line for standard error, exit status 2."""


def note(msg):
    print(f"plot.py: {msg}", file=sys.stderr)


def text(value):
    """An HDF5 string attribute (bytes or str, scalar) as str."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if hasattr(value, "item") and getattr(value, "shape", None) == ():
        return text(value.item())
    return str(value)


def strings(value):
    """An HDF5 string-array attribute as a list of str."""
    if value is None:
        return []
    if isinstance(value, (str, bytes)):
        return [text(value)]
    return [text(v) for v in list(value)]


def columns_of(dataset, n):
    names = strings(dataset.attrs.get("columns"))
    return names if len(names) == n else [f"column {i}" for i in range(n)]


def legend(ax, **kw):
    if ax.get_legend_handles_labels()[0]:
        ax.legend(**kw)


def save(fig, path, written):
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    written.append(path)
    print(path, flush=True)


# ---------------------------------------------------------------------------------------------
# result and checkpoint files


def best_index(objectives):
    """The archive member whose largest objective is smallest; ties by the smallest sum."""
    largest = np.max(objectives, axis=1)
    total = np.sum(objectives, axis=1)
    return int(np.lexsort((total, largest))[0])


def plot_convergence(f, is_fit, out, written):
    if "history" not in f:
        note("no /history in the file: convergence.png skipped")
        return
    hist = f["history"]
    data = np.atleast_2d(hist[()])
    names = columns_of(hist, data.shape[1])
    col = {n: i for i, n in enumerate(names)}
    x_name = next((n for n in ("evaluations", "generation") if n in col), None)
    x = data[:, col[x_name]] if x_name else np.arange(data.shape[0])
    best = [n for n in names if n.startswith("best_")]

    fig, (ax_hv, ax_best) = plt.subplots(2, 1, figsize=(8, 7.5), sharex=True)
    if "hypervolume" in col:
        # Runs compute the hypervolume every few gathered generations (NaN in between).
        has_hv = ~np.isnan(data[:, col["hypervolume"]])
        hv = data[has_hv, col["hypervolume"]]
        ax_hv.plot(x[has_hv], hv, "o-", ms=3, color="C0", label="hypervolume")
        if "hypervolume_std_error" in col:
            se = data[has_hv, col["hypervolume_std_error"]]
            if np.any(se > 0):
                ax_hv.fill_between(x[has_hv], hv - 2 * se, hv + 2 * se, color="C0", alpha=0.25,
                                   label="± 2 standard errors (Monte Carlo)")
        scale = hist.attrs.get("hypervolume_scale")
        ref = hist.attrs.get("hypervolume_reference")
        detail = ""
        if scale is not None and ref is not None and len(scale) and len(ref):
            s, r = np.unique(scale), np.unique(ref)
            if len(s) == 1 and len(r) == 1:
                detail = f" (objectives / {s[0]:g}, reference {r[0]:g})"
        ax_hv.set_ylabel("hypervolume" + detail)
        ax_hv.legend(loc="lower right", fontsize=8)
    ax_hv.grid(alpha=0.3)
    ax_hv.set_title("convergence: " + text(f.attrs.get("problem", "")))

    for i, n in enumerate(best):
        ax_best.plot(x, data[:, col[n]], "-", lw=1.5, color=f"C{i % 10}", label=n[len("best_"):])
    values = data[:, [col[n] for n in best]] if best else np.zeros((0, 0))
    if values.size and np.all(values[np.isfinite(values)] > 0):
        ax_best.set_yscale("log")
    if is_fit:
        ax_best.axhline(2, color="k", ls="--", lw=1, label="2 sd")
        ax_best.set_ylabel("best z (sd from the cell type's mean)")
    else:
        ax_best.set_ylabel("best value of each objective")
    if best:
        ax_best.legend(fontsize=7, ncol=2, loc="upper right")
    ax_best.grid(alpha=0.3, which="both")
    ax_best.set_xlabel(x_name or "row")
    fig.tight_layout()
    save(fig, os.path.join(out, "convergence.png"), written)


def plot_front(f, is_fit, out, written):
    if "archive/objectives" not in f:
        note("no /archive/objectives in the file: front.png skipped")
        return
    ds = f["archive/objectives"]
    obj = np.atleast_2d(ds[()])
    if obj.shape[0] == 0:
        note("the archive is empty: front.png skipped")
        return
    names = columns_of(ds, obj.shape[1])
    m = obj.shape[1]
    b = best_index(obj)
    unit = " (z)" if is_fit else ""
    mark = dict(color="C3", marker="*", s=90, zorder=3, label="best compromise")

    if m <= 2:
        fig, ax = plt.subplots(figsize=(6, 5.5))
        if m == 1:
            ax.hist(obj[:, 0], bins=30, color="C0")
            ax.axvline(obj[b, 0], color="C3", label="best")
            ax.set_xlabel(names[0] + unit)
            ax.set_ylabel("archive members")
        else:
            ax.scatter(obj[:, 0], obj[:, 1], s=10, color="C0", label="archive")
            ax.scatter(obj[b, 0], obj[b, 1], **mark)
            ax.set_xlabel(names[0] + unit)
            ax.set_ylabel(names[1] + unit)
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    else:
        size = min(2.0 * m, 18)
        fig, axes = plt.subplots(m, m, figsize=(size, size), squeeze=False)
        for i in range(m):
            for j in range(m):
                ax = axes[i][j]
                if j > i:
                    ax.axis("off")
                    continue
                if i == j:
                    ax.hist(obj[:, i], bins=20, color="C0")
                    ax.axvline(obj[b, i], color="C3", lw=1)
                else:
                    ax.scatter(obj[:, j], obj[:, i], s=4, color="C0")
                    ax.scatter(obj[b, j], obj[b, i], color="C3", marker="*", s=40, zorder=3)
                ax.tick_params(labelsize=6)
                if i == m - 1:
                    ax.set_xlabel(names[j], fontsize=7)
                else:
                    ax.set_xticklabels([])
                if j == 0 and i > 0:
                    ax.set_ylabel(names[i], fontsize=7)
                elif j > 0:
                    ax.set_yticklabels([])
        fig.text(0.98, 0.98, f"archive: {obj.shape[0]} non-dominated members{unit}\n"
                 "red star: best compromise (smallest largest value)\n"
                 "diagonal: distribution of each objective",
                 ha="right", va="top", fontsize=9)
    fig.suptitle("archive objectives: " + text(f.attrs.get("problem", "")), x=0.02, ha="left")
    fig.tight_layout()
    save(fig, os.path.join(out, "front.png"), written)


def load_yaml():
    try:
        import yaml  # python3-yaml (scripts/setup.sh installs it)

        return yaml
    except ImportError:
        return None


def observations_of(config_text, cell_type):
    """The cell type's {feature: {mean, sd}} from the stored config text, or None with a note."""
    yaml = load_yaml()
    if yaml is None:
        note("python3-yaml is not installed (scripts/setup.sh installs it): "
             "best_model.png drawn without the cell type's targets")
        return None
    try:
        config = yaml.safe_load(config_text) or {}
    except yaml.YAMLError as e:
        note(f"the stored config is not valid YAML ({e.__class__.__name__}): no targets drawn")
        return None
    source = config.get("observations")
    name = config.get("cell_type") or cell_type
    if isinstance(source, dict):
        props = source.get("properties", {})
        return props if isinstance(props, dict) else None
    candidates = []
    if isinstance(source, str):  # a path relative to the config's folder, which is not stored
        candidates = [source, os.path.join(REPO, source),
                      os.path.join(REPO, "config", "examples", source)]
    elif name:
        dirs = [d for d in os.environ.get("NEUROFIT_CELLTYPES", "").split(os.pathsep) if d]
        dirs.append(os.path.join(REPO, "config", "celltypes"))
        candidates = [os.path.join(d, f"{name}.yaml") for d in dirs]
    for path in candidates:
        if os.path.isfile(path):
            try:
                with open(path, encoding="utf-8") as fh:
                    data = yaml.safe_load(fh) or {}
            except (OSError, yaml.YAMLError) as e:
                note(f"cannot read {path} ({e.__class__.__name__}): no targets drawn")
                return None
            props = data.get("properties", {})
            return props if isinstance(props, dict) else None
    note(f"cell type observations not found (tried {', '.join(candidates) or 'nothing'}): "
         "no targets drawn")
    return None


def find_neurofit(arg):
    """(binary, None) or (None, why): --neurofit, else $NEUROFIT, else build/src/neurofit of this
    repository (or the neurofit installed beside this script), else neurofit on PATH. A path given explicitly is used or refused, never passed
    over for another binary."""
    for label, path in (("--neurofit", arg), ("$NEUROFIT", os.environ.get("NEUROFIT"))):
        if path:
            if os.path.isfile(path) and os.access(path, os.X_OK):
                return path, None
            return None, f"{label} {path} is not an executable file"
    default = os.path.join(REPO, "build", "src", "neurofit")
    # Installed (cmake --install, the .deb): this script is <prefix>/share/neurofit/scripts.
    installed = os.path.join(REPO, os.pardir, os.pardir, "bin", "neurofit")
    for path in (default, installed):
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return os.path.normpath(path), None
    on_path = shutil.which("neurofit")
    if on_path:
        return on_path, None
    return None, f"no neurofit binary ({default} is missing and none is on PATH)"


def simulate(binary, model, params, amp, start, end, duration, tmp, tag):
    """Runs `neurofit simulate`; returns (t, V, spike times) or raises RuntimeError."""
    return simulate_steps(binary, model, params, [(amp, start, end)], duration, tmp, tag)


def simulate_steps(binary, model, params, steps, duration, tmp, tag):
    """`neurofit simulate` with current steps [(pA, start, end)]: (t, V, spike times)."""
    trace = os.path.join(tmp, f"{tag}.csv")
    cmd = [binary, "simulate", "--model", model]
    for name, value in params:
        cmd += ["--set", f"{name}={value!r}"]
    for amp, start, end in steps:
        cmd += ["--step", f"{amp!r}:{start!r}:{end!r}"]
    cmd += ["--duration", repr(duration), "--trace", trace]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        why = (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
        raise RuntimeError(f"neurofit simulate failed ({tag}): {why}")
    spikes = []
    for line in proc.stdout.splitlines():
        try:
            spikes.append(float(line))
        except ValueError:
            pass
    data = np.loadtxt(trace, delimiter=",", skiprows=1, ndmin=2)
    return data[:, 0], data[:, 1], spikes


def band(ax, props, name, label, color, offset=0.0):
    p = props.get(name) if props else None
    if not isinstance(p, dict) or "mean" not in p:
        return
    mean, sd = float(p["mean"]) + offset, float(p.get("sd", 0) or 0)
    ax.axhline(mean, color=color, lw=1, ls="--", label=f"{label} {mean:.1f} ± {sd:.1f} mV")
    if sd > 0:
        ax.axhspan(mean - sd, mean + sd, color=color, alpha=0.15)


def best_model(f, obj):
    """The best model's archive row, its [(parameter, value)] and {feature: value}."""
    b = best_index(obj)
    pds = f["archive/parameters"]
    pvals = np.atleast_2d(pds[()])[b]
    params = list(zip(columns_of(pds, len(pvals)), (float(v) for v in pvals)))
    feats = {}
    if "archive/features" in f:
        fds = f["archive/features"]
        row = np.atleast_2d(fds[()])[b]
        feats = dict(zip(columns_of(fds, len(row)), (float(v) for v in row)))
    return b, params, feats


def plot_best_model(f, args, out, written):
    model = text(f.attrs.get("model", ""))
    if "archive/objectives" not in f or "archive/parameters" not in f:
        note("no /archive/parameters or /archive/objectives: best_model.png skipped")
        return True
    obj = np.atleast_2d(f["archive/objectives"][()])
    if obj.shape[0] == 0:
        note("the archive is empty: best_model.png skipped")
        return True
    binary, why = find_neurofit(args.neurofit)
    if binary is None:
        note(f"{why}: best_model.png skipped (give the binary with --neurofit PATH or $NEUROFIT)")
        return True
    b, params, feats = best_model(f, obj)
    rheobase = feats.get("rheobase", math.nan)
    props = observations_of(text(f.attrs.get("config", "")), text(f.attrs.get("cell_type", "")))
    all_props = props or {}
    if props:  # target bands only of the features that the fit scored
        scored = set(columns_of(f["archive/objectives"], obj.shape[1]))
        props = {k: v for k, v in props.items() if k in scored and isinstance(v, dict)}

    with tempfile.TemporaryDirectory(prefix="neurofit-plot-") as tmp:
        try:
            passive = simulate(binary, model, params, S1_CURRENT, S1_START, S1_END, S1_DURATION,
                               tmp, "passive")
            active = None
            if math.isfinite(rheobase):
                active = simulate(binary, model, params, rheobase, STEP_START, STEP_END,
                                  STEP_DURATION, tmp, "rheobase")
        except (RuntimeError, OSError, ValueError) as e:
            note(f"{e}: best_model.png not written")
            return False

    fig, axes = plt.subplots(2, 2, figsize=(14, 9), gridspec_kw={"width_ratios": [3, 2]})
    (ax_rb, ax_ap), (ax_s1, ax_tab) = axes
    thr_model = feats.get("ap_threshold", math.nan)
    if active is not None:
        t, v, spikes = active
        ax_rb.plot(t, v, color="k", lw=0.8)
        ax_rb.set_title(f"step at rheobase, {rheobase:.1f} pA, {STEP_START:g}-{STEP_END:g} ms")
        band(ax_rb, props, "resting_potential", "rest", "C0")
        band(ax_rb, props, "ap_threshold", "AP threshold", "C2")
        if spikes:
            t0 = spikes[0]
            sel = (t >= t0 - 3) & (t <= t0 + 5)
            ax_ap.plot(t[sel], v[sel], color="k", lw=1)
            ax_ap.set_title(f"first spike at rheobase (peak at {t0:.1f} ms)")
        else:
            ax_ap.text(0.5, 0.5, "no spike at the stored rheobase", ha="center",
                       transform=ax_ap.transAxes)
            ax_ap.set_title("first spike at rheobase")
        band(ax_ap, props, "ap_threshold", "AP threshold", "C2")
        # The amplitude is the peak less the model's own threshold: its target band sits there.
        base = thr_model
        if not math.isfinite(base):
            base = float(((props or {}).get("ap_threshold") or {}).get("mean", math.nan))
        if math.isfinite(base):
            band(ax_ap, props, "ap_amplitude", "AP peak target (model threshold + amplitude)",
                 "C3", offset=base)
        if math.isfinite(thr_model):
            ax_ap.axhline(thr_model, color="C2", lw=1.5,
                          label=f"model's threshold {thr_model:.1f} mV")
        legend(ax_ap, fontsize=7, loc="center left")
    else:
        why = "not viable: no rheobase" if "rheobase" in feats else "the protocol has no rheobase"
        for ax in (ax_rb, ax_ap):
            ax.text(0.5, 0.5, why, ha="center", transform=ax.transAxes)
        ax_rb.set_title("step at rheobase")
    t, v, _ = passive
    ax_s1.plot(t, v, color="k", lw=0.8)
    ax_s1.set_title(f"step of {S1_CURRENT:g} pA, {S1_START:g}-{S1_END:g} ms")
    band(ax_s1, props, "resting_potential", "rest", "C0")
    for ax in (ax_rb, ax_ap, ax_s1):
        ax.set_xlabel("t (ms)")
        ax.set_ylabel("V (mV)")
        ax.grid(alpha=0.3)
    legend(ax_rb, fontsize=7, loc="upper left")
    legend(ax_s1, fontsize=7, loc="lower right")

    # The best model's features against the cell type, as a table.
    ax_tab.axis("off")
    zcols = dict(zip(columns_of(f["archive/objectives"], obj.shape[1]), obj[b]))
    units = {}
    if "archive/features" in f:
        fds = f["archive/features"]
        units = dict(zip(columns_of(fds, len(feats)), strings(fds.attrs.get("units"))))
    rows = []
    for name, value in feats.items():
        p = all_props.get(name) or {}
        mean = f"{float(p['mean']):.4g}" if "mean" in p else ""
        sd = f"{float(p['sd']):.3g}" if "sd" in p else ""
        z = f"{zcols[name]:.2f}" if name in zcols else "not scored"
        rows.append([name, f"{value:.4g}", mean, sd, z, units.get(name, "")])
    if rows:
        table = ax_tab.table(cellText=rows, colLabels=["feature", "model", "mean", "sd", "z",
                                                        "unit"], loc="center", cellLoc="right",
                              colWidths=[0.3, 0.14, 0.14, 0.14, 0.14, 0.12])
        table.auto_set_font_size(False)
        table.set_fontsize(8)
        table.scale(1, 1.3)
        for (r, c), cell in table.get_celld().items():
            if c == 0:
                cell.set_text_props(ha="left")
            if r > 0 and c == 4 and rows[r - 1][4] != "not scored" and float(rows[r - 1][4]) > 2:
                cell.set_facecolor("#f4c7c3")
    ax_tab.set_title("features of the best model (z > 2 shaded)")
    z = obj[b]
    fig.suptitle(f"best model of {model} for {text(f.attrs.get('cell_type', ''))}: archive member "
                 f"{b + 1} of {obj.shape[0]}, largest z {z.max():.3g}, sum {z.sum():.4g}; "
                 "bands: the cell type's mean ± sd", fontsize=10)
    fig.tight_layout()
    save(fig, os.path.join(out, "best_model.png"), written)
    return True


def recorded_traces(config_text):
    """[(sweep name or None, path, t, V)] of the observations' recordings that can be found (paths
    are relative to the config's folder, which is not stored: tried as given and from here)."""
    yaml = load_yaml()
    if yaml is None:
        return []
    try:
        obs = (yaml.safe_load(config_text) or {}).get("observations")
    except yaml.YAMLError:
        return []
    if isinstance(obs, str):
        for path in (obs, os.path.join(REPO, "config", "examples", obs)):
            if os.path.isfile(path):
                with open(path, encoding="utf-8") as fh:
                    obs = yaml.safe_load(fh) or {}
                break
    if not isinstance(obs, dict):
        return []
    found = []
    for entry in obs.get("traces") or []:
        path = str(entry.get("file", ""))
        if not os.path.isfile(path):
            note(f"recorded trace {path} not found from here: not drawn")
            continue
        t, v = load_trace(path)
        found.append((entry.get("sweep"), path, t, v))
    return found


def load_trace(path):
    """t and V of a two-column trace file (whitespace or commas, a header line skipped)."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.replace(",", " ").split()
            if len(parts) < 2 or line.lstrip().startswith("#"):
                continue
            try:
                rows.append((float(parts[0]), float(parts[1])))
            except ValueError:
                continue  # the header
    data = np.array(rows, ndmin=2)
    return data[:, 0], data[:, 1]


def plot_sweeps(f, args, out, written):
    """sweeps.png: every sweep of the protocol for the best model, and the recordings."""
    yaml = load_yaml()
    definition = text(f.attrs.get("protocol_definition", ""))
    if yaml is None or not definition:
        return True
    protocol = yaml.safe_load(definition) or {}
    sweeps = protocol.get("sweeps") or []
    if not sweeps or "archive/objectives" not in f:
        return True
    binary, why = find_neurofit(args.neurofit)
    if binary is None:
        note(f"{why}: sweeps.png skipped")
        return True
    obj = np.atleast_2d(f["archive/objectives"][()])
    b, params, feats = best_model(f, obj)
    recordings = recorded_traces(text(f.attrs.get("config", "")))
    model = text(f.attrs.get("model", ""))
    fig, axes = plt.subplots(len(sweeps), 1, figsize=(12, 3.2 * len(sweeps)), squeeze=False)
    with tempfile.TemporaryDirectory(prefix="neurofit-plot-") as tmp:
        for ax, sweep in zip(axes[:, 0], sweeps):
            steps = []
            for st in sweep["steps"]:
                amp = st["amplitude"]
                if isinstance(amp, dict):
                    amp = float(amp["rheobase"]) * feats.get("rheobase", math.nan)
                steps.append((float(amp), float(st["start"]), float(st["end"])))
            if not all(math.isfinite(a) for a, _, _ in steps):
                ax.text(0.5, 0.5, "no rheobase: not simulated", ha="center",
                        transform=ax.transAxes)
            else:
                try:
                    t, v, _ = simulate_steps(binary, model, params, steps,
                                             float(sweep["duration"]), tmp, sweep["name"])
                    ax.plot(t, v, color="k", lw=0.8, label=f"model (member {b + 1})")
                except (RuntimeError, OSError, ValueError) as e:
                    note(f"{e}: sweep {sweep['name']} not drawn")
            for name, path, t, v in recordings:
                if name in (None, sweep["name"]):
                    # Aligned at the stimulus onset: the recording's own, else the sweep's.
                    ax.plot(t, v, color="C1", lw=0.7, alpha=0.8,
                            label=f"recording {os.path.basename(path)}")
            currents = ", ".join(f"{a:.4g} pA {s:g}-{e:g} ms" for a, s, e in steps)
            ax.set_title(f"sweep {sweep['name']}: {currents}")
            ax.set_xlabel("t (ms)")
            ax.set_ylabel("V (mV)")
            ax.grid(alpha=0.3)
            legend(ax, fontsize=7, loc="upper right")
    fig.suptitle(f"protocol {text(f.attrs.get('protocol', ''))}: the best model of {model} "
                 f"(largest z {obj[b].max():.3g})", fontsize=10)
    fig.tight_layout()
    save(fig, os.path.join(out, "sweeps.png"), written)
    return True


def plot_result(f, args, out, written):
    is_fit = bool(text(f.attrs.get("model", "")))
    plot_convergence(f, is_fit, out, written)
    plot_front(f, is_fit, out, written)
    if is_fit:
        ok = plot_best_model(f, args, out, written)
        return plot_sweeps(f, args, out, written) and ok
    return True


# ---------------------------------------------------------------------------------------------
# campaign summary


def heat_map(ax, values, rows, cols, fmt, cmap, vmin, vmax):
    """values (rows x cols) as coloured cells with the value written in each; NaN grey, "–"."""
    cm = matplotlib.colormaps[cmap].copy()
    cm.set_bad("0.85")
    im = ax.imshow(np.ma.masked_invalid(values), cmap=cm, vmin=vmin, vmax=vmax, aspect="auto")
    ax.set_xticks(range(len(cols)), labels=cols, rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(len(rows)), labels=rows, fontsize=8)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            if np.isfinite(v):
                r, g, b, _ = cm(im.norm(v))
                dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
                ax.text(j, i, fmt(v), ha="center", va="center", fontsize=8,
                        color="white" if dark else "black")
            else:
                ax.text(j, i, "–", ha="center", va="center", fontsize=8, color="0.4")
    return im


def plot_summary(f, out, written):
    for need in ("fitability", "best_z"):
        if need not in f:
            raise BadInput(f"{f.filename}: campaign summary without /{need}")
    fit = np.asarray(f["fitability"][()], dtype=float)
    bz = np.asarray(f["best_z"][()], dtype=float)
    cells = strings(f["fitability"].attrs.get("cell_types", f.attrs.get("cell_types")))
    models = strings(f["fitability"].attrs.get("models", f.attrs.get("models")))
    features = strings(f["best_z"].attrs.get("features", f.attrs.get("features")))
    if fit.ndim != 2 or bz.ndim != 3 or bz.shape[:2] != fit.shape:
        raise BadInput(f"{f.filename}: /fitability {fit.shape} and /best_z {bz.shape} do not agree")
    if len(cells) != fit.shape[0]:
        cells = [f"cell type {i}" for i in range(fit.shape[0])]
    if len(models) != fit.shape[1]:
        models = [f"model {j}" for j in range(fit.shape[1])]
    if len(features) != bz.shape[2]:
        features = [f"feature {k}" for k in range(bz.shape[2])]

    fig, ax = plt.subplots(figsize=(2.0 + 1.3 * len(models), 1.5 + 0.45 * len(cells)))
    im = heat_map(ax, fit, cells, models, lambda v: f"{v:.2f}", "viridis", 0.0, 1.0)
    fig.colorbar(im, ax=ax, label="fraction of features within 2 sd")
    ax.set_title("fitability: best model of each cell type x model pair\n(grey: not run)",
                 fontsize=10)
    fig.tight_layout()
    save(fig, os.path.join(out, "fitability.png"), written)

    # Each cell type's best model: the highest fitability, ties by the smaller largest z.
    rows, labels = [], []
    for i, cell in enumerate(cells):
        best, key = None, None
        for j in range(len(models)):
            if not np.isfinite(fit[i, j]):
                continue
            z = bz[i, j]
            zmax = np.nanmax(z) if np.any(np.isfinite(z)) else math.inf
            k = (-fit[i, j], zmax)
            if key is None or k < key:
                best, key = j, k
        if best is None:
            rows.append(np.full(len(features), np.nan))
            labels.append(f"{cell} (not run)")
        else:
            rows.append(bz[i, best])
            labels.append(f"{cell} ({models[best]})")
    values = np.array(rows).reshape(len(cells), len(features))
    fig, ax = plt.subplots(figsize=(2.5 + 0.9 * len(features), 1.5 + 0.45 * len(cells)))
    im = heat_map(ax, values, labels, features, lambda v: f"{v:.2f}" if v < 100 else f"{v:.0f}",
                  "RdYlGn_r", 0.0, 4.0)
    fig.colorbar(im, ax=ax, label="best z (colour capped at 4)")
    ax.set_title("best z per feature of each cell type's best model (named in parentheses)\n"
                 "(grey: not scored or not run)", fontsize=10)
    fig.tight_layout()
    save(fig, os.path.join(out, "best_z.png"), written)
    return True


# ---------------------------------------------------------------------------------------------


def main(argv):
    parser = argparse.ArgumentParser(
        prog="plot.py", description="PNG figures of a neurofit result, checkpoint or campaign "
        "summary (HDF5); prints the paths written")
    parser.add_argument("file", help="result.h5, a checkpoint or a campaign summary.h5")
    parser.add_argument("--out", help="folder for the PNGs (default: the file's folder)")
    parser.add_argument("--neurofit", help="the neurofit binary for best_model.png "
                        "(default: $NEUROFIT, build/src/neurofit, neurofit on PATH)")
    args = parser.parse_args(argv)

    if MISSING is not None:
        note(f"needs h5py, numpy and matplotlib ({MISSING}); on Debian: apt-get install "
             "python3-h5py python3-matplotlib")
        return 1

    path = args.file
    try:
        if not os.path.exists(path):
            raise BadInput(f"{path}: no such file")
        if not os.path.isfile(path):
            raise BadInput(f"{path}: not a file")
        if not h5py.is_hdf5(path):
            raise BadInput(f"{path}: not an HDF5 file")
        out = args.out or os.path.dirname(os.path.abspath(path))
        try:
            os.makedirs(out, exist_ok=True)
        except OSError as e:
            note(f"cannot create {out}: {e.strerror}")
            return 1
        written = []
        try:
            f = h5py.File(path, "r")
        except OSError as e:
            raise BadInput(f"{path}: cannot be opened as HDF5 ({e})")
        with f:
            fmt = text(f.attrs.get("format", ""))
            if fmt in RESULT_FORMATS:
                ok = plot_result(f, args, out, written)
            elif fmt == SUMMARY_FORMAT:
                ok = plot_summary(f, out, written)
            else:
                raise BadInput(f"{path}: unknown format {fmt!r} (expected one of "
                               f"{', '.join(RESULT_FORMATS + (SUMMARY_FORMAT,))})")
    except BadInput as e:
        note(str(e))
        return 2
    except Exception as e:  # a file of the right format with contents we cannot plot
        note(f"{path}: cannot plot: {e.__class__.__name__}: {e}")
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
