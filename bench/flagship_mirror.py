"""The flagship scenario as the PostGIS sides of bench/reach and bench/zones mirror it in SQL.

The flagship question of issue 4: ATACMS M39A1 (300 km) on 2024-11-20, measured within Russia, launched from
Ukraine, Scenarios/ukraine-2024-2025/scenario.yaml (de-jure view). The SQL of both drivers hard-codes the US policies in
force that day and the areas they name; check_scenario re-derives them from the scenario on every run, so that a
change to the scenario fails the benchmark instead of silently comparing different questions.

Standard library only, except PyYAML (imported by check_scenario).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import benchlib as bl

SCENARIO = "Scenarios/ukraine-2024-2025/scenario.yaml"
ITEM, DATE, WITHIN = "atacms-m39a1", "2024-11-20", "RU"
RANGE_M = 300_000
BORDER_M = 84_000
NATURAL_EARTH = "Sources/GreenlightGeodesy/Resources/naturalearth"   # below the repository root

DEJURE_FILE = "ne_10m_admin0_ukr_rus_dejure_derived.geojson"
UA_REGIONS_FILE = "ne_10m_admin1_ukraine_simplified.geojson"
RU_REGIONS_FILE = "ne_50m_admin1_russia.geojson"
# name in SQL -> (file, property, value); the scenario's areas RU, UA (de-jure view), kharkiv-oblast (UA-63),
# sumy-oblast (UA-59), kursk-region (RU-KRS).
AREAS = {
    "RU": (DEJURE_FILE, "iso_a2", "RU"),
    "UA": (DEJURE_FILE, "iso_a2", "UA"),
    "UA-63": (UA_REGIONS_FILE, "iso_3166_2", "UA-63"),
    "UA-59": (UA_REGIONS_FILE, "iso_3166_2", "UA-59"),
    "RU-KRS": (RU_REGIONS_FILE, "iso_3166_2", "RU-KRS"),
}

# What the SQL mirrors: the US policies that apply to atacms-m39a1, UA, strike, a military target, on 2024-11-20 (the
# US is the only required state: supplier and origin), and the areas they name.
EXPECTED_US_POLICIES = {
    ("us-ukrainian-territory", "permit", "UA"),
    ("us-kharkiv-exception", "permit", "kharkiv-border-area"),
    ("us-border-widening", "permit", "sumy-kharkiv-border-area"),
    ("us-kursk-clearance", "permit", "kursk-region"),
}
EXPECTED_AREAS = {
    "RU": {"country": "RU"},
    "UA": {"country": "UA"},
    "kharkiv-oblast": {"region": "UA-63"},
    "sumy-oblast": {"region": "UA-59"},
    "kursk-region": {"region": "RU-KRS"},
    "kharkiv-border-area": {"all": ["RU", {"within_km": 84, "of": "kharkiv-oblast"}]},
    "sumy-kharkiv-border-area": {"all": ["RU", {"within_km": 84, "of": {"any": ["kharkiv-oblast", "sumy-oblast"]}}]},
}


def check_scenario(path: Path, *, driver: str, categories_apply: Callable[[Path, dict], bool],
                   us_sole_supplier: bool, no_target_not_in: bool) -> list[str]:
    """Return the ids of the US policies in force for the question; raise if the SQL no longer mirrors them.

    driver: the file to update when it does not (named in the error). categories_apply(path, policy): whether a
    US policy with `categories` applies to the driver's targets (False skips it; it may raise). us_sole_supplier:
    also require that the item reached UA from the US only by DATE. no_target_not_in: also reject an applying policy
    with target_not_in."""
    import yaml

    sc = yaml.safe_load(path.read_text())
    if str(sc.get("view", "de-jure")) != "de-jure":
        raise bl.BenchError(f"{path}: view is {sc.get('view')!r}; the PostGIS side loads the de-jure borders")
    item = sc["items"][ITEM]
    if item.get("origin") != "US" or item.get("components") or int(item["range_km"]) * 1000 != RANGE_M:
        raise bl.BenchError(f"{path}: item {ITEM} changed (origin US, no components, {RANGE_M // 1000} km expected)")
    if us_sole_supplier:
        suppliers = {t["from"] for t in sc.get("transfers", [])
                     if t["item"] == ITEM and t["to"] == "UA" and str(t["date"]) <= DATE}
        if suppliers != {"US"}:
            raise bl.BenchError(f"{path}: {ITEM} reached UA from {sorted(suppliers)} by {DATE}; the SQL assumes the US only")
    applying = set()
    for p in sc["policies"]:
        if p.get("authority") != "US":
            continue
        if "uses" in p and "strike" not in p["uses"]:
            continue
        if "recipients" in p and "UA" not in p["recipients"]:
            continue
        if "items" in p and ITEM not in p["items"]:
            continue
        if "item_origin" in p and "US" not in p["item_origin"]:
            continue
        if "categories" in p and not categories_apply(path, p):
            continue
        if "from" in p and str(p["from"]) > DATE:
            continue
        if "until" in p and str(p["until"]) < DATE:
            continue
        if no_target_not_in and p.get("target_not_in") is not None:
            raise bl.BenchError(f"{path}: policy {p['id']} has target_not_in; the SQL does not mirror it")
        applying.add((p["id"], p["effect"], p.get("target_in")))
    if applying != EXPECTED_US_POLICIES:
        raise bl.BenchError(f"{path}: the US policies in force for {ITEM} on {DATE} are {sorted(map(str, applying))}, "
                            f"but the PostGIS SQL mirrors {sorted(map(str, EXPECTED_US_POLICIES))}: update {driver}")
    for name, definition in EXPECTED_AREAS.items():
        if sc["areas"].get(name) != definition:
            raise bl.BenchError(f"{path}: area {name} is {sc['areas'].get(name)!r}, the SQL mirrors {definition!r}")
    return sorted(a[0] for a in applying)


def feature_geometry(path: Path, prop: str, value: str) -> str:
    """The GeoJSON geometry (text) of the one feature of a Natural Earth file whose property prop is value."""
    found = [f for f in json.loads(path.read_text())["features"] if f["properties"].get(prop) == value]
    if len(found) != 1:
        raise bl.BenchError(f"expected one feature with {prop} {value} in {path}, found {len(found)}")
    return json.dumps(found[0]["geometry"])


def policies_note(policies: list[str], load_at_start: str) -> str:
    """The closing line of both drivers' notes: the policies mirrored and the load average at start."""
    return (f"- US policies mirrored in SQL (from the scenario, in force on {DATE}): {', '.join(policies)}; "
            f"load average at start {load_at_start}")
