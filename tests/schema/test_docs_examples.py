"""Every YAML example in docs/scenario-format.md is real: a `# file: PATH` block is that file, byte for
byte; every other block is a complete scenario. Each passes the schema and `greenlight validate` (cases
files `greenlight check`). The reference documents every key the schemas know and no other, and its
list of built-in borders is the list of borders shipped in Sources/GreenlightGeodesy/Resources."""
import json
import re
import subprocess

import pytest

from conftest import CASES, DOCS, ROOT, SCENARIO, errors, greenlight_binary, load_yaml

REFERENCE = DOCS / "scenario-format.md"
TEXT = REFERENCE.read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```yaml\n(.*?)^```$", TEXT, flags=re.S | re.M)
NATURAL_EARTH = ROOT / "Sources/GreenlightGeodesy/Resources/naturalearth"


def block_id(block):
    first = block.splitlines()[0]
    return first[:70]


def file_of(block):
    first, _, rest = block.partition("\n")
    m = re.fullmatch(r"# file: (\S+)", first)
    return (ROOT / m.group(1), rest) if m else (None, block)


def run(*args):
    gl = greenlight_binary()
    if gl is None:
        pytest.skip("no greenlight binary (build it, or set GREENLIGHT)")
    return subprocess.run([gl, *args], capture_output=True, text=True, timeout=300)


def test_there_are_examples():
    assert len(BLOCKS) >= 8
    assert sum(1 for b in BLOCKS if file_of(b)[0] is not None) >= 3


@pytest.mark.parametrize("block", BLOCKS, ids=block_id)
def test_example(block, tmp_path):
    path, content = file_of(block)
    if path is not None:
        assert path.is_file(), path
        assert path.read_text(encoding="utf-8") == content, f"the block differs from {path}"
    document = load_yaml(content)
    kind = "cases" if "greenlight-cases" in document else "scenario"
    assert errors(document, CASES if kind == "cases" else SCENARIO) == []
    if kind == "cases":
        assert path is not None, "a cases example must be a shipped file (it needs its scenario beside it)"
        p = run("check", str(path))
        assert p.returncode == 0 and re.search(r"^\d+ passed, 0 failed$", p.stdout, re.M), (p.stdout, p.stderr)
    else:
        if path is None:
            path = tmp_path / "scenario.yaml"
            path.write_text(content, encoding="utf-8")
        p = run("validate", str(path))
        assert p.returncode == 0 and "valid" in p.stdout, (p.stdout, p.stderr)


def schema_keys(schema):
    keys = set()
    def walk(node):
        if isinstance(node, dict):
            keys.update(node.get("properties", {}).keys())
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(schema)
    return keys


SCHEMA_KEYS = schema_keys(json.loads((DOCS / "scenario.schema.json").read_text())) | \
    schema_keys(json.loads((DOCS / "cases.schema.json").read_text()))


def documented_keys():
    keys = set()
    for line in TEXT.splitlines():
        if not line.startswith("| `"):
            continue
        first = line.split("|")[1]
        for code in re.findall(r"`([^`]*)`", first):
            keys.update(re.findall(r"(?<![A-Za-z_-])([a-z][a-z_-]*)(?=[:,}\]`]|$)", code))
    return keys


def test_every_schema_key_is_documented_and_no_other():
    documented = documented_keys()
    assert SCHEMA_KEYS - documented == set(), "keys of the schemas missing from the reference's tables"
    assert documented - SCHEMA_KEYS == set(), "keys in the reference's tables that the schemas do not know"


def test_every_key_has_a_validated_example():
    texts = [file_of(b)[1] for b in BLOCKS]
    used = set()
    for t in texts:
        used.update(re.findall(r"(?<![A-Za-z0-9_-])([a-z][a-z_-]*):", t))
    assert SCHEMA_KEYS - used == set(), "keys that no YAML example of the reference uses"


def built_in_section():
    return TEXT.split("## Built-in borders", 1)[1].split("\n## ", 1)[0]


def geojson_codes(name, key):
    features = json.loads((NATURAL_EARTH / name).read_text(encoding="utf-8"))["features"]
    return {f["properties"][key] for f in features}


def test_built_in_countries_are_the_shipped_ones():
    section = built_in_section()
    table = {c for row in section.splitlines() if row.startswith("| ") for c in re.findall(r"\| ([A-Z]{2}) \|", row + " |")}
    table |= set(re.findall(r"^\| [A-Z]{2} \| [^|]+ \| ([A-Z]{2}) \|", section, re.M))
    assert table == geojson_codes("ne_10m_admin0_region.geojson", "iso_a2")


def test_built_in_regions_are_the_shipped_ones():
    section = built_in_section()
    regions = geojson_codes("ne_10m_admin1_ukraine_simplified.geojson", "iso_3166_2") | \
        geojson_codes("ne_50m_admin1_russia.geojson", "iso_3166_2")
    assert set(re.findall(r"\bUA-\d\d\b", section)) == {r for r in regions if r.startswith("UA-")}
    russian = {r for r in regions if r.startswith("RU-")}
    assert f"{len(russian)} first-level units" in section
    assert set(re.findall(r"\bRU-[A-Z]{2,3}\b", section)) <= russian


@pytest.mark.parametrize("path", sorted((ROOT / "docs/examples").rglob("cases.yaml")), ids=lambda p: p.parent.name)
def test_example_cases_pass(path):
    p = run("check", str(path))
    assert p.returncode == 0 and re.search(r"^\d+ passed, 0 failed$", p.stdout, re.M), (p.stdout, p.stderr)
