#!/usr/bin/env python3
"""bench/server on PostgreSQL (`bench/server/run.sh --backend postgres`): two `greenlight serve`
instances on one fresh PostgreSQL database (scripts/postgis.sh, loopback), wrk against both at once
for the decide endpoint and, in the same run, for /api/health as the framework's ceiling; then every
decision served must be on record in one verified chain. Also times `greenlight audit verify` on
1,000,000 records for both backends (records made with `greenlight-bench audit-fill`, through the
store's append path in batches of 1,000)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import benchlib as bl  # noqa: E402
from bench_server import SCENARIO_ID, free_port, parse_wrk, warm_up  # noqa: E402
from decide_mix import decide_mix, write_wrk_script  # noqa: E402


def fresh_database(root: Path) -> str:
    out = subprocess.run(["bash", str(root / "scripts/postgis.sh"), "createdb"], capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


@contextmanager
def instances(gl: str, root: Path, database: str, count: int):
    procs, bases = [], []
    try:
        for _ in range(count):
            port = free_port()
            procs.append(subprocess.Popen([gl, "serve", "--port", str(port), "--database", database, "--import",
                                           str(root / "Scenarios/ukraine-2024-2025/scenario.yaml")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
            base = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    urllib.request.urlopen(base + "/api/health", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                raise SystemExit("a server did not start")
            bases.append(base)
        yield procs, bases
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=60)


def wrk_on_all(cmds: list[list[str]]) -> dict:
    """wrk against each instance at once; rates and requests add up, latencies are the worse of the two."""
    results: list[dict] = [{}] * len(cmds)

    def one(i: int) -> None:
        results[i] = parse_wrk(subprocess.run(cmds[i], capture_output=True, text=True, check=True).stdout)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(cmds))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"rps": sum(r["rps"] for r in results), "requests": sum(r["requests"] for r in results),
            "errors": sum(r["errors"] for r in results),
            "p50_ms": max(r["p50_ms"] or 0 for r in results), "p99_ms": max(r["p99_ms"] or 0 for r in results)}


def records_of(gl: str, database: str) -> tuple[int, str, float]:
    t0 = time.monotonic()
    out = subprocess.run([gl, "audit", "verify", "--database", database], capture_output=True, text=True)
    seconds = time.monotonic() - t0
    if out.returncode != 0:
        raise SystemExit(f"audit verify failed: {out.stdout.strip()} {out.stderr.strip()}")
    return int(re.search(r"(\d+) records", out.stdout).group(1)), out.stdout.strip(), seconds


def two_instances(gl: str, root: Path, smoke: bool) -> tuple[str, list[str], list[str]]:
    seconds = 3 if smoke else 20
    repeats = 1 if smoke else 3
    connections = 8 if smoke else 32   # per instance
    database = fresh_database(root)
    # The same rotating mix of the flagship cases' requests as the SQLite run (decide_mix.py, mix.lua).
    bodies = [json.dumps(b, separators=(",", ":")) for b in decide_mix(root / "Scenarios" / SCENARIO_ID / "cases.yaml")]
    work = Path(tempfile.mkdtemp(prefix="greenlight-pg-bench-"))
    post, health_script = str(work / "decide.lua"), str(work / "health.lua")
    write_wrk_script(Path(post), "POST", bodies)
    write_wrk_script(Path(health_script), "GET", None)
    problems: list[str] = []
    with instances(gl, root, database, 2) as (procs, bases):
        for base in bases:  # every body once on each instance (builds each variant's engine; a refused body fails here)
            warm_up(base, bodies)
        before, _, _ = records_of(gl, database)
        load = bl.load_average()
        decide_cmds = [["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", post, b + "/api/scenarios/ukraine-2024-2025/decide"] for b in bases]
        health_cmds = [["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", health_script, b + "/api/health"] for b in bases]
        decides, healths = [], []
        for _ in range(repeats):
            decides.append(wrk_on_all(decide_cmds))
            healths.append(wrk_on_all(health_cmds))
    after, verified, _ = records_of(gl, database)
    served = sum(r["requests"] for r in decides)
    if after - before < served:
        problems.append(f"{served} decisions served but only {after - before} audit records added")
    if any(r["errors"] for r in decides):
        problems.append(f"{sum(r['errors'] for r in decides)} errors during the decide runs")
    decide = sorted(decides, key=lambda r: r["rps"])[len(decides) // 2]
    health = sorted(healths, key=lambda r: r["rps"])[len(healths) // 2]
    runs = lambda rs: "" if len(rs) == 1 else " (runs " + ", ".join(format(r["rps"], ",.0f") for r in rs) + ")"
    rows = [[f"POST decide, 2 instances × {connections} connections, {seconds} s, median of {repeats}",
             f"{decide['rps']:,.0f} req/s{runs(decides)}, p50 {decide['p50_ms']} ms, p99 {decide['p99_ms']} ms, errors {sum(r['errors'] for r in decides)}",
             f"GET /api/health {health['rps']:,.0f} req/s{runs(healths)}, p99 {health['p99_ms']} ms",
             f"{decide['rps'] / health['rps']:.2f}×"]]
    table = bl.markdown_table(["measure (PostgreSQL, two instances)", "Greenlight", "peer (framework ceiling)", "ratio"], rows)
    facts = [f"- every decision served is audited in one chain: {served:,} requests over the decide runs, {after - before:,} audit records added by the two instances ({verified})",
             f"- wrk (one process per instance) and both servers share the machine's 2 cores with PostgreSQL; load average at start {load}",
             "- PostgreSQL 15 from scripts/postgis.sh: loopback, fsync off, synchronous_commit off (a throwaway bench cluster: this measures the server, not the disk)"]
    return table + "\n\n" + "\n".join(facts), problems, decide_cmds[0]


def verify_timing(gl: str, root: Path, records: int) -> tuple[str, list[str]]:
    bench = str(bl.bench_binary(root))
    rows, problems = [], []
    work = Path(tempfile.mkdtemp(prefix="greenlight-verify-bench-"))
    for label, database in (("SQLite", str(work / "verify.sqlite")), ("PostgreSQL", fresh_database(root))):
        fill = subprocess.run([bench, "audit-fill", "--database", database, "--records", str(records), "--batch", "1000"], capture_output=True, text=True)
        if fill.returncode != 0:
            problems.append(f"audit-fill on {label}: {fill.stderr.strip()}")
            continue
        filled = json.loads(fill.stdout)
        count, _, seconds = records_of(gl, database)
        if count != records:
            problems.append(f"{label}: verify read {count} records, expected {records}")
        rows.append([label, f"{records:,}", f"{filled['seconds']:.1f} s ({records / filled['seconds']:,.0f} records/s)", f"{seconds:.2f} s ({count / seconds:,.0f} records/s)"])
    table = bl.markdown_table(["backend", "records", "appended (audit-fill, batches of 1,000)", "greenlight audit verify"], rows)
    return table, problems


def main(root: Path, gl: str, smoke: bool, verify_records: int | None) -> int:
    sections, problems = [], []
    with bl.postgis_cluster(root, keep_running=True):
        table, p, cmd = two_instances(gl, root, smoke)
        sections.append(table)
        problems += p
        records = verify_records or (10_000 if smoke else 1_000_000)
        vtable, p = verify_timing(gl, root, records)
        sections.append(vtable)
        problems += p
    print("\n\n".join(sections))
    for p in problems:
        bl.log("FAIL: " + p)
    if problems:
        return 1
    if not smoke:
        body = f"""Run {bl.now_utc()} on {bl.machine_line()}; Greenlight commit {bl.git_describe(root)}.

Command: `bench/server/run.sh --backend postgres`: two `greenlight serve` instances (release build) on one fresh PostgreSQL
database (`scripts/postgis.sh createdb`), flagship imported; `{' '.join(cmd[:-1])} http://127.0.0.1:PORT_A|PORT_B/api/scenarios/ukraine-2024-2025/decide`
against both instances at once (rates added, the worse instance's latency), alternating with the same against `GET /api/health`
of both as the framework's ceiling; medians reported. The same rotating mix of 768 requests as the SQLite run above.

{sections[0]}

`greenlight audit verify` on {records:,} records: the records are appended with `greenlight-bench audit-fill --records {records} --batch 1000`
(the store's own append path, decision-sized details), then verify reads and rechecks the whole chain:

{sections[1]}"""
        bl.replace_results_section(root / "bench/RESULTS.md", "server on PostgreSQL", body)
    return 0
