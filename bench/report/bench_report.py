#!/usr/bin/env python3
"""Report benchmark: the flagship report step of scripts/flagship.sh, this build against the commit before the zones.

  greenlight report Scenarios/ukraine-2024-2025/scenario.yaml --out DIR --within RU --date 2024-09-12

timed as a whole process (wall clock and CPU, on the same scenario file, the flagship as of the previous commit) with two
binaries: the current one ($GREENLIGHT, default <repo>/.build/release/greenlight) and the previous one
($GREENLIGHT_PREVIOUS or --previous: a release build of commit 2a49850, whose report measures areas on a grid and
takes --resolution-km, default 2). Each runs with its own defaults. After one untimed warm-up each, the runs
alternate A B A B ... (R each); the medians and the ratio new / old are reported. Each run must exit 0 and write a
non-trivial DIR/report.html.

--smoke: one run of each (no warm-up); when no previous binary is given, the new report runs once alone and the
comparison is reported as skipped. Smoke runs never write RESULTS.md.

See bench/README.md. Use bench/report/run.sh, which finds (or builds, in a git worktree) the previous binary.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import benchlib as bl  # noqa: E402

SCENARIO = "Scenarios/ukraine-2024-2025/scenario.yaml"
PREVIOUS_SCENARIO = "Scenarios/ukraine-2024/scenario.yaml"   # the flagship's path at PREVIOUS_COMMIT
WITHIN, DATE = "RU", "2024-09-12"
PREVIOUS_COMMIT = "2a49850"
TARGET_RATIO = 1 / 3          # new time / old time at most this
FULL_REPEATS = 7
MIN_REPORT_BYTES = 10_000     # a report.html smaller than this is not the flagship report


def report_argv(binary: Path, out: Path, scenario: str) -> list[str]:
    return [str(binary), "report", scenario, "--out", str(out), "--within", WITHIN, "--date", DATE]


def executable(path: str | Path | None, what: str) -> Path | None:
    if not path:
        return None
    p = Path(path)
    if not p.is_file() or not os.access(p, os.X_OK):
        raise bl.BenchError(f"{what} not found or not executable at {p}")
    return p.absolute()


def report_help(binary: Path) -> str:
    p = subprocess.run([str(binary), "report", "--help"], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise bl.BenchError(f"`{binary} report --help` exited with status {p.returncode}: {p.stderr[-1000:]}")
    return p.stdout + p.stderr


def commit_of(binary: Path, explicit: str | None) -> str:
    """The commit a binary was built from: given, else the git checkout it sits in (…/.build/release/greenlight)."""
    if explicit:
        return explicit
    try:
        d = binary.parent
        out = subprocess.run(["git", "-C", str(d), "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                             check=True).stdout.strip()
        return f"{out} (the checkout the binary sits in)"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run_report(binary: Path, root: Path, out: Path, timeout: float, scenario: str) -> dict:
    html = out / "report.html"
    html.unlink(missing_ok=True)
    r = bl.run_process(report_argv(binary, out, scenario), root, timeout)
    cmd = r["cmd"]
    if not html.is_file():
        raise bl.BenchError(f"`{cmd}` wrote no {html}")
    size = html.stat().st_size
    head = html.read_text(errors="replace")[:2000].lower()
    if size < MIN_REPORT_BYTES or "<html" not in head:
        raise bl.BenchError(f"`{cmd}` wrote a {size}-byte {html} that does not look like the report")
    return {"wall": r["wall"], "cpu": r["cpu"], "bytes": size}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="one run of each, no warm-up; never writes RESULTS.md")
    ap.add_argument("--repeats", type=int, help=f"timed runs of each binary (default {FULL_REPEATS}, smoke 1)")
    ap.add_argument("--repo", help="repository root (default: git rev-parse --show-toplevel)")
    ap.add_argument("--binary", help="the current greenlight (default $GREENLIGHT or <repo>/.build/release/greenlight)")
    ap.add_argument("--previous", help=f"greenlight built from {PREVIOUS_COMMIT} (default $GREENLIGHT_PREVIOUS)")
    ap.add_argument("--previous-commit", help="the commit --previous was built from, for the record "
                                              "(default $GREENLIGHT_PREVIOUS_COMMIT, else the binary's checkout)")
    ap.add_argument("--results", help="results file (default <repo>/bench/RESULTS.md)")
    ap.add_argument("--no-results", action="store_true", help="do not write RESULTS.md even on a full run")
    ap.add_argument("--timeout", type=float, default=900, help="seconds allowed for each report")
    args = ap.parse_args()

    repeats = args.repeats or (1 if args.smoke else FULL_REPEATS)
    if repeats < 1 or (not args.smoke and repeats < 3):
        raise bl.BenchError("--repeats must be at least 3 on a full run (at least 1 with --smoke)")
    root = bl.repo_root(args.repo)
    new = executable(args.binary or os.environ.get("GREENLIGHT") or root / ".build/release/greenlight", "greenlight")
    old = executable(args.previous or os.environ.get("GREENLIGHT_PREVIOUS"), "the previous greenlight")
    if old is None and not args.smoke:
        raise bl.BenchError(f"no previous binary: set GREENLIGHT_PREVIOUS (a release build of {PREVIOUS_COMMIT}) "
                            "or use bench/report/run.sh, which builds one")
    # Each with its own defaults: the previous report measures on a grid (--resolution-km, default 2), the current
    # one from the zones (--tolerance-m, default 10). Check we hold the binaries we think we hold.
    new_help = report_help(new)
    if "--resolution-km" in new_help:
        raise bl.BenchError(f"{new}: `report --help` lists --resolution-km; this is not a build with zones")
    if old is not None and "--resolution-km" not in report_help(old):
        raise bl.BenchError(f"{old}: `report --help` has no --resolution-km; this is not a build of {PREVIOUS_COMMIT}")
    stamps = {b: (b.stat().st_mtime_ns, b.stat().st_size) for b in (new, old) if b}
    load_start = bl.load_average()

    sides = {"new": new} if old is None else {"old": old, "new": new}
    runs: dict[str, list[dict]] = {k: [] for k in sides}
    workdir = Path(tempfile.mkdtemp(prefix="greenlight-report-"))
    try:
        # Both binaries read the same scenario file: the flagship as of the previous commit (the current binary
        # still reads that format; the previous one cannot read what the flagship has since gained, such as dated
        # evidence). Without a previous binary, the current flagship.
        inputs, scenario = root, SCENARIO
        if old is not None:
            scenario = PREVIOUS_SCENARIO
            inputs = workdir / "inputs"
            inputs.mkdir()
            archive = subprocess.run(["git", "-C", str(root), "archive", PREVIOUS_COMMIT, str(Path(PREVIOUS_SCENARIO).parent)],
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(inputs)], input=archive, check=True)
        outs = {k: workdir / k for k in sides}
        if not args.smoke:
            for k, b in sides.items():
                run_report(b, inputs, outs[k], args.timeout, scenario)   # warm-up (page cache, lazy loading), untimed
        for i in range(repeats):
            for k, b in sides.items():   # A B A B …: old, new, old, new
                r = run_report(b, inputs, outs[k], args.timeout, scenario)
                bl.log(f"  {k} run {i + 1}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, {r['bytes']:,} bytes")
                runs[k].append(r)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for b, st in stamps.items():
        if (b.stat().st_mtime_ns, b.stat().st_size) != st:
            raise bl.BenchError(f"{b} was replaced during the run (a build finished meanwhile); run again")
    load_end = bl.load_average()

    med = {k: statistics.median(r["wall"] for r in v) for k, v in runs.items()}
    cpu = {k: statistics.median(r["cpu"] for r in v) for k, v in runs.items()}
    ratio = med["new"] / med["old"] if "old" in med else None
    cmd_shown = f"greenlight report {SCENARIO} --out DIR --within {WITHIN} --date {DATE}"

    def cell(k: str) -> str:
        walls = ", ".join(f"{r['wall']:.2f}" for r in runs[k])
        return (f"{med[k]:.2f} s median of {len(runs[k])} ({walls}); CPU {cpu[k]:.2f} s median; "
                f"report.html {runs[k][-1]['bytes'] / 1024:,.0f} KiB")

    rows = [["the flagship report, whole process",
             cell("old") if "old" in runs else "skipped (no previous binary)", cell("new"),
             "n/a" if ratio is None else f"{ratio:.3f} (" + (f"{1 / ratio:.2f}× faster" if ratio < 1 else
                                                              f"{ratio:.2f}× slower") + ")",
             f"≤ {TARGET_RATIO:.3f} (one third)", "n/a" if ratio is None else bl.met(ratio <= TARGET_RATIO)]]
    table = bl.markdown_table(["measure", f"previous ({PREVIOUS_COMMIT})", "current", "ratio new / old", "target",
                               "met"], rows)
    print(f"\n### report{' (smoke)' if args.smoke else ''}\n")
    print(table)
    print(f"\n- load average at start {load_start}, at end {load_end}")
    if old is None:
        print(f"- comparison skipped: no previous binary (set GREENLIGHT_PREVIOUS to a release build of "
              f"{PREVIOUS_COMMIT}, or run bench/report/run.sh without --smoke, which builds one)")

    if not args.smoke and not args.no_results:
        command = bl.invoking_command("python3 bench/report/bench_report.py " + " ".join(sys.argv[1:]))
        body = f"""Run {bl.now_utc()} on {bl.machine_line()}; current: Greenlight commit {bl.git_describe(root)}, binary `{new}`;
