#!/usr/bin/env python3
"""Independent reference for the areas of the flagship zones (no Greenlight code).

The zones, each a region of the WGS84 ellipsoid ("within R of X" = points whose geodesic distance to the
polygon X is at most R, X itself included; polygon edges are geodesics):

  ru-within-300km-of-ua        RU ∩ within(300 km, UA)
  kharkiv-reading              RU ∩ within(84 km, UA-63) ∩ within(300 km, UA)
  kharkiv-sumy-reading         RU ∩ within(84 km, UA-63 ∪ UA-59) ∩ within(300 km, UA)
  isw-three-regions            RU ∩ within(84 km, UA) ∩ (RU-BEL ∪ RU-KRS ∪ RU-BRY) ∩ within(300 km, UA)
  atacms-permitted-2024-11-20  RU ∩ within(300 km, UA) ∩ (UA ∪ within(84 km, UA-63 ∪ UA-59) ∪ RU-KRS)
                               (the union of the target_in areas of the US permits in force for atacms-m39a1 on
                               2024-11-20 in Scenarios/ukraine-2024-2025/scenario.yaml; no forbid applies that day)

Geography: the project's Natural Earth copies, selected as ReferenceGeography.swift does for the de-jure view:
UA and RU = every feature of ne_10m_admin0_ukr_rus_dejure_derived.geojson whose iso_a2 or iso_a2_eh is the code;
regions = the features whose iso_3166_2 is the code, from the first of ne_10m_admin1_ukraine_simplified.geojson,
ne_50m_admin1_russia.geojson that has one.

Method (Karney's geographiclib for every geodesic; pyproj only as a plane for the overlay; shapely/GEOS for the
overlay):
  * Every polygon edge is densified along its geodesic (geographiclib InverseLine) every <= 1 km, then projected to
    an azimuthal equidistant plane centred at 49N 34E (pyproj). In that plane a geodesic of 1 km departs from the
    straight chord by micrometres; the script measures the largest departure (the geodesic midpoint of every edge
    against the chord) and carries it into the error estimate.
  * within(R, X) = X ∪ the union of the geodesic discs of radius R around the boundary points of X. The boundary of X
    is sampled along its geodesic edges every <= delta (default 250 m, vertices included). Each disc boundary is
    computed with geographiclib Direct. Two unions bracket the true buffer:
      lower: discs of radius R, polygons inscribed in the disc (vertices on the geodesic circle every <= s of arc,
             default 250 m). Every such polygon lies inside its disc, so lower ⊆ within(R, X).
      upper: discs of radius R + e, e = 1.05·delta²/(8R) (a point within R of an edge between two samples is within
             sqrt(R² + (delta/2)²) of one of them), polygons circumscribed about that circle (tangent-polygon vertices
             at radius (R+e)(1 + 1.1·(1/cos(dθ/2) − 1))), so upper ⊇ within(R, X).
    Both self-checks run on every computation (sampled): lower vertices and chord midpoints within R of their
    centre, random points of the circle of radius R+e inside the upper polygon, random points at distance R from
    an edge point within R+e of a sample.
  * Only the parts of each disc that can reach the buffer's outer contour inside the clip area C (RU, or RU ∩ the
    three regions for within(84 km, UA)) are computed finely; culling is rigorous: a coarse union B_c of 128-gons
    inscribed at radius R around samples every 5 km (B_c ⊆ within(R, X)) is built first; a disc whose whole
    (planar, distortion-bounded) image lies inside B_c or farther than its radius from C is skipped; of the other
    discs, an angular sector is refined only if its coarse chord, widened by the largest bulge of the (upper) arc
    beyond it, is not inside B_c and touches C. Every disc not skipped contributes its whole polygon (coarse vertices,
    refined sectors). A skipped part is covered by B_c (which both unions include) or lies outside C, so neither
    union changes inside C.
  * Zones: shapely intersections/unions of the plane images (lower buffers for the lower zone, upper for the upper:
    every zone is monotone in its buffers), then back to lon/lat (pyproj inverse) and the area by geographiclib's
    PolygonArea on the ellipsoid, holes subtracted.
  * area_km2 = midpoint of [lower, upper]; reference_error_km2_estimate = (upper − lower)/2 + zone perimeter × the
    largest measured plane-chord departure (a bound, not a standard deviation). Both bounds converge as delta² and s²:
    a run with --delta-m 1000 --arc-m 1000 gives a bracket about 16 times wider that contains this one.

Run: python3 scripts/reference/make_zone_area_reference.py   (pip install geographiclib shapely pyproj numpy)
Output: Tests/GreenlightAnalysisTests/Fixtures/flagship-zone-reference.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

import numpy as np
import shapely
from geographiclib.geodesic import Geodesic
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon, box

G = Geodesic.WGS84
LL = Geodesic.LATITUDE | Geodesic.LONGITUDE
ROOT = Path(__file__).resolve().parents[2]
NE_DIR = ROOT / "Sources/GreenlightGeodesy/Resources/naturalearth"
DEJURE_FILE = "ne_10m_admin0_ukr_rus_dejure_derived.geojson"
REGION_FILES = ["ne_10m_admin1_ukraine_simplified.geojson", "ne_50m_admin1_russia.geojson"]
OUT = ROOT / "Tests/GreenlightAnalysisTests/Fixtures/flagship-zone-reference.json"

CENTER_LAT, CENTER_LON = 49.0, 34.0
PLANE = f"+proj=aeqd +lat_0={CENTER_LAT} +lon_0={CENTER_LON} +ellps=WGS84 +units=m +no_defs"
CLIP_HALF_M = 2_500_000        # RU is clipped to this square around the centre (every zone lies within ~1,300 km)
DENSIFY_M = 1000.0             # polygon edges densified along the geodesic
SEGMENT_M = 1000.0             # longest plane edge of a zone whose area is taken (shapely.segmentize)
N_COARSE = 128                 # sectors of every disc
COARSE_SAMPLE_M = 5000.0       # boundary sampling of the coarse union B_c
E_SAFETY = 1.05                # on e = delta²/(8R)
TANGENT_SAFETY = 1.1           # on the circumscribed-vertex excess

FWD = Transformer.from_crs("EPSG:4326", PLANE, always_xy=True)
INV = Transformer.from_crs(PLANE, "EPSG:4326", always_xy=True)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------- geography

def features(file: str) -> list[dict]:
    return json.loads((NE_DIR / file).read_text())["features"]


def polygons_of(feats: list[dict]) -> list[list[list[tuple[float, float]]]]:
    """Polygons -> rings -> (lon, lat), closing position dropped."""
    out = []
    for f in feats:
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        for p in polys:
            rings = []
            for r in p:
                pts = [(float(x), float(y)) for x, y, *_ in r]
                if pts[0] == pts[-1]:
                    pts = pts[:-1]
                rings.append(pts)
            out.append(rings)
    return out


def country(code: str) -> tuple[list, str]:
    """De-jure view: UA and RU from the derived file, matched on iso_a2 or iso_a2_eh (as ReferenceGeography)."""
    assert code in ("UA", "RU")
    feats = [f for f in features(DEJURE_FILE)
             if f["properties"].get("iso_a2") == code or f["properties"].get("iso_a2_eh") == code]
    if not feats:
        raise SystemExit(f"no feature {code} in {DEJURE_FILE}")
    return polygons_of(feats), DEJURE_FILE


def region(code: str) -> tuple[list, str]:
    """The first region file with features whose iso_3166_2 is the code (all of them), as ReferenceGeography."""
    for file in REGION_FILES:
        feats = [f for f in features(file) if f["properties"].get("iso_3166_2") == code]
        if feats:
            return polygons_of(feats), file
    raise SystemExit(f"no region {code}")


# ------------------------------------------------------------------------------------------- geodesics

def densify_ring(ring: list[tuple[float, float]], step_m: float) -> list[tuple[float, float]]:
    """(lon, lat) points on the ring's geodesic edges, every <= step_m, original vertices included."""
    out = []
    n = len(ring)
    for i in range(n):
        lon1, lat1 = ring[i]
        lon2, lat2 = ring[(i + 1) % n]
        out.append((lon1, lat1))
        line = G.InverseLine(lat1, lon1, lat2, lon2, LL | Geodesic.DISTANCE_IN)
        k = int(math.ceil(line.s13 / step_m))
        for j in range(1, k):
            p = line.Position(line.s13 * j / k, LL)
            lon = p["lon2"]
            # keep longitudes continuous with the edge's ends (rings here never cross the antimeridian except
            # along it, where NE puts +-180 exactly)
            if lon - lon1 > 180:
                lon -= 360
            elif lon1 - lon > 180:
                lon += 360
            out.append((lon, p["lat2"]))
    return out


