"""The zone files `greenlight zones` writes, read by independent tools: GDAL (ogrinfo, Spatialite's
ellipsoidal ST_Area), and GDAL-free readings (the GeoJSON parsed with json, the GeoPackage's geometry
blobs parsed with sqlite3 + shapely) measured with pyproj's Geod (Karney's algorithm).

For the flagship question (ATACMS M39A1, 2024-11-20, within RU) and the period 2024-05-01 .. 2024-12-31,
each written as .geojson and .gpkg:
  - `ogrinfo -al -so` succeeds without warnings; the layer, feature count and field names are as specified;
  - the period's valid_from/valid_until are ISO dates that tile the period without gap or overlap;
  - GDAL's and pyproj's ellipsoidal area of every feature lies within area_bound_km2 of area_km2;
  - every geometry is valid (shapely), wound as RFC 7946 says (exterior counterclockwise, holes
    clockwise) and within [-180, 180] x [-90, 90].

Needs the release binary (or GREENLIGHT=path), ogrinfo (Debian gdal-bin), pyproj and shapely.
"""
import datetime
import json
import os
import re
import sqlite3
import struct
import subprocess
from pathlib import Path

import pytest
import shapely
import shapely.wkb
from pyproj import Geod
from shapely.geometry import shape
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parents[2]
GL = os.environ.get("GREENLIGHT", str(ROOT / ".build/release/greenlight"))
SCENARIO = str(ROOT / "Scenarios/ukraine-2024-2025/scenario.yaml")
QUESTION = ["--item", "atacms-m39a1", "--within", "RU"]
KEY_DATE = "2024-11-20"
PERIOD = ("2024-05-01", "2024-12-31")

FIELDS = ["zone", "authority", "scenario", "variant", "item", "recipient", "use", "category", "date",
          "area_km2", "area_bound_km2", "tolerance_m"]
PERIOD_FIELDS = FIELDS + ["valid_from", "valid_until"]
# Spatialite, inside GDAL's SQLite dialect, has no spatial_ref_sys table for ST_Area(geom, 1): expected noise.
SPATIALITE_NOISE = re.compile(r"^unknown SRID: 4326\s+<no such table: spatial_ref_sys>$")
GEOD = Geod(ellps="WGS84")


