"""Shared helpers for the schema tests: YAML read as YAML 1.2 (so `NO` stays a string), the schemas,
the shipped and conformance files, and the greenlight binary for cross-checks."""
import json
import math
import os
import shutil
from pathlib import Path

import jsonschema
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("GREENLIGHT_SHARED", ROOT.parent / "shared"))
CONFORMANCE = SHARED / "conformance"
DOCS = ROOT / "docs"


def greenlight_binary():
    """The binary to cross-check against: $GREENLIGHT, else the release build, else None."""
    path = os.environ.get("GREENLIGHT") or str(ROOT / ".build/release/greenlight")
    return path if Path(path).is_file() and os.access(path, os.X_OK) else shutil.which("greenlight")


def yaml_12():
    """ruamel.yaml's safe loader reads YAML 1.2 core (`NO`, `on`, `yes` stay strings). Timestamps are kept
    as the text written: JSON has no date type, and the schema checks dates as YYYY-MM-DD strings, which is
    how YAML 1.2 editors (yaml-language-server) see them."""
    y = YAML(typ="safe", pure=True)
    y.constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda c, node: c.construct_scalar(node))
    y.constructor.add_constructor("tag:yaml.org,2002:float", _json_float)
    return y


def _json_float(constructor, node):
    """`.nan` and `.inf` have no JSON form: they stay text, so the schema refuses them where a number is due."""
    value = constructor.construct_yaml_float(node)
    return value if math.isfinite(value) else constructor.construct_scalar(node)


def load_yaml(path_or_text):
    y = yaml_12()
    if isinstance(path_or_text, Path):
        with open(path_or_text, encoding="utf-8") as f:
            return y.load(f)
    return y.load(path_or_text)


def validator(name):
    schema = json.loads((DOCS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


SCENARIO = validator("scenario.schema.json")
CASES = validator("cases.schema.json")


def schema_for(document):
    """The schema a document claims by its version key."""
    if isinstance(document, dict) and "greenlight-cases" in document:
        return CASES
    return SCENARIO


def errors(document, schema=None):
    schema = schema or schema_for(document)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in schema.iter_errors(document)]