def project(lonlat) -> np.ndarray:
    a = np.asarray(lonlat, dtype=float).reshape(-1, 2)
    x, y = FWD.transform(a[:, 0], a[:, 1])
    return np.column_stack([x, y])


def unproject(xy) -> np.ndarray:
    a = np.asarray(xy, dtype=float).reshape(-1, 2)
    lon, lat = INV.transform(a[:, 0], a[:, 1])
    return np.column_stack([lon, lat])


def plane_geometry(polys: list, step_m: float = DENSIFY_M) -> tuple[shapely.Geometry, list]:
    """Densified, projected, valid; also returns the densified rings in lon/lat (for the chord check)."""
    parts, dense = [], []
    for rings in polys:
        drings = [densify_ring(r, step_m) for r in rings]
        dense += drings
        parts.append(Polygon(project(drings[0]), [project(h) for h in drings[1:]]))
    geom = shapely.make_valid(MultiPolygon(parts) if len(parts) > 1 else parts[0])
    return polygonal(geom), dense


def polygonal(geom) -> shapely.Geometry:
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys)


def chord_departure_m(dense_rings: list, keep_within_m: float | None = None, every: int = 1) -> float:
    """Largest distance in the plane between the projected geodesic midpoint of an edge and the edge's chord."""
    worst = 0.0
    for ring in dense_rings:
        xy = project(ring)
        n = len(ring)
        for i in range(0, n, every):
            j = (i + 1) % n
            if keep_within_m is not None and max(abs(xy[i, 0]), abs(xy[i, 1])) > keep_within_m:
                continue
            lon1, lat1 = ring[i]
            lon2, lat2 = ring[j]
            inv = G.Inverse(lat1, lon1, lat2, lon2, LL | Geodesic.DISTANCE | Geodesic.AZIMUTH)
            if inv["s12"] == 0:
                continue
            mid = G.Direct(lat1, lon1, inv["azi1"], inv["s12"] / 2, LL)
            m = project([(mid["lon2"], mid["lat2"])])[0]
            a, b = xy[i], xy[j]
            d = b - a
            ln = math.hypot(*d)
            if ln == 0:
                continue
            worst = max(worst, abs((m[0] - a[0]) * d[1] - (m[1] - a[1]) * d[0]) / ln)
    return worst


