"""The JSON Schemas in docs/ accept every shipped and conformance file, reject what the loader rejects
where a schema can tell, and agree with `greenlight validate` on the files they reject."""
import copy
import subprocess

import pytest

from conftest import CASES, CONFORMANCE, ROOT, SCENARIO, errors, greenlight_binary, load_yaml

SHIPPED = sorted((ROOT / "Scenarios").rglob("*.yaml")) + sorted((ROOT / "tests/conformance-retransfer").glob("*.yaml"))
CONFORMANCE_FILES = sorted(CONFORMANCE.rglob("*.yaml"))
DOC_EXAMPLES = sorted((ROOT / "docs/examples").rglob("*.yaml"))
MALFORMED = ROOT / "Tests/GreenlightPolicyTests/Fixtures/malformed"


def test_the_files_exist():
    # A missing checkout of ../shared must fail here, not pass with nothing checked.
    assert len(SHIPPED) >= 2, SHIPPED
    assert len(CONFORMANCE_FILES) >= 6, f"no conformance files under {CONFORMANCE}"
    kinds = {"cases" if "greenlight-cases" in load_yaml(p) else "scenario" for p in SHIPPED + CONFORMANCE_FILES}
    assert kinds == {"cases", "scenario"}


@pytest.mark.parametrize("path", SHIPPED + CONFORMANCE_FILES + DOC_EXAMPLES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_accepts(path):
    document = load_yaml(path)
    assert isinstance(document, dict) and ("greenlight" in document or "greenlight-cases" in document), path
    assert errors(document) == []


def flagship():
    return load_yaml(CONFORMANCE / "ukraine-2024/scenario.yaml")


def mutated(change):
    document = flagship()
    change(document)
    return document


def set_effect_allow(d):
    d["policies"][0]["effect"] = "allow"


def misspell_authority(d):
    p = d["policies"][0]
    p["autority"] = p.pop("authority")


def misspell_top_key(d):
    d["jurisdictions"] = d.pop("jurisdiction")


def misspell_in_variant(d):
    v = next(iter(d["variants"].values()))
    v["removes"] = v.pop("remove", [])


def unknown_area_form(d):
    d["areas"]["extra"] = {"countries": "RU"}


def empty_filter(d):
    d["policies"][0]["uses"] = []


REJECTED = {
    "effect: allow": set_effect_allow,
    "misspelt policy key": misspell_authority,
    "misspelt top-level key": misspell_top_key,
    "misspelt variant key": misspell_in_variant,
    "unknown area form": unknown_area_form,
    "empty filter list": empty_filter,
}


def test_no_mutation_is_needed_to_accept():
    assert errors(flagship(), SCENARIO) == []


@pytest.mark.parametrize("name", REJECTED)
def test_rejects(name, tmp_path):
    document = mutated(REJECTED[name])
    found = errors(document, SCENARIO)
    assert found, f"{name}: the schema accepted it"
    gl = greenlight_binary()
    if gl is None:
        pytest.skip("no greenlight binary to cross-check (set GREENLIGHT)")
    # The loader refuses the same file: the schema mirrors it, not a stricter or looser idea.
    from conftest import yaml_12
    path = tmp_path / "scenario.yaml"
    with open(path, "w", encoding="utf-8") as f:
        yaml_12().dump(document, f)
    p = subprocess.run([gl, "validate", str(path)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2, (name, p.stdout, p.stderr)


def test_effect_allow_is_named():
    found = errors(mutated(set_effect_allow), SCENARIO)
    assert any("'allow' is not valid" in e or "allow" in e for e in found), found


def test_misspelt_key_is_named():
    found = errors(mutated(misspell_authority), SCENARIO)
    assert any("autority" in e for e in found), found


def test_unquoted_no_stays_a_state_code():
    # Norway's code unquoted: YAML 1.1 would read it as false; the loader and the schema read text.
    text = (CONFORMANCE / "ukraine-2024/scenario.yaml").read_text(encoding="utf-8")
    document = load_yaml(text.replace("states:\n", "states:\n  NO: {name: Norway}\n", 1))
    assert "NO" in document["states"]
    assert errors(document, SCENARIO) == []


def test_cases_rejects_unknown_expect_key():
    document = load_yaml(CONFORMANCE / "ukraine-2024/cases.yaml")
    document["cases"][0]["expect"]["decison"] = "permit"
    assert any("decison" in e for e in errors(document, CASES))


def test_cases_rejects_bad_decision():
    document = load_yaml(CONFORMANCE / "ukraine-2024/cases.yaml")
    document["cases"][0]["expect"]["decision"] = "allow"
    assert errors(document, CASES)


# Malformed fixtures whose fault a schema can see (the others need the whole file: undeclared states,
# unknown ids or areas, cycles, duplicate ids, impossible calendar days, missing files, component sums).
SCHEMA_VISIBLE = {
    "02-missing-version", "03-wrong-version", "04-unknown-top-key", "05-bad-view", "11-date-format", "13-bad-effect",
    "14-bad-status", "15-missing-status", "16-empty-filter", "23-circle-latitude", "24-circle-radius", "25-within-zero",
    "26-range-negative", "27-range-text", "28-range-nan", "30-unknown-rule", "33-lowercase-state", "34-transfer-no-date",
    "37-unknown-area-form", "39-percent-over-100", "40-policy-not-mapping", "41-unknown-policy-key",
    "42-items-not-mapping", "43-empty-document",
    "r01-destinations-not-a-list", "r02-destinations-empty", "r04-destinations-lowercase", "r05-destinations-nested-list",
    "r06-destinations-without-retransfer",
    "51-evidence-bad-status", "52-evidence-missing-status", "54-evidence-unknown-key", "55-evidence-not-list",
    "56-evidence-empty-list", "57-evidence-entry-not-mapping", "58-missing-status-and-evidence", "59-transfer-bad-status",
    "61-variant-unknown-key",
    "74-event-missing-claim", "80-event-empty-claimed-by", "81-position-bad-stance", "86-position-unknown-key",
    "87-positions-not-list",
    "s01-site-files-not-mapping", "s02-site-files-unknown-key", "s03-site-files-no-after", "s04-site-files-synthetic-not-boolean",
    "s05-site-files-no-synthetic", "s07-site-files-empty-path",
}


@pytest.mark.parametrize("name", sorted(SCHEMA_VISIBLE))
def test_rejects_malformed_fixture(name):
    document = load_yaml(MALFORMED / f"{name}.yaml")
    assert errors(document, SCENARIO), f"{name}: the schema accepted a file the loader refuses"


def test_every_schema_visible_fixture_exists():
    names = {p.stem for p in MALFORMED.glob("*.yaml")}
    assert SCHEMA_VISIBLE <= names, SCHEMA_VISIBLE - names


# Malformed cases files whose fault a schema can see: a retransfer without a destination, a destination
# for another use (the others need the scenario: undeclared codes, the recipient as destination).
CASES_SCHEMA_VISIBLE = {"c01-retransfer-without-destination", "c02-destination-on-strike", "c07-supplier-empty"}


@pytest.mark.parametrize("name", sorted(CASES_SCHEMA_VISIBLE))
def test_rejects_malformed_cases_fixture(name):
    document = load_yaml(MALFORMED / "cases" / f"{name}.yaml")
    assert errors(document, CASES), f"{name}: the schema accepted a cases file the loader refuses"
# Dated evidence and variants that add facts (issue 11 items 3 and 4).
EVIDENCE_FIXTURE = ROOT / "Tests/GreenlightPolicyTests/Fixtures/evidence/scenario.yaml"


def test_accepts_evidence_and_variant_facts():
    document = load_yaml(EVIDENCE_FIXTURE)
    # The fixture uses every new key: evidence on policies, transfers, items and components, the old
    # status/source keys, transfer ids and statuses, and each of the variant's add_*/remove_transfers.
    assert "evidence" in document["policies"][0] and "evidence" in document["transfers"][0]
    assert "evidence" in document["items"]["gmlrs"] and "evidence" in document["items"]["storm-shadow"]["components"][0]
    variant = document["variants"]["tomahawk"]
    assert {"add_states", "add_areas", "add_items", "add_transfers", "add"} <= set(variant)
    assert "remove_transfers" in document["variants"]["no-gmlrs"]
    assert errors(document, SCENARIO) == []


def evidence_status_rumoured(d):
    d["policies"][0]["evidence"][0]["status"] = "rumoured"


def evidence_misspelt_key(d):
    piece = d["transfers"][0]["evidence"][0]
    piece["outlet"] = piece.pop("source")


def evidence_empty(d):
    d["items"]["gmlrs"]["evidence"] = []


def evidence_without_status(d):
    del d["items"]["storm-shadow"]["components"][0]["evidence"][0]["status"]


def evidence_bad_date(d):
    d["policies"][1]["evidence"][0]["date"] = "30 May 2024"


def policy_without_status_or_evidence(d):
    del d["policies"][0]["evidence"]


def transfer_bad_status(d):
    d["transfers"][1]["status"] = "confirmed"


def variant_misspelt_add_item(d):
    v = d["variants"]["tomahawk"]
    v["add_item"] = v.pop("add_items")


def variant_state_lowercase(d):
    d["variants"]["tomahawk"]["add_states"]["de"] = {"name": "Germany"}


def variant_item_without_origin(d):
    del d["variants"]["tomahawk"]["add_items"]["tomahawk"]["origin"]


def variant_transfer_without_date(d):
    del d["variants"]["tomahawk"]["add_transfers"][0]["date"]


def variant_remove_transfers_not_list(d):
    d["variants"]["no-gmlrs"]["remove_transfers"] = "t-gmlrs"


REJECTED_EVIDENCE = {
    "evidence status rumoured": evidence_status_rumoured,
    "evidence misspelt key": evidence_misspelt_key,
    "evidence empty list": evidence_empty,
    "evidence without status": evidence_without_status,
    "evidence bad date": evidence_bad_date,
    "policy without status or evidence": policy_without_status_or_evidence,
    "transfer bad status": transfer_bad_status,
    "variant misspelt add_item": variant_misspelt_add_item,
    "variant lowercase added state": variant_state_lowercase,
    "variant item without origin": variant_item_without_origin,
    "variant transfer without date": variant_transfer_without_date,
    "variant remove_transfers not a list": variant_remove_transfers_not_list,
}


@pytest.mark.parametrize("name", REJECTED_EVIDENCE)
def test_rejects_evidence_and_variant_mistakes(name, tmp_path):
    document = load_yaml(EVIDENCE_FIXTURE)
    REJECTED_EVIDENCE[name](document)
    assert errors(document, SCENARIO), f"{name}: the schema accepted it"
    gl = greenlight_binary()
    if gl is None:
        pytest.skip("no greenlight binary to cross-check (set GREENLIGHT)")
    from conftest import yaml_12
    path = tmp_path / "scenario.yaml"
    with open(path, "w", encoding="utf-8") as f:
        yaml_12().dump(document, f)
    p = subprocess.run([gl, "validate", str(path)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2, (name, p.stdout, p.stderr)
