#!/usr/bin/env python3
"""Geodesy benchmark: Greenlight (`greenlight-bench geo`) against shapely and PostGIS, in the same run.

Workload: N random points (fixed seed), uniform in lon [20, 50] x lat [43, 60], written as raw
little-endian float64 pairs (lat, lon). Greenlight answers, for every point:
  contains         inside de-facto Russia (iso_a2 RU of ne_10m_admin0_region.geojson)
  within           within 300 km of de-jure Ukraine (iso_a2 UA of ne_10m_admin0_ukr_rus_dejure_derived.geojson)
  within_subset    the same on the first K points only
  signed_distance  signed geodesic distance to Russia
Whole commands, as processes on the same points written as "lat lon" text lines:
  greenlight geo distance --country RU --view de-facto < points.txt > answers (both cores, lines in order)
  python3 bench/geo/shapely_whole_command.py points.txt russia.geojson > answers (numpy loadtxt, prepare,
  contains_xy, one answer line per point), best of the repeats for each, alternated
Peers, timed here on the same points:
  shapely 2        prepare(russia) + contains_xy(russia, lon, lat) on all N points (planar lon/lat edges)
  PostGIS 3        SELECT count(*) FROM pts, ua WHERE ST_DWithin(pts.g, ua.g, 300000) on the K subset
                   (geography, spheroid), with a GiST index on the points
See bench/README.md. Use bench/geo/run.sh, which installs the peers and builds the binary.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import benchlib as bl  # noqa: E402

SEED = 20240530
LON_RANGE = (20.0, 50.0)
LAT_RANGE = (43.0, 60.0)
RADIUS_KM = 300
FULL_N, FULL_K = 1_000_000, 100_000
SMOKE_N, SMOKE_K = 10_000, 2_000

TARGET_CONTAINS_VS_SHAPELY = 0.5
TARGET_WITHIN_RATE = 1_000_000
TARGET_WITHIN_VS_POSTGIS = 100
TARGET_SIGNED_RATE = 200_000
TARGET_WHOLE_RATE = 500_000          # points/s, the whole `geo distance` command
TARGET_WHOLE_VS_SHAPELY = 4.0        # at most this many times the shapely process's wall time

# Correctness gates (a failure makes the figures meaningless): disagreeing points must lie near the line where the
# two methods may legitimately differ. Russia's longest edge in the box is 0.45°, whose geodesic departs from the
# straight lon/lat segment by about 0.0002°; PostGIS finds the nearest point on the sphere, then measures on the
# spheroid, which moves its distances by metres, not by a kilometre.
SHAPELY_BORDER_DEG = 0.01
POSTGIS_BAND_M = 1000

REGION_FILE = "ne_10m_admin0_region.geojson"
DEJURE_FILE = "ne_10m_admin0_ukr_rus_dejure_derived.geojson"


def naturalearth_dir(root: Path) -> Path:
    candidates = [
        root / "Sources/GreenlightGeodesy/Resources/naturalearth",
        root.parent / "shared/data/naturalearth",
        Path("/work/shared/data/naturalearth"),
    ]
    for c in candidates:
        if (c / REGION_FILE).is_file() and (c / DEJURE_FILE).is_file():
            return c
    raise bl.BenchError("Natural Earth GeoJSON not found in: " + ", ".join(map(str, candidates)))


def feature(path: Path, iso_a2: str) -> dict:
    data = json.loads(path.read_text())
    found = [f for f in data["features"] if f["properties"].get("iso_a2") == iso_a2]
    if len(found) != 1:
        raise bl.BenchError(f"expected one feature with iso_a2 {iso_a2} in {path}, found {len(found)}")
    return found[0]


def make_points(n: int):
    import numpy as np

    rng = np.random.default_rng(SEED)
    lon = rng.uniform(*LON_RANGE, n)
    lat = rng.uniform(*LAT_RANGE, n)
    return lat, lon


def write_points(path: Path, lat, lon) -> None:
    import numpy as np

    pairs = np.empty((len(lat), 2), dtype="<f8")
    pairs[:, 0] = lat
    pairs[:, 1] = lon
    path.write_bytes(pairs.tobytes())


def read_mask(path: Path, n: int, what: str):
    import numpy as np

    if not path.is_file():
        raise bl.BenchError(f"greenlight-bench did not write the {what} mask {path}")
    raw = np.fromfile(path, dtype=np.uint8)
    if raw.size != n:
        raise bl.BenchError(f"{what} mask has {raw.size} bytes, expected {n} (one 0/1 byte per point)")
    if raw.max(initial=0) > 1:
        raise bl.BenchError(f"{what} mask holds values other than 0 and 1")
    return raw.astype(bool)


# --------------------------------------------------------------------------------------------- ours

def run_ours(binary: Path, points: Path, n: int, k: int, workdir: Path, masks: bool, timeout: float) -> dict:
    argv = [str(binary), "geo", "--points", str(points), "--subset", str(k)]
    contains_mask = workdir / "contains.mask"
    within_mask = workdir / "within.mask"
    if masks:
        argv += ["--contains-mask", str(contains_mask), "--within-mask", str(within_mask)]
    obj, proc, cmd = bl.run_bench_binary(argv, timeout)

    if int(bl.need(obj, "points", int)) != n:
        raise bl.BenchError(f"greenlight-bench reports points={obj['points']}, expected {n}")
    if int(bl.need(obj, "subset", int)) != k:
        raise bl.BenchError(f"greenlight-bench reports subset={obj['subset']}, expected {k}")
    if float(bl.need(obj, "within.radius_km")) != RADIUS_KM:
        raise bl.BenchError(f"greenlight-bench reports within.radius_km={obj['within']['radius_km']}, expected {RADIUS_KM}")
    build = float(bl.need(obj, "build_seconds"))
    if build < 0:
        raise bl.BenchError("build_seconds is negative")
    res = {
        "json": obj, "proc": proc, "cmd": cmd, "build_seconds": build,
        "contains_s": bl.positive_seconds(obj, "contains.seconds"),
        "inside": int(bl.need(obj, "contains.inside", int)),
        "within_s": bl.positive_seconds(obj, "within.seconds"),
        "within_count": int(bl.need(obj, "within.count", int)),
        "subset_s": bl.positive_seconds(obj, "within_subset.seconds"),
        "subset_count": int(bl.need(obj, "within_subset.count", int)),
        "signed_s": bl.positive_seconds(obj, "signed_distance.seconds"),
        "signed_points": int(bl.need(obj, "signed_distance.points", int)),
        "signed_mean_m": float(bl.need(obj, "signed_distance.mean_m")),
        "contains_mask": None, "within_mask": None,
    }
    for key, top in (("inside", n), ("within_count", n), ("subset_count", k), ("signed_points", n)):
        if not 0 <= res[key] <= top:
            raise bl.BenchError(f"greenlight-bench {key}={res[key]} is outside [0, {top}]")
    if res["signed_points"] == 0:
        raise bl.BenchError("signed_distance.points is 0")
    if masks:
        cm = read_mask(contains_mask, n, "contains")
        wm = read_mask(within_mask, n, "within")
        if int(cm.sum()) != res["inside"]:
            raise bl.BenchError(f"contains mask has {int(cm.sum())} ones but contains.inside={res['inside']}")
        if int(wm.sum()) != res["within_count"]:
            raise bl.BenchError(f"within mask has {int(wm.sum())} ones but within.count={res['within_count']}")
        if int(wm[:k].sum()) != res["subset_count"]:
            raise bl.BenchError(
                f"within_subset.count={res['subset_count']} but the first {k} entries of the within mask hold "
                f"{int(wm[:k].sum())}: the subset and the full run disagree")
        res["contains_mask"], res["within_mask"] = cm, wm
    return res


# ------------------------------------------------------------------------------------------ shapely

def run_shapely(russia_geojson: dict, lat, lon, repeats: int) -> dict:
    import numpy as np
    import shapely

    russia = shapely.geometry.shape(russia_geojson["geometry"])
    shapely.prepare(russia)
    shapely.contains_xy(russia, lon[:1000], lat[:1000])  # warm-up
    times = []
    inside = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        inside = shapely.contains_xy(russia, lon, lat)
        times.append(time.perf_counter() - t0)
    return {
        "geom": russia, "inside_mask": np.asarray(inside, dtype=bool), "times": times,
        "best": min(times), "version": shapely.__version__, "geos": shapely.geos_version_string,
    }


def shapely_disagreements(ours_mask, shp: dict, lat, lon, limit: int) -> dict:
    import numpy as np
    import shapely

    idx = np.flatnonzero(ours_mask != shp["inside_mask"])
    out = {"count": int(idx.size), "examples": [], "max_planar_deg": None}
    if idx.size and idx.size <= limit:
        sel = idx[:limit]
        boundary = shp["geom"].boundary
        d = shapely.distance(boundary, shapely.points(lon[sel], lat[sel]))
        out["max_planar_deg"] = float(d.max())
        for j, i in enumerate(sel[:10]):
            out["examples"].append({"index": int(i), "lat": float(lat[i]), "lon": float(lon[i]),
                                    "ours_inside": bool(ours_mask[i]), "planar_deg_to_border": float(d[j])})
    return out


# ------------------------------------------------------------------------------------ whole commands

def write_text_points(path: Path, lat, lon) -> None:
    # repr() of a float64 is the shortest text that reads back as the same double, on both sides.
    with path.open("w") as f:
        f.write("\n".join(f"{float(a)!r} {float(b)!r}" for a, b in zip(lat, lon)))
        f.write("\n")


def timed_stdin_process(argv: list[str], stdin_path: Path | None, stdout_path: Path, timeout: float) -> dict:
    cmd = shlex.join(argv) + (f" < {stdin_path}" if stdin_path else "") + f" > {stdout_path}"
    bl.log(f"$ {cmd}")
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with (stdin_path.open("rb") if stdin_path else open(os.devnull, "rb")) as fin, stdout_path.open("wb") as fout:
        proc = subprocess.run(argv, stdin=fin, stdout=fout, stderr=subprocess.PIPE, timeout=timeout)
    wall = time.perf_counter() - start
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise bl.BenchError(f"`{cmd}` exited with status {proc.returncode}: {proc.stderr[-2000:]!r}")
    return {"wall": wall, "cpu": (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime), "cmd": cmd}


def run_whole_commands(cli: Path, russia_geojson: dict, lat, lon, workdir: Path, repeats: int, timeout: float) -> dict:
    import numpy as np

    text = workdir / "points.txt"
    write_text_points(text, lat, lon)
    polygon = workdir / "russia.geojson"
    polygon.write_text(json.dumps(russia_geojson))
    ours_argv = [str(cli), "geo", "distance", "--country", "RU", "--view", "de-facto"]
    peer_argv = [sys.executable, str(Path(__file__).resolve().parent / "shapely_whole_command.py"), str(text), str(polygon)]
    ours_out, peer_out = workdir / "ours.txt", workdir / "shapely.txt"
    ours_runs, peer_runs = [], []
    for _ in range(repeats):  # alternated, so that a change in the machine's load hits both
        ours_runs.append(timed_stdin_process(ours_argv, text, ours_out, timeout))
        peer_runs.append(timed_stdin_process(peer_argv, None, peer_out, timeout))
    lines = ours_out.read_text().splitlines()
    if len(lines) != len(lat):
        raise bl.BenchError(f"geo distance printed {len(lines):,} lines for {len(lat):,} points")
    signed = np.array([float(l.split()[0]) for l in lines])
    words = [l.split()[1] for l in lines]
    if any((d < 0) != (w == "inside") for d, w in zip(signed, words)):
        raise bl.BenchError("geo distance: a line's sign and its inside/outside word disagree")
    peer = np.frombuffer(peer_out.read_bytes(), dtype=np.uint8)[0::2] == ord("1")
    if peer.size != len(lat):
        raise bl.BenchError(f"the shapely process printed {peer.size:,} answers for {len(lat):,} points")
    return {"ours": min(ours_runs, key=lambda r: r["wall"]), "peer": min(peer_runs, key=lambda r: r["wall"]),
            "ours_walls": [r["wall"] for r in ours_runs], "peer_walls": [r["wall"] for r in peer_runs],
            "inside_mask": signed < 0, "signed": signed, "peer_inside": peer, "cmd": shlex.join(ours_argv)}


# ------------------------------------------------------------------------------------------ PostGIS

def postgis(root: Path, ukraine_geojson: dict, lat, lon, k: int, repeats: int, keep_running: bool) -> dict:
    import psycopg

    with bl.postgis_cluster(root, keep_running) as url, psycopg.connect(url, autocommit=True) as conn:
        version = conn.execute("SELECT postgis_lib_version(), current_setting('server_version')").fetchone()
        conn.execute("DROP TABLE IF EXISTS greenlight_bench_pts, greenlight_bench_ua")
        conn.execute("CREATE TABLE greenlight_bench_ua (g geography NOT NULL)")
        conn.execute("INSERT INTO greenlight_bench_ua SELECT ST_GeomFromGeoJSON(%s)::geography",
                     (json.dumps(ukraine_geojson["geometry"]),))
        conn.execute("CREATE TABLE greenlight_bench_pts (id integer PRIMARY KEY, g geography(Point, 4326) NOT NULL)")
        t0 = time.perf_counter()
        with conn.cursor().copy("COPY greenlight_bench_pts (id, g) FROM STDIN") as cp:
            for i in range(k):
                # repr() of a float64 round-trips exactly through PostGIS's strtod.
                cp.write_row((i, f"SRID=4326;POINT({float(lon[i])!r} {float(lat[i])!r})"))
        load_s = time.perf_counter() - t0
        conn.execute("CREATE INDEX ON greenlight_bench_pts USING gist (g)")
        conn.execute("ANALYZE greenlight_bench_pts")
        conn.execute("ANALYZE greenlight_bench_ua")
        n_loaded = conn.execute("SELECT count(*) FROM greenlight_bench_pts").fetchone()[0]
        if n_loaded != k:
            raise bl.BenchError(f"PostGIS holds {n_loaded} points, expected {k}")

        query = ("SELECT count(*) FROM greenlight_bench_pts pts, greenlight_bench_ua ua "
                 f"WHERE ST_DWithin(pts.g, ua.g, {RADIUS_KM * 1000})")
        plan = [r[0] for r in conn.execute("EXPLAIN " + query)]
        uses_index = any("Index" in line for line in plan)
        count = conn.execute(query).fetchone()[0]  # warm-up
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            c = conn.execute(query).fetchone()[0]
            times.append(time.perf_counter() - t0)
            if c != count:
                raise bl.BenchError(f"PostGIS count changed between runs: {count} then {c}")
        # Untimed: which points, for a per-point comparison.
        ids = [r[0] for r in conn.execute(
            "SELECT pts.id FROM greenlight_bench_pts pts, greenlight_bench_ua ua "
            f"WHERE ST_DWithin(pts.g, ua.g, {RADIUS_KM * 1000})")]
        res = {"url": url, "count": int(count), "times": times, "best": min(times), "load_s": load_s,
               "ids": ids, "plan": plan, "uses_index": uses_index,
               "version": f"PostgreSQL {version[1]}, PostGIS {version[0]}", "conn": conn}
        res["distance_of"] = lambda sel: dict(conn.execute(
            "SELECT pts.id, ST_Distance(pts.g, ua.g) FROM greenlight_bench_pts pts, greenlight_bench_ua ua "
            "WHERE pts.id = ANY(%s)", (list(map(int, sel)),)).fetchall())
        res["finish"] = lambda: conn.execute("DROP TABLE IF EXISTS greenlight_bench_pts, greenlight_bench_ua")
        yield res


def postgis_disagreements(ours_within_mask, pg: dict, k: int, limit: int) -> dict:
    import numpy as np

    pg_mask = np.zeros(k, dtype=bool)
    pg_mask[np.asarray(pg["ids"], dtype=np.int64)] = True
    idx = np.flatnonzero(ours_within_mask[:k] != pg_mask)
    out = {"count": int(idx.size), "examples": [], "distances_m": []}
    if idx.size and idx.size <= limit:
        dist = pg["distance_of"](idx)
        out["distances_m"] = [float(dist[int(i)]) for i in idx]
        for i in idx[:10]:
            out["examples"].append({"index": int(i), "ours_within": bool(ours_within_mask[i]),
                                    "postgis_distance_m": float(dist[int(i)])})
    return out


# --------------------------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help=f"tiny run ({SMOKE_N} points, subset {SMOKE_K}); never writes RESULTS.md")
    ap.add_argument("--points", type=int, help=f"number of points (default {FULL_N}, smoke {SMOKE_N})")
    ap.add_argument("--subset", type=int, help=f"PostGIS subset size K (default {FULL_K}, smoke {SMOKE_K})")
    ap.add_argument("--repeats", type=int, default=3, help="timed peer runs; the best is reported (default 3)")
    ap.add_argument("--repo", help="repository root (default: git rev-parse --show-toplevel)")
    ap.add_argument("--binary", help="greenlight-bench path (default $GREENLIGHT_BENCH or <repo>/.build/release/greenlight-bench)")
    ap.add_argument("--results", help="results file (default <repo>/bench/RESULTS.md)")
    ap.add_argument("--no-results", action="store_true", help="do not write RESULTS.md even on a full run")
    ap.add_argument("--no-masks", action="store_true", help="do not ask greenlight-bench for per-point masks (counts only)")
    ap.add_argument("--keep-postgres", action="store_true", help="leave the PostGIS cluster running afterwards")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds allowed for greenlight-bench")
    ap.add_argument("--cli", help="greenlight path for the whole-command runs (default $GREENLIGHT or <repo>/.build/release/greenlight)")
    args = ap.parse_args()

    n = args.points or (SMOKE_N if args.smoke else FULL_N)
    k = args.subset or (SMOKE_K if args.smoke else FULL_K)
    if not 0 < k <= n:
        raise bl.BenchError(f"need 0 < subset <= points, got subset={k}, points={n}")
    root = bl.repo_root(args.repo)
    binary = bl.bench_binary(root, args.binary)
    cli = bl.greenlight_binary(root, args.cli)
    ne = naturalearth_dir(root)
    russia = feature(ne / REGION_FILE, "RU")
    ukraine = feature(ne / DEJURE_FILE, "UA")
    masks = not args.no_masks
    max_shapely = max(10, n // 100)
    max_pg = max(10, k // 100)

    load_at_start = bl.load_average()
    workdir = Path(tempfile.mkdtemp(prefix="greenlight-geo-"))
    try:
        lat, lon = make_points(n)
        points_file = workdir / "points.f64"
        write_points(points_file, lat, lon)
        bl.log(f"{n:,} points (seed {SEED}) in {points_file}; subset {k:,}; Natural Earth from {ne}")

        ours = run_ours(binary, points_file, n, k, workdir, masks, args.timeout)
        bl.log("shapely: contains_xy on all points")
        shp = run_shapely(russia, lat, lon, args.repeats)
        bl.log("whole commands: geo distance and the shapely process, alternated")
        whole = run_whole_commands(cli, russia, lat, lon, workdir, args.repeats, args.timeout)
        bl.log("PostGIS: ST_DWithin on the subset")
        pg_gen = postgis(root, ukraine, lat, lon, k, args.repeats, args.keep_postgres)
        pg = next(pg_gen)
        try:
            shp_dis = shapely_disagreements(ours["contains_mask"], shp, lat, lon, max_shapely) if masks else None
            pg_dis = postgis_disagreements(ours["within_mask"], pg, k, max_pg) if masks else None
            pg["finish"]()
        finally:
            pg_gen.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    # ---- figures (every number below is measured in this run)
    r_contains = n / ours["contains_s"]
    r_shapely = n / shp["best"]
    r_within = n / ours["within_s"]
    r_subset = k / ours["subset_s"]
    r_pg = k / pg["best"]
    r_signed = ours["signed_points"] / ours["signed_s"]
    ratio_contains = r_contains / r_shapely
    ratio_within_all = r_within / r_pg
    ratio_within_subset = r_subset / r_pg
    shapely_inside = int(shp["inside_mask"].sum())

    rows = [
        [f"contains: inside RU (de facto), {n:,} points", f"{bl.fmt_rate(r_contains)} ({ours['contains_s']:.4f} s)",
         f"shapely contains_xy {bl.fmt_rate(r_shapely)} ({shp['best']:.4f} s)", bl.fmt_ratio(ratio_contains),
         f"≥ {TARGET_CONTAINS_VS_SHAPELY}× shapely", bl.met(ratio_contains >= TARGET_CONTAINS_VS_SHAPELY)],
        [f"within {RADIUS_KM} km of UA (de jure), {n:,} points", f"{bl.fmt_rate(r_within)} ({ours['within_s']:.4f} s)",
         "", "", f"≥ {TARGET_WITHIN_RATE:,} points/s", bl.met(r_within >= TARGET_WITHIN_RATE)],
        [f"within vs PostGIS: ours on {n:,}, PostGIS on {k:,}", bl.fmt_rate(r_within),
         f"PostGIS ST_DWithin {bl.fmt_rate(r_pg)} ({pg['best']:.3f} s)", bl.fmt_ratio(ratio_within_all),
         f"≥ {TARGET_WITHIN_VS_POSTGIS}× PostGIS", bl.met(ratio_within_all >= TARGET_WITHIN_VS_POSTGIS)],
        [f"within vs PostGIS: both on the same {k:,}", f"{bl.fmt_rate(r_subset)} ({ours['subset_s']:.4f} s)",
         f"PostGIS ST_DWithin {bl.fmt_rate(r_pg)} ({pg['best']:.3f} s)", bl.fmt_ratio(ratio_within_subset),
         f"≥ {TARGET_WITHIN_VS_POSTGIS}× PostGIS", bl.met(ratio_within_subset >= TARGET_WITHIN_VS_POSTGIS)],
        [f"signed distance to RU, {ours['signed_points']:,} points",
         f"{bl.fmt_rate(r_signed)} ({ours['signed_s']:.4f} s)", "", "",
         f"≥ {TARGET_SIGNED_RATE:,} points/s", bl.met(r_signed >= TARGET_SIGNED_RATE)],
    ]
    w_ours, w_peer = whole["ours"]["wall"], whole["peer"]["wall"]
    r_whole = n / w_ours
    whole_ratio = w_ours / w_peer
    rows += [
        [f"whole command: `geo distance --country RU` (signed), {n:,} text lines in and out",
         f"{bl.fmt_rate(r_whole)} ({w_ours:.3f} s wall, {whole['ours']['cpu']:.2f} s CPU)", "", "",
         f"≥ {TARGET_WHOLE_RATE:,} points/s", bl.met(r_whole >= TARGET_WHOLE_RATE)],
        [f"whole command vs a whole numpy + shapely process (contains only), {n:,} points",
         f"{w_ours:.3f} s", f"shapely process {w_peer:.3f} s wall ({whole['peer']['cpu']:.2f} s CPU)",
         f"{whole_ratio:.2f}× its time", f"≤ {TARGET_WHOLE_VS_SHAPELY:g}× shapely's time",
         bl.met(whole_ratio <= TARGET_WHOLE_VS_SHAPELY)],
    ]
    table = bl.markdown_table(["measure", "Greenlight", "peer", "ratio", "target", "met"], rows)

    agree = []
    problems = []
    if shp_dis is not None:
        line = (f"- contains: Greenlight {ours['inside']:,} inside, shapely {shapely_inside:,}; "
                f"{shp_dis['count']:,} points disagree")
        if shp_dis["max_planar_deg"] is not None:
            line += (f", all within {shp_dis['max_planar_deg']:.5f}° of the border (planar lon/lat distance)")
        agree.append(line)
        if shp_dis["count"] > max_shapely:
            problems.append(f"{shp_dis['count']} points disagree with shapely (at most {max_shapely} allowed)")
        elif shp_dis["max_planar_deg"] is not None and shp_dis["max_planar_deg"] > SHAPELY_BORDER_DEG:
            problems.append(f"a point {shp_dis['max_planar_deg']:.4f}° from the border disagrees with shapely "
                            f"(only points within {SHAPELY_BORDER_DEG}° may: planar and geodesic edges differ by less)")
    else:
        agree.append(f"- contains: Greenlight {ours['inside']:,} inside, shapely {shapely_inside:,} "
                     f"(difference {ours['inside'] - shapely_inside:+,}; no per-point masks)")
        if abs(ours["inside"] - shapely_inside) > max_shapely:
            problems.append(f"inside counts differ by {ours['inside'] - shapely_inside:+} (at most {max_shapely} allowed)")
    if pg_dis is not None:
        line = (f"- within {RADIUS_KM} km, subset of {k:,}: Greenlight {ours['subset_count']:,}, "
                f"PostGIS {pg['count']:,}; {pg_dis['count']:,} points disagree")
        if pg_dis["distances_m"]:
            worst = max(abs(d - RADIUS_KM * 1000) for d in pg_dis["distances_m"])
            line += f", all within {worst:,.1f} m of {RADIUS_KM} km by PostGIS's ST_Distance"
        agree.append(line)
        if pg_dis["count"] > max_pg:
            problems.append(f"{pg_dis['count']} subset points disagree with PostGIS (at most {max_pg} allowed)")
        elif pg_dis["distances_m"] and worst > POSTGIS_BAND_M:
            problems.append(f"a point {worst:,.0f} m from the {RADIUS_KM} km line disagrees with PostGIS "
                            f"(only points within {POSTGIS_BAND_M:,} m may)")
    else:
        agree.append(f"- within {RADIUS_KM} km, subset of {k:,}: Greenlight {ours['subset_count']:,}, "
                     f"PostGIS {pg['count']:,} (difference {ours['subset_count'] - pg['count']:+,}; no per-point masks)")
        if abs(ours["subset_count"] - pg["count"]) > max_pg:
            problems.append(f"within counts differ from PostGIS by {ours['subset_count'] - pg['count']:+} (at most {max_pg} allowed)")
    if masks and ours["contains_mask"] is not None:
        differ = int((whole["inside_mask"] != ours["contains_mask"]).sum())
        agree.append(f"- whole command: its signs agree with greenlight-bench's containment on {n - differ:,} of {n:,} points")
        if differ:
            problems.append(f"geo distance's signs disagree with greenlight-bench contains on {differ} points")
    peer_differ = int((whole["inside_mask"] != whole["peer_inside"]).sum())
    agree.append(f"- whole command vs the shapely process: {peer_differ:,} points answered differently (planar edges; "
                 f"the same border band as above); wall times of the {args.repeats} alternated runs: ours "
                 + ", ".join(f"{w:.3f}" for w in whole["ours_walls"]) + " s, shapely "
                 + ", ".join(f"{w:.3f}" for w in whole["peer_walls"]) + " s")
    if peer_differ > max_shapely:
        problems.append(f"{peer_differ} points differ between geo distance and the shapely process (at most {max_shapely})")
    agree.append(f"- PostGIS plan: {'GiST index scan on the points' if pg['uses_index'] else 'sequential scan'}; "
                 f"load average at start {load_at_start}")
    agree.append(f"- Greenlight on all {n:,}: {ours['within_count']:,} within {RADIUS_KM} km; "
                 f"mean signed distance to RU {ours['signed_mean_m']:,.1f} m; index build {ours['build_seconds']:.3f} s; "
                 f"whole greenlight-bench process {ours['proc']['wall']:.2f} s wall, {ours['proc']['cpu']:.2f} s CPU"
                 + (f", threads {ours['json']['threads']}" if "threads" in ours["json"] else ""))

    details = []
    if shp_dis and shp_dis["examples"]:
        details.append("shapely disagreements (first 10): " + json.dumps(shp_dis["examples"]))
    if pg_dis and pg_dis["examples"]:
        details.append("PostGIS disagreements (first 10): " + json.dumps(pg_dis["examples"]))

    command = bl.invoking_command("python3 bench/geo/bench_geo.py " + " ".join(sys.argv[1:]))
    print(f"\n### geo{' (smoke)' if args.smoke else ''}\n")
    print(table)
    print()
    print("\n".join(agree))
    for d in details:
        print(d)
    print(f"\ngreenlight-bench JSON: {json.dumps(ours['json'])}")

    if problems:
        for p in problems:
            bl.log(f"FAIL: {p}")
        return 1

    if not args.smoke and not args.no_results:
        body = f"""Run {bl.now_utc()} on {bl.machine_line()}; Greenlight commit {bl.git_describe(root)}.

