"""The decide requests of the server benchmark: every flagship case's request, turned into the API's
decide body, each repeated with targets spread over the case's area — points drawn deterministically
(seeded) within a few km of the case's target, so that the area predicates, distances and categories
are those of real questions, not one cached answer."""
from __future__ import annotations

import json
import math
import random
from pathlib import Path

import yaml

# WGS84 mean radius: offsets of a few km need no better.
EARTH_RADIUS_KM = 6371.0088


def case_requests(cases_file: Path) -> list[dict]:
    """The `request` of every case, as the decide body's JSON object (YAML read as text, so that a code
    such as NO stays a string and dates stay YYYY-MM-DD)."""
    doc = yaml.load(cases_file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    out = []
    for case in doc["cases"]:
        r = case["request"]
        body = {k: r[k] for k in ("recipient", "item", "use", "date", "variant", "destination", "supplier") if k in r}
        if "target" in r:
            body["target"] = {"lat": float(r["target"]["lat"]), "lon": float(r["target"]["lon"])}
            if "category" in r["target"]:
                body["target"]["category"] = r["target"]["category"]
        if "launch" in r:
            body["launch"] = {"lat": float(r["launch"]["lat"]), "lon": float(r["launch"]["lon"])}
        out.append(body)
    return out


def offset(lat: float, lon: float, distance_km: float, bearing_deg: float) -> tuple[float, float]:
    """The point at a distance and bearing on a sphere (destination formula), rounded to 1e-5 degree."""
    d, b, p1, l1 = distance_km / EARTH_RADIUS_KM, math.radians(bearing_deg), math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return round(math.degrees(p2), 5), round((math.degrees(l2) + 540) % 360 - 180, 5)


def decide_mix(cases_file: Path, points_per_case: int = 8, radius_km: float = 15.0, seed: int = 13) -> list[dict]:
    """Each case's request with its own target, then `points_per_case - 1` more with the target moved
    up to `radius_km` (uniform over the disc), interleaved case by case so that consecutive requests
    differ in item, date and variant."""
    rng = random.Random(seed)
    per_case = []
    for body in case_requests(cases_file):
        variants = [body]
        for _ in range(points_per_case - 1):
            if "target" not in body:
                break
            moved = json.loads(json.dumps(body))
            moved["target"]["lat"], moved["target"]["lon"] = offset(body["target"]["lat"], body["target"]["lon"],
                                                                    radius_km * math.sqrt(rng.random()), rng.uniform(0, 360))
            variants.append(moved)
        per_case.append(variants)
    mix = []
    for i in range(points_per_case):
        mix.extend(v[i] for v in per_case if i < len(v))
    return mix


def lua_long_string(text: str) -> str:
    """`text` as a Lua long bracket string that it cannot close."""
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def write_wrk_script(path: Path, method: str, bodies: list[str] | None) -> None:
    """A wrk script that rotates through `bodies` (each thread from its own offset) or sends bodiless
    requests, and counts every response by status class, so that non-2xx answers (3xx included, which
    wrk's own error count leaves out) are reported: `done` prints `STATUS 2xx=N other=M`."""
    template = (Path(__file__).parent / "mix.lua").read_text(encoding="utf-8")
    table = "{\n" + ",\n".join(lua_long_string(b) for b in (bodies or [])) + "\n}"
    path.write_text(template.replace("__METHOD__", method).replace("__BODIES__", table), encoding="utf-8")
