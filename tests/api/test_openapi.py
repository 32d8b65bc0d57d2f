"""The OpenAPI 3.1 document served at /openapi.json is valid (openapi-spec-validator) and describes the
routes the server answers. Needs GREENLIGHT_URL (a running `greenlight serve` with the flagship)."""
import json
import os
import urllib.error
import urllib.request

from openapi_spec_validator import validate

URL = os.environ.get("GREENLIGHT_URL", "http://127.0.0.1:8080/").rstrip("/")


def get(path):
    with urllib.request.urlopen(URL + path) as r:
        return json.loads(r.read())


def test_document_is_valid_openapi_3_1():
    doc = get("/openapi.json")
    assert doc["openapi"] == "3.1.0"
    validate(doc)


def test_every_documented_read_is_served_and_unknown_paths_are_404_json():
    doc = get("/openapi.json")
    for path, ops in doc["paths"].items():
        if "get" not in ops:
            continue
        concrete = path.replace("{id}", "ukraine-2024-2025").replace("{file}", "layers.png" if "images" in path else "leaflet.css")
        query = "?item=gmlrs&recipient=UA" if concrete.endswith(("consents", "sites")) else ""
        with urllib.request.urlopen(URL + concrete + query) as r:
            assert r.status == 200, path
    try:
        urllib.request.urlopen(URL + "/api/scenarios/no-such-scenario")
        raise AssertionError("expected 404")
    except urllib.error.HTTPError as e:
        assert e.code == 404
        assert "message" in json.loads(e.read())["error"]


def test_static_files_come_with_a_documented_content_type():
    """Regression (schemathesis ST105): Leaflet's stylesheet was documented as application/octet-stream
    but served as text/css. Each file the web map loads must come with a type its operation documents."""
    doc = get("/openapi.json")
    files = {"/": "/", "/app.js": "/app.js", "/app.css": "/app.css",
             "/static/leaflet/{file}": ["/static/leaflet/leaflet.css", "/static/leaflet/leaflet.js", "/static/leaflet/leaflet.css.gz"],
             "/static/leaflet/images/{file}": "/static/leaflet/images/layers.png"}
    for path, concrete in files.items():
        documented = set(doc["paths"][path]["get"]["responses"]["200"]["content"])
        for url in concrete if isinstance(concrete, list) else [concrete]:
            with urllib.request.urlopen(URL + url) as r:
                served = r.headers.get("content-type", "").split(";")[0].strip()
                assert r.status == 200 and served in documented, (url, served, documented)


def test_a_share_permitted_is_never_above_one():
    """Regression (schemathesis ST108): where everything in range is permitted (atacms-m39 within UA), the
    permitted and in-range areas are measured on their own zones and the share came out as 1.0000000001,
    above the documented maximum of 1. A share of the area in range is within [0, 1] at every date."""
    doc = get("/openapi.json")
    timeline = post("/api/scenarios/ukraine-2024-2025/timeline", {"item": "atacms-m39", "date": "2024-09-12", "within": "UA"})
    assert len(timeline) >= 1
    for point in timeline:
        schema_validator(doc, "TimelinePoint").validate(point)
        assert 0 <= point["areas"]["share_permitted"] <= 1, point


def post(path, body):
    req = urllib.request.Request(URL + path, data=json.dumps(body).encode(), headers={"content-type": "application/json"}, method="POST")
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())