previous: commit {commit_of(old, args.previous_commit or os.environ.get("GREENLIGHT_PREVIOUS_COMMIT"))}, binary `{old}`.

Command: `{command}`. Both binaries run the report step of `scripts/flagship.sh` on the same
scenario file (the flagship as of {PREVIOUS_COMMIT}, which both read; the current flagship has gained dated
evidence the previous binary cannot read), each with its own defaults (previous: areas on a grid, `--resolution-km 2`; current: areas from the
certified zones, `--tolerance-m 10`):

```
{cmd_shown}
```

Timed: the whole process (start-up, scenario and borders, consents, cases, reach tables per date and variant, timeline,
maps, report.html written), wall clock, one untimed warm-up each, then alternated previous, current, previous, current …
({repeats} each); the figures are medians. CPU is user + system of the process (median CPU / median wall: previous
{cpu['old'] / med['old']:.2f}, current {cpu['new'] / med['new']:.2f}; the machine has {os.cpu_count()} cores).

{table}

- Load average at start {load_start}, at end {load_end}. Spread (wall, min–max):
  {"; ".join(f"{k} {min(r['wall'] for r in v):.2f}–{max(r['wall'] for r in v):.2f} s" for k, v in runs.items())}. On this
  shared virtual machine the CPU time of the same work varies from run to run nearly as much as its wall clock, and
  another process on the 2 cores takes the previous report's second thread (its CPU / wall falls towards 1): only a
  ratio far from the target is conclusive.
"""
        bl.write_results(args.results, root, "report", body)
    return 0


if __name__ == "__main__":
    bl.run_main(main)
