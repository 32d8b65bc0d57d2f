#!/usr/bin/env python3
"""Independent references for issue 14 geometry, by Karney's Python geographiclib only (no Greenlight code).

1. Areas (area-reference.json): polygons wound either way, and polygons containing a pole (a ring at
   89°N wound both ways, Antarctica-like rings with and without Natural Earth's closure along -90°,
   triangles with a vertex at a pole). Each ring stands for the smaller of the two regions it bounds
   (RFC 7946 readers must accept either winding): geographiclib PolygonArea(sign=False) gives the area
   to the left of the ring, A, and the ring's area is min(A, total - A); holes are subtracted.
2. Distances to lines and points (line-distance-reference.tsv, lines/*.geojson): brute force along each
   geodesic segment (samples every <= 2 km by InverseLine.Position, then golden-section refinement of
   the best local minima by Inverse to 1e-7 m); a MultiPoint is the minimum over its points.
3. Signed distances to the pole polygons (pole-distance-reference.tsv): the same brute force to the
   boundary polyline, negative for points chosen well inside (by construction of each case).
Run: python3 scripts/reference/make_geometry_reference.py (pip install geographiclib).
"""
import json, math, os, random
from geographiclib.geodesic import Geodesic
from geographiclib.polygonarea import PolygonArea

g = Geodesic.WGS84
total = PolygonArea(g).area0
here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.join(here, "../../Tests/GreenlightGeodesyTests/Fixtures")

def ring_area(ring):  # ring: closed list of [lon, lat]
    p = PolygonArea(g)
    for lon, lat in ring[:-1]:
        p.AddPoint(lat, lon)
    n, perimeter, a = p.Compute(False, False)
    return min(a, total - a), perimeter

def polygon_area(rings):
    area, perimeter = 0.0, 0.0
    for i, r in enumerate(rings):
        a, per = ring_area(r)
        area += a if i == 0 else -a
        perimeter += per
    return area, perimeter

def close(r): return r + [r[0]]
def rev(r): return list(reversed(r))

square = close([[30, 50], [31, 50], [31, 51], [30, 51]])
hole = close([[30.3, 50.3], [30.6, 50.3], [30.6, 50.6], [30.3, 50.6]])
ring89 = close([[float(lon), 89.0] for lon in range(-180, 180, 10)])
rnd = random.Random(14)
antarctic = [[float(lon), -70 + 3 * math.sin(lon * math.pi / 45) + rnd.uniform(-0.5, 0.5)] for lon in range(-180, 180, 5)]
# Natural Earth's Antarctica: the coast from -180° east to 180°, then down the antimeridian, along -90°, and up.
antarctic_ne = antarctic + [[180.0, antarctic[0][1]], [180.0, -90.0], [-180.0, -90.0], antarctic[0]]
north_triangle = close([[0, 90], [0, 80], [90, 80]])
south_triangle = close([[0, -90], [90, -75], [0, -75]])
cases = {
    "ccw-square": [square],
    "cw-square": [rev(square)],
    "cw-shell-ccw-hole": [rev(square), rev(hole)],
    "ring-89N-ccw": [ring89],
    "ring-89N-cw": [rev(ring89)],
    "antarctica-like-ccw": [close(rev(antarctic))],
    "antarctica-like-cw": [close(antarctic)],
    "antarctica-natural-earth-style": [rev(antarctic_ne)],
    "triangle-vertex-at-north-pole": [north_triangle],
    "triangle-vertex-at-south-pole": [rev(south_triangle)],
}
areas = []
for name, rings in cases.items():
    a, per = polygon_area(rings)
    areas.append({"name": name, "rings": rings, "area_m2": a, "perimeter_m": per})
json.dump(areas, open(os.path.join(fixtures, "area-reference.json"), "w"), indent=1)

def segment_distance(lat, lon, a, b):
    """a, b: (lat, lon). Minimum over the geodesic segment a-b of the distance from (lat, lon)."""
    line = g.InverseLine(a[0], a[1], b[0], b[1])
    length = line.s13
    n = max(2, int(math.ceil(length / 2000.0)))
    def d(s):
        p = line.Position(s)
        return g.Inverse(lat, lon, p["lat2"], p["lon2"])["s12"]
    samples = [d(length * i / n) for i in range(n + 1)]
    minima = [i for i in range(n + 1) if (i == 0 or samples[i] <= samples[i - 1]) and (i == n or samples[i] <= samples[i + 1])]
    minima = sorted(minima, key=lambda i: samples[i])[:3]
    best = min(samples)
    phi = (math.sqrt(5) - 1) / 2
    for i in minima:
        lo, hi = length * max(0, i - 1) / n, length * min(n, i + 1) / n
        x1, x2 = hi - phi * (hi - lo), lo + phi * (hi - lo)
        f1, f2 = d(x1), d(x2)
        while hi - lo > 1e-7:
            if f1 < f2: hi, x2, f2 = x2, x1, f1; x1 = hi - phi * (hi - lo); f1 = d(x1)
            else: lo, x1, f1 = x1, x2, f2; x2 = lo + phi * (hi - lo); f2 = d(x2)
        best = min(best, f1, f2, d(lo), d(hi))
    return best

