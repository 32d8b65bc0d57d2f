#!/usr/bin/env python3
"""Reach benchmark: `greenlight reach` (areas at 1 km + synthetic sites) against PostGIS site classification.

The flagship reach question of issue 4: ATACMS M39A1 (300 km) on 2024-11-20, measured within Russia, launched
from Ukraine, scenario Scenarios/ukraine-2024-2025/scenario.yaml (de-jure view), areas from the zones (10 m tolerance), plus N
synthetic sites (fixed seed, uniform in lat 43-60, lon 20-50, categories military/*), written as CSV
`lat,lon,category,id`. Measured in one run:

  flagship   the whole command `greenlight reach ... --tolerance-m 10 --sites N.csv --format json`, wall clock and
             peak RSS (/usr/bin/time -v), best of R; the same command without --sites (areas only), best of R,
             so the time splits into areas and sites
  peer       PostgreSQL 15 + PostGIS 3 (geography, SRID 4326) classifies the first K sites with SQL mirroring the
             scenario for that item and date (in territory, in range, permitted in range), best of R; Greenlight
             runs on the same K sites (best of R, and once with per-site CSV output), site by site comparison
  memory     10,000,000 sites streamed through the same command under /usr/bin/time -v: peak RSS

See bench/README.md. Use bench/reach/run.sh, which installs the peers and finds (or builds) the binary.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import benchlib as bl  # noqa: E402
import flagship_mirror as fm  # noqa: E402
from flagship_mirror import AREAS, BORDER_M, DATE, ITEM, RANGE_M, SCENARIO, WITHIN, feature_geometry  # noqa: E402

SEED = 20240530
LAT_RANGE = (43.0, 60.0)
LON_RANGE = (20.0, 50.0)
CATEGORIES = ["military/airfield", "military/depot", "military/command", "military/artillery"]
COMMENT = "# synthetic sites (bench/reach), not real installations"
CHUNK = 100_000  # rows generated and formatted at a time: the big file is never held in memory

FULL_N, FULL_K, FULL_M, FULL_COVERS = 1_000_000, 100_000, 10_000_000, 500
SMOKE_N, SMOKE_K, SMOKE_M, SMOKE_COVERS = 10_000, 2_000, 100_000, 100

TOLERANCE_M = 10

TARGET_FLAGSHIP_S = 5.0
TARGET_PEAK_MB = 500
# Correctness gates (a failure makes the figures meaningless).
MAX_DISAGREE_SHARE = 0.005   # of the K sites
BOUNDARY_BAND_M = 1_000      # a disagreeing site must lie this close to some boundary that decides it

# ------------------------------------------------------------------------------------------ the scenario

def check_categories(path: Path, p: dict) -> bool:
    """A US policy's categories must cover every site category (the SQL assumes all)."""
    if not all(any(c == k or c.startswith(k + "/") for k in p["categories"]) for c in CATEGORIES):
        raise bl.BenchError(f"{path}: policy {p['id']} matches only some site categories; the SQL assumes all or none")
    return True


def check_scenario(path: Path) -> list[str]:
    """Return the ids of the US policies in force for the question; raise if the SQL no longer mirrors them."""
    return fm.check_scenario(path, driver="bench_reach.py", categories_apply=check_categories,
                             us_sole_supplier=False, no_target_not_in=False)


# ------------------------------------------------------------------------------------------------ sites

def write_sites(path: Path, n: int) -> None:
    """n sites, fixed seed, generated and written CHUNK rows at a time (constant memory)."""
    import numpy as np

    rng = np.random.default_rng(SEED)
    with open(path, "w", newline="\n") as f:
        f.write(COMMENT + "\nlat,lon,category,id\n")
        done = 0
        while done < n:
            m = min(CHUNK, n - done)
            lat = rng.uniform(*LAT_RANGE, m).tolist()
            lon = rng.uniform(*LON_RANGE, m).tolist()
            cat = rng.integers(0, len(CATEGORIES), m).tolist()
            f.write("".join([f"{a:.6f},{b:.6f},{CATEGORIES[c]},{done + j}\n"
                             for j, (a, b, c) in enumerate(zip(lat, lon, cat))]))
            done += m


def head_sites(src: Path, dst: Path, k: int) -> list[tuple[int, str, str, str]]:
    """Copy the first k site rows of src (with its two header lines) to dst; return them as (id, lat, lon, category)."""
    rows = []
    with open(src) as f, open(dst, "w", newline="\n") as out:
        out.write(f.readline())
        out.write(f.readline())
        for line in f:
            if len(rows) == k:
                break
            out.write(line)
            lat, lon, cat, sid = line.rstrip("\n").split(",")
            rows.append((int(sid), lat, lon, cat))
    if len(rows) != k:
        raise bl.BenchError(f"{src} has only {len(rows)} sites, {k} wanted")
    return rows