def geodesic_area_m2(geom) -> float:
    """Area on the ellipsoid of a plane geometry: every ring back to lon/lat, geographiclib PolygonArea, holes
    subtracted."""
    total = 0.0
    # Every plane edge at most SEGMENT_M long, so that the geodesic between two consecutive vertices stays within the
    # measured chord departure of the straight plane edge (a 15 km chord of a coarse disc would depart by ~0.4 m).
    geom = shapely.segmentize(geom, SEGMENT_M)
    for poly in shapely.get_parts(geom):
        if poly.is_empty:
            continue
        for r, ring in enumerate([poly.exterior] + list(poly.interiors)):
            ll = unproject(np.asarray(ring.coords)[:-1])
            pa = G.Polygon()
            for lon, lat in ll:
                pa.AddPoint(lat, lon)
            _, _, area = pa.Compute(False, True)
            total += abs(area) if r == 0 else -abs(area)
    return total


def ring_area_m2(ring: list[tuple[float, float]]) -> float:
    pa = G.Polygon()
    for lon, lat in ring:
        pa.AddPoint(lat, lon)
    return abs(pa.Compute(False, True)[2])


def polys_area_m2(polys: list) -> float:
    return sum(ring_area_m2(rings[0]) - sum(ring_area_m2(h) for h in rings[1:]) for rings in polys)


def boundary_samples(polys: list, step_m: float) -> list[tuple[float, float]]:
    """(lat, lon) on every ring's geodesic edges every <= step_m, vertices included."""
    out = []
    for rings in polys:
        for ring in rings:
            out += [(lat, lon) for lon, lat in densify_ring(ring, step_m)]
    return out


def disc_lonlat(lat: float, lon: float, radii, azimuths) -> list[tuple[float, float]]:
    radii = np.broadcast_to(np.asarray(radii, dtype=float), np.shape(azimuths))
    out = []
    for azi, r in zip(azimuths, radii):
        d = G.Direct(lat, lon, float(azi), float(r), LL)
        out.append((d["lon2"], d["lat2"]))
    return out


# ------------------------------------------------------------------------------------------- buffers

class BufferJob:
    """Everything a worker needs for one buffer (inherited through fork)."""
    def __init__(self, R, delta, s, B_c, B_e, C_dil):
        self.R, self.delta, self.s = R, delta, s
        self.e = E_SAFETY * delta * delta / (8 * R)
        self.Rp = R + self.e                                     # upper radius
        self.sector = 360.0 / N_COARSE
        self.m = max(1, int(math.ceil(self.Rp * math.radians(self.sector) / s)))   # fine steps per sector
        self.dth = self.sector / self.m
        self.Rv = self.Rp * (1 + TANGENT_SAFETY * (1 / math.cos(math.radians(self.dth) / 2) - 1))
        self.B_e, self.C_dil = B_e, C_dil
        self.no_cull = NO_CULL