def run(*args):
    p = subprocess.run(list(args), capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, f"{' '.join(args)}: exit {p.returncode}\n{p.stderr[-2000:]}"
    return p


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("zones")
    out = {}
    for name, when in [("question.geojson", ["--date", KEY_DATE]),
                       ("question.gpkg", ["--date", KEY_DATE]),
                       ("period.gpkg", ["--from", PERIOD[0], "--to", PERIOD[1]]),
                       ("period.geojson", ["--from", PERIOD[0], "--to", PERIOD[1]])]:
        path = d / name
        run(GL, "zones", SCENARIO, *QUESTION, *when, "-o", str(path))
        out[name] = path
    # What the files must hold: the required states of the question, and the change dates of the period.
    reach = json.loads(run(GL, "reach", SCENARIO, *QUESTION, "--date", KEY_DATE, "--format", "json").stdout)
    timeline = json.loads(run(GL, "timeline", SCENARIO, *QUESTION, "--from", PERIOD[0], "--to", PERIOD[1],
                              "--format", "json").stdout)
    out["required"] = sorted(reach["required"])
    out["change_dates"] = [p["date"] for p in timeline]
    return out


NAMES = ["question.geojson", "question.gpkg", "period.gpkg", "period.geojson"]


def geometry_column(name):
    return "geometry" if name.endswith(".geojson") else "geom"


def problem_lines(text):
    return [l for l in text.splitlines() if ("warning" in l.lower() or "error" in l.lower())
            and not SPATIALITE_NOISE.match(l.strip())]


def ogrinfo(*args):
    p = subprocess.run(["ogrinfo", *args], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, f"ogrinfo {' '.join(args)}: exit {p.returncode}\n{p.stderr}"
    bad = problem_lines(p.stdout) + problem_lines(p.stderr)
    assert not bad, f"ogrinfo {' '.join(args)} warned:\n" + "\n".join(bad[:20])
    return p.stdout


def summary(path):
    """ogrinfo -al -so: layer name, feature count, geometry column and field names."""
    text = ogrinfo("-al", "-so", str(path))
    layers = re.findall(r"^Layer name: (.+)$", text, re.M)
    count = int(re.search(r"^Feature Count: (\d+)$", text, re.M).group(1))
    geom = re.search(r"^Geometry Column = (.+)$", text, re.M)
    fields = re.findall(r"^(\w+): (?:String|Real|Integer|Integer64|Date|DateTime)\b", text, re.M)
    return {"layers": layers, "count": count, "geometry_column": geom.group(1) if geom else None,
            "fields": fields, "geometry": re.search(r"^Geometry: (.+)$", text, re.M).group(1)}


def features(name, path):
    """GDAL-free reading: [(properties, shapely geometry)] from GeoJSON (json) or GeoPackage (sqlite3)."""
    if name.endswith(".geojson"):
        doc = json.loads(path.read_text())
        assert doc["type"] == "FeatureCollection"
        return [(f["properties"], shape(f["geometry"])) for f in doc["features"]]
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    out = []
    for row in con.execute("SELECT * FROM zones ORDER BY fid"):
        props = {k: row[k] for k in row.keys() if k not in ("fid", "geom")}
        out.append((props, gpkg_geometry(row["geom"])))
    con.close()
    return out


def gpkg_geometry(blob):
    """GeoPackage binary (http://www.geopackage.org/spec/#gpb_format): 'GP', version, flags, srs_id,
    envelope, then standard WKB."""
    assert blob is not None, "NULL geometry (an empty zone must still be an empty MultiPolygon)"
    assert blob[:2] == b"GP" and blob[2] == 0, blob[:8]
    flags = blob[3]
    envelope = (flags >> 1) & 7
    assert envelope <= 4 and not flags & 0x20, f"flags {flags:#x}"
    srs_id = struct.unpack("<i" if flags & 1 else ">i", blob[4:8])[0]
    assert srs_id == 4326, srs_id
    geom = shapely.wkb.loads(bytes(blob[8 + [0, 32, 48, 48, 64][envelope]:]))
    assert bool(flags & 0x10) == geom.is_empty, f"empty flag {bool(flags & 0x10)} vs geometry {geom.wkt[:60]}"
    return geom


def polygons(geom):
    if geom.is_empty:
        return []
    assert geom.geom_type == "MultiPolygon", geom.geom_type
    return list(geom.geoms)


# --- ogrinfo -so: layer, count, fields --------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_ogrinfo_summary(files, name):
    s = summary(files[name])
    assert s["layers"] == ["zones"], s["layers"]
    assert s["geometry"] == "Multi Polygon", s["geometry"]
    if name.endswith(".gpkg"):
        assert s["geometry_column"] == "geom", s
    intervals = len(files["change_dates"]) if name.startswith("period") else 1
    zones_per_date = 2 + len(files["required"])     # in_range, permitted, one permitted_by per required state
    assert s["count"] == intervals * zones_per_date, (s["count"], intervals, files["required"])
    want = PERIOD_FIELDS if name.startswith("period") else FIELDS
    assert sorted(s["fields"]) == sorted(want), s["fields"]


@pytest.mark.parametrize("name", NAMES)
def test_every_feature_reads_without_warning(files, name):
    ogrinfo("-al", "-q", str(files[name]))


@pytest.mark.parametrize("name", NAMES)
def test_properties(files, name):
    feats = features(name, files[name])
    for props, _ in feats:
        if name.endswith(".geojson"):
            want = PERIOD_FIELDS if name.startswith("period") else FIELDS
            assert sorted(props) == sorted(want), sorted(props)
        assert props["item"] == "atacms-m39a1" and props["recipient"] == "UA", props
        assert props["use"] == "strike" and props["category"] == "military" and props["variant"] is None, props
        assert props["tolerance_m"] == 10.0, props
        assert props["zone"] in ("in_range", "permitted", "permitted_by"), props
        if props["zone"] == "permitted_by":
            assert props["authority"] in files["required"], props
        else:
            assert props["authority"] is None, props
        assert props["area_km2"] >= 0 and props["area_bound_km2"] >= 0, props
        if not name.startswith("period"):
            assert props["date"] == KEY_DATE, props
    per_date = {}
    for props, _ in feats:
        per_date.setdefault(props["date"], []).append((props["zone"], props["authority"]))
    for date, zones in per_date.items():
        assert sorted(zones, key=str) == sorted([("in_range", None), ("permitted", None)]
                                                + [("permitted_by", s) for s in files["required"]], key=str), (date, zones)


@pytest.mark.parametrize("stem", ["question", "period"])
def test_geojson_and_geopackage_hold_the_same_features(files, stem):
    a = features(".geojson", files[stem + ".geojson"])
    b = features(".gpkg", files[stem + ".gpkg"])
    assert [p for p, _ in a] == [p for p, _ in b]


@pytest.mark.parametrize("name", ["period.gpkg", "period.geojson"])
def test_period_intervals_tile_the_period(files, name):
    feats = features(name, files[name])
    intervals = []
    for props, _ in feats:
        for k in ("valid_from", "valid_until", "date"):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", props[k]), props
        start = datetime.date.fromisoformat(props["valid_from"])
        end = datetime.date.fromisoformat(props["valid_until"])
        assert start <= end, props
        if (start, end) not in intervals:
            intervals.append((start, end))
    intervals.sort()
    assert intervals[0][0] == datetime.date.fromisoformat(PERIOD[0]), intervals
    assert intervals[-1][1] == datetime.date.fromisoformat(PERIOD[1]), intervals
    for (_, prev_end), (start, _) in zip(intervals, intervals[1:]):
        assert start == prev_end + datetime.timedelta(days=1), intervals
    # the intervals start at the timeline's change dates
    assert [s.isoformat() for s, _ in intervals] == files["change_dates"], (intervals, files["change_dates"])


# --- areas: GDAL (Spatialite's ellipsoidal ST_Area) and pyproj ------------------------------------

def gdal_areas(name, path):
    col = geometry_column(name)
    sql = f"SELECT zone, authority, area_km2, area_bound_km2, ST_Area({col}, 1) AS a FROM zones"
    text = ogrinfo(str(path), "-dialect", "SQLite", "-sql", sql)
    rows = []
    for block in re.split(r"^OGRFeature\(SELECT\):\d+$", text, flags=re.M)[1:]:
        v = dict(re.findall(r"^\s+(\w+) \(\w+\) = (.*)$", block, re.M))
        rows.append(v)
    return rows


@pytest.mark.parametrize("name", NAMES)
def test_gdal_ellipsoidal_area_within_the_bound(files, name):
    rows = gdal_areas(name, files[name])
    assert len(rows) == summary(files[name])["count"]
    bad = []
    for v in rows:
        area, bound = float(v["area_km2"]), float(v["area_bound_km2"])
        if v["a"] == "(null)":     # ST_Area of an empty geometry
            gdal = 0.0
            assert area == 0.0, v
        else:
            gdal = float(v["a"]) / 1e6
        # ogrinfo prints 15 significant digits: allow that rounding on top of the bound
        if abs(gdal - area) > bound + 1e-9 * max(area, 1.0):
            bad.append(f"{v['zone']} {v['authority']}: GDAL {gdal!r} km², file {area!r} ± {bound!r}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", NAMES)
def test_pyproj_geodesic_area_within_the_bound(files, name):
    bad = []
    for props, geom in features(name, files[name]):
        area = 0.0 if geom.is_empty else GEOD.geometry_area_perimeter(geom)[0] / 1e6
        if abs(area - props["area_km2"]) > props["area_bound_km2"]:
            bad.append(f"{props['zone']} {props['authority']} {props.get('valid_from', props['date'])}: "
                       f"pyproj {area!r} km², file {props['area_km2']!r} ± {props['area_bound_km2']!r}")
    assert not bad, "\n".join(bad)


# --- validity, winding, coordinate ranges ----------------------------------------------------------

def label(props):
    return f"{props['zone']} {props['authority'] or ''} {props.get('valid_from', props['date'])}".strip()


@pytest.mark.parametrize("name", NAMES)
def test_geometries_are_valid(files, name):
    bad = []
    for props, geom in features(name, files[name]):
        if not geom.is_valid:
            bad.append(f"{label(props)}: {shapely.is_valid_reason(geom)} "
                       f"({len(polygons(geom))} polygons, area_km2 {props['area_km2']!r})")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", NAMES)
def test_rfc7946_winding(files, name):
    # orient(p, 1.0): exterior counterclockwise, holes clockwise. Compared coordinate by coordinate:
    # shapely's equals() is topological and would ignore the winding.
    bad = []
    for props, geom in features(name, files[name]):
        for i, p in enumerate(polygons(geom)):
            o = orient(p, 1.0)
            same = list(o.exterior.coords) == list(p.exterior.coords) and all(
                list(a.coords) == list(b.coords) for a, b in zip(o.interiors, p.interiors))
            if not same:
                bad.append(f"{label(props)}: polygon {i} (planar signed area "
                           f"{shapely.geometry.polygon.signed_area(p.exterior):.3g} deg²) wound the wrong way")
    assert not bad, f"{len(bad)} polygons:\n" + "\n".join(bad[:20])


@pytest.mark.parametrize("name", NAMES)
def test_coordinates_in_range(files, name):
    for props, geom in features(name, files[name]):
        if geom.is_empty:
            continue
        coords = shapely.get_coordinates(geom)
        assert (coords[:, 0] >= -180).all() and (coords[:, 0] <= 180).all(), label(props)
        assert (coords[:, 1] >= -90).all() and (coords[:, 1] <= 90).all(), label(props)
