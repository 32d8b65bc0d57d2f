"""A small, independent reading of Greenlight's decision rules for the policy benchmark's workloads.

It covers exactly what bench/policy/make_workload.py generates: jurisdiction rules `supplier`, `origin` and
`see-through`, and policies filtered by uses, recipients, items, item_origin, categories, from and until
(no areas, no de minimis). bench_policy.py uses it to derive the required authorities that it hands to Cedar,
and to check that the Cedar translation decides every request as DESIGN.md does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SUPPORTED_FILTERS = {"uses", "recipients", "items", "item_origin", "categories", "from", "until"}
POLICY_KEYS = SUPPORTED_FILTERS | {"id", "authority", "effect", "status", "source"}


class UnsupportedScenario(Exception):
    pass


@dataclass(frozen=True)
class Request:
    recipient: str
    item: str
    use: str
    date: str  # YYYY-MM-DD; ISO dates compare correctly as text
    category: str


@dataclass
class Scenario:
    states: set[str]
    item_origin: dict[str, str]
    item_controlled: dict[str, list[tuple[str, str]]]  # item -> [(component origin, regime)]
    transfers: dict[tuple[str, str], list[tuple[str, str]]]  # (item, to) -> [(date, from)]
    rules: list[dict]
    policies: list[dict]
    by_authority: dict[str, list[dict]] = field(default_factory=dict)


def load_scenario(path: str | Path) -> Scenario:
    # BaseLoader keeps every scalar as text: dates stay "2024-05-30", codes never turn into booleans.
    raw = yaml.load(Path(path).read_text(), Loader=yaml.BaseLoader)
    if raw.get("greenlight") != "1":
        raise UnsupportedScenario("not a format-1 scenario")
    items = raw.get("items") or {}
    sc = Scenario(
        states=set((raw.get("states") or {}).keys()),
        item_origin={k: v["origin"] for k, v in items.items()},
        item_controlled={k: [(c["origin"], c["regime"]) for c in (v.get("components") or []) if "regime" in c]
                         for k, v in items.items()},
        transfers={},
        rules=list(raw.get("jurisdiction") or []),
        policies=list(raw.get("policies") or []),
    )
    for t in raw.get("transfers") or []:
        sc.transfers.setdefault((t["item"], t["to"]), []).append((t["date"], t["from"]))
    for rule in sc.rules:
        if rule["rule"] not in ("supplier", "origin", "see-through"):
            raise UnsupportedScenario(f"jurisdiction rule {rule['rule']!r} is not covered by this reference")
    for p in sc.policies:
        extra = set(p) - POLICY_KEYS
        if extra:
            raise UnsupportedScenario(f"policy {p['id']}: keys {sorted(extra)} are not covered by this reference")
        sc.by_authority.setdefault(p["authority"], []).append(p)
    return sc


def load_requests(path: str | Path) -> list[Request]:
    out = []
    with open(path) as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                out.append(Request(d["recipient"], d["item"], d["use"], d["date"], d["category"]))
    return out


def required_authorities(sc: Scenario, r: Request) -> frozenset[str] | None:
    """The states that must consent, or None when the item was not transferred (decision: deny)."""
    suppliers = {frm for date, frm in sc.transfers.get((r.item, r.recipient), ()) if date <= r.date}
    origin = sc.item_origin[r.item]
    if not suppliers and origin != r.recipient:
        return None
    req: set[str] = set()
    for rule in sc.rules:
        kind = rule["rule"]
        if kind == "supplier":
            req |= suppliers
        elif kind == "origin":
            req.add(origin)
        elif kind == "see-through":
            req |= {o for o, regime in sc.item_controlled[r.item] if regime == rule["regime"]}
    req.discard(r.recipient)
    return frozenset(req)


def category_matches(policy_category: str, target: str) -> bool:
    return target == policy_category or target.startswith(policy_category + "/")


def applies(sc: Scenario, p: dict, r: Request) -> bool:
    if "uses" in p and r.use not in p["uses"]:
        return False
    if "recipients" in p and r.recipient not in p["recipients"]:
        return False
    if "items" in p and r.item not in p["items"]:
        return False
    if "item_origin" in p and sc.item_origin[r.item] not in p["item_origin"]:
        return False
    if "categories" in p and not any(category_matches(c, r.category) for c in p["categories"]):
        return False
    if "from" in p and r.date < p["from"]:
        return False
    if "until" in p and r.date > p["until"]:
        return False
    return True


def authority_permits(sc: Scenario, authority: str, r: Request) -> bool:
    permit = False
    for p in sc.by_authority.get(authority, ()):
        if applies(sc, p, r):
            if p["effect"] == "forbid":
                return False
            permit = True
    return permit


def decide(sc: Scenario, r: Request) -> bool:
    req = required_authorities(sc, r)
    if req is None:
        return False
    return all(authority_permits(sc, a, r) for a in req)
