#!/usr/bin/env python3
"""Writes the malformed-scenario fixtures: one defect per file, each derived from a valid base.

Line 1 of every file is `# expect: LINE | TEXT [| errors: N]`: the line the error must name, a piece of its
message and, optionally, the exact number of errors (for "one fault, one error").
Run from this folder: python3 make_malformed.py (the files are committed; this keeps them reproducible).
"""
BASE = """greenlight: 1
name: base scenario for malformed inputs
view: de-jure
areas:
  RU: {country: RU}
  near-kharkiv: {within_km: 84, of: {region: UA-63}}
states:
  US: {name: United States, groups: [NATO]}
  UA: {name: Ukraine}
items:
  gmlrs: {name: GMLRS, origin: US, range_km: 84, value: 100, components: [{name: seeker, origin: US, regime: ITAR, value: 5}]}
transfers:
  - {item: gmlrs, from: US, to: UA, date: 2022-06-23}
jurisdiction:
  - {rule: supplier}
  - {rule: see-through, regime: ITAR}
policies:
  - {id: p1, authority: US, effect: permit, uses: [strike], target_in: RU, status: reported}
  - {id: p2, authority: US, effect: forbid, items: [gmlrs], target_in: near-kharkiv, until: 2024-11-16, status: reported}
variants:
  v1: {description: drop p1, remove: [p1]}
"""

def edit(old, new):
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)

def line_of(text, needle):
    for i, l in enumerate(text.split("\n"), start=2):   # +1 for the header line
        if needle in l:
            return i
    raise SystemExit("needle not found: " + needle)

