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
        concrete = path.replace("{id}", "ukraine-2024").replace("{file}", "layers.png" if "images" in path else "leaflet.css")
        query = "?item=gmlrs&recipient=UA" if concrete.endswith(("consents", "sites")) else ""
        with urllib.request.urlopen(URL + concrete + query) as r:
            assert r.status == 200, path
    try:
        urllib.request.urlopen(URL + "/api/scenarios/no-such-scenario")
        raise AssertionError("expected 404")
    except urllib.error.HTTPError as e:
        assert e.code == 404
        assert "message" in json.loads(e.read())["error"]
