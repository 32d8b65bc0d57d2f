#!/usr/bin/env python3
"""Independent reference for area measurement: the area of {points within R of a convex geodesic
triangle} on WGS84, by Karney's Python geographiclib only (no Greenlight code).

For a convex polygon the buffer's boundary is made of (1) the edges offset outward: from each point
of an edge, the geodesic perpendicular to the edge, R long, and (2) arcs around the vertices: geodesics
of length R from the vertex at azimuths sweeping between the normals of its two edges. Those boundary
points are densified (every ~0.5 km) and the resulting polygon's area is taken with geographiclib's
Polygon. Output: Tests/GreenlightAnalysisTests/Fixtures/buffer-area-reference.json.
Run: python3 scripts/reference/make_buffer_area_reference.py (pip install geographiclib).
"""
import json, math, os
from geographiclib.geodesic import Geodesic

g = Geodesic.WGS84
# A triangle over eastern Ukraine, counter-clockwise (interior on the left), edges of 150-300 km.
triangle = [(49.0, 34.5), (49.2, 37.5), (51.0, 36.0)]
cases = [("triangle-84km", 84.0), ("triangle-300km", 300.0)]

def buffer_polygon(vertices, r_m, step_m=500.0):
    n = len(vertices)
    pts = []
    for i in range(n):
        a, b = vertices[i], vertices[(i + 1) % n]
        line = g.InverseLine(a[0], a[1], b[0], b[1])
        k = max(2, int(math.ceil(line.s13 / step_m)))
        for j in range(k + 1):
            pos = line.Position(line.s13 * j / k)
            # Right of the direction of travel is outside for a counter-clockwise ring.
            d = g.Direct(pos["lat2"], pos["lon2"], pos["azi2"] + 90, r_m)
            pts.append((d["lat2"], d["lon2"]))
        # Arc around vertex b, from the normal of edge a-b to the normal of edge b-c.
        c = vertices[(i + 2) % n]
        azi_in = g.Inverse(a[0], a[1], b[0], b[1])["azi2"] + 90
        azi_out = g.Inverse(b[0], b[1], c[0], c[1])["azi1"] + 90
        # The ring turns left at a convex vertex, so the outward normal turns anticlockwise (azimuth decreases).
        sweep = -((azi_in - azi_out) % 360)
        arc_len = r_m * math.radians(-sweep)
        m = max(2, int(math.ceil(arc_len / step_m)))
        for j in range(1, m):
            d = g.Direct(b[0], b[1], azi_in + sweep * j / m, r_m)
            pts.append((d["lat2"], d["lon2"]))
    return pts

out = {"triangle": [{"lat": la, "lon": lo} for la, lo in triangle], "cases": []}
for name, r_km in cases:
    poly = g.Polygon()
    for la, lo in buffer_polygon(triangle, r_km * 1000):
        poly.AddPoint(la, lo)
    _, _, area = poly.Compute(False, True)
    out["cases"].append({"name": name, "radius_km": r_km, "area_km2": abs(area) / 1e6})
tri = g.Polygon()
for la, lo in triangle:
    tri.AddPoint(la, lo)
out["triangle_area_km2"] = abs(tri.Compute(False, True)[2]) / 1e6
path = os.path.join(os.path.dirname(__file__), "../../Tests/GreenlightAnalysisTests/Fixtures/buffer-area-reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out, indent=1))