P1 = "  - {id: p1, authority: US, effect: permit, uses: [strike], target_in: RU, status: reported}"
CASES = [
    ("yaml-syntax", edit("uses: [strike], target_in: RU", "uses: [strike, target_in: RU"), None, "YAML syntax"),
    ("missing-version", edit("greenlight: 1\n", ""), 2, "needs 'greenlight'"),
    ("wrong-version", edit("greenlight: 1", "greenlight: 2"), "greenlight: 2", "unsupported format version"),
    ("unknown-top-key", edit("view: de-jure", "view: de-jure\npolicy: []"), "policy: []", "unknown key 'policy'"),
    ("bad-view", edit("view: de-jure", "view: sideways"), "view: sideways", "expected view de-jure or de-facto"),
    ("undeclared-origin", edit("origin: US, range_km", "origin: GB, range_km"), "gmlrs: {", "undeclared state 'GB'"),
    ("undeclared-authority", edit("id: p1, authority: US", "id: p1, authority: FR"), "id: p1", "undeclared state 'FR'"),
    ("duplicate-policy-id", edit("id: p2,", "id: p1,"), "effect: forbid", "duplicate policy id 'p1'"),
    ("duplicate-key", edit("view: de-jure", "view: de-jure\nview: de-facto"), "view: de-facto", "duplicate key 'view'"),
    ("impossible-date", edit("date: 2022-06-23", "date: 2022-02-30"), "date: 2022-02-30", "real date"),
    ("date-format", edit("date: 2022-06-23", "date: 2022/06/23"), "date: 2022/06/23", "real date"),
    ("until-before-from", edit("until: 2024-11-16", "from: 2024-12-01, until: 2024-11-16"), "until: 2024-11-16", "is before from"),
    ("bad-effect", edit("effect: permit", "effect: allow"), "effect: allow", "expected effect permit or forbid"),
    ("bad-status", edit("uses: [strike], target_in: RU, status: reported", "uses: [strike], target_in: RU, status: rumoured"), "status: rumoured", "expected status official"),
    ("missing-status", edit("target_in: RU, status: reported}", "target_in: RU}"), "id: p1", "needs 'status'"),
    ("empty-filter", edit("uses: [strike]", "uses: []"), "uses: []", "empty list"),
    ("transfer-unknown-item", edit("{item: gmlrs, from", "{item: himars, from"), "item: himars", "unknown item 'himars'"),
    ("policy-unknown-item", edit("items: [gmlrs]", "items: [atacms]"), "items: [atacms]", "unknown item 'atacms'"),
    ("unknown-area-name", edit("target_in: RU,", "target_in: RUS,"), "target_in: RUS", "unknown area 'RUS'"),
    ("area-cycle", edit("  RU: {country: RU}", "  RU: {any: [loop]}\n  loop: {all: [RU]}"), "RU: {any", "cycle"),
    ("unknown-country", edit("RU: {country: RU}", "RU: {country: XX}"), "country: XX", "no country 'XX'"),
    ("unknown-region", edit("{region: UA-63}", "{region: UA-99}"), "UA-99", "no region 'UA-99'"),
    ("circle-latitude", edit("  RU: {country: RU}", "  RU: {circle: {lat: 95, lon: 30, radius_km: 10}}"), "circle", "latitude 95"),
    ("circle-radius", edit("  RU: {country: RU}", "  RU: {circle: {lat: 50, lon: 30, radius_km: -5}}"), "circle", "radius_km must be greater than 0"),
    ("within-zero", edit("within_km: 84", "within_km: 0"), "within_km: 0", "within_km must be greater than 0"),
    ("range-negative", edit("range_km: 84", "range_km: -84"), "range_km: -84", "range_km must be greater than 0"),
    ("range-text", edit("range_km: 84", "range_km: far"), "range_km: far", "finite number"),
    ("range-nan", edit("range_km: 84", "range_km: .nan"), "range_km: .nan", "finite number"),
    ("de-minimis-no-value", edit("range_km: 84, value: 100, components: [{name: seeker, origin: US, regime: ITAR, value: 5}]",
                                 "range_km: 84, components: [{name: seeker, origin: US, regime: EAR, value: 5}]")
        .replace("  - {rule: see-through, regime: ITAR}", "  - {rule: de-minimis, regime: EAR, percent: 25}"), "gmlrs: {", "no 'value'"),
    ("unknown-rule", edit("{rule: supplier}", "{rule: manufacturer}"), "rule: manufacturer", "unknown jurisdiction rule"),
    ("unknown-regime", edit("regime: ITAR, value: 5", "regime: ITRA, value: 5"), "regime: ITRA", "unknown regime 'ITRA'"),
    ("variant-removes-unknown", edit("remove: [p1]", "remove: [p9]"), "remove: [p9]", "removes unknown policy id 'p9'"),
    ("lowercase-state", edit("  UA: {name: Ukraine}", "  ua: {name: Ukraine}"), "ua: {name", "state code"),
    ("transfer-no-date", edit(", date: 2022-06-23}", "}"), "{item: gmlrs, from", "needs 'date'"),
    ("components-over-value", edit("value: 100, components", "value: 4, components"), "gmlrs: {", "more than the item's value"),
    ("within-of-all", edit("{within_km: 84, of: {region: UA-63}}", "{within_km: 84, of: {all: [RU, {region: UA-63}]}}"), "within_km: 84", "not supported"),
    ("unknown-area-form", edit("RU: {country: RU}", "RU: {continent: EU}"), "continent", "unknown area form 'continent'"),
    ("geojson-missing", edit("RU: {country: RU}", "RU: {geojson: no-such-file.geojson}"), "geojson", "cannot read the file"),
    ("percent-over-100", edit("  - {rule: see-through, regime: ITAR}", "  - {rule: see-through, regime: ITAR}\n  - {rule: de-minimis, regime: ITAR, percent: 140}"), "percent: 140", "within [0, 100]"),
    ("policy-not-mapping", edit(P1, "  - p1"), "  - p1", "expected a policy as a mapping"),
    ("unknown-policy-key", edit("effect: permit,", "effect: permit, target: RU,"), "target: RU", "unknown key 'target'"),
    ("items-not-mapping", edit("items:\n  gmlrs: {name: GMLRS, origin: US, range_km: 84, value: 100, components: [{name: seeker, origin: US, regime: ITAR, value: 5}]}\n", "items: [gmlrs]\n"), "items: [gmlrs]", "expected items as a mapping"),
    ("empty-document", "", None, "empty document"),
    # front-line.geojson (beside these files) is a LineString: a distance source, not an area to be in.
    ("line-as-target-area", edit("target_in: RU, status", "target_in: {geojson: front-line.geojson}, status"), "front-line.geojson", "made of lines or points, which contain nothing"),
    # One fault, one error: references to what failed to load give no follow-on errors (the count is checked).
    ("range-negative-once", edit("range_km: 84", "range_km: -165")
        .replace("  - {id: p1, authority: US, effect: permit, uses: [strike]", "  - {id: p1, authority: US, effect: permit, items: [gmlrs], uses: [strike]"),
        "range_km: -165", "range_km must be greater than 0", 1),
    ("area-error-once", edit("  RU: {country: RU}", "  RU: {country: XX}")
        .replace("variants:", "  - {id: p3, authority: US, effect: forbid, target_in: RU, status: reported}\n  - {id: p4, authority: US, effect: permit, target_in: {any: [RU]}, status: reported}\nvariants:"),
        "country: XX", "no country 'XX'", 1),
    ("nested-area-error-once", edit("{within_km: 84, of: {region: UA-63}}", "{within_km: 84, of: {region: UA-99}}")
        .replace("  RU: {country: RU}", "  RU: {country: RU}\n  outer: {any: [near-kharkiv, RU]}"),
        "UA-99", "no region 'UA-99'", 1),
    ("lowercase-state-once", edit("  UA: {name: Ukraine}", "  ua: {name: Ukraine}").replace("to: UA,", "to: ua,"),
        "ua: {name", "state code", 1),
    ("policy-error-once", edit("target_in: RU, status: reported}", "target_in: RU, status: rumoured}"),
        "status: rumoured", "expected status official", 1),
    ("regime-rule-error-once", edit("  - {rule: see-through, regime: ITAR}", "  - {rule: see-through, regime: ITAR}\n  - {rule: de-minimis, regime: EAR, percent: 140}")
        .replace("regime: ITAR, value: 5}", "regime: EAR, value: 5}"),
        "percent: 140", "within [0, 100]", 1),
    # Dated evidence (issue 11 item 3): `evidence:` on policies, transfers, items and components.
    ("evidence-bad-status", edit("target_in: RU, status: reported}", "target_in: RU, evidence: [{date: 2024-05-30, status: rumoured, source: Outlet}]}"),
        "status: rumoured", "expected status official"),
    ("evidence-missing-status", edit("target_in: RU, status: reported}", "target_in: RU, evidence: [{date: 2024-05-30, source: Outlet}]}"),
        "evidence: [", "evidence of policy p1 needs 'status'"),
    ("evidence-bad-date", edit("{item: gmlrs, from: US, to: UA, date: 2022-06-23}", "{item: gmlrs, from: US, to: UA, date: 2022-06-23, evidence: [{date: 2022-06-31, status: reported, source: Outlet}]}"),
        "date: 2022-06-31", "expected the evidence date as a real date"),
    ("evidence-unknown-key", edit("regime: ITAR, value: 5}", "regime: ITAR, value: 5, evidence: [{status: reported, outlet: Outlet}]}"),
        "outlet: Outlet", "unknown key 'outlet' in evidence of component"),
    ("evidence-not-list", edit("range_km: 84, value: 100,", "range_km: 84, value: 100, evidence: {status: official},"),
        "evidence: {status", "expected evidence as a list"),
    ("evidence-empty-list", edit("{item: gmlrs, from: US, to: UA, date: 2022-06-23}", "{item: gmlrs, from: US, to: UA, date: 2022-06-23, evidence: []}"),
        "evidence: []", "evidence of the transfer of gmlrs is an empty list"),
    ("evidence-entry-not-mapping", edit("target_in: RU, status: reported}", "target_in: RU, evidence: [reported]}"),
        "evidence: [reported]", "expected evidence of policy p1 as a mapping"),
    ("missing-status-and-evidence", edit("target_in: RU, status: reported}", "target_in: RU, source: Outlet}"),
        "id: p1", "needs 'status' (official, reported or hypothetical) or 'evidence'"),
    ("transfer-bad-status", edit("{item: gmlrs, from: US, to: UA, date: 2022-06-23}", "{item: gmlrs, from: US, to: UA, date: 2022-06-23, status: confirmed}"),
        "status: confirmed", "expected status official, reported or hypothetical, found 'confirmed'"),
    ("transfer-duplicate-id", edit("  - {item: gmlrs, from: US, to: UA, date: 2022-06-23}", "  - {id: t1, item: gmlrs, from: US, to: UA, date: 2022-06-23}\n  - {id: t1, item: gmlrs, from: US, to: UA, date: 2023-01-10}"),
        "date: 2023-01-10", "duplicate transfer id 't1'"),
    # Variants that add facts (issue 11 item 4).
    ("variant-unknown-key", edit("v1: {description: drop p1, remove: [p1]}", "v1: {description: drop p1, remove: [p1], add_item: {}}"),
        "add_item", "unknown key 'add_item' in variant v1"),
    ("variant-removes-unknown-transfer", edit("v1: {description: drop p1, remove: [p1]}", "v1: {description: drop p1, remove: [p1], remove_transfers: [t9]}"),
        "remove_transfers", "variant v1 removes unknown transfer id 't9'"),
    ("variant-item-undeclared-origin", edit("v1: {description: drop p1, remove: [p1]}", "v1:\n    add_items:\n      tomahawk: {origin: GB, range_km: 1600}"),
        "origin: GB", "undeclared state 'GB'"),
    ("variant-item-exists", edit("v1: {description: drop p1, remove: [p1]}", "v1:\n    add_items:\n      gmlrs: {origin: US}"),
        "      gmlrs:", "variant v1 adds item 'gmlrs', which the scenario already has"),
    ("variant-transfer-unknown-item", edit("v1: {description: drop p1, remove: [p1]}", "v1:\n    add_transfers:\n      - {item: tomahawk, from: US, to: UA, date: 2025-10-01}"),
        "item: tomahawk", "unknown item 'tomahawk'"),
    ("variant-state-exists", edit("v1: {description: drop p1, remove: [p1]}", "v1:\n    add_states:\n      US: {name: Again}"),
        "      US:", "variant v1 adds state US, which the scenario already declares"),
    ("variant-area-exists", edit("v1: {description: drop p1, remove: [p1]}", "v1:\n    add_areas:\n      RU: {country: RU}"),
        "      RU:", "variant v1 adds area 'RU', which the scenario already names"),
    ("variant-area-unknown-country", edit("v1: {description: drop p1, remove: [p1]}", "v1:\n    add_areas:\n      france: {country: XX}"),
        "country: XX", "no country 'XX'"),
    # What a variant adds is its own: neither the scenario nor another variant sees it.
    ("variant-state-not-in-base", edit("v1: {description: drop p1, remove: [p1]}", "v1:\n    add_states:\n      DE: {name: Germany}").replace("id: p2, authority: US", "id: p2, authority: DE"),
        "id: p2", "undeclared state 'DE'"),
    ("variant-item-not-in-other-variant", edit("v1: {description: drop p1, remove: [p1]}", "v1:\n    add_items:\n      tomahawk: {origin: US}\n  v2:\n    add_transfers:\n      - {item: tomahawk, from: US, to: UA, date: 2025-10-01}"),
        "- {item: tomahawk", "unknown item 'tomahawk'"),
    ("variant-item-error-once", edit("v1: {description: drop p1, remove: [p1]}", "v1:\n    add_items:\n      tomahawk: {origin: US, range_km: -1600}\n    add_transfers:\n      - {item: tomahawk, from: US, to: UA, date: 2025-10-01}\n    add:\n      - {id: p9, authority: US, effect: permit, items: [tomahawk], status: hypothetical}"),
        "range_km: -1600", "range_km must be greater than 0", 1),
    # Hexadecimal floats and infinities read as numbers by strtod: refused, as on standard input and in CSV.
    ("range-hex-float", edit("range_km: 84", "range_km: 0x54"), "range_km: 0x54", "finite number"),
    ("range-infinity", edit("range_km: 84", "range_km: infinity"), "range_km: infinity", "finite number"),
    # Events and positions (issue 12 items 2 and 4), appended after the variants.
    ("event-missing-claim", BASE + "events:\n  - {id: e1, date: 2024-11-19, claimed_by: Ministry A, status: reported, source: Outlet}\n",
        "id: e1", "an event needs 'claim'"),
    ("event-duplicate-id", BASE + "events:\n  - {id: e1, date: 2024-11-19, claim: a strike, claimed_by: Ministry A, status: reported, source: Outlet}\n  - {id: e1, date: 2024-11-20, claim: another strike, claimed_by: Ministry A, status: reported, source: Outlet}\n",
        "date: 2024-11-20", "duplicate event id 'e1'"),
    ("event-unknown-item", BASE + "events:\n  - {id: e1, date: 2024-11-19, claim: a strike, claimed_by: Ministry A, item: atacms, status: reported, source: Outlet}\n",
        "item: atacms", "unknown item 'atacms' in event e1"),
    ("event-unknown-area", BASE + "events:\n  - {id: e1, date: 2024-11-19, claim: a strike, claimed_by: Ministry A, place: bryansk, status: reported, source: Outlet}\n",
        "place: bryansk", "unknown area 'bryansk' as the place of event e1"),
    ("event-bad-point", BASE + "events:\n  - {id: e1, date: 2024-11-19, claim: a strike, claimed_by: Ministry A, place: {lat: 95, lon: 30}, status: reported, source: Outlet}\n",
        "place: {lat: 95", "latitude 95"),
    ("event-no-evidence", BASE + "events:\n  - {id: e1, date: 2024-11-19, claim: a strike, claimed_by: Ministry A}\n",
        "id: e1", "event e1 needs 'evidence'"),
    ("event-empty-claimed-by", BASE + "events:\n  - {id: e1, date: 2024-11-19, claim: a strike, claimed_by: [], status: reported, source: Outlet}\n",
        "claimed_by: []", "claimed_by is an empty list"),
    ("position-bad-stance", BASE + "positions:\n  - {state: US, about: debate, stance: hesitant, date: 2024-09-12, status: reported, source: Outlet}\n",
        "stance: hesitant", "expected stance supports, opposes, reluctant, conditional, declared-threat"),
    ("position-unknown-subject", BASE + "positions:\n  - {state: US, about: full-lift, stance: opposes, date: 2024-09-12, status: reported, source: Outlet}\n",
        "about: full-lift", "unknown subject 'full-lift' for a position"),
    ("position-undeclared-state", BASE + "positions:\n  - {state: DE, about: v1, stance: reluctant, date: 2024-09-12, status: reported, source: Outlet}\n",
        "state: DE", "undeclared state 'DE'"),
    ("position-bad-date", BASE + "positions:\n  - {state: US, about: p1, stance: supports, date: 2024-09-31, status: reported, source: Outlet}\n",
        "date: 2024-09-31", "real date"),
    ("position-no-evidence", BASE + "positions:\n  - {state: US, about: debate, stance: supports, date: 2024-09-12}\n",
        "state: US, about", "needs 'evidence'"),
    ("position-unknown-key", BASE + "positions:\n  - {state: US, about: debate, stance: supports, date: 2024-09-12, said: yes, status: reported, source: Outlet}\n",
        "said: yes", "unknown key 'said' in a position"),
    ("positions-not-list", BASE + "positions: {state: US}\n",
        "positions: {state", "expected positions as a list"),
]

