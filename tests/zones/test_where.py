"""`greenlight where` against `greenlight timeline` and GDAL.

On the flagship, `where` for ATACMS M39A1 (300 km, within RU) over 2024 prints the same km² as
`timeline` for every interval (both read the question's certified zones at the interval's first day),
and its GeoJSON opens in GDAL with valid_from/valid_until read as dates, one feature per zone per
interval, tiling the year.

Needs the release binary (or GREENLIGHT=path) and ogrinfo (Debian gdal-bin).
"""
import json
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GL = os.environ.get("GREENLIGHT", str(ROOT / ".build/release/greenlight"))
SCENARIO = str(ROOT / "Scenarios/ukraine-2024-2025/scenario.yaml")
QUESTION = ["--item", "atacms-m39a1", "--within", "RU", "--from", "2024-01-01", "--to", "2024-12-31"]


def run(*args):
    p = subprocess.run(list(args), capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert p.returncode == 0, f"{' '.join(args)}: exit {p.returncode}\n{p.stderr[-2000:]}"
    return p.stdout


def test_where_prints_the_timelines_km2_and_gdal_reads_its_dates(tmp_path):
    out = tmp_path / "where.geojson"
    where = json.loads(run(GL, "where", SCENARIO, *QUESTION, "-o", str(out), "--format", "json"))
    timeline = json.loads(run(GL, "timeline", SCENARIO, *QUESTION, "--format", "json"))
    rows = where["rows"]
    assert [r["from"] for r in rows] == [p["date"] for p in timeline]
    for r, p in zip(rows, timeline):
        # The same computation: identical doubles, not merely close.
        assert r["permitted_km2"] == p["areas"]["permitted_km2"], (r, p["areas"])
        assert r["in_range_km2"] == p["areas"]["in_range_km2"], (r, p["areas"])
    assert rows[-1]["until"] == "2024-12-31" and rows[-1]["permitted_km2"] > 70_000
    assert any(a["opened_by"] for r in rows for a in r["authorities"])

    p = subprocess.run(["ogrinfo", "-al", "-so", str(out)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert not [l for l in p.stderr.splitlines() if l.strip()], p.stderr
    assert re.search(r"^valid_from: Date\b", p.stdout, re.M) and re.search(r"^valid_until: Date\b", p.stdout, re.M), p.stdout
    count = int(re.search(r"^Feature Count: (\d+)", p.stdout, re.M).group(1))
    zones_per_interval = 2 + len(rows[-1]["authorities"])  # in_range, permitted, permitted_by each authority
    assert count == len(rows) * zones_per_interval, (count, len(rows))
    features = json.loads(out.read_text())["features"]
    assert {f["properties"]["valid_from"] for f in features} == {r["from"] for r in rows}
