#!/usr/bin/env python3
"""Generate the policy benchmark's workload (fixed seed): a format-1 scenario and JSON-lines requests.

  scenario.yaml    10 authorities, 10 recipients, 30 fictional items (some with ITAR components, one made by a
                   recipient), transfers (first-hand, second-hand and re-exports), jurisdiction supplier + origin +
                   see-through ITAR, and 110 policies without area filters (uses, recipients, items, item_origin,
                   categories, from, until; permits and forbids)
  requests.jsonl   {"recipient", "item", "use", "date", "category"} per line

Everything here is synthetic: products are fictional, country codes are real ISO 3166-1 codes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

SEED = 20240530
N_POLICIES = 110

AUTHORITIES = {  # code: (name, groups)
    "US": ("United States", ["NATO"]), "GB": ("United Kingdom", ["NATO"]), "FR": ("France", ["EU", "NATO"]),
    "DE": ("Germany", ["EU", "NATO"]), "IT": ("Italy", ["EU", "NATO"]), "SE": ("Sweden", ["EU", "NATO"]),
    "ES": ("Spain", ["EU", "NATO"]), "NL": ("Netherlands", ["EU", "NATO"]), "CZ": ("Czechia", ["EU", "NATO"]),
    "PL": ("Poland", ["EU", "NATO"]),
}
RECIPIENTS = {
    "UA": ("Ukraine", []), "PL": ("Poland", ["EU", "NATO"]), "RO": ("Romania", ["EU", "NATO"]),
    "EE": ("Estonia", ["EU", "NATO"]), "LT": ("Lithuania", ["EU", "NATO"]), "LV": ("Latvia", ["EU", "NATO"]),
    "FI": ("Finland", ["EU", "NATO"]), "GE": ("Georgia", []), "MD": ("Moldova", []), "KZ": ("Kazakhstan", []),
}
USES = ["strike", "air-defence", "surveillance", "training", "resale", "maintenance"]
# Target categories of requests; the odd ones check that matching goes by path segment, not by text prefix.
REQUEST_CATEGORIES = [
    "military", "military/airfield", "military/air-defence", "military/depot", "military/command",
    "military/naval", "military-industrial/plant", "militaryish/radar", "infrastructure/energy",
    "infrastructure/rail", "infrastructure/bridge", "government", "government/ministry", "civilian",
    "civilian/residential", "dual-use/factory",
]
POLICY_CATEGORIES = [
    "military", "military", "military/airfield", "military/air", "military/depot", "military/naval",
    "military-industrial", "infrastructure", "infrastructure/rail", "government", "civilian", "dual-use",
]
TREES = ["alder", "birch", "cedar", "dogwood", "elm", "fir", "ginkgo", "hazel", "ilex", "juniper", "kapok",
         "larch", "maple", "nutmeg", "oak", "pine", "quince", "rowan", "spruce", "teak", "upas", "viburnum",
         "willow", "xylosma", "yew", "zelkova", "aspen", "beech", "cypress", "hornbeam"]
KINDS = ["missile", "rocket", "radar", "drone", "shell", "launcher", "sight", "radio", "jammer", "torpedo"]
COMPONENTS = ["seeker", "guidance unit", "datalink", "inertial unit", "fuze", "processor", "gimbal", "antenna"]

DAY0 = dt.date(2022, 1, 1)
DAY_END = dt.date(2025, 6, 30)


def day(rng: random.Random, lo: dt.date = DAY0, hi: dt.date = DAY_END) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def make_scenario(rng: random.Random) -> dict:
    auth = list(AUTHORITIES)
    weights = [6, 3, 3, 3, 2, 2, 1, 1, 1, 2]  # US makes the most
    items: dict[str, dict] = {}
    for i in range(30):
        name = f"{TREES[i]}-{KINDS[i % len(KINDS)]}"
        origin = "PL" if i in (7, 19) else rng.choices(auth, weights)[0]  # made by a recipient
        comps = []
        if origin != "US" and (i % 3 == 0 or i == 7):  # ITAR see-through: two authorities are required
            comps.append({"name": rng.choice(COMPONENTS), "origin": "US", "regime": "ITAR"})
        if rng.random() < 0.3:  # not controlled: never makes its origin an authority
            comps.append({"name": rng.choice(COMPONENTS), "origin": rng.choice(auth)})
        if rng.random() < 0.3:
            comps.append({"name": rng.choice(COMPONENTS), "origin": rng.choice(auth)})
        items[name] = {"name": f"{name.replace('-', ' ').title()} (synthetic)", "origin": origin, "components": comps}

    transfers = []
    for name, it in items.items():
        for rcp in RECIPIENTS:
            if rcp == it["origin"] or rng.random() > 0.75:
                continue
            first = day(rng, DAY0, dt.date(2024, 12, 31))
            if rng.random() < 0.1:  # re-export: a non-origin state is the only supplier
                via = rng.choice([a for a in auth if a not in (it["origin"], rcp)])
                transfers.append((name, it["origin"], via, day(rng, DAY0, first)))
                transfers.append((name, via, rcp, first))
            else:
                transfers.append((name, it["origin"], rcp, first))
                if rng.random() < 0.15:  # a second, later supplier
                    second = rng.choice([a for a in auth if a not in (it["origin"], rcp)])
                    transfers.append((name, second, rcp, day(rng, first, DAY_END)))
    transfers.sort(key=lambda t: (t[3], t[0], t[2], t[1]))

    # Which authorities are ever concerned with which items (for item filters that make sense).
    concerned: dict[str, set[str]] = {a: set() for a in auth}
    for name, it in items.items():
        concerned[it["origin"]].add(name)
        for c in it["components"]:
            if c.get("regime") == "ITAR":
                concerned[c["origin"]].add(name)
    for name, frm, _to, _d in transfers:
        concerned[frm].add(name)

    policies = []
    counter = 0

    def add(authority: str, effect: str, **filters) -> None:
        nonlocal counter
        counter += 1
        p = {"id": f"{authority.lower()}-{effect}-{counter:03d}", "authority": authority, "effect": effect}
        p.update({k: v for k, v in filters.items() if v is not None})
        p["status"] = rng.choices(["official", "reported", "hypothetical"], [6, 3, 1])[0]
        policies.append(p)

    for a in auth:  # one broad permit per authority
        add(a, "permit", uses=sorted(rng.sample(USES, rng.randint(4, 6))),
            **{"from": day(rng, DAY0, dt.date(2023, 6, 30)) if rng.random() < 0.5 else None})
    pweights = [12, 5, 5, 6, 3, 3, 2, 2, 2, 4]
    while len(policies) < N_POLICIES:
        a = rng.choices(auth, pweights)[0]
        effect = "forbid" if rng.random() < 0.3 else "permit"
        f: dict = {}
        if rng.random() < 0.7:
            f["uses"] = sorted(rng.sample(USES, rng.randint(1, 3)))
        if rng.random() < 0.45:
            f["recipients"] = sorted(rng.sample(list(RECIPIENTS), rng.randint(1, 5)))
        if rng.random() < 0.3 and concerned[a]:
            pool = sorted(concerned[a])
            f["items"] = sorted(rng.sample(pool, min(len(pool), rng.randint(1, 4))))
        elif rng.random() < 0.2:
            f["item_origin"] = sorted(rng.sample(auth, rng.randint(1, 2)))
        if rng.random() < (0.8 if effect == "forbid" else 0.55):
            f["categories"] = sorted(set(rng.sample(POLICY_CATEGORIES, rng.randint(1, 2))))
        if rng.random() < 0.45:
            f["from"] = day(rng, dt.date(2022, 2, 1), dt.date(2024, 12, 31))
        if rng.random() < 0.2:
            start = f.get("from", DAY0)
            f["until"] = start + dt.timedelta(days=rng.randint(60, 700))
        # A forbid is an exception: it names at least two of uses, recipients, items and categories.
        while effect == "forbid" and len({"uses", "recipients", "items", "item_origin", "categories"} & set(f)) < 2:
            k = rng.choice(["uses", "recipients", "categories"])
            if k in f:
                continue
            f[k] = {"uses": lambda: sorted(rng.sample(USES, rng.randint(1, 2))),
                    "recipients": lambda: sorted(rng.sample(list(RECIPIENTS), rng.randint(1, 3))),
                    "categories": lambda: sorted(set(rng.sample(POLICY_CATEGORIES, 1)))}[k]()
        add(a, effect, **f)

    return {"items": items, "transfers": transfers, "policies": policies}


def flow_list(xs) -> str:
    return "[" + ", ".join(str(x) for x in xs) + "]"


def scenario_yaml(sc: dict, seed: int) -> str:
    out = [
        "# Synthetic workload for bench/policy (generated by bench/policy/make_workload.py; do not edit).",
        "# Products are fictional; country codes are real ISO 3166-1 codes. No policy has an area filter.",
        "greenlight: 1",
        f"name: Policy benchmark workload (seed {seed})",
        "view: de-jure",
        "states:",
    ]
    for code, (name, groups) in {**AUTHORITIES, **RECIPIENTS}.items():
        g = f", groups: {flow_list(groups)}" if groups else ""
        out.append(f"  {code}: {{name: {name}{g}}}")
    out.append("items:")
    for iid, it in sc["items"].items():
        out += [f"  {iid}:", f"    name: {it['name']}", f"    origin: {it['origin']}"]
        if it["components"]:
            out.append("    components:")
            for c in it["components"]:
                reg = f", regime: {c['regime']}" if "regime" in c else ""
                out.append(f"      - {{name: {c['name']}, origin: {c['origin']}{reg}}}")
    out.append("transfers:")
    for item, frm, to, date in sc["transfers"]:
        out.append(f"  - {{item: {item}, from: {frm}, to: {to}, date: {date.isoformat()}}}")
    out += ["jurisdiction:", "  - {rule: supplier}", "  - {rule: origin}", "  - {rule: see-through, regime: ITAR}",
            "policies:"]
    for p in sc["policies"]:
        parts = []
        for k, v in p.items():
            if isinstance(v, list):
                v = flow_list(v)
            elif isinstance(v, dt.date):
                v = v.isoformat()
            parts.append(f"{k}: {v}")
        out.append("  - {" + ", ".join(parts) + "}")
    return "\n".join(out) + "\n"


def make_requests(rng: random.Random, sc: dict, n: int):
    items = sc["items"]
    pairs: dict[tuple[str, str], dt.date] = {}
    for item, _frm, to, date in sc["transfers"]:
        if to in RECIPIENTS:
            pairs[(item, to)] = min(date, pairs.get((item, to), date))
    pair_list = sorted(pairs.items())
    own = [(i, it["origin"]) for i, it in items.items() if it["origin"] in RECIPIENTS]
    item_ids = sorted(items)
    for _ in range(n):
        x = rng.random()
        if x < 0.85:  # an item the recipient got (or will get: dates start before the first transfer)
            (item, rcp), first = rng.choice(pair_list)
            date = day(rng, max(DAY0, first - dt.timedelta(days=120)), DAY_END)
        elif x < 0.95:  # anything
            item, rcp, date = rng.choice(item_ids), rng.choice(list(RECIPIENTS)), day(rng)
        else:  # a recipient's own make: no transfer needed
            item, rcp = rng.choice(own)
            date = day(rng)
        yield {"recipient": rcp, "item": item, "use": rng.choice(USES), "date": date.isoformat(),
               "category": rng.choice(REQUEST_CATEGORIES)}


def write_workload(out: Path, n_requests: int, seed: int = SEED) -> str:
    """Write scenario.yaml and requests.jsonl into `out`; return a one-line summary."""
    out.mkdir(parents=True, exist_ok=True)
    sc = make_scenario(random.Random(seed))
    (out / "scenario.yaml").write_text(scenario_yaml(sc, seed))
    # Requests draw from their own stream, so the scenario does not depend on the request count.
    with open(out / "requests.jsonl", "w") as f:
        for r in make_requests(random.Random(seed + 1), sc, n_requests):
            f.write(json.dumps(r, separators=(",", ":")) + "\n")
    return (f"{out / 'scenario.yaml'}: {len(sc['items'])} items, {len(sc['transfers'])} transfers, "
            f"{len(sc['policies'])} policies; {out / 'requests.jsonl'}: {n_requests} requests")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=100_000, help="number of requests (default 100000)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "work" / "full"), help="output folder")
    args = ap.parse_args()

    print(write_workload(Path(args.out), args.requests, args.seed))


if __name__ == "__main__":
    main()
