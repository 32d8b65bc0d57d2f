"""The OpenAPI document the server serves (Sources/GreenlightServer/Web/openapi.json), read from the source
tree: valid OpenAPI 3.1, a JSON 408 on every operation whose body the read deadline can cut, and a Decision
schema that the CLI's `decide --format json` (with its citation) passes. The live server's answers are
checked against the same document in tests/api."""
import hashlib
import json
import subprocess

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT, greenlight_binary

DOCUMENT = json.loads((ROOT / "Sources/GreenlightServer/Web/openapi.json").read_text(encoding="utf-8"))
FLAGSHIP = ROOT / "Scenarios/ukraine-2024-2025/scenario.yaml"
BORDERS = ROOT / "Sources/GreenlightGeodesy/Resources/naturalearth"


def component(name):
    return Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": DOCUMENT["components"]},
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_document_is_valid_openapi_3_1():
    validator = pytest.importorskip("openapi_spec_validator")
    assert DOCUMENT["openapi"] == "3.1.0"
    validator.validate(DOCUMENT)


def test_every_operation_with_a_body_documents_the_408_of_the_read_deadline():
    with_body = [(path, method) for path, ops in DOCUMENT["paths"].items() for method, op in ops.items()
                 if isinstance(op, dict) and "requestBody" in op]
    assert len(with_body) == 6  # create, update, decide, reach, timeline, compare
    for path, method in with_body:
        ref = DOCUMENT["paths"][path][method]["responses"].get("408", {}).get("$ref")
        assert ref == "#/components/responses/Timeout", (path, method)
    schema = DOCUMENT["components"]["responses"]["Timeout"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Error"}


def test_cli_decision_passes_the_decision_schema_with_its_citation():
    gl = greenlight_binary()
    if gl is None:
        pytest.skip("no greenlight binary (build it, or set GREENLIGHT)")
    out = subprocess.run([gl, "decide", str(FLAGSHIP), "--recipient", "UA", "--item", "storm-shadow", "--use", "strike",
                          "--date", "2024-09-12", "--target", "51.9,37.0,military/airfield", "--format", "json"],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    decision = json.loads(out)
    component("Decision").validate(decision)
    citation = decision["citation"]
    assert citation["audit_record"] is None and citation["scenario"] is None and citation["scenario_version"] is None
    # The documented formula (docs/decision-json.md), by hashlib.
    names = ["ne_10m_admin0_region.geojson", "ne_10m_admin0_ukr_rus_dejure_derived.geojson", "ne_10m_admin1_ukraine_simplified.geojson",
             "ne_50m_admin0_countries.geojson", "ne_50m_admin1_russia.geojson"]
    lines = "".join(f"{n} {hashlib.sha256((BORDERS / n).read_bytes()).hexdigest()}\n" for n in sorted(names))
    reference = "naturalearth-sha256:" + hashlib.sha256(lines.encode()).hexdigest()
    scenario = hashlib.sha256(FLAGSHIP.read_bytes()).hexdigest()
    content = hashlib.sha256(f"greenlight-content-hash-1\nscenario {scenario}\nreference {reference}\n".encode()).hexdigest()
    assert (citation["reference_geography"], citation["scenario_sha256"], citation["content_hash"]) == (reference, scenario, content)


def test_a_citation_without_its_hash_is_refused_by_the_schema():
    bad = {"decision": "deny", "required": [], "missing": [],
           "citation": {"audit_record": 1, "scenario": "s", "scenario_version": 1, "scenario_sha256": "0" * 64, "reference_geography": "x"}}
    assert list(component("Decision").iter_errors(bad))