# Transfers as uses (retransfer): the `destinations` filter of policies. Written as r01-…, r02-… so that
# they never collide with the numbered kinds above.
RETRANSFER_BASE = edit("  UA: {name: Ukraine}", "  UA: {name: Ukraine}\n  PL: {name: Poland}")
def retransfer_edit(old, new):
    assert RETRANSFER_BASE.count(old) == 1, old
    return RETRANSFER_BASE.replace(old, new)
RETRANSFER_POLICY = "  - {id: p3, authority: US, effect: permit, uses: [retransfer], destinations: [PL], status: reported}\nvariants:"
RETRANSFER_CASES = [
    ("destinations-not-a-list", retransfer_edit("variants:", RETRANSFER_POLICY.replace("destinations: [PL]", "destinations: PL")), "destinations: PL", "expected destinations as a list"),
    ("destinations-empty", retransfer_edit("variants:", RETRANSFER_POLICY.replace("destinations: [PL]", "destinations: []")), "destinations: []", "empty list"),
    ("destinations-undeclared", retransfer_edit("variants:", RETRANSFER_POLICY.replace("destinations: [PL]", "destinations: [PL, XQ]")), "destinations: [PL, XQ]", "undeclared state 'XQ'"),
    ("destinations-lowercase", retransfer_edit("variants:", RETRANSFER_POLICY.replace("destinations: [PL]", "destinations: [pl]")), "destinations: [pl]", "undeclared state 'pl'"),
    ("destinations-nested-list", retransfer_edit("variants:", RETRANSFER_POLICY.replace("destinations: [PL]", "destinations: [[PL]]")), "destinations: [[PL]]", "an entry of destinations"),
    ("destinations-without-retransfer", retransfer_edit("variants:", RETRANSFER_POLICY.replace("uses: [retransfer]", "uses: [strike]")), "destinations: [PL]", "do not include 'retransfer'"),
    ("destinations-in-variant-undeclared", retransfer_edit("remove: [p1]}", "remove: [p1], add: [{id: p9, authority: US, effect: forbid, destinations: [FR], status: hypothetical}]}"), "remove: [p1], add", "undeclared state 'FR'"),
]

