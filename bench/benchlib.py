"""Helpers shared by the benchmark drivers (bench/geo, bench/policy, bench/reach, bench/report, bench/zones).

Standard library only: each driver imports its own third-party peers.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import platform
import re
import resource
import shlex
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


class BenchError(Exception):
    """A failure that makes the benchmark's figures meaningless (exit status 1)."""


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def repo_root(explicit: str | None = None) -> Path:
    if explicit:
        return Path(explicit).resolve()
    try:
        out = subprocess.run(
            ["git", "-C", str(BENCH_DIR), "rev-parse", "--show-toplevel"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
        if out:
            return Path(out)
    except (OSError, subprocess.CalledProcessError):
        pass
    return BENCH_DIR.parent


def bench_binary(root: Path, explicit: str | None = None) -> Path:
    """`--binary`, else $GREENLIGHT_BENCH, else <repo>/.build/release/greenlight-bench."""
    path = Path(explicit or os.environ.get("GREENLIGHT_BENCH") or root / ".build/release/greenlight-bench")
    if not path.is_file() or not os.access(path, os.X_OK):
        raise BenchError(
            f"greenlight-bench not found or not executable at {path}; build it with "
            "`swift build -c release --product greenlight-bench` or set GREENLIGHT_BENCH"
        )
    return path


def run_bench_binary(argv: list[str], timeout: float) -> tuple[dict, dict, str]:
    """Run greenlight-bench; return (the one JSON object it printed, {"wall", "cpu"} seconds of the whole process,
    command line). CPU well above wall means the binary used several cores."""
    cmd = shlex.join(argv)
    log(f"$ {cmd}")
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise BenchError(f"greenlight-bench did not finish within {timeout:.0f} s") from e
    wall = time.perf_counter() - start
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    if proc.stderr:
        sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        raise BenchError(f"greenlight-bench exited with status {proc.returncode}; stdout: {proc.stdout[-2000:]!r}")
    text = proc.stdout.strip()
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise BenchError(f"greenlight-bench did not print one JSON object on stdout ({e}): {text[:2000]!r}") from e
    if not isinstance(obj, dict):
        raise BenchError(f"greenlight-bench printed JSON that is not an object: {text[:2000]!r}")
    return obj, {"wall": wall, "cpu": cpu}, cmd


def greenlight_binary(root: Path, explicit: str | None = None) -> Path:
    """`--binary`, else $GREENLIGHT, else <repo>/.build/release/greenlight."""
    path = Path(explicit or os.environ.get("GREENLIGHT") or root / ".build/release/greenlight")
    if not path.is_file() or not os.access(path, os.X_OK):
        raise BenchError(f"greenlight not found or not executable at {path}; build it with "
                         "`swift build -c release --product greenlight` or set GREENLIGHT")
    return path


def run_process(argv: list[str], root: Path, timeout: float) -> dict:
    """Wall clock and CPU of one whole process, started from the repository root; raise unless it exits 0.
    Returns {"wall", "cpu", "cmd", "stdout"}."""
    cmd = shlex.join(argv)
    log(f"$ {cmd}")
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        proc = subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise BenchError(f"`{cmd}` did not finish within {timeout:.0f} s") from e
    wall = time.perf_counter() - start
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise BenchError(f"`{cmd}` exited with status {proc.returncode}\nstderr: {proc.stderr[-3000:]}\n"
                         f"stdout: {proc.stdout[-1000:]}")
    return {"wall": wall, "cpu": (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime), "cmd": cmd,
            "stdout": proc.stdout}


@contextlib.contextmanager
def postgis_cluster(root: Path, keep_running: bool):
    """Start the PostGIS cluster with scripts/postgis.sh and yield its connection URL; afterwards stop it again if
    it was not running before (unless keep_running)."""
    script = root / "scripts/postgis.sh"
    was_running = subprocess.run(["bash", str(script), "status"], capture_output=True).returncode == 0
    started = subprocess.run(["bash", str(script), "start"], capture_output=True, text=True)
    if started.returncode != 0 or not started.stdout.strip():
        raise BenchError(f"scripts/postgis.sh start failed ({started.returncode}): {started.stderr[-3000:]}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        if not was_running and not keep_running:
            subprocess.run(["bash", str(script), "stop"], check=False)


def need(obj: dict, path: str, kind: type | tuple = (int, float)):
    """Fetch a dotted key from the binary's JSON and check its type (bool is never a number here)."""
    cur = obj
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            raise BenchError(f"greenlight-bench JSON lacks `{path}`: {json.dumps(obj)[:2000]}")
        cur = cur[part]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(cur, bool) or not isinstance(cur, kinds):
        raise BenchError(f"greenlight-bench JSON `{path}` is {cur!r}, expected {'/'.join(k.__name__ for k in kinds)}")
    return cur


def positive_seconds(obj: dict, path: str) -> float:
    s = float(need(obj, path))
    if not s > 0:
        raise BenchError(f"greenlight-bench JSON `{path}` must be a positive number of seconds, got {s!r}")
    return s


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine_line() -> str:
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu_model()}{mem}, {platform.system()} {platform.machine()}"


def git_describe(root: Path) -> str:
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return head + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no commit yet)"


def invoking_command(default: str) -> str:
    """The command a person typed: run.sh exports GREENLIGHT_BENCH_COMMAND, else the Python command line."""
    return os.environ.get("GREENLIGHT_BENCH_COMMAND") or default


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def now_utc() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def fmt_rate(x: float | None) -> str:
    if x is None:
        return "n/a"
    if x >= 1e6:
        return f"{x / 1e6:,.2f} M/s"
    if x >= 1e3:
        return f"{x / 1e3:,.1f} k/s"
    return f"{x:,.1f} /s"


def fmt_ratio(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:,.2f}×" if x < 10 else f"{x:,.0f}×"


def met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "**no**")


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def replace_results_section(results: Path, name: str, body: str) -> None:
    """Replace (or append) the `## name` section of bench/RESULTS.md, keeping every other section."""
    section = f"## {name}\n\n{body.strip()}\n"
    if results.exists():
        text = results.read_text()
    else:
        text = ("# Benchmark results\n\n"
                "Written by the benchmark drivers under `bench/` (see `bench/README.md`); each section is "
                "replaced by the next full run of its benchmark. Smoke runs never write here.\n")
    pattern = re.compile(rf"^## {re.escape(name)}[ \t]*\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results.write_text(text.rstrip("\n") + "\n")
    log(f"wrote the `## {name}` section of {results}")


def write_results(explicit: str | None, root: Path, name: str, body: str) -> None:
    """replace_results_section on `--results`, else <repo>/bench/RESULTS.md."""
    replace_results_section(Path(explicit) if explicit else root / "bench/RESULTS.md", name, body)


def run_main(main) -> None:
    """A driver's entry point: exit with main()'s status, or 1 after logging a BenchError."""
    try:
        sys.exit(main())
    except BenchError as e:
        log(f"FAIL: {e}")
        sys.exit(1)