def polyline_distance(lat, lon, positions):  # positions: [lon, lat]
    if len(positions) == 1:
        return g.Inverse(lat, lon, positions[0][1], positions[0][0])["s12"]
    return min(segment_distance(lat, lon, (p[1], p[0]), (q[1], q[0])) for p, q in zip(positions, positions[1:]))

lines = {
    "segment-short": {"type": "LineString", "coordinates": [[36.0, 50.0], [36.6, 50.3]]},
    "segment-long": {"type": "LineString", "coordinates": [[-20.0, 10.0], [40.0, 45.0]]},
    "segment-antimeridian": {"type": "LineString", "coordinates": [[170.0, 60.0], [-150.0, 50.0]]},
    "polyline": {"type": "LineString", "coordinates": [[30.0, 46.0], [33.5, 47.2], [35.0, 47.1], [37.5, 48.9], [38.2, 50.1], [36.0, 52.0]]},
    "multiline": {"type": "MultiLineString", "coordinates": [[[30.0, 46.0], [35.0, 47.1]], [[37.5, 48.9], [38.2, 50.1], [36.0, 52.0]]]},
    "multipoint": {"type": "MultiPoint", "coordinates": [[30.0, 46.0], [35.0, 47.1], [38.2, 50.1]]},
}
rows = []
for name, geometry in lines.items():
    json.dump({"type": "Feature", "properties": {"name": name}, "geometry": geometry}, open(os.path.join(fixtures, "lines", name + ".geojson"), "w"))
    parts = geometry["coordinates"] if geometry["type"] == "MultiLineString" else [geometry["coordinates"]]
    if geometry["type"] == "MultiPoint": parts = [[p] for p in geometry["coordinates"]]
    lons = [p[0] for part in parts for p in part]; lats = [p[1] for part in parts for p in part]
    r = random.Random(name)
    points = []
    for part in parts:  # beyond each end (the nearest point is an endpoint), and near each vertex
        for p in part:
            points.append((p[1] + r.uniform(-0.3, 0.3), p[0] + r.uniform(-0.3, 0.3)))
        if len(part) > 1:
            az = g.Inverse(part[0][1], part[0][0], part[1][1], part[1][0])["azi1"]
            q = g.Direct(part[0][1], part[0][0], az + 180 + r.uniform(-30, 30), r.uniform(5e3, 400e3)); points.append((q["lat2"], q["lon2"]))
    for _ in range(30):  # across and along the lines, out to a few hundred km
        k = r.randrange(len(parts)); part = parts[k]; j = r.randrange(max(1, len(part) - 1))
        a = part[j]; b = part[min(j + 1, len(part) - 1)]
        line = g.InverseLine(a[1], a[0], b[1], b[0]); p = line.Position(line.s13 * r.uniform(-0.1, 1.1))
        q = g.Direct(p["lat2"], p["lon2"], p["azi2"] + r.choice([-90, 90]) + r.uniform(-20, 20), r.uniform(1, 500e3))
        points.append((q["lat2"], q["lon2"]))
    points.append((-lats[0], lons[0] + 180 if lons[0] <= 0 else lons[0] - 180))  # near the antipode of a vertex
    for lat, lon in points:
        rows.append((name, lat, lon, polyline_distance(lat, lon, [p for p in parts[0]]) if len(parts) == 1 else min(polyline_distance(lat, lon, part) for part in parts)))
with open(os.path.join(fixtures, "line-distance-reference.tsv"), "w") as f:
    f.write("geometry\tlat\tlon\tmeters\n")
    for name, lat, lon, m in rows:
        f.write(f"{name}\t{lat:.12f}\t{lon:.12f}\t{m:.6f}\n")

# Signed distances to pole polygons: points well inside (negative) and outside, by construction.
pole_points = {
    "ring-89N-ccw": [(89.7, 20.0, -1), (89.999, -100.0, -1), (88.0, 33.0, 1), (85.0, -170.0, 1)],
    "antarctica-like-ccw": [(-80.0, 10.0, -1), (-89.9, 120.0, -1), (-60.0, -40.0, 1), (-50.0, 175.0, 1)],
    "antarctica-natural-earth-style": [(-80.0, 10.0, -1), (-85.0, 179.9, -1), (-60.0, -40.0, 1), (-50.0, 175.0, 1)],
    "triangle-vertex-at-north-pole": [(85.0, 45.0, -1), (89.5, 10.0, -1), (85.0, 135.0, 1), (89.5, -100.0, 1), (75.0, 45.0, 1)],
    "triangle-vertex-at-south-pole": [(-80.0, 45.0, -1), (-89.5, 10.0, -1), (-80.0, 135.0, 1), (-89.5, -100.0, 1)],
}
with open(os.path.join(fixtures, "pole-distance-reference.tsv"), "w") as f:
    f.write("polygon\tlat\tlon\tsigned_meters\n")
    for name, pts in pole_points.items():
        ring = cases[name][0]
        # Natural Earth's closure along the antimeridian and -90° is where the data was cut, not boundary.
        boundary = close(antarctic) if name == "antarctica-natural-earth-style" else ring
        for lat, lon, sign in pts:
            f.write(f"{name}\t{lat}\t{lon}\t{sign * polyline_distance(lat, lon, boundary):.6f}\n")
print("wrote", len(areas), "areas,", len(rows), "line distances")