# ------------------------------------------------------------------------------------------------- ours

def reach_argv(binary: Path, sites: Path | None, per_site: Path | None) -> list[str]:
    argv = [str(binary), "reach", SCENARIO, "--item", ITEM, "--date", DATE, "--within", WITHIN,
            "--tolerance-m", str(TOLERANCE_M)]
    if sites is not None:
        argv += ["--sites", str(sites)]
    argv += ["--format", "json"]
    if per_site is not None:
        argv += ["--geojson", str(per_site)]
    return argv


def run_timed(argv: list[str], root: Path, workdir: Path, timeout: float) -> dict:
    """Run one command under /usr/bin/time -v from the repository root; wall clock measured here."""
    tfile = workdir / "time-v.txt"
    cmd = shlex.join(argv)
    bl.log(f"$ {cmd}")
    start = time.perf_counter()
    try:
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", str(tfile)] + argv, cwd=root,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise bl.BenchError(f"`{cmd}` did not finish within {timeout:.0f} s") from e
    wall = time.perf_counter() - start
    tv = tfile.read_text() if tfile.exists() else ""
    if proc.returncode != 0:
        raise bl.BenchError(f"`{cmd}` exited with status {proc.returncode}\nstderr: {proc.stderr[-3000:]}\n"
                            f"stdout: {proc.stdout[-1000:]}\n{tv[-500:]}")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv)
    if not m:
        raise bl.BenchError(f"/usr/bin/time -v printed no peak RSS for `{cmd}`: {tv[-1000:]!r}")
    user = re.search(r"User time \(seconds\): ([\d.]+)", tv)
    system = re.search(r"System time \(seconds\): ([\d.]+)", tv)
    try:
        obj = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        raise bl.BenchError(f"`{cmd}` did not print one JSON object ({e}): {proc.stdout[:2000]!r}") from e
    if not isinstance(obj, dict):
        raise bl.BenchError(f"`{cmd}` printed JSON that is not an object: {proc.stdout[:2000]!r}")
    return {"json": obj, "wall": wall, "rss_kb": int(m.group(1)), "cmd": cmd,
            "cpu": (float(user.group(1)) if user else 0.0) + (float(system.group(1)) if system else 0.0),
            "stderr": proc.stderr}


def best_of(argv: list[str], root: Path, workdir: Path, repeats: int, timeout: float) -> dict:
    runs = [run_timed(argv, root, workdir, timeout) for _ in range(repeats)]
    for r in runs[1:]:
        if not same_report(runs[0]["json"], r["json"]):
            raise bl.BenchError(f"`{runs[0]['cmd']}` printed different results on repeated runs:\n"
                                f"{json.dumps(runs[0]['json'], sort_keys=True)}\n{json.dumps(r['json'], sort_keys=True)}")
    best = min(runs, key=lambda r: r["wall"])
    return dict(best, walls=[r["wall"] for r in runs], peak_rss_kb=max(r["rss_kb"] for r in runs))