# Questions (`questions:`): unknown names, bad dates, share_of cycles. Written as q01-…, q02-….
Q = "  - {id: whole, name: In range, item: gmlrs, within: RU}\n"
def questions(*entries):
    return BASE + "questions:\n" + Q + "".join(entries)
QUESTION_CASES = [
    ("share-of-unknown", questions("  - {id: part, name: Part, item: gmlrs, area: near-kharkiv, share_of: nothing}\n"), "share_of: nothing", "share_of names unknown question 'nothing'"),
    ("share-of-cycle", questions("  - {id: a, name: A, item: gmlrs, share_of: b}\n", "  - {id: b, name: B, item: gmlrs, share_of: a}\n"), "id: a,", "share_of forms a cycle: a → b → a", 1),
    ("share-of-self", questions("  - {id: a, name: A, item: gmlrs, share_of: a}\n"), "id: a,", "is a share of itself"),
    ("unknown-variant", questions("  - {id: v, name: V, item: gmlrs, variant: v9}\n"), "variant: v9", "unknown variant 'v9'"),
    ("bad-date", questions("  - {id: d, name: D, item: gmlrs, date: 2024-02-30}\n"), "date: 2024-02-30", "real date"),
    ("published-bad-date", questions("  - id: p\n    name: P\n    item: gmlrs\n    published:\n      - {value: 16, unit: '%', source: ISW, date: August 2024}\n"), "date: August 2024", "or a month YYYY-MM"),
    ("unknown-item", questions("  - {id: i, name: I, item: atacms}\n"), "item: atacms", "unknown item 'atacms'"),
    ("variant-item-without-variant", BASE.replace("v1: {description: drop p1, remove: [p1]}", "v1:\n    add_items:\n      tomahawk: {origin: US, range_km: 1600}") + "questions:\n  - {id: t, name: T, item: tomahawk}\n", "item: tomahawk}", "needs the question's variant"),
    ("no-item-no-range", questions("  - {id: n, name: N, within: RU}\n"), "id: n,", "needs 'item' (its range) or 'range_km'"),
    ("range-without-launch-area", questions("  - {id: r, name: R, range_km: 300}\n"), "id: r,", "give it a launch_area"),
    ("duplicate-id", questions("  - {id: whole, name: Again, item: gmlrs}\n"), "name: Again", "duplicate question id 'whole'"),
    ("unknown-key", questions("  - {id: k, name: K, item: gmlrs, territory: RU}\n"), "territory: RU", "unknown key 'territory' in a question"),
    ("published-missing-source", questions("  - id: p\n    name: P\n    item: gmlrs\n    published:\n      - {value: 16, unit: '%', date: 2024-06-09}\n"), "- {value: 16", "needs 'source'"),
    ("bad-qualifier", questions("  - id: p\n    name: P\n    item: gmlrs\n    published:\n      - {value: 16, qualifier: under, unit: '%', source: ISW, date: 2024-06-09}\n"), "qualifier: under", "expected qualifier at-most"),
    ("text-unknown-language", questions("  - {id: l, name: {en: Land, de: Land}, item: gmlrs}\n"), "de: Land", "unknown key 'de'"),
    ("unknown-area", questions("  - {id: u, name: U, item: gmlrs, area: nowhere}\n"), "area: nowhere", "unknown area 'nowhere'"),
]