Command: `{command}`, which ran `{ours['cmd']}` on {n:,} points (seed {SEED}, uniform in lon {LON_RANGE[0]:g}–{LON_RANGE[1]:g}, lat {LAT_RANGE[0]:g}–{LAT_RANGE[1]:g}).
Peers in the same run: shapely {shp['version']} (GEOS {shp['geos']}), best of {args.repeats} timed `contains_xy` calls after `prepare`;
{pg['version']}, best of {args.repeats} timed `SELECT count(*) … ST_DWithin(geography, geography, {RADIUS_KM * 1000})` (spheroid) on {k:,} points{' with a GiST index on the points' if pg['uses_index'] else ' (sequential scan)'}.
Greenlight's seconds are those greenlight-bench reports (index build excluded, reported separately), except the two
whole-command rows: `{whole['cmd']} < points.txt > answers` and `python3 bench/geo/shapely_whole_command.py points.txt russia.geojson > answers`,
wall clock of each whole process (start, loading the borders, reading and parsing the text, answering, writing), best of
{args.repeats} alternated runs. The shapely process answers containment only (planar); ours answers the signed geodesic distance.
Disagreement with shapely is expected only near the border: Greenlight's edges are WGS84 geodesics, shapely's are straight
lines in lon/lat. Disagreement with PostGIS is expected only within metres of 300 km (PostGIS finds the nearest edge point
on the sphere, then measures on the spheroid).

{table}

{chr(10).join(agree)}
"""
        bl.write_results(args.results, root, "geo", body)
    return 0


if __name__ == "__main__":
    bl.run_main(main)