def same_report(a, b) -> bool:
    """Equal JSON, floats to 1e-9 relative (an area summed in another order may differ in its last bits)."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_report(a[x], b[x]) for x in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_report(x, y) for x, y in zip(a, b))
    return a == b


def check_areas(obj: dict, cmd: str) -> dict:
    def num(key):
        return float(bl.need(obj, key))
    a = {k: num(k) for k in ("in_range_km2", "permitted_km2", "share_permitted", "area_error_km2")}
    if bl.need(obj, "required", list) != ["US"]:
        raise bl.BenchError(f"`{cmd}`: required is {obj.get('required')!r}, expected ['US'] (supplier and origin)")
    if not 0 < a["permitted_km2"] < a["in_range_km2"] or not 0 <= a["area_error_km2"] < a["in_range_km2"]:
        raise bl.BenchError(f"`{cmd}`: implausible areas {a}")
    if abs(a["share_permitted"] - a["permitted_km2"] / a["in_range_km2"]) > 1e-9:
        raise bl.BenchError(f"`{cmd}`: share_permitted {a['share_permitted']} is not permitted/in_range")
    return a


def check_sites(obj: dict, total: int, cmd: str) -> dict:
    """The site counts of one JSON report, checked for consistency."""
    s = bl.need(obj, "sites", dict)
    keys = ("total", "outside_territory", "in_range", "permitted_in_range", "denied_in_range", "out_of_range", "permitted")
    c = {k: int(bl.need(obj, f"sites.{k}", int)) for k in keys}
    by_cat = bl.need(obj, "sites.by_category", dict)
    missing = bl.need(obj, "sites.by_missing_authority", dict)
    problems = []
    if c["total"] != total:
        problems.append(f"total {c['total']}, expected {total} (sites in the file)")
    if c["outside_territory"] + c["in_range"] + c["out_of_range"] != c["total"]:
        problems.append("outside_territory + in_range + out_of_range != total")
    if c["permitted_in_range"] + c["denied_in_range"] != c["in_range"]:
        problems.append("permitted_in_range + denied_in_range != in_range")
    if not c["permitted_in_range"] <= c["permitted"] <= c["total"] - c["outside_territory"]:
        problems.append("permitted is not between permitted_in_range and the sites in the territory")
    if sum(v.get("total", 0) for v in by_cat.values()) != c["total"] - c["outside_territory"]:
        problems.append("by_category totals != sites in the territory")
    if sum(v.get("in_range", 0) for v in by_cat.values()) != c["in_range"]:
        problems.append("by_category in_range != in_range")
    if sum(v.get("permitted_in_range", 0) for v in by_cat.values()) != c["permitted_in_range"]:
        problems.append("by_category permitted_in_range != permitted_in_range")
    if not set(by_cat) <= set(CATEGORIES):
        problems.append(f"unexpected categories {sorted(set(by_cat) - set(CATEGORIES))}")
    if set(missing) - {"US"} or missing.get("US", 0) != c["denied_in_range"]:
        problems.append(f"by_missing_authority {missing} != {{US: denied_in_range}}")
    if problems:
        raise bl.BenchError(f"`{cmd}` site counts are inconsistent: " + "; ".join(problems) + f"\nsites: {json.dumps(s)}")
    return c


def read_per_site(path: Path, k: int) -> dict[int, dict]:
    """Our per-site CSV: id,lat,lon,category,decision,in_range,in_territory,missing,distance_from_launch_km,depth_km."""
    if not path.is_file():
        raise bl.BenchError(f"greenlight reach did not write the per-site file {path}")
    out = {}
    with open(path, newline="") as f:
        rd = csv.DictReader(f)
        need = {"id", "decision", "in_range", "in_territory", "distance_from_launch_km", "depth_km"}
        if not need <= set(rd.fieldnames or []):
            raise bl.BenchError(f"{path}: columns {rd.fieldnames}, expected at least {sorted(need)}")
        for row in rd:
            if row["decision"] not in ("permit", "deny") or row["in_range"] not in ("true", "false") \
                    or row["in_territory"] not in ("true", "false"):
                raise bl.BenchError(f"{path}: unexpected values in {row}")
            t = row["in_territory"] == "true"
            r = t and row["in_range"] == "true"
            out[int(row["id"])] = {"t": t, "r": r, "p": r and row["decision"] == "permit",
                                   "to_ua_km": float(row["distance_from_launch_km"]), "depth_ru_km": float(row["depth_km"])}
    if len(out) != k:
        raise bl.BenchError(f"{path} holds {len(out)} sites, expected {k}")
    return out


# ---------------------------------------------------------------------------------------------- PostGIS

# The classification, mirroring the scenario (see EXPECTED_US_POLICIES): a site is
#   in territory         inside RU (de jure)
#   in range             and within 300 km of UA (the launch area, de jure: Crimea included)
#   permitted in range   and permitted by the US: us-border-widening (RU within 84 km of Kharkiv or Sumy oblast,
#                        which contains us-kharkiv-exception's area) or us-kursk-clearance (Kursk region), for
#                        categories under `military`; us-ukrainian-territory (UA) adds nothing inside RU, and
#                        us-no-atacms-in-russia ended 2024-11-16.
# `{TERRITORY}` is the point-in-polygon test on geography (ST_Intersects by default, see --territory).
CTES = """
WITH territory AS MATERIALIZED (
    SELECT s.id, s.category, s.g
    FROM greenlight_reach_sites s JOIN greenlight_reach_areas ru ON ru.name = 'RU' AND {TERRITORY}(ru.g, s.g)),
in_range AS MATERIALIZED (
    SELECT t.* FROM territory t JOIN greenlight_reach_areas ua ON ua.name = 'UA' AND ST_DWithin(t.g, ua.g, {RANGE})),
permitted AS (
    SELECT r.id FROM in_range r
    WHERE (r.category = 'military' OR r.category LIKE 'military/%')
      AND (EXISTS (SELECT 1 FROM greenlight_reach_areas b
                   WHERE b.name IN ('UA-63', 'UA-59') AND ST_DWithin(r.g, b.g, {BORDER}))
           OR EXISTS (SELECT 1 FROM greenlight_reach_areas k WHERE k.name = 'RU-KRS' AND ST_Covers(k.g, r.g))))