# site_files: the report's two site files (sites that moved). Written as s01-…, s02-…; the files named
# need not exist (a missing local file is a warning, which `validate --strict` refuses: see cli-tests.sh).
def site_files(body):
    return edit("view: de-jure", "view: de-jure\nsite_files:" + body)
SITE_FILES_CASES = [
    ("site-files-not-mapping", site_files(" [before.csv, after.csv]"), "site_files: [", "expected site_files as a mapping"),
    ("site-files-unknown-key", site_files("\n  before: a.csv\n  after: b.csv\n  synthetic: true\n  during: c.csv"), "during: c.csv", "unknown key 'during' in site_files"),
    ("site-files-no-after", site_files("\n  before: a.csv\n  synthetic: true"), "before: a.csv", "site_files needs 'after'"),
    ("site-files-synthetic-not-boolean", site_files("\n  before: a.csv\n  after: b.csv\n  synthetic: yes"), "synthetic: yes", "expected synthetic: true or false"),
    ("site-files-no-synthetic", site_files("\n  before: a.csv\n  after: b.csv"), "before: a.csv", "site_files needs 'synthetic'"),
    ("site-files-same-file", site_files("\n  before: a.csv\n  after: a.csv\n  synthetic: true"), "after: a.csv", "as both before and after"),
    ("site-files-empty-path", site_files("\n  before: ''\n  after: b.csv\n  synthetic: true"), "before: ''", "expected a site file path"),
]