JOB: BufferJob | None = None
NO_CULL = False   # --no-cull: every disc and every sector refined (to test the culling; slow)


def refine_chunk(samples: list[tuple[float, float]]):
    """For each sample: coarse 128 vertices at R; relevant sectors (chord widened by the bulge not inside B_c and
    touching C); lower and upper polygons (plane coordinates): the coarse polygon, refined in the relevant sectors."""
    job = JOB
    theta = np.arange(N_COARSE) * job.sector
    lowers, uppers, n_direct, n_relevant, n_refined = [], [], 0, 0, 0
    checks = []
    for k, (lat, lon) in enumerate(samples):
        coarse = project(disc_lonlat(lat, lon, job.R, theta))
        n_direct += N_COARSE
        nxt = np.roll(coarse, -1, axis=0)
        chords = shapely.linestrings(np.stack([coarse, nxt], axis=1))
        relevant = (np.ones(N_COARSE, dtype=bool) if job.no_cull
                    else shapely.intersects(job.C_dil, chords) & ~shapely.covers(job.B_e, chords))
        if not relevant.any():
            # The whole coarse polygon (inscribed: inside the disc) goes in both unions; every cap beyond a chord
            # lies inside B_c or outside C.
            lowers.append(coarse)
            uppers.append(coarse)
            continue
        n_relevant += int(relevant.sum())
        low_az, up_az, up_r = [], [], []
        for j in range(N_COARSE):
            t0 = theta[j]
            if relevant[j]:
                for i in range(job.m):
                    low_az.append(t0 + i * job.dth)
                up_az.append(t0)
                up_r.append(job.Rp)
                for i in range(job.m):
                    up_az.append(t0 + (i + 0.5) * job.dth)
                    up_r.append(job.Rv)
                if not relevant[(j + 1) % N_COARSE]:
                    up_az.append(t0 + job.sector)
                    up_r.append(job.Rp)
            else:
                low_az.append(t0)
                up_az.append(t0)
                up_r.append(job.R)
        # Coarse vertices are reused where the sector is not refined (same Direct, same numbers).
        low = disc_lonlat(lat, lon, job.R, low_az)
        up = disc_lonlat(lat, lon, up_r, up_az)
        n_direct += len(low_az) + len(up_az)
        lowers.append(project(low))
        uppers.append(project(up))
        n_refined += 1
        # Self-checks on every 50th refined disc: lower chord midpoints inside the disc (geodesic distance <= R),
        # random points of the circle R+e inside the upper polygon.
        if n_refined % 50 == 1:
            lp = lowers[-1]
            mids = unproject((lp + np.roll(lp, -1, axis=0)) / 2)
            worst_in = max(G.Inverse(lat, lon, la, lo, Geodesic.DISTANCE)["s12"] for lo, la in mids[::7]) - job.R
            rng = np.random.default_rng(k)
            az = [a for a in rng.uniform(0, 360, 400) if relevant[int(a // job.sector) % N_COARSE]]
            circle = project(disc_lonlat(lat, lon, job.Rp, az)) if az else np.zeros((0, 2))
            upoly = Polygon(uppers[-1])
            outside = int((~shapely.contains_xy(upoly, circle[:, 0], circle[:, 1])).sum()) if len(circle) else 0
            checks.append((worst_in, outside, len(circle)))
    return lowers, uppers, n_direct, n_relevant, checks, n_refined


def coarse_chunk(samples: list[tuple[float, float]]):
    """Coarse 128-gons (plane) inscribed at radius R, and the largest relative departure of their vertices' plane
    distance from R."""
    job = JOB
    theta = np.arange(N_COARSE) * job.sector
    out, eps = [], 0.0
    for lat, lon in samples:
        xy = project(disc_lonlat(lat, lon, job.R, theta))
        c = project([(lon, lat)])[0]
        eps = max(eps, float(np.max(np.abs(np.hypot(*(xy - c).T) / job.R - 1))))
        out.append(xy)
    return out, eps


def parallel(fn, items: list, workers: int) -> list:
    """fn over interleaved chunks of items, in `workers` forked processes (they inherit JOB)."""
    n = max(1, workers * 8)
    chunks = [items[i::n] for i in range(n)]
    if workers > 1:
        with mp.get_context("fork").Pool(workers) as pool:
            return pool.map(fn, chunks)
    return [fn(c) for c in chunks]


def buffer_bounds(label: str, polys: list, X_plane, R: float, C, delta: float, s: float, workers: int) -> dict:
    """Lower and upper plane geometries of within(R, X), exact inside C (see the module doc)."""
    global JOB
    t0 = time.perf_counter()
    # Coarse union B_c (a subset of the buffer) and the plane's distortion on discs of radius R. Any subset of coarse
    # discs gives a valid B_c; those whose disc cannot come near C only cost time, so they are left out.
    job = BufferJob(R, delta, s, None, None, None)
    shapely.prepare(C)
    coarse_samples = boundary_samples(polys, COARSE_SAMPLE_M)
    cxy = project([(lo, la) for la, lo in coarse_samples])
    # The plane's distortion on discs of radius R is also measured at 16 azimuths around every coarse sample (the
    # whole boundary of X), since the whole-disc culling below applies it to every sample.
    eps_all = 0.0
    for (lat, lon), c in zip(coarse_samples, cxy):
        xy = project(disc_lonlat(lat, lon, R, np.arange(16) * 22.5))
        eps_all = max(eps_all, float(np.max(np.abs(np.hypot(*(xy - c).T) / R - 1))))
    near = shapely.dwithin(C, shapely.points(cxy), 1.1 * job.Rv + 20_000.0)
    coarse_samples = [coarse_samples[i] for i in np.flatnonzero(near)]
    JOB = job
    coarse_polys, eps = [], eps_all
    for xys, e in parallel(coarse_chunk, coarse_samples, workers):
        coarse_polys += [Polygon(xy) for xy in xys]
        eps = max(eps, e)
    B_c = shapely.union_all([X_plane] + coarse_polys)
    eps_used = 2 * eps + 1e-3
    sag_c = R * (1 - math.cos(math.radians(job.sector) / 2))
    # Largest bulge of the (upper) arc of a sector beyond its coarse chord: sagitta + e + tangent excess.
    bulge = (sag_c + job.e + (job.Rv - job.Rp)) * (1 + eps_used) + 50.0
    B_e = B_c.buffer(-bulge, quad_segs=32)
    C_dil = C.buffer(bulge, quad_segs=32)
    shapely.prepare(B_e)
    shapely.prepare(C_dil)
    t_coarse = time.perf_counter() - t0

    # Fine samples; whole-disc culling in the plane (radius bounded with the measured distortion).
    samples = boundary_samples(polys, delta)
    sxy = project([(lo, la) for la, lo in samples])
    r_disc = job.Rv * (1 + eps_used) + 1000.0
    bnd = B_c.boundary
    shapely.prepare(bnd)
    shapely.prepare(B_c)
    pts = shapely.points(sxy)
    near_c = shapely.dwithin(C, pts, r_disc)
    inside_bc = shapely.contains(B_c, pts) & ~shapely.dwithin(bnd, pts, r_disc)
    keep = near_c & ~inside_bc
    if NO_CULL:
        keep[:] = True
    kept = [samples[i] for i in np.flatnonzero(keep)]
    job.B_e, job.C_dil = B_e, C_dil
    JOB = job
    t1 = time.perf_counter()
    results = parallel(refine_chunk, kept, workers)
    lowers = [Polygon(p) for r in results for p in r[0]]
    uppers = [Polygon(p) for r in results for p in r[1]]
    n_direct = sum(r[2] for r in results) + len(coarse_samples) * N_COARSE
    n_coarse = len(coarse_samples)
    n_rel = sum(r[3] for r in results)
    checks = [c for r in results for c in r[4]]
    n_refined = sum(r[5] for r in results)
    t_refine = time.perf_counter() - t1
    bad_low = [c for c in checks if c[0] > 1e-6]
    bad_up = sum(c[1] for c in checks)
    if bad_low or bad_up:
        raise SystemExit(f"{label}: self-check failed: lower vertices outside the disc {bad_low[:3]}, "
                         f"{bad_up} circle points outside the upper polygons")
    invalid = sum(1 for p in lowers + uppers if not p.is_valid)
    if invalid:
        raise SystemExit(f"{label}: {invalid} disc polygons are invalid")
    t2 = time.perf_counter()
    lower = shapely.union_all([B_c] + lowers)
    upper = shapely.union_all([B_c] + uppers)
    if not shapely.covers(upper.buffer(1e-3), lower):
        raise SystemExit(f"{label}: the upper buffer does not cover the lower one")
    t_union = time.perf_counter() - t2
    gap = gap_check(polys, R, job.Rp, delta, 300)
    log(f"  {label}: R {R / 1000:g} km, {n_coarse:,} coarse discs, {len(samples):,} samples (δ {delta:g} m), {len(kept):,} discs kept, "
        f"{n_refined:,} of them refined in {n_rel:,} sectors, {n_direct:,} Direct; plane distortion ≤ {eps:.4%}; "
        f"e {job.e * 1000:.0f} mm, tangent excess {(job.Rv - job.Rp) * 1000:.0f} mm; "
        f"checks: {len(checks)} discs, worst lower chord midpoint {max((c[0] for c in checks), default=0):+.2e} m from R, "
        f"sample-gap worst {gap:+.3e} m (≤ 0 required); "
        f"coarse {t_coarse:.1f} s, refine {t_refine:.1f} s, union {t_union:.1f} s")
    if gap > 0:
        raise SystemExit(f"{label}: a point at distance R from an edge is farther than R+e from every sample")
    return {"lower": lower, "upper": upper, "stats": {
        "radius_km": R / 1000, "samples": len(samples), "discs_kept": len(kept), "discs_refined": n_refined, "refined_sectors": n_rel,
        "direct_calls": n_direct, "plane_distortion_max": eps, "e_m": job.e, "tangent_excess_m": job.Rv - job.Rp,
        "seconds": time.perf_counter() - t0}}


def gap_check(polys: list, R: float, Rp: float, delta: float, n: int) -> float:
    """Random points q on X's edges between samples, a point z at distance R from q in a random direction:
    max over them of (distance from z to the nearer of the two neighbouring samples) − (R + e). Must be ≤ 0."""
    rng = np.random.default_rng(20240530)
    rings = [r for rings in polys for r in rings]
    worst = -math.inf
    for _ in range(n):
        ring = rings[int(rng.integers(len(rings)))]
        i = int(rng.integers(len(ring)))
        lon1, lat1 = ring[i]
        lon2, lat2 = ring[(i + 1) % len(ring)]
        line = G.InverseLine(lat1, lon1, lat2, lon2, LL | Geodesic.DISTANCE_IN)
        k = max(1, int(math.ceil(line.s13 / delta)))
        step = line.s13 / k
        j = int(rng.integers(k))
        t = rng.uniform(0, step)
        a, q, b = (line.Position(j * step, LL), line.Position(j * step + t, LL), line.Position((j + 1) * step, LL))
        z = G.Direct(q["lat2"], q["lon2"], float(rng.uniform(0, 360)), R, LL)
        d = min(G.Inverse(z["lat2"], z["lon2"], p["lat2"], p["lon2"], Geodesic.DISTANCE)["s12"] for p in (a, b))
        worst = max(worst, d - Rp)
    return worst


# ------------------------------------------------------------------------------------------- main

def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--delta-m", type=float, default=250.0, help="boundary sampling of X (default 250 m)")
    ap.add_argument("--arc-m", type=float, default=250.0, help="vertex spacing on the disc circles (default 250 m)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-cull", action="store_true",
                    help="refine every sector of every disc (tests the culling; use with coarse --delta-m/--arc-m)")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    global NO_CULL
    NO_CULL = args.no_cull
    T0 = time.perf_counter()
    timings = {}

    # ---- geography
    t = time.perf_counter()
    ua, ua_file = country("UA")
    ru, ru_file = country("RU")
    regs = {c: region(c) for c in ("UA-63", "UA-59", "RU-BEL", "RU-KRS", "RU-BRY")}
    clip = box(-CLIP_HALF_M, -CLIP_HALF_M, CLIP_HALF_M, CLIP_HALF_M)
    UA, ua_dense = plane_geometry(ua)
    RU_full, ru_dense = plane_geometry(ru)
    RU = polygonal(RU_full.intersection(clip))
    REG = {c: plane_geometry(p)[0] for c, (p, _) in regs.items()}
    reg_dense = {c: plane_geometry(p)[1] for c, (p, _) in regs.items()}
    timings["geography_s"] = time.perf_counter() - t

    # ---- pipeline sanity: UA's area three ways
    t = time.perf_counter()
    ua_geod = polys_area_m2(ua) / 1e6
    ua_pipe = geodesic_area_m2(UA) / 1e6
    laea = Transformer.from_crs("EPSG:4326", f"+proj=laea +lat_0={CENTER_LAT} +lon_0={CENTER_LON} +ellps=WGS84",
                                always_xy=True)
    ua_laea = shapely.union_all([Polygon(np.column_stack(laea.transform(*np.asarray(r).T)))
                                 for rings in ua for r in [densify_ring(rings[0], DENSIFY_M)]]).area / 1e6
    # the plane's round trip
    probe = np.array([p for r in ua_dense for p in r[::50]])
    back = unproject(project(probe))
    roundtrip_m = max(G.Inverse(a[1], a[0], b[1], b[0], Geodesic.DISTANCE)["s12"] for a, b in zip(probe, back))
    # largest plane-chord departure of a densified edge (RU within 1,600 km of the centre, every 4th edge; all of
    # UA and the regions)
    dep = max(chord_departure_m(ru_dense, keep_within_m=1_600_000, every=4), chord_departure_m(ua_dense),
              *(chord_departure_m(d) for d in reg_dense.values()))
    timings["sanity_s"] = time.perf_counter() - t
    log(f"UA area: geographiclib on the file's vertices {ua_geod:,.3f} km²; through the pipeline (densify, plane, "
        f"shapely, back, geographiclib) {ua_pipe:,.3f} km² (Δ {ua_pipe - ua_geod:+.2e}); shapely area in LAEA "
        f"{ua_laea:,.3f} km² (Δ {ua_laea - ua_geod:+.3f}); plane round trip ≤ {roundtrip_m:.1e} m; "
        f"largest plane-chord departure of a densified edge {dep * 1000:.3f} mm")
    if abs(ua_pipe - ua_geod) > 1e-3 or abs(ua_laea - ua_geod) > 1.0 or roundtrip_m > 1e-6 or dep > 0.01:
        raise SystemExit("pipeline sanity check failed")

    # ---- buffers
    t = time.perf_counter()
    REG3 = shapely.union_all([REG["RU-BEL"], REG["RU-KRS"], REG["RU-BRY"]])
    C_three = polygonal(RU.intersection(REG3))
    kh_su_polys = regs["UA-63"][0] + regs["UA-59"][0]
    KH_SU = shapely.union_all([REG["UA-63"], REG["UA-59"]])
    d, s, w = args.delta_m, args.arc_m, args.workers
    W300 = buffer_bounds("within 300 km of UA", ua, UA, 300_000.0, RU, d, s, w)
    W84_KH = buffer_bounds("within 84 km of UA-63", regs["UA-63"][0], REG["UA-63"], 84_000.0, RU, d, s, w)
    W84_KHSU = buffer_bounds("within 84 km of UA-63 ∪ UA-59", kh_su_polys, KH_SU, 84_000.0, RU, d, s, w)
    W84_UA = buffer_bounds("within 84 km of UA (in the three regions)", ua, UA, 84_000.0, C_three, d, s, w)
    timings["buffers_s"] = time.perf_counter() - t

    # ---- zones
    t = time.perf_counter()
    defs = [
        ("ru-within-300km-of-ua", "RU ∩ within(300 km, UA)",
         lambda b: RU.intersection(W300[b])),
        ("kharkiv-reading", "RU ∩ within(84 km, UA-63) ∩ within(300 km, UA)",
         lambda b: RU.intersection(W84_KH[b]).intersection(W300[b])),
        ("kharkiv-sumy-reading", "RU ∩ within(84 km, UA-63 ∪ UA-59) ∩ within(300 km, UA)",
         lambda b: RU.intersection(W84_KHSU[b]).intersection(W300[b])),
        ("isw-three-regions", "RU ∩ within(84 km, UA) ∩ (RU-BEL ∪ RU-KRS ∪ RU-BRY) ∩ within(300 km, UA)",
         lambda b: RU.intersection(W84_UA[b]).intersection(REG3).intersection(W300[b])),
        ("atacms-permitted-2024-11-20",
         "RU ∩ within(300 km, UA) ∩ (UA ∪ within(84 km, UA-63 ∪ UA-59) ∪ RU-KRS): the permitted zone of "
         "atacms-m39a1 on 2024-11-20 (US permits us-ukrainian-territory, us-kharkiv-exception, us-border-widening, "
         "us-kursk-clearance; their target_in areas united; no forbid in force)",
         lambda b: RU.intersection(W300[b]).intersection(
             shapely.union_all([UA, RU.intersection(W84_KH[b]), RU.intersection(W84_KHSU[b]), REG["RU-KRS"]]))),
    ]
    zones = []
    for name, definition, build in defs:
        tz = time.perf_counter()
        lo_g, up_g = polygonal(build("lower")), polygonal(build("upper"))
        lo, up = geodesic_area_m2(lo_g) / 1e6, geodesic_area_m2(up_g) / 1e6
        if not lo <= up + 1e-6:
            raise SystemExit(f"{name}: lower {lo} > upper {up}")
        perim_km = up_g.length / 1000
        chord_km2 = perim_km * dep / 1000
        err = (up - lo) / 2 + chord_km2
        zones.append({"name": name, "definition": definition, "area_km2": round((lo + up) / 2, 4),
                      "reference_error_km2_estimate": round(err, 4),
                      "lower_bound_km2": round(lo, 4), "upper_bound_km2": round(up, 4),
                      "perimeter_km": round(perim_km, 1), "vertices": int(shapely.get_num_coordinates(up_g))})
        log(f"  {name}: {(lo + up) / 2:,.3f} km² ± {err:.3f} (lower {lo:,.3f}, upper {up:,.3f}; perimeter "
            f"{perim_km:,.0f} km; {time.perf_counter() - tz:.1f} s)")
    timings["zones_s"] = time.perf_counter() - t
    timings["total_s"] = time.perf_counter() - T0

    files = sorted({ua_file, ru_file, *(f for _, f in regs.values())})
    inputs = [{"path": str((NE_DIR / f).relative_to(ROOT)), "sha256": sha256(NE_DIR / f)} for f in files]
    inputs.append({"path": "Scenarios/ukraine-2024-2025/scenario.yaml",
                   "sha256": sha256(ROOT / "Scenarios/ukraine-2024-2025/scenario.yaml"),
                   "note": "read by hand for the permitted zone's formula (not parsed here)"})
    import geographiclib
    import pyproj
    out = {
        "zones": zones,
        "method": (
            "Independent of Greenlight. Features as ReferenceGeography.swift selects them in the de-jure view (UA, RU: "
            f"{DEJURE_FILE} by iso_a2/iso_a2_eh; regions by iso_3166_2, first of {', '.join(REGION_FILES)}). Polygon "
            f"edges densified along their geodesics (geographiclib) every <= {DENSIFY_M:g} m and projected to an "
            f"azimuthal equidistant plane at {CENTER_LAT}N {CENTER_LON}E (pyproj), where a densified geodesic edge departs "
            f"from its chord by at most {dep * 1000:.3f} mm (measured). within(R, X) = X ∪ geodesic discs of radius R "
            f"around boundary points of X sampled along the geodesic edges every <= {d:g} m, disc circles from "
            f"geographiclib Direct every <= {s:g} m of arc, bracketed by a lower union (inscribed polygons, radius R) "
            f"and an upper union (circumscribed polygons of radius R + 1.05·δ²/(8R)); only the sectors of each disc "
            f"that can reach the outer contour inside RU are refined (rigorous culling against a coarse inscribed union "
            f"of {N_COARSE}-gons at {COARSE_SAMPLE_M / 1000:g} km spacing). Zones by shapely overlay of the plane images, "
            "areas by geographiclib PolygonArea on the ellipsoid after the inverse projection, holes subtracted. "
            "area_km2 = (lower + upper)/2; reference_error_km2_estimate = (upper − lower)/2 + perimeter × largest "
            "chord departure."),
        "parameters": {"boundary_sampling_m": d, "arc_spacing_m": s, "densify_m": DENSIFY_M, "coarse_sectors": N_COARSE,
                       "plane": PLANE, "max_chord_departure_m": dep},
        "checks": {"ua_area_geographiclib_km2": round(ua_geod, 4), "ua_area_pipeline_km2": round(ua_pipe, 4),
                   "ua_area_shapely_laea_km2": round(ua_laea, 4), "plane_roundtrip_max_m": roundtrip_m},
        "buffers": {k: v["stats"] for k, v in (("within_300km_UA", W300), ("within_84km_UA-63", W84_KH),
                                                ("within_84km_UA-63_UA-59", W84_KHSU), ("within_84km_UA", W84_UA))},
        "timings_s": {k: round(v, 1) for k, v in timings.items()},
        "software": {"geographiclib": geographiclib.__version__, "shapely": shapely.__version__,
                     "geos": shapely.geos_version_string, "pyproj": pyproj.__version__, "proj": pyproj.proj_version_str,
                     "python": sys.version.split()[0]},
        "generated_by": "scripts/reference/make_zone_area_reference.py",
        "inputs": inputs,
    }
    Path(args.out).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    log(f"wrote {args.out} in {timings['total_s']:.0f} s "
        f"({', '.join(f'{k} {v:.1f}' for k, v in timings.items() if k != 'total_s')})")
    print(json.dumps({z["name"]: [z["area_km2"], z["reference_error_km2_estimate"]] for z in zones}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
