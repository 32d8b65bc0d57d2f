#!/usr/bin/env python3
"""Map-label subsets of Natural Earth for Greenlight's maps (python3 standard library only).

Reads the world label files of the shared data folder (Natural Earth v4.0, public domain):
    ne_10m_admin1_label_points.geojson   label points of first-level units
    ne_10m_populated_places.geojson      cities and towns
keeps the features inside BOX (Europe and western Russia), keeps only the properties a map label needs,
and writes compact GeoJSON (one feature per line, coordinates rounded to 1e-4 degrees, about 10 m) to
    Sources/GreenlightGeodesy/Resources/naturalearth/ne_10m_admin1_label_points_region.geojson
    Sources/GreenlightGeodesy/Resources/naturalearth/ne_10m_populated_places_region.geojson

Regions: Natural Earth gives one label point per polygon part (Arkhangelsk has points on Novaya Zemlya,
Stockholm county one per island). One point is kept per adm1_code: for Ukrainian and Russian units the one
nearest the unit's own label position in the project's admin-1 files (Natural Earth 5.1, `latitude` /
`longitude`), elsewhere the medoid of the unit's points. For Ukrainian and Russian units the ISO 3166-2
code and the English name come from the project's admin-1 files (which carry the corrected Moscow codes,
RU-MOW = city, RU-MOS = oblast); other units have no ISO 3166-2 code in this Natural Earth version, so
only adm1_code. Units without a name (Aland's municipalities) are dropped.

Cities: Natural Earth 4.0 (2017) names, corrected where they predate a renaming or the official English
romanisation of Ukrainian names (Kyiv, Odesa, Lviv, Kropyvnytskyi, ...), for misspellings (Sevastapol) and for a
few English exonyms (Copenhagen); the original is kept as `name_ne`. ISO_A2 = -99 / -1 (Kosovo, disputed
units) becomes null; Norway and France, which carry -99 in this version, are taken from adm0_a3.

Run from the repository root:  python3 scripts/reference/make_label_subsets.py [SHARED_WORLD_DIR]
"""
import json, math, os, sys

BOX = {"west": 10.0, "east": 60.0, "south": 40.0, "north": 65.0}
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORLD = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/naturalearth/world"
OUT = os.path.join(ROOT, "Sources/GreenlightGeodesy/Resources/naturalearth")
PROJECT_ADMIN1 = ["ne_10m_admin1_ukraine_simplified.geojson", "ne_50m_admin1_russia.geojson"]

# Short English labels for units whose English name is long or ambiguous (both Moscows are "Moscow").
REGION_LABELS = {
    "RU-MOW": "Moscow City", "RU-MOS": "Moscow Oblast", "UA-30": "Kyiv City", "UA-32": "Kyiv",
    "UA-43": "Crimea", "UA-40": "Sevastopol City", "RU-SPE": "St. Petersburg City", "UA-51": "Odesa", "RU-AL": "Altai Republic", "RU-ALT": "Altai Krai",
    "RU-YEV": "Jewish Autonomous Oblast", "RU-SE": "North Ossetia", "RU-KC": "Karachay-Cherkessia",
    "RU-CU": "Chuvashia", "RU-UD": "Udmurtia", "RU-ME": "Mari El", "RU-CE": "Chechnya", "RU-IN": "Ingushetia",
}
# Units of other countries, by adm1_code: a trailing soft-sign apostrophe the other labels do not carry.
REGION_LABELS_ADM1 = {"BLR-2339": "Homyel"}
REGION_SUFFIXES = [" Autonomous Okrug", " Krai", " Republic"]
REGION_PREFIXES = ["Republic of "]

CITY_NAMES = {
    # Ukraine: official English romanisation (2010 national standard) and renamings since 2016.
    "Kiev": "Kyiv", "Lvov": "Lviv", "Odessa": "Odesa", "Zaporizhzhya": "Zaporizhzhia", "Kryvyy Rih": "Kryvyi Rih",
    "Mykolayiv": "Mykolaiv", "Makiyivka": "Makiivka", "Khmelnytskyy": "Khmelnytskyi", "Vinnytsya": "Vinnytsia",
    "Kirovohrad": "Kropyvnytskyi", "Uzhgorod": "Uzhhorod", "Izmayil": "Izmail", "Illichivsk": "Chornomorsk",
    "Kamyanets-Podilskyy": "Kamianets-Podilskyi", "Kupyansk": "Kupiansk",
    # Misspellings in Natural Earth 4.0.
    "Sevastapol": "Sevastopol", "Starsy Oskol": "Stary Oskol", "Naltchik": "Nalchik", "Archangel": "Arkhangelsk",
    # English exonyms.
    "København": "Copenhagen", "Göteborg": "Gothenburg", "Nürnberg": "Nuremberg", "Århus": "Aarhus",
}
ISO_FROM_A3 = {"NOR": "NO", "FRA": "FR"}
ADMIN_A3 = {"Norway": "NOR", "France": "FRA"}   # the label points carry the country's name, not adm0_a3


