#!/usr/bin/env python3
"""Policy benchmark: Greenlight (`greenlight-bench policy`) against Cedar (cedarpy), in the same run.

Workload (bench/policy/make_workload.py, fixed seed): a format-1 scenario with 110 policies without areas and
100,000 requests (smoke: 1,000). Greenlight decides every request from the scenario alone. Cedar gets the same
policies translated to Cedar and one Cedar request per (request, required authority) pair; the required
authorities are derived here in Python (bench/policy/reference.py) and are not part of Cedar's time. A request
is permitted when every required authority's Cedar decision is Allow; a request whose item was not transferred
is denied without asking Cedar. Every decision must agree: Greenlight with Cedar, and Cedar with the Python
reference (which guards the translation).
See bench/README.md. Use bench/policy/run.sh, which installs the peer and builds the binary.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
import benchlib as bl  # noqa: E402

FULL_N, SMOKE_N = 100_000, 1_000
TARGET_RATE = 1_000_000
TARGET_VS_CEDAR = 100


# ------------------------------------------------------------------------------------- Cedar side

def cedar_str(s: str) -> str:
    return json.dumps(s)  # a JSON string literal is a valid Cedar string literal for these ids


def any_equal(lhs: str, values: list[str]) -> str:
    return "(" + " || ".join(f"{lhs} == {v}" for v in values) + ")"


def cedar_policies(policies: list[dict]) -> str:
    """Translate the scenario's policies to Cedar, one Cedar policy per Greenlight policy.

    Equality chains (`principal == A || principal == B`) measured faster in cedarpy than `[A, B].contains(principal)`
    and `action in [...]` scopes; the semantics are the same.
    """
    out = []
    for p in policies:
        conds = [f"context.authority == {cedar_str(p['authority'])}"]
        if "uses" in p:
            conds.append(any_equal("action", [f"Action::{cedar_str(u)}" for u in p["uses"]]))
        if "recipients" in p:
            conds.append(any_equal("principal", [f"Recipient::{cedar_str(r)}" for r in p["recipients"]]))
        if "items" in p:
            conds.append(any_equal("resource", [f"Item::{cedar_str(i)}" for i in p["items"]]))
        if "item_origin" in p:
            conds.append(any_equal("resource.origin", [cedar_str(o) for o in p["item_origin"]]))
        if "categories" in p:
            # Greenlight matches categories per path segment: `military` matches military and military/…
            conds.append("(" + " || ".join(
                f"context.category == {cedar_str(c)} || context.category like {cedar_str(c + '/*')}"
                for c in p["categories"]) + ")")
        if "from" in p:
            conds.append(f"context.date >= {int(p['from'].replace('-', ''))}")
        if "until" in p:
            conds.append(f"context.date <= {int(p['until'].replace('-', ''))}")
        effect = {"permit": "permit", "forbid": "forbid"}[p["effect"]]
        out.append(f"@id({cedar_str(p['id'])})\n{effect} (principal, action, resource)\nwhen {{\n  "
                   + " &&\n  ".join(conds) + "\n};")
    return "\n\n".join(out) + "\n"


def cedar_entities(sc) -> list[dict]:
    ents = [{"uid": {"type": "Recipient", "id": s}, "attrs": {}, "parents": []} for s in sorted(sc.states)]
    ents += [{"uid": {"type": "Item", "id": i}, "attrs": {"origin": o}, "parents": []}
             for i, o in sorted(sc.item_origin.items())]
    return ents


def cedar_request(r, authority: str) -> dict:
    return {
        "principal": f"Recipient::{cedar_str(r.recipient)}",
        "action": f"Action::{cedar_str(r.use)}",
        "resource": f"Item::{cedar_str(r.item)}",
        "context": {"authority": authority, "date": int(r.date.replace("-", "")), "category": r.category},
    }


def run_cedar(cedarpy, policy_set, entities, creqs: list[dict], chunk: int, repeats: int) -> dict:
    # Warm-up on a slice, then time whole passes; the best pass is reported.
    cedarpy.is_authorized_batch(creqs[:min(len(creqs), 1000)], policy_set, entities)
    best = None
    allowed: list[bool] = []
    times = []
    for _ in range(repeats):
        results = []
        t0 = time.perf_counter()
        for i in range(0, len(creqs), chunk):
            results += cedarpy.is_authorized_batch(creqs[i:i + chunk], policy_set, entities)
        dt = time.perf_counter() - t0
        times.append(dt)
        errors = [(i, e) for i, res in enumerate(results) for e in res.diagnostics.errors]
        if errors:
            raise bl.BenchError(f"Cedar reported {len(errors)} evaluation errors, e.g. {errors[:3]}")
        these = [res.allowed for res in results]
        if allowed and these != allowed:
            raise bl.BenchError("Cedar decided differently between two passes")
        allowed = these
        core = sum(res.metrics.get("authz_duration_micros", 0) for res in results) / 1e6
        if best is None or dt < best["seconds"]:
            best = {"seconds": dt, "core_seconds": core}
    best["times"] = times
    best["allowed"] = allowed
    return best


# -------------------------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help=f"tiny run ({SMOKE_N} requests); never writes RESULTS.md")
    ap.add_argument("--requests", type=int, help=f"number of requests (default {FULL_N}, smoke {SMOKE_N})")
    ap.add_argument("--repeat", type=int, help="passes greenlight-bench makes over the requests (default 10, smoke 1)")
    ap.add_argument("--cedar-repeats", type=int, help="timed Cedar passes, best reported (default 3, smoke 1)")
    ap.add_argument("--cedar-chunk", type=int, default=10_000, help="requests per is_authorized_batch call")
    ap.add_argument("--workdir", help="where the workload is written (default bench/policy/work[/smoke])")
    ap.add_argument("--no-generate", action="store_true", help="use the workload already in --workdir")
    ap.add_argument("--repo", help="repository root (default: git rev-parse --show-toplevel)")
    ap.add_argument("--binary", help="greenlight-bench path (default $GREENLIGHT_BENCH or <repo>/.build/release/greenlight-bench)")
    ap.add_argument("--results", help="results file (default <repo>/bench/RESULTS.md)")
    ap.add_argument("--no-results", action="store_true", help="do not write RESULTS.md even on a full run")
    ap.add_argument("--no-decisions", action="store_true",
                    help="do not ask greenlight-bench for per-request decisions (compare permit counts only)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds allowed for greenlight-bench")
    args = ap.parse_args()

    import cedarpy
    import make_workload
    import reference

    n = args.requests or (SMOKE_N if args.smoke else FULL_N)
    repeat = args.repeat or (1 if args.smoke else 10)
    cedar_repeats = args.cedar_repeats or (1 if args.smoke else 3)
    root = bl.repo_root(args.repo)
    binary = bl.bench_binary(root, args.binary)
    workdir = Path(args.workdir) if args.workdir else HERE / "work" / ("smoke" if args.smoke else "full")
    scenario_file, requests_file = workdir / "scenario.yaml", workdir / "requests.jsonl"

    if not args.no_generate:
        bl.log(make_workload.write_workload(workdir, n, make_workload.SEED))

    sc = reference.load_scenario(scenario_file)
    reqs = reference.load_requests(requests_file)
    n = len(reqs)
    if n == 0:
        raise bl.BenchError(f"no requests in {requests_file}")

    load_at_start = bl.load_average()

    # ---- ours
    argv = [str(binary), "policy", "--scenario", str(scenario_file), "--requests", str(requests_file),
            "--repeat", str(repeat)]
    decisions_file = workdir / "decisions.bin"
    if not args.no_decisions:
        decisions_file.unlink(missing_ok=True)
        argv += ["--decisions", str(decisions_file)]
    ours, ours_proc, ours_cmd = bl.run_bench_binary(argv, args.timeout)
    if int(bl.need(ours, "requests", int)) != n:
        raise bl.BenchError(f"greenlight-bench reports requests={ours['requests']}, expected {n}")
    ours_s = bl.positive_seconds(ours, "seconds")
    ours_permits = int(bl.need(ours, "permits", int))
    ours_dec = None
    if not args.no_decisions:
        if not decisions_file.is_file():
            raise bl.BenchError(f"greenlight-bench did not write {decisions_file}")
        raw = decisions_file.read_bytes()
        if len(raw) != n or any(b > 1 for b in set(raw)):
            raise bl.BenchError(f"{decisions_file} must hold {n} bytes of 0 or 1, holds {len(raw)} bytes")
        ours_dec = [b == 1 for b in raw]
        if sum(ours_dec) != ours_permits:
            raise bl.BenchError(f"decisions file has {sum(ours_dec)} permits but permits={ours_permits}")

    # ---- required authorities and the reference decision (Python, untimed)
    required = [reference.required_authorities(sc, r) for r in reqs]
    ref_dec = [reference.decide(sc, r) for r in reqs]
    pairs: list[tuple[int, str]] = []
    for i, req in enumerate(required):
        for a in sorted(req or ()):
            pairs.append((i, a))
    creqs = [cedar_request(reqs[i], a) for i, a in pairs]
    not_transferred = sum(1 for req in required if req is None)
    no_authority = sum(1 for req in required if req is not None and not req)

    # ---- Cedar
    t0 = time.perf_counter()
    cedar_text = cedar_policies(sc.policies)
    (workdir / "policies.cedar").write_text(cedar_text)
    policy_set = cedarpy.PolicySet.from_str(cedar_text)
    entities = cedarpy.Entities.from_json_str(json.dumps(cedar_entities(sc)))
    cedar_setup = time.perf_counter() - t0
    bl.log(f"Cedar: {len(sc.policies)} policies, {len(creqs):,} evaluations for {n:,} requests")
    cedar = run_cedar(cedarpy, policy_set, entities, creqs, args.cedar_chunk, cedar_repeats)
    cedar_dec = [req is not None for req in required]  # empty set of required authorities: permit
    for (i, _a), ok in zip(pairs, cedar["allowed"]):
        if not ok:
            cedar_dec[i] = False

    # ---- agreement
    problems = []
    translation = [i for i in range(n) if cedar_dec[i] != ref_dec[i]]
    if translation:
        problems.append(f"the Cedar translation disagrees with the Python reference on {len(translation)} requests "
                        f"(a bug in bench/policy, not in Greenlight), e.g. {[reqs[i] for i in translation[:3]]}")
    cedar_permits = sum(cedar_dec)
    mismatches = []
    if ours_dec is not None:
        mismatches = [i for i in range(n) if ours_dec[i] != cedar_dec[i]]
    if ours_permits != cedar_permits or mismatches:
        problems.append(f"Greenlight and Cedar disagree: permits {ours_permits:,} vs {cedar_permits:,}"
                        + (f", {len(mismatches):,} requests differ" if ours_dec is not None else ""))
    verdicts: dict[int, dict[str, bool]] = {}
    for (i, a), ok in zip(pairs, cedar["allowed"]):
        verdicts.setdefault(i, {})[a] = ok
    for i in mismatches[:20]:
        r = reqs[i]
        req = required[i]
        print(f"MISMATCH request #{i + 1} {json.dumps(r.__dict__)}: Greenlight "
              f"{'permit' if ours_dec[i] else 'deny'}, Cedar {'permit' if cedar_dec[i] else 'deny'}; required "
              f"{'not transferred' if req is None else sorted(req)}; Cedar per authority {verdicts.get(i, {})}")

    # ---- with area conditions: the flagship scenario (countries, regions, buffers), no peer
    area_count = 1_000 if args.smoke else 100_000
    area_argv = [argv[0], "policy", "--scenario", str(root / "Scenarios/ukraine-2024-2025/scenario.yaml"), "--count", str(area_count)]
    areas, _, areas_cmd = bl.run_bench_binary(area_argv, args.timeout)
    areas_rate = areas["requests"] / areas["seconds"]

    # ---- figures
    ours_rate = n * repeat / ours_s
    cedar_rate = n / cedar["seconds"]
    cedar_eval_rate = len(creqs) / cedar["seconds"] if creqs else None
    cedar_core_rate = n / cedar["core_seconds"] if cedar["core_seconds"] > 0 else None
    ratio = ours_rate / cedar_rate
    ratio_core = ours_rate / cedar_core_rate if cedar_core_rate else None

    rows = [
        [f"decisions, {n:,} requests × {repeat}", f"{bl.fmt_rate(ours_rate)} ({ours_s:.4f} s)",
         f"cedarpy {bl.fmt_rate(cedar_rate)} ({cedar['seconds']:.3f} s)", bl.fmt_ratio(ratio),
         f"≥ {TARGET_RATE:,} decisions/s; ≥ {TARGET_VS_CEDAR}× cedarpy",
         f"{bl.met(ours_rate >= TARGET_RATE)}; {bl.met(ratio >= TARGET_VS_CEDAR)}"],
        ["(Cedar engine time only, from cedarpy's authz_duration_micros)", "",
         f"{bl.fmt_rate(cedar_core_rate)} ({cedar['core_seconds']:.3f} s)", bl.fmt_ratio(ratio_core), "", ""],
        [f"decisions with area conditions, flagship scenario, {areas['requests']:,} random requests",
         f"{bl.fmt_rate(areas_rate)} ({areas['seconds']:.4f} s)", "(no peer)", "", "reported", ""],
    ]
    table = bl.markdown_table(["measure", "Greenlight", "peer", "ratio", "target", "met"], rows)
    n_req = {}
    for req in required:
        if req is not None:
            n_req[len(req)] = n_req.get(len(req), 0) + 1
    facts = [
        f"- permits: Greenlight {ours_permits:,}, Cedar {cedar_permits:,}, Python reference {sum(ref_dec):,} "
        f"(of {n:,}); requests that differ: "
        + (f"{len(mismatches):,}" if ours_dec is not None else "not compared (no per-request decisions)"),
        f"- workload: {len(sc.policies)} policies over {len(sc.by_authority)} authorities; "
        f"{not_transferred:,} requests not transferred (denied without Cedar), {no_authority:,} needing no consent; "
        "required authorities per transferred request: "
        + ", ".join(f"{k}: {v:,}" for k, v in sorted(n_req.items())),
        f"- Cedar evaluations: {len(creqs):,} ({bl.fmt_rate(cedar_eval_rate)}), best of {cedar_repeats} passes "
        f"({', '.join(f'{t:.3f}' for t in cedar['times'])} s); parsing policies and entities {cedar_setup:.3f} s, untimed",
        f"- area conditions: `{areas_cmd}` — every item of Scenarios/ukraine-2024-2025 on random dates in 2023–2024, targets uniform in "
        f"lat 44–56, lon 30–46, six categories; {areas['permits']:,} permitted",
        f"- whole greenlight-bench process {ours_proc['wall']:.2f} s wall, {ours_proc['cpu']:.2f} s CPU"
        + (f", threads {ours['threads']}" if "threads" in ours else "") + f"; load average at start {load_at_start}",
    ]
    command = bl.invoking_command("python3 bench/policy/bench_policy.py " + " ".join(sys.argv[1:]))
    print(f"\n### policy{' (smoke)' if args.smoke else ''}\n")
    print(table)
    print()
    print("\n".join(facts))
    print(f"\ngreenlight-bench JSON: {json.dumps(ours)}")

    if problems:
        for p in problems:
            bl.log(f"FAIL: {p}")
        return 1

    if not args.smoke and not args.no_results:
        import importlib.metadata as md

        def shown(path: Path) -> str:
            try:
                return str(path.resolve().relative_to(root))
            except ValueError:
                return str(path)

        body = f"""Run {bl.now_utc()} on {bl.machine_line()}; Greenlight commit {bl.git_describe(root)}.

Command: `{command}`, which ran `{ours_cmd}`.
Workload: `bench/policy/make_workload.py` (seed {make_workload.SEED}): {len(sc.policies)} policies without areas, {n:,} requests.
Peer in the same run: cedarpy {md.version('cedarpy')} (Cedar policies in `{shown(workdir / 'policies.cedar')}`,
pre-parsed `PolicySet` and `Entities`, `is_authorized_batch` in chunks of {args.cedar_chunk:,}), best of {cedar_repeats} timed passes.
Cedar's time covers only its evaluations: the required authorities are derived in Python beforehand and are not counted,
while Greenlight's seconds (as greenlight-bench reports them, {repeat} passes) include deriving them.
Decisions per second count requests (a request needs one Cedar evaluation per required authority).

{table}

{chr(10).join(facts)}
"""
        bl.write_results(args.results, root, "policy", body)
    return 0


if __name__ == "__main__":
    bl.run_main(main)