# Cases files whose requests misuse retransfer, destination or supplier (in cases/, against cases/scenario.yaml).
# Each is refused with the case's file:line:column: when the file loads (shape) or when its requests meet the scenario.
CASES_SCENARIO = RETRANSFER_BASE.replace("variants:", RETRANSFER_POLICY)
REQUEST = "{recipient: UA, item: gmlrs, use: retransfer, destination: PL, date: 2024-06-01}"
def cases_file(request):
    return f"greenlight-cases: 1\nscenario: scenario.yaml\ncases:\n  - name: a retransfer\n    request: {request}\n    expect: {{decision: permit}}\n"
CASES_FILES = [
    ("retransfer-without-destination", REQUEST.replace(", destination: PL", ""), 6, "needs a destination"),
    ("destination-on-strike", REQUEST.replace("use: retransfer", "use: strike"), 6, "only use 'retransfer' has a destination"),
    ("destination-is-recipient", REQUEST.replace("destination: PL", "destination: UA"), 6, "is the recipient itself"),
    ("destination-undeclared", REQUEST.replace("destination: PL", "destination: XQ"), 6, "destination 'XQ' is not a state declared"),
    ("destination-case", REQUEST.replace("destination: PL", "destination: pl"), 6, "did you mean 'PL'?"),
    ("supplier-undeclared", REQUEST.replace("date:", "supplier: GB, date:"), 6, "supplier 'GB' is not a state declared"),
    ("supplier-empty", REQUEST.replace("date:", "supplier: '', date:"), 6, "a supplier state"),
    ("use-retransfer-capitalised", REQUEST.replace("use: retransfer", "use: Retransfer"), 6, "did you mean 'retransfer'?"),
]