def in_box(lon, lat):
    return BOX["west"] <= lon <= BOX["east"] and BOX["south"] <= lat <= BOX["north"]


def iso2(code, a3=None):
    if code in ("-99", "-1", None, ""):
        return ISO_FROM_A3.get(a3)
    return code


def short_region_name(name):
    for p in REGION_PREFIXES:
        if name.startswith(p):
            name = name[len(p):]
    for s in REGION_SUFFIXES:
        if name.endswith(s):
            name = name[: -len(s)]
    return name


def distance_km(a, b):
    """Great-circle distance on a sphere: only used to choose among label points of one unit."""
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0 * math.acos(max(-1.0, min(1.0, c)))


def feature(lon, lat, props):
    geometry = {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]}
    return json.dumps({"type": "Feature", "properties": props, "geometry": geometry}, ensure_ascii=False, separators=(",", ":"))


def write(name, lines):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n")
    print(f"{path}: {len(lines)} features, {os.path.getsize(path):,} bytes")


def regions():
    known = {}
    for file in PROJECT_ADMIN1:
        for f in json.load(open(os.path.join(OUT, file), encoding="utf-8"))["features"]:
            p = f["properties"]
            known[p["adm1_code"]] = p
    source = json.load(open(os.path.join(WORLD, "ne_10m_admin1_label_points.geojson"), encoding="utf-8"))["features"]
    units = {}
    for f in source:
        lon, lat = f["geometry"]["coordinates"]
        if in_box(lon, lat):
            units.setdefault(f["properties"]["adm1_code"], []).append(((lon, lat), f["properties"]))
    lines, dropped = [], []
    for code in sorted(units):
        points = units[code]
        ref = known.get(code)
        if ref is not None:
            anchor = (ref["longitude"], ref["latitude"])
            (lon, lat), p = min(points, key=lambda q: distance_km(q[0], anchor))
        else:
            (lon, lat), p = min(points, key=lambda q: sum(distance_km(q[0], r[0]) for r in points))
        name = next((q[1]["name"] for q in points if q[1]["name"]), None)
        iso_3166_2 = ref["iso_3166_2"] if ref else None
        if ref:
            name = REGION_LABELS.get(iso_3166_2) or short_region_name(ref["name_en"])
        name = REGION_LABELS_ADM1.get(code, name)
        if not name:
            dropped.append(code)
            continue
        props = {"name": name}
        ne_name = ref["name"] if ref else p["name"]
        if ne_name and ne_name != name:
            props["name_ne"] = ne_name
        props.update({
            "iso_3166_2": iso_3166_2,
            "adm1_code": code,
            # ISO 3166-2 codes name the country (Crimea, UA-43, is listed under Russia by Natural Earth).
            "iso_a2": iso_3166_2.split("-")[0] if iso_3166_2 else iso2(p["iso_a2"], ADMIN_A3.get(p["admin"])),
            "admin": p["admin"],
            "scalerank": p["scalerank"],
            "label_points": len(points),
        })
        lines.append(feature(lon, lat, props))
    print(f"regions: dropped {len(dropped)} unnamed units: {', '.join(dropped)}")
    write("ne_10m_admin1_label_points_region.geojson", lines)


def cities():
    source = json.load(open(os.path.join(WORLD, "ne_10m_populated_places.geojson"), encoding="utf-8"))["features"]
    chosen = []
    for f in source:
        lon, lat = f["geometry"]["coordinates"]
        if in_box(lon, lat):
            chosen.append(((lon, lat), f["properties"]))
    chosen.sort(key=lambda q: (-q[1]["pop_max"], q[1]["name"]))
    lines = []
    for (lon, lat), p in chosen:
        name = CITY_NAMES.get(p["name"], p["name"])
        props = {"name": name}
        if name != p["name"]:
            props["name_ne"] = p["name"]
        props.update({
            "iso_a2": iso2(p["iso_a2"], p["adm0_a3"]),
            "adm0_a3": p["adm0_a3"],
            "featurecla": p["featurecla"],
            "pop_max": p["pop_max"],
            "scalerank": p["scalerank"],
            "labelrank": p["labelrank"],
        })
        lines.append(feature(lon, lat, props))
    unused = sorted(set(CITY_NAMES) - {p["name"] for _, p in chosen})
    if unused:
        sys.exit(f"corrections that match no city in the box: {unused}")
    write("ne_10m_populated_places_region.geojson", lines)


if __name__ == "__main__":
    regions()
    cities()
