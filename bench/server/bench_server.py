#!/usr/bin/env python3
"""Drives bench/server: starts `greenlight serve` on a free loopback port with a fresh database and
the flagship scenario, runs wrk against the decide endpoint with a rotating mix of requests (every
flagship case's request, targets spread over each case's area: decide_mix.py) and, alternating in the
same run, against /api/health (the HTTP framework's ceiling, as the peer); then checks that every 2xx
decision wrk counted is an audit record of action "decide" and that `audit verify` passes.

Each step is a function taking the server's address, so that another backend (PostgreSQL, several
instances) can reuse them with its own `start_server`."""
from __future__ import annotations

import argparse
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib as bl  # noqa: E402
from decide_mix import decide_mix, write_wrk_script  # noqa: E402

SCENARIO_ID = "ukraine-2024-2025"
TARGETS = {"ratio": 0.6, "p99_ms": 20.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(gl: str, root: Path, db: Path) -> tuple[subprocess.Popen, str]:
    """`greenlight serve` on a free loopback port with the flagship imported; returns once it answers."""
    port = free_port()
    server = subprocess.Popen([gl, "serve", "--port", str(port), "--database", str(db), "--import",
                               str(root / "Scenarios" / SCENARIO_ID / "scenario.yaml")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/api/health", timeout=1).read()
            return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def warm_up(base: str, bodies: list[str]) -> dict:
    """Sends every body of the mix once (building each variant's engine) and requires a 200 for each,
    so that a request the mix gets wrong fails here, with its body, not as a count in wrk's output."""
    verdicts: dict = {}
    for body in bodies:
        req = urllib.request.Request(base + f"/api/scenarios/{SCENARIO_ID}/decide", method="POST", data=body.encode(),
                                     headers={"content-type": "application/json"})
        try:
            answer = json.loads(urllib.request.urlopen(req).read())
        except urllib.error.HTTPError as e:
            raise SystemExit(f"warm-up: {e.code} for {body}: {e.read()[:300]!r}")
        verdicts[answer["decision"]] = verdicts.get(answer["decision"], 0) + 1
    return verdicts


def parse_wrk(text: str) -> dict:
    out = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    units = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
    for pct in ("50", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        out[f"p{pct}_ms"] = float(m.group(1)) * units[m.group(2)] if m else None
    m = re.search(r"(\d+) requests in", text)
    out["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["socket_errors"] = sum(int(x) for x in m.groups()) if m else 0
    # The script's own count of every response by status (wrk counts only >= 400 as errors).
    m = re.search(r"STATUS 2xx=(\d+) other=(\d+)", text)
    out["ok"], out["non_2xx"] = (int(m.group(1)), int(m.group(2))) if m else (0, out["requests"])
    out["errors"] = out["socket_errors"] + out["non_2xx"]
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured(cmd: list[str], pids: list[int]) -> dict:
    """One wrk run, with the server processes' CPU time per request over it."""
    before = sum(cpu_seconds(p) for p in pids)
    result = parse_wrk(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    result["cpu_us"] = (sum(cpu_seconds(p) for p in pids) - before) / max(result["requests"], 1) * 1e6
    return result


def wrk_command(script: Path, url: str, connections: int, seconds: int) -> list[str]:
    return ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url]


def run_alternating(decide_cmd: list[str], health_cmd: list[str], pids: list[int], repeats: int) -> tuple[list[dict], list[dict]]:
    """Decide and the peer alternate (the machine is noisy: a VM, wrk on the same 2 cores)."""
    decides, healths = [], []
    for _ in range(repeats):
        decides.append(measured(decide_cmd, pids))
        healths.append(measured(health_cmd, pids))
    return decides, healths


def sqlite_decide_records(db: Path) -> int:
    """Audit records of action "decide" in a SQLite database (read-only)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        return c.execute("SELECT count(*) FROM audit WHERE action = 'decide'").fetchone()[0]


def audit_verify(gl: str, database: str) -> subprocess.CompletedProcess:
    return subprocess.run([gl, "audit", "verify", "--database", database], capture_output=True, text=True)


def median(runs: list[dict]) -> dict:
    return sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]


def report(decides: list[dict], healths: list[dict], audited: int, verify: subprocess.CompletedProcess, connections: int,
           seconds: int, mix_size: int, verdicts: dict, load: str) -> tuple[str, list[str], list[str]]:
    """The RESULTS table, the facts under it, and the problems (targets not met are not problems:
    the table says so; a failed audit check, or errors, are)."""
    decide, health = median(decides), median(healths)
    ok = sum(r["ok"] for r in decides)
    errors = sum(r["errors"] for r in decides)
    ratio = decide["rps"] / health["rps"]
    in_flight_bound = connections * len(decides)

    def spread(runs: list[dict]) -> str:
        rates = ", ".join(format(r["rps"], ",.0f") for r in runs)
        return "" if len(runs) == 1 else f" (runs {rates})"

    met = ratio >= TARGETS["ratio"] and (decide["p99_ms"] or 1e9) < TARGETS["p99_ms"] and errors == 0
    rows = [[f"POST decide, rotating mix of {mix_size} requests, {connections} connections, {seconds} s, median of {len(decides)}",
             f"{decide['rps']:,.0f} req/s{spread(decides)}, p50 {decide['p50_ms']} ms, p99 {decide['p99_ms']} ms, "
             f"non-2xx {sum(r['non_2xx'] for r in decides)}, socket errors {sum(r['socket_errors'] for r in decides)}; server CPU {decide['cpu_us']:.0f} µs/request",
             f"GET /api/health {health['rps']:,.0f} req/s{spread(healths)}, p50 {health['p50_ms']} ms, p99 {health['p99_ms']} ms, "
             f"non-2xx {sum(r['non_2xx'] for r in healths)}; server CPU {health['cpu_us']:.0f} µs/request",
             f"{ratio:.2f}×",
             f"≥ {TARGETS['ratio']}× health, p99 < {TARGETS['p99_ms']:.0f} ms, 0 errors",
             bl.met(met)]]
    table = bl.markdown_table(["measure", "Greenlight", "peer (framework ceiling)", "ratio", "target", "met"], rows)
    facts = [f"- the mix's answers (each body once, before the runs): {', '.join(f'{n} {v}' for v, n in sorted(verdicts.items()))}",
             f"- every decision served is audited: wrk counted {ok:,} 2xx decide responses; {audited:,} audit records of action "
             f"\"decide\" were added over the runs ({audited - ok:,} more: requests in flight when wrk stopped, at most {in_flight_bound:,}); "
             f"`audit verify`: {verify.stdout.strip() or verify.stderr.strip()}",
             f"- wrk and the server share the machine's 2 cores; load average at start {load}"]
    problems = []
    if verify.returncode != 0:
        problems.append(f"audit verify failed: {verify.stdout.strip()} {verify.stderr.strip()}")
    if audited < ok:
        problems.append(f"{ok} 2xx decisions served but only {audited} decide audit records added")
    if audited - ok > in_flight_bound:
        problems.append(f"{audited - ok} more decide records than 2xx responses, beyond the {in_flight_bound} that can be in flight")
    if errors:
        problems.append(f"{errors} errors during the decide runs")
    return table, facts, problems


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite",
                    help="postgres: two instances on one PostgreSQL database, and audit verify on 1,000,000 records (bench_postgres.py)")
    ap.add_argument("--verify-records", type=int, help="records for the audit verify timing (--backend postgres)")
    args = ap.parse_args()
    root = Path(args.repo)
    gl = os.environ["GREENLIGHT"]
    if args.backend == "postgres":
        import bench_postgres
        return bench_postgres.main(root, gl, args.smoke, args.verify_records)
    seconds = 3 if args.smoke else 20
    repeats = 1 if args.smoke else 3
    connections = 16 if args.smoke else 64
    work = Path(tempfile.mkdtemp(prefix="greenlight-server-bench-"))
    db = work / "bench.sqlite"
    bodies = [json.dumps(b, separators=(",", ":")) for b in decide_mix(root / "Scenarios" / SCENARIO_ID / "cases.yaml")]
    decide_script, health_script = work / "decide.lua", work / "health.lua"
    write_wrk_script(decide_script, "POST", bodies)
    write_wrk_script(health_script, "GET", None)
    server, base = start_server(gl, root, db)
    try:
        verdicts = warm_up(base, bodies)
        # Counted while the server runs (WAL: a reader sees every committed record).
        before = sqlite_decide_records(db)
        load = bl.load_average()
        decide_cmd = wrk_command(decide_script, base + f"/api/scenarios/{SCENARIO_ID}/decide", connections, seconds)
        health_cmd = wrk_command(health_script, base + "/api/health", connections, seconds)
        decides, healths = run_alternating(decide_cmd, health_cmd, [server.pid], repeats)
    finally:
        server.terminate()
        server.wait(timeout=30)
    audited = sqlite_decide_records(db) - before
    verify = audit_verify(gl, str(db))
    table, facts, problems = report(decides, healths, audited, verify, connections, seconds, len(bodies), verdicts, load)
    print(table)
    print("\n".join(facts))
    for p in problems:
        bl.log("FAIL: " + p)
    if problems:
        return 1
    if not args.smoke:
        body = f"""Run {bl.now_utc()} on {bl.machine_line()}; Greenlight commit {bl.git_describe(root)}.

Command: `bench/server/run.sh` (SQLite backend): `wrk -t2 -c{connections} -d{seconds}s --latency -s decide.lua http://127.0.0.1:PORT/api/scenarios/{SCENARIO_ID}/decide`
against `greenlight serve` (release build, fresh SQLite database, flagship scenario imported), alternating {repeats}× with
the same wrk (same Lua status counting) on `GET /api/health` as the framework's ceiling; medians reported. The decide
requests rotate through {len(bodies)} bodies (`bench/server/decide_mix.py`): the {len(bodies) // 8} flagship cases' requests
(`Scenarios/{SCENARIO_ID}/cases.yaml`), each with its own target and 7 more drawn (seeded) uniformly within 15 km of it; each
wrk thread starts at its own offset. Every response is counted by status in the Lua script (`bench/server/mix.lua`), so a
3xx would count as an error too. Server CPU per request is the server process's user + system time over the run (from
/proc) divided by the requests served.

{table}

{chr(10).join(facts)}"""
        bl.replace_results_section(root / "bench/RESULTS.md", "server", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