def schema_validator(doc, name):
    """A JSON Schema 2020-12 validator for one of the document's component schemas (local $refs resolve in `doc`)."""
    from jsonschema import Draft202012Validator
    return Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": doc["components"]},
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_analysis_answers_match_their_documented_schemas():
    doc = get("/openapi.json")
    body = {"item": "atacms-m39a1", "date": "2024-11-17", "within": "RU", "tolerance_m": 10, "sites": {"count": 500, "seed": 1}}
    answer = post("/api/scenarios/ukraine-2024-2025/reach", body)
    schema_validator(doc, "ReachAnswer").validate(answer)
    zones = {f["properties"]["zone"]: f for f in answer["zones"]["features"]}
    assert {"in_range", "permitted", "permitted_by"} <= set(zones)
    # The report's areas are the zones' areas, and the tolerance asked for is the one certified.
    assert answer["report"]["in_range_km2"] == zones["in_range"]["properties"]["area_km2"]
    assert answer["report"]["permitted_km2"] == zones["permitted"]["properties"]["area_km2"]
    assert answer["report"]["tolerance_m"] == 10 and "resolution_km" not in answer["report"]
    timeline = post("/api/scenarios/ukraine-2024-2025/timeline", {"item": "gmlrs", "date": "2024-09-12", "within": "RU", "tolerance_m": 100})
    schema_validator(doc, "TimelinePoint").validate(timeline[0])
    assert all(p["areas"]["tolerance_m"] == 100 for p in timeline)
    comparison = post("/api/scenarios/ukraine-2024-2025/compare", {"item": "atacms-m39a1", "date": "2024-11-16", "date2": "2024-11-17", "within": "RU", "tolerance_m": 10})
    schema_validator(doc, "ComparisonReport").validate(comparison)
    try:
        post("/api/scenarios/ukraine-2024-2025/reach", {"item": "gmlrs", "date": "2024-09-12", "tolerance_m": 0.5, "zones": False})
        raise AssertionError("expected 400")
    except urllib.error.HTTPError as e:
        assert e.code == 400 and json.loads(e.read())["error"]["field"] == "tolerance_m"


def test_a_decision_cites_its_audit_record_version_and_content_hash():
    doc = get("/openapi.json")
    body = {"recipient": "UA", "item": "storm-shadow", "use": "strike", "date": "2024-09-12",
            "target": {"lat": 51.9, "lon": 37.0, "category": "military/airfield"}}
    first, second = post("/api/scenarios/ukraine-2024-2025/decide", body), post("/api/scenarios/ukraine-2024-2025/decide", body)
    for answer in (first, second):
        schema_validator(doc, "Decision").validate(answer)
        assert answer["citation"]["scenario"] == "ukraine-2024-2025" and answer["citation"]["scenario_version"] >= 1
    # The same version, the same hash; a later decision, a later record.
    assert first["citation"]["content_hash"] == second["citation"]["content_hash"]
    assert second["citation"]["audit_record"] > first["citation"]["audit_record"]


def error_of(method, path, body=None, raw=None):
    """The status and JSON body of a request that must fail."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(URL + path, data=data, headers={"content-type": "application/json"}, method=method)
    try:
        urllib.request.urlopen(req)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())
    raise AssertionError(f"{method} {path} succeeded")


def test_every_error_is_the_documented_shape_with_a_documented_code():
    doc = get("/openapi.json")
    validator = schema_validator(doc, "Error")
    decide = "/api/scenarios/ukraine-2024-2025/decide"
    good = {"recipient": "UA", "item": "gmlrs", "use": "strike", "date": "2024-06-10", "target": {"lat": 50.6, "lon": 36.8}}
    cases = [
        ("GET", "/api/no-such-route", None, None, 404, "not_found", None),
        ("GET", decide, None, None, 405, "method_not_allowed", None),
        ("POST", decide, {**good, "item": "taurus"}, None, 400, "unknown_item", "item"),
        ("POST", decide, {**good, "date": "2024-02-30"}, None, 400, "invalid_date", "date"),
        ("POST", decide, None, b'{"recipient": "UA",', 400, "invalid_syntax", None),
        ("POST", "/api/scenarios/ukraine-2024-2025/reach", {"date": "2024-06-10"}, None, 400, "missing_key", "item"),
    ]
    for method, path, body, raw, status, code, field in cases:
        got, answer = error_of(method, path, body, raw)
        validator.validate(answer)
        assert (got, answer["error"]["status"], answer["error"]["code"], answer["error"].get("field")) == (status, status, code, field), (path, answer)