def write(path, text, line, needle, count=()):
    if isinstance(line, str):
        line = line_of(text, line)
    expect_line = line if line is not None else 0
    # An optional third part, `| errors: N`: the loader must report exactly N errors.
    header = f"# expect: {expect_line} | {needle}" + (f" | errors: {count[0]}" if count else "") + "\n"
    with open(path, "w") as f:
        f.write(header + text)

for i, (name, text, line, needle, *count) in enumerate(CASES, start=1):
    write(f"{i:02d}-{name}.yaml", text, line, needle, count)
for i, (name, text, line, needle, *count) in enumerate(RETRANSFER_CASES, start=1):
    write(f"r{i:02d}-{name}.yaml", text, line, needle, count)
for i, (name, text, line, needle, *count) in enumerate(QUESTION_CASES, start=1):
    write(f"q{i:02d}-{name}.yaml", text, line, needle, count)
for i, (name, text, line, needle, *count) in enumerate(SITE_FILES_CASES, start=1):
    write(f"s{i:02d}-{name}.yaml", text, line, needle, count)
import os
os.makedirs("cases", exist_ok=True)
with open("cases/scenario.yaml", "w") as f:
    f.write("# The valid scenario the malformed cases files below run against.\n" + CASES_SCENARIO)
for i, (name, request, line, needle) in enumerate(CASES_FILES, start=1):
    # The header is line 1, so the request written on line 5 of the file's body is line 6.
    write(f"cases/c{i:02d}-{name}.yaml", cases_file(request), line, needle)
print(len(CASES) + len(RETRANSFER_CASES) + len(QUESTION_CASES) + len(SITE_FILES_CASES), "scenario fixtures and", len(CASES_FILES), "cases fixtures written")