"""
COUNT_QUERY = CTES + """SELECT (SELECT count(*) FROM territory), (SELECT count(*) FROM in_range), (SELECT count(*) FROM permitted)"""
SITES_QUERY = CTES + """SELECT t.id, r.id IS NOT NULL, p.id IS NOT NULL
FROM territory t LEFT JOIN in_range r ON r.id = t.id LEFT JOIN permitted p ON p.id = t.id"""
DISTANCE_QUERY = """
SELECT s.id,
       ST_Distance(s.g, ST_Boundary(ru.g::geometry)::geography),
       ST_Distance(s.g, ua.g),
       least(ST_Distance(s.g, kh.g), ST_Distance(s.g, su.g)),
       ST_Distance(s.g, ST_Boundary(ku.g::geometry)::geography)
FROM greenlight_reach_sites s,
     (SELECT g FROM greenlight_reach_areas WHERE name = 'RU') ru, (SELECT g FROM greenlight_reach_areas WHERE name = 'UA') ua,
     (SELECT g FROM greenlight_reach_areas WHERE name = 'UA-63') kh, (SELECT g FROM greenlight_reach_areas WHERE name = 'UA-59') su,
     (SELECT g FROM greenlight_reach_areas WHERE name = 'RU-KRS') ku
WHERE s.id = ANY(%s)"""


def sql(template: str, territory: str) -> str:
    return (template.replace("{TERRITORY}", territory).replace("{RANGE}", str(RANGE_M))
            .replace("{BORDER}", str(BORDER_M)).strip())


def postgis(root: Path, ne: Path, rows: list, repeats: int, covers_sample: int, territory: str, keep_running: bool):
    """Generator: load, classify (timed), yield the results; stop the cluster afterwards if we started it."""
    import psycopg

    k = len(rows)
    with bl.postgis_cluster(root, keep_running) as url, psycopg.connect(url, autocommit=True) as conn:
        version = conn.execute("SELECT postgis_lib_version(), current_setting('server_version')").fetchone()
        conn.execute("DROP TABLE IF EXISTS greenlight_reach_sites, greenlight_reach_areas")
        conn.execute("CREATE TABLE greenlight_reach_areas (name text PRIMARY KEY, g geography NOT NULL)")
        for name, (file, prop, value) in AREAS.items():
            conn.execute("INSERT INTO greenlight_reach_areas VALUES (%s, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326)::geography)",
                         (name, feature_geometry(ne / file, prop, value)))
        vertices = dict(conn.execute("SELECT name, ST_NPoints(g::geometry) FROM greenlight_reach_areas").fetchall())
        conn.execute("CREATE TABLE greenlight_reach_sites (id integer PRIMARY KEY, category text NOT NULL, "
                     "g geography(Point, 4326) NOT NULL)")
        t0 = time.perf_counter()
        with conn.cursor().copy("COPY greenlight_reach_sites (id, category, g) FROM STDIN") as cp:
            for sid, lat, lon, cat in rows:  # the CSV's own decimal text, as Greenlight reads it
                cp.write_row((sid, cat, f"SRID=4326;POINT({lon} {lat})"))
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        conn.execute("CREATE INDEX ON greenlight_reach_sites USING gist (g)")
        index_s = time.perf_counter() - t0
        conn.execute("ANALYZE greenlight_reach_sites")
        conn.execute("ANALYZE greenlight_reach_areas")
        if conn.execute("SELECT count(*) FROM greenlight_reach_sites").fetchone()[0] != k:
            raise bl.BenchError(f"PostGIS does not hold the {k} sites loaded")

        count_query = sql(COUNT_QUERY, territory)
        plan = [r[0] for r in conn.execute("EXPLAIN " + count_query)]
        # Untimed, and a warm-up: which sites, for the site-by-site comparison.
        per_site = {int(i): (bool(r), bool(p)) for i, r, p in conn.execute(sql(SITES_QUERY, territory))}
        times, counts = [], None
        for _ in range(repeats):
            t0 = time.perf_counter()
            c = tuple(int(x) for x in conn.execute(count_query).fetchone())
            times.append(time.perf_counter() - t0)
            if counts is not None and c != counts:
                raise bl.BenchError(f"PostGIS counts changed between runs: {counts} then {c}")
            counts = c
        expect = (len(per_site), sum(r for r, _ in per_site.values()), sum(p for _, p in per_site.values()))
        if counts != expect:
            raise bl.BenchError(f"PostGIS count query {counts} and per-site query {expect} disagree")

        # ST_Covers(geography) against ST_Intersects(geography) on RU, on the first sites only (untimed for the
        # ratio): the same answer for points, at very different costs in PostGIS 3.3.
        sample = min(covers_sample, k)
        cov = {}
        if sample:
            for fn in ("ST_Covers", "ST_Intersects"):
                q = (f"WITH sample AS MATERIALIZED (SELECT id, g FROM greenlight_reach_sites ORDER BY id LIMIT {sample}) "
                     f"SELECT s.id FROM sample s JOIN greenlight_reach_areas ru ON ru.name = 'RU' AND {fn}(ru.g, s.g)")
                t0 = time.perf_counter()
                ids = {int(r[0]) for r in conn.execute(q)}
                cov[fn] = {"seconds": time.perf_counter() - t0, "ids": ids}

        res = {"count_query": count_query, "plan": plan, "times": times, "best": min(times), "counts": counts,
               "per_site": per_site, "load_s": load_s, "index_s": index_s, "vertices": vertices,
               "covers_sample": sample, "covers": cov,
               "uses_index": any("greenlight_reach_sites_g_idx" in line for line in plan),
               "parallel": any("Gather" in line for line in plan),
               "version": f"PostgreSQL {version[1]}, PostGIS {version[0]}"}
        res["distances"] = lambda ids: {int(r[0]): [float(x) for x in r[1:]]
                                        for r in conn.execute(DISTANCE_QUERY, (sorted(map(int, ids)),))}
        res["finish"] = lambda: conn.execute("DROP TABLE IF EXISTS greenlight_reach_sites, greenlight_reach_areas")
        yield res


def compare(ours: dict[int, dict], pg: dict, limit: int) -> dict:
    """Site by site: in territory, in range, permitted in range. For each disagreeing site, its distance (PostGIS
    ST_Distance on geography) to the lines that decide the first answer that differs: RU's boundary (territory),
    300 km from UA (range), 84 km from Kharkiv/Sumy oblasts or Kursk region's boundary (permission)."""
    pgs = pg["per_site"]
    dis = []
    for sid, o in ours.items():
        t = sid in pgs
        r, p = pgs.get(sid, (False, False))
        if (o["t"], o["r"], o["p"]) != (t, r, p):
            dis.append(sid)
    unknown = set(pgs) - set(ours)
    if unknown:
        raise bl.BenchError(f"PostGIS classified ids Greenlight did not report: {sorted(unknown)[:10]}")
    out = {"count": len(dis), "examples": [], "max_min_m": None}
    if dis:
        dist = pg["distances"](dis[:limit])
        worst = 0.0
        for sid in dis[:limit]:
            ru_b, ua_d, kh_su_d, ku_b = dist[sid]
            o = ours[sid]
            t = sid in pgs
            r, p = pgs.get(sid, (False, False))
            # The lines that decide the first answer that differs (the later ones follow from it).
            if o["t"] != t:
                lines = {"RU boundary": ru_b}
            elif o["r"] != r:
                lines = {"300 km from UA": abs(ua_d - RANGE_M)}
            else:
                lines = {"84 km from Kharkiv/Sumy": abs(kh_su_d - BORDER_M), "Kursk boundary": ku_b}
            nearest = min(lines, key=lines.get)
            worst = max(worst, lines[nearest])
            out["examples"].append({
                "id": sid, "greenlight": {"territory": o["t"], "range": o["r"], "permitted": o["p"]},
                "postgis": {"territory": t, "range": r, "permitted": p},
                "nearest_line": nearest, "distance_m": round(lines[nearest], 1),
                "greenlight_to_ua_km": o["to_ua_km"], "greenlight_depth_ru_km": o["depth_ru_km"]})
        out["max_min_m"] = worst
    return out


# ------------------------------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true",
                    help=f"tiny run ({SMOKE_N:,} sites, PostGIS on {SMOKE_K:,}, memory on {SMOKE_M:,}); never writes RESULTS.md")
    ap.add_argument("--sites", type=int, help=f"sites of the flagship run (default {FULL_N:,}, smoke {SMOKE_N:,})")
    ap.add_argument("--subset", type=int, help=f"PostGIS subset K, the first K sites (default {FULL_K:,}, smoke {SMOKE_K:,})")
    ap.add_argument("--memory-sites", type=int, help=f"sites streamed for peak memory (default {FULL_M:,}, smoke {SMOKE_M:,}; 0 skips)")
    ap.add_argument("--covers-sample", type=int,
                    help=f"sites timed with ST_Covers(geography) on RU for comparison (default {FULL_COVERS}, smoke {SMOKE_COVERS}; 0 skips)")
    ap.add_argument("--territory", choices=["ST_Intersects", "ST_Covers"], default="ST_Intersects",
                    help="PostGIS point-in-RU test in the timed query (default ST_Intersects: the same answer for points "
                         "as ST_Covers, which PostGIS 3.3 evaluates without its geography tree cache)")
    ap.add_argument("--repeats", type=int, default=3, help="timed runs of each side; the best is reported (default 3)")
    ap.add_argument("--repo", help="repository root (default: git rev-parse --show-toplevel)")
    ap.add_argument("--binary", help="greenlight path (default $GREENLIGHT or <repo>/.build/release/greenlight)")
    ap.add_argument("--results", help="results file (default <repo>/bench/RESULTS.md)")
    ap.add_argument("--no-results", action="store_true", help="do not write RESULTS.md even on a full run")
    ap.add_argument("--keep-postgres", action="store_true", help="leave the PostGIS cluster running afterwards")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds allowed for each greenlight command")
    args = ap.parse_args()

    n = args.sites or (SMOKE_N if args.smoke else FULL_N)
    k = args.subset or (SMOKE_K if args.smoke else FULL_K)
    m = args.memory_sites if args.memory_sites is not None else (SMOKE_M if args.smoke else FULL_M)
    covers_sample = args.covers_sample if args.covers_sample is not None else (SMOKE_COVERS if args.smoke else FULL_COVERS)
    if not 0 < k <= n:
        raise bl.BenchError(f"need 0 < subset <= sites, got subset={k}, sites={n}")
    if args.repeats < 1:
        raise bl.BenchError("--repeats must be at least 1")
    root = bl.repo_root(args.repo)
    binary = bl.greenlight_binary(root, args.binary)
    binary_stamp = (binary.stat().st_mtime_ns, binary.stat().st_size)
    if not os.access("/usr/bin/time", os.X_OK):
        raise bl.BenchError("/usr/bin/time is missing (Debian package `time`); bench/reach/run.sh installs it")
    ne = root / fm.NATURAL_EARTH
    policies = check_scenario(root / SCENARIO)

    load_at_start = bl.load_average()
    workdir = Path(tempfile.mkdtemp(prefix="greenlight-reach-"))
    try:
        sites_n = workdir / f"sites-{n}.csv"
        sites_k = workdir / f"sites-{k}.csv"
        per_site_k = workdir / f"sites-{k}-out.csv"
        t0 = time.perf_counter()
        write_sites(sites_n, n)
        rows_k = head_sites(sites_n, sites_k, k)
        bl.log(f"{n:,} sites (seed {SEED}) in {sites_n} ({time.perf_counter() - t0:.1f} s); first {k:,} in {sites_k}")

        # ---- ours: areas only, the flagship (areas + N sites), the K subset (timed, then with per-site output)
        areas_run = best_of(reach_argv(binary, None, None), root, workdir, args.repeats, args.timeout)
        areas = check_areas(areas_run["json"], areas_run["cmd"])
        if "sites" in areas_run["json"] and areas_run["json"]["sites"] not in (None, {}):
            raise bl.BenchError(f"`{areas_run['cmd']}` reports sites without --sites")
        flag = best_of(reach_argv(binary, sites_n, None), root, workdir, args.repeats, args.timeout)
        flag_areas = check_areas(flag["json"], flag["cmd"])
        if not same_report(flag_areas, areas):
            raise bl.BenchError(f"areas differ with and without --sites: {flag_areas} vs {areas}")
        flag_sites = check_sites(flag["json"], n, flag["cmd"])
        sub = best_of(reach_argv(binary, sites_k, None), root, workdir, args.repeats, args.timeout)
        sub_sites = check_sites(sub["json"], k, sub["cmd"])
        sub_out = run_timed(reach_argv(binary, sites_k, per_site_k), root, workdir, args.timeout)
        if check_sites(sub_out["json"], k, sub_out["cmd"]) != sub_sites:
            raise bl.BenchError("site counts differ with and without --geojson")
        ours_k = read_per_site(per_site_k, k)
        from_csv = (sum(o["t"] for o in ours_k.values()), sum(o["r"] for o in ours_k.values()),
                    sum(o["p"] for o in ours_k.values()))
        ours_counts_k = (k - sub_sites["outside_territory"], sub_sites["in_range"], sub_sites["permitted_in_range"])
        if from_csv != ours_counts_k:
            raise bl.BenchError(f"per-site CSV counts {from_csv} differ from the JSON counts {ours_counts_k}")

        # ---- peer
        bl.log(f"PostGIS: loading the borders and {k:,} sites, classifying")
        pg_gen = postgis(root, ne, rows_k, args.repeats, covers_sample, args.territory, args.keep_postgres)
        pg = next(pg_gen)
        try:
            limit = max(10, int(k * MAX_DISAGREE_SHARE)) + 1
            dis = compare(ours_k, pg, limit)
            pg["finish"]()
        finally:
            pg_gen.close()

        # ---- memory: M sites streamed (the file is written in chunks, then deleted)
        mem = None
        if m:
            sites_m = workdir / f"sites-{m}.csv"
            t0 = time.perf_counter()
            write_sites(sites_m, m)
            size_mb = sites_m.stat().st_size / 1e6
            bl.log(f"{m:,} sites in {sites_m} ({size_mb:,.0f} MB, {time.perf_counter() - t0:.1f} s)")
            try:
                mem = run_timed(reach_argv(binary, sites_m, None), root, workdir, args.timeout)
            finally:
                sites_m.unlink(missing_ok=True)
            mem["sites"] = check_sites(mem["json"], m, mem["cmd"])
            mem["size_mb"] = size_mb
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    if (binary.stat().st_mtime_ns, binary.stat().st_size) != binary_stamp:
        raise bl.BenchError(f"{binary} was replaced during the run (a build finished meanwhile): the figures would "
                            "mix two builds; run again when no build is running")

    # ---- figures (every number below is measured in this run)
    t_areas = areas_run["wall"]
    t_flag = flag["wall"]
    t_sub = sub["wall"]
    sites_s_n = t_flag - t_areas
    sites_s_k = t_sub - t_areas
    rate_n = n / sites_s_n if sites_s_n > 0 else None
    rate_k = k / sites_s_k if sites_s_k > 0 else None
    rate_pg = k / pg["best"]
    ratio = rate_k / rate_pg if rate_k else None
    mb = lambda kb: kb / 1024  # noqa: E731
    pg_t, pg_r, pg_p = pg["counts"]

    rows = [
        [f"flagship: reach (zones at {TOLERANCE_M} m) + {n:,} sites, whole command",
         f"{t_flag:.2f} s (areas {t_areas:.2f} s + sites {sites_s_n:.2f} s); peak RSS {mb(flag['peak_rss_kb']):,.0f} MB",
         "", "", f"≤ {TARGET_FLAGSHIP_S:g} s", bl.met(t_flag <= TARGET_FLAGSHIP_S)],
        [f"sites in that run ({n:,})", f"{bl.fmt_rate(rate_n)}", "", "", "", ""],
        [f"site classification, the same first {k:,} sites",
         f"{bl.fmt_rate(rate_k)} ({sites_s_k:.3f} s = {t_sub:.2f} s − {t_areas:.2f} s areas)",
         f"PostGIS {bl.fmt_rate(rate_pg)} ({pg['best']:.2f} s)", bl.fmt_ratio(ratio), "reported", "n/a"],
    ]
    if mem:
        mem_sites_s = mem["wall"] - t_areas
        rows.append([f"peak memory, {m:,} sites streamed ({mem['size_mb']:,.0f} MB CSV)",
                     f"{mb(mem['rss_kb']):,.0f} MB ({mem['wall']:.1f} s; sites {bl.fmt_rate(m / mem_sites_s) if mem_sites_s > 0 else 'n/a'})",
                     "", "", f"≤ {TARGET_PEAK_MB} MB", bl.met(mb(mem["rss_kb"]) <= TARGET_PEAK_MB)])
    table = bl.markdown_table(["measure", "Greenlight", "peer", "ratio", "target", "met"], rows)

    problems = []
    max_dis = int(k * MAX_DISAGREE_SHARE)
    agree = [
        f"- first {k:,} sites — in territory (RU): Greenlight {ours_counts_k[0]:,}, PostGIS {pg_t:,}; in range: "
        f"Greenlight {ours_counts_k[1]:,}, PostGIS {pg_r:,}; permitted in range: Greenlight {ours_counts_k[2]:,}, "
        f"PostGIS {pg_p:,}; sites that disagree on any of the three: {dis['count']:,}"
        + (f", each within {dis['max_min_m']:,.1f} m of the line that decides the answer that differs (PostGIS ST_Distance)"
           if dis["count"] else "")]
    if dis["count"] > max_dis:
        problems.append(f"{dis['count']} of {k} sites disagree with PostGIS (at most {max_dis}, {MAX_DISAGREE_SHARE:.1%}, allowed)")
    elif dis["max_min_m"] is not None and dis["max_min_m"] > BOUNDARY_BAND_M:
        problems.append(f"a disagreeing site lies {dis['max_min_m']:,.0f} m from the lines that decide it "
                        f"(at most {BOUNDARY_BAND_M:,} m allowed)")
    fc = flag_sites
    agree.append(
        f"- Greenlight, all {n:,} sites: {fc['outside_territory']:,} outside RU, {fc['in_range']:,} in range "
        f"({fc['permitted_in_range']:,} permitted, {fc['denied_in_range']:,} denied: US missing), {fc['out_of_range']:,} out of range; "
        f"areas: in range {areas['in_range_km2']:,.0f} km², permitted {areas['permitted_km2']:,.0f} km² "
        f"(share {areas['share_permitted']:.4f}), error bound {areas['area_error_km2']:,.0f} km²")
    agree.append(
        f"- Greenlight runs (wall s): areas only {', '.join(f'{w:.2f}' for w in areas_run['walls'])}; "
        f"{n:,} sites {', '.join(f'{w:.2f}' for w in flag['walls'])} (CPU {flag['cpu']:.2f} s in the best); "
        f"{k:,} sites {', '.join(f'{w:.2f}' for w in sub['walls'])}; {k:,} sites with per-site CSV {sub_out['wall']:.2f}")
    agree.append(
        f"- PostGIS: best of {args.repeats} ({', '.join(f'{t:.2f}' for t in pg['times'])} s) for the three counts; "
        f"untimed: COPY of {k:,} sites {pg['load_s']:.2f} s, GiST index {pg['index_s']:.2f} s; "
        f"plan {'uses the GiST index on the sites' if pg['uses_index'] else 'does not use the GiST index'}, "
        f"{'with parallel workers' if pg['parallel'] else 'one backend process (no parallel plan)'}; "
        f"borders: " + ", ".join(f"{name} {v:,} vertices" for name, v in pg["vertices"].items()))
    cov = pg["covers"]
    if cov:
        s = pg["covers_sample"]
        same = cov["ST_Covers"]["ids"] == cov["ST_Intersects"]["ids"]
        agree.append(
            f"- point in RU on geography, first {s:,} sites: ST_Covers {bl.fmt_rate(s / cov['ST_Covers']['seconds'])} "
            f"({cov['ST_Covers']['seconds']:.2f} s), ST_Intersects {bl.fmt_rate(s / cov['ST_Intersects']['seconds'])} "
            f"({cov['ST_Intersects']['seconds']:.2f} s), {'the same' if same else '**different**'} sites inside "
            f"({len(cov['ST_Covers']['ids'])} vs {len(cov['ST_Intersects']['ids'])}); the timed query uses {args.territory}")
    if mem:
        ms = mem["sites"]
        agree.append(f"- memory run: {m:,} sites, {ms['in_range']:,} in range, {ms['permitted_in_range']:,} permitted in range; "
                     f"CPU {mem['cpu']:.1f} s")
    agree.append(fm.policies_note(policies, load_at_start))

    command = bl.invoking_command("python3 bench/reach/bench_reach.py " + " ".join(sys.argv[1:]))
    print(f"\n### reach{' (smoke)' if args.smoke else ''}\n")
    print(table)
    print()
    print("\n".join(agree))
    if dis["examples"]:
        print("disagreements (first 10): " + json.dumps(dis["examples"][:10]))
    print(f"\ngreenlight reach JSON ({n:,} sites): {json.dumps(flag['json'], sort_keys=True)}")

    if problems:
        for p in problems:
            bl.log(f"FAIL: {p}")
        return 1

    if not args.smoke and not args.no_results:
        shown = lambda c: c.replace(str(workdir), "$TMP")  # noqa: E731
        details = ("\n\nDisagreeing sites: " + json.dumps(dis["examples"][:10])) if dis["examples"] else ""
        built = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(binary_stamp[0] / 1e9))
        body = f"""Run {bl.now_utc()} on {bl.machine_line()}; Greenlight commit {bl.git_describe(root)}, binary `{binary}` built {built}.

Command: `{command}`. Sites: {n:,} synthetic sites (`bench/reach/bench_reach.py`, seed {SEED}, uniform in lat
{LAT_RANGE[0]:g}–{LAT_RANGE[1]:g}, lon {LON_RANGE[0]:g}–{LON_RANGE[1]:g}, categories {', '.join(CATEGORIES)}), CSV with 6 decimals.
Greenlight, each command from the repository root under `/usr/bin/time -v`, wall clock of the whole process, best of {args.repeats}:
- flagship: `{shown(flag['cmd'])}`
- areas only: `{shown(areas_run['cmd'])}`
- the same {k:,} sites as PostGIS: `{shown(sub['cmd'])}` (and once more with `--geojson OUT.csv` for the site-by-site comparison)
{f"- memory: the same command on {m:,} sites ({mem['size_mb']:,.0f} MB of CSV), once" if mem else ""}

Greenlight's sites/s = sites ÷ (whole command with `--sites` − the same command without it): reading and parsing the CSV,
territory, range and the policy decision of every site, and the counts (start-up, scenario and borders are in both and
cancel out); the classification runs on both cores, the CSV parsing on one. PostGIS ({pg['version']}): RU and UA (de jure), Kharkiv and Sumy oblasts, Kursk region from the repository's
Natural Earth files as `geography` (SRID 4326), the first {k:,} sites COPYed into a table with a GiST index (loading and
indexing untimed), then one query computes the three counts (best of {args.repeats}; its time covers only the classification,
from rows already in the database):

```sql
{pg['count_query']}
```

The point-in-RU test is `{args.territory}`: for a point and a polygon it answers as `ST_Covers`, and the run times both on
the first sites (below). The GiST index serves only the `&&` prefilters, which prune little here (RU's box holds every site).

{table}

{chr(10).join(agree)}{details}
"""
        bl.write_results(args.results, root, "reach", body)
    return 0


if __name__ == "__main__":
    bl.run_main(main)
