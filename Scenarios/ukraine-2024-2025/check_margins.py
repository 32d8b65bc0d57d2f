#!/usr/bin/env python3
"""Check the flagship scenario's cases against the geometry and an independent reading of DESIGN.md.

For every case in cases.yaml this script

* evaluates every area predicate that any policy (base or variant) uses, at the target point, on
  the Natural Earth files in shared/data/naturalearth (view from the scenario; de-jure takes UA and
  RU from ne_10m_admin0_ukr_rus_dejure_derived.geojson, regions from the admin-1 files, where the
  Russian file also holds UA-43 Crimea and UA-40 Sevastopol);
* measures the margin of the target to every boundary that can change its case: the geodesic
  distance to each country or region boundary, and |distance - R| for each `within_km: R`;
* measures the launch-to-target geodesic distance against the item's range_km;
* recomputes the decision from DESIGN.md's semantics and compares it with `expect`;

and prints a table of the margins. It exits 1 when a margin is under 5 km or an expectation
disagrees, 2 when the files are invalid, 0 otherwise.

Distances: WGS84 geodesics (geographiclib). The distance to a boundary is taken to the boundary
densified along its geodesic edges every <= 100 m, after a haversine prefilter that keeps every
edge that can hold the nearest point; the error is far below the 5 km margin. Inside/outside uses
shapely on longitude/latitude, which is exact away from the boundary; every point is then at least
5 km from it, where planar and geodesic edges cannot disagree.

Requires: pip install shapely geographiclib pyyaml
Usage: python3 check_margins.py [--cases cases.yaml] [--data DIR] [--min-margin-km 5]
"""
import argparse
import datetime
import json
import math
import os
import re
import sys
from decimal import Decimal

import numpy as np
import yaml
from geographiclib.geodesic import Geodesic
from shapely.geometry import Point, shape

GEOD = Geodesic.WGS84
HERE = os.path.dirname(os.path.abspath(__file__))
EARTH_KM = 6371.0088

# Labels of the synthetic points, as in the comments of cases.yaml.
TARGETS = {
    (49.80, 36.60): 'H', (50.60, 36.80): 'B', (50.95, 37.55): 'P', (51.45, 35.00): 'S',
    (52.45, 34.00): 'N', (51.90, 37.00): 'K', (53.15, 34.60): 'Y', (51.30, 39.30): 'V',
    (52.60, 39.60): 'D', (45.00, 34.00): 'C', (45.75, 33.95): 'C2', (44.55, 33.75): 'X',
    (53.75, 37.90): 'T', (52.75, 36.00): 'O',
}
LAUNCHES = {
    (50.05, 36.45): 'L1', (49.60, 36.30): 'L2', (49.98, 36.25): 'L3', (51.00, 34.50): 'LS',
    (46.70, 32.70): 'LK',
}


class Invalid(Exception):
    pass


# --- geometry ------------------------------------------------------------------------------------

def geodesic_km(lat1, lon1, lat2, lon2):
    return GEOD.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)['s12'] / 1000.0


class Polygonal:
    """A (multi)polygon from GeoJSON: containment and geodesic distance to its boundary."""

    def __init__(self, geometry, label):
        self.label = label
        self.shape = shape(geometry)
        polygons = geometry['coordinates'] if geometry['type'] == 'MultiPolygon' else [geometry['coordinates']]
        self.rings = [np.asarray(ring, dtype=float) for polygon in polygons for ring in polygon]
        self._cache = {}

    def contains(self, lat, lon):
        return self.shape.contains(Point(lon, lat))

    def boundary_km(self, lat, lon):
        key = (lat, lon)
        if key not in self._cache:
            self._cache[key] = self._boundary_km(lat, lon)
        return self._cache[key]

    def _boundary_km(self, lat, lon):
        phi, lam = math.radians(lat), math.radians(lon)
        candidates, best = [], math.inf
        for ring in self.rings:
            la, lo = np.radians(ring[:, 1]), np.radians(ring[:, 0])
            h = np.sin((la - phi) / 2) ** 2 + math.cos(phi) * np.cos(la) * np.sin((lo - lam) / 2) ** 2
            vertex_km = 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
            hs = np.sin((la[1:] - la[:-1]) / 2) ** 2 + np.cos(la[1:]) * np.cos(la[:-1]) * np.sin((lo[1:] - lo[:-1]) / 2) ** 2
            edge_km = 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(hs, 0, 1)))
            # a point of an edge is within half its length of the nearer end point
            lower_km = np.minimum(vertex_km[:-1], vertex_km[1:]) - edge_km / 2
            candidates.append((ring, lower_km))
            best = min(best, float(vertex_km.min()))
        threshold = best * 1.01 + 2.0      # sphere vs ellipsoid differ by well under 1%
        nearest_m = math.inf
        for ring, lower_km in candidates:
            for i in np.nonzero(lower_km <= threshold)[0]:
                (lon1, lat1), (lon2, lat2) = ring[i][:2], ring[i + 1][:2]
                line = GEOD.InverseLine(lat1, lon1, lat2, lon2)
                steps = max(1, int(math.ceil(line.s13 / 100.0)))
                for k in range(steps + 1):
                    p = line.Position(line.s13 * k / steps, Geodesic.LATITUDE | Geodesic.LONGITUDE)
                    d = GEOD.Inverse(lat, lon, p['lat2'], p['lon2'], Geodesic.DISTANCE)['s12']
                    nearest_m = min(nearest_m, d)
        return nearest_m / 1000.0


class Geography:
    def __init__(self, data_dir, view):
        def load(name, key):
            with open(os.path.join(data_dir, name)) as f:
                return {ft['properties'][key]: ft['geometry'] for ft in json.load(f)['features']}
        self.countries = load('ne_10m_admin0_region.geojson', 'iso_a2')
        if view == 'de-jure':
            self.countries.update(load('ne_10m_admin0_ukr_rus_dejure_derived.geojson', 'iso_a2'))
        self.regions = load('ne_10m_admin1_ukraine_simplified.geojson', 'iso_3166_2')
        self.regions.update(load('ne_50m_admin1_russia.geojson', 'iso_3166_2'))
        self._polygons = {}

    def polygon(self, kind, code):
        key = (kind, code)
        if key not in self._polygons:
            table = self.countries if kind == 'country' else self.regions
            if code not in table:
                raise Invalid(f'no {kind} {code} in the Natural Earth files')
            self._polygons[key] = Polygonal(table[code], f'{kind} {code}')
        return self._polygons[key]


class Areas:
    """Area expressions of scenario format 1, evaluated at points."""

    def __init__(self, named, geography):
        self.named, self.geo = named, geography

    def resolve(self, expr, seen=()):
        if isinstance(expr, str):
            if expr not in self.named:
                raise Invalid(f'unknown area name {expr}')
            if expr in seen:
                raise Invalid(f'area cycle through {expr}')
            return self.resolve(self.named[expr], seen + (expr,))
        if not isinstance(expr, dict) or len(expr) not in (1, 2):
            raise Invalid(f'bad area expression {expr!r}')
        if 'country' in expr or 'region' in expr:
            return expr
        if 'circle' in expr:
            c = expr['circle']
            return {'circle': {k: float(c[k]) for k in ('lat', 'lon', 'radius_km')}}
        if 'within_km' in expr:
            return {'within_km': float(expr['within_km']), 'of': self.resolve(expr['of'], seen)}
        if 'any' in expr or 'all' in expr:
            op = 'any' if 'any' in expr else 'all'
            return {op: [self.resolve(e, seen) for e in expr[op]]}
        if 'not' in expr:
            return {'not': self.resolve(expr['not'], seen)}
        raise Invalid(f'bad area expression {expr!r}')

    def contains(self, e, lat, lon):
        if 'country' in e:
            return self.geo.polygon('country', e['country']).contains(lat, lon)
        if 'region' in e:
            return self.geo.polygon('region', e['region']).contains(lat, lon)
        if 'circle' in e:
            c = e['circle']
            return geodesic_km(lat, lon, c['lat'], c['lon']) <= c['radius_km']
        if 'within_km' in e:
            return self.distance_km(e['of'], lat, lon) <= e['within_km']
        if 'any' in e:
            return any(self.contains(x, lat, lon) for x in e['any'])
        if 'all' in e:
            return all(self.contains(x, lat, lon) for x in e['all'])
        return not self.contains(e['not'], lat, lon)

    def distance_km(self, e, lat, lon):
        """Geodesic distance from the point to the area (0 inside); unions of simple areas only."""
        if 'country' in e or 'region' in e:
            kind = 'country' if 'country' in e else 'region'
            p = self.geo.polygon(kind, e[kind])
            return 0.0 if p.contains(lat, lon) else p.boundary_km(lat, lon)
        if 'circle' in e:
            c = e['circle']
            return max(0.0, geodesic_km(lat, lon, c['lat'], c['lon']) - c['radius_km'])
        if 'within_km' in e:
            return max(0.0, self.distance_km(e['of'], lat, lon) - e['within_km'])
        if 'any' in e:
            return min(self.distance_km(x, lat, lon) for x in e['any'])
        raise Invalid(f'distance to {e!r} is not implemented here (only unions of simple areas)')

    def predicates(self, e, out):
        """The boundaries that can change membership of e: (label, margin function)."""
        if 'country' in e or 'region' in e:
            kind = 'country' if 'country' in e else 'region'
            p = self.geo.polygon(kind, e[kind])
            out[p.label] = lambda lat, lon, p=p: p.boundary_km(lat, lon)
        elif 'circle' in e:
            c = e['circle']
            out[f"circle {c['lat']},{c['lon']} r{c['radius_km']:g}"] = \
                lambda lat, lon, c=c: abs(geodesic_km(lat, lon, c['lat'], c['lon']) - c['radius_km'])
        elif 'within_km' in e:
            out[f"within {e['within_km']:g} km of {describe(e['of'])}"] = \
                lambda lat, lon, e=e: abs(self.distance_km(e['of'], lat, lon) - e['within_km'])
        elif 'any' in e or 'all' in e:
            for x in e.get('any', e.get('all')):
                self.predicates(x, out)
        else:
            self.predicates(e['not'], out)


def describe(e):
    if 'country' in e:
        return e['country']
    if 'region' in e:
        return e['region']
    if 'any' in e:
        return '|'.join(describe(x) for x in e['any'])
    if 'all' in e:
        return '&'.join(describe(x) for x in e['all'])
    if 'not' in e:
        return '!' + describe(e['not'])
    if 'within_km' in e:
        return f"within{e['within_km']:g}({describe(e['of'])})"
    return 'circle'


# --- scenario and decisions (DESIGN.md, read independently of the Swift code) ---------------------

STATUSES = {'official', 'reported', 'hypothetical'}
KEBAB = re.compile(r'^[a-z0-9]+(-[a-z0-9]+)*$')
FILTER_KEYS = ('uses', 'recipients', 'items', 'item_origin', 'categories')


def day(text):
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise Invalid(f'bad date {text!r}')


def has_source(fact):
    """A plain source, or a piece of evidence with a source and a date (format 1.1)."""
    return bool(fact.get('source')) or any(e.get('source') and e.get('date') for e in fact.get('evidence', []))


def fact_status(fact):
    """The statuses a fact claims: its plain status and every piece of evidence's."""
    return {fact['status']} if 'status' in fact else set() | {e.get('status') for e in fact.get('evidence', [])}


def validate(scenario):
    problems = []
    for key in ('greenlight', 'name', 'view', 'states', 'items', 'transfers', 'jurisdiction', 'policies'):
        if key not in scenario:
            problems.append(f'scenario: missing {key}')
    states = dict(scenario.get('states', {}))
    items = dict(scenario.get('items', {}))
    transfers = list(scenario.get('transfers', []))
    for v in scenario.get('variants', {}).values():
        states.update(v.get('add_states', {}))
        items.update(v.get('add_items', {}))
        transfers += v.get('add_transfers', [])
    for item_id, item in items.items():
        if not KEBAB.match(item_id):
            problems.append(f'item id {item_id} is not kebab-case')
        if not has_source(item):
            problems.append(f'item {item_id}: no source')
        if item.get('origin') not in states:
            problems.append(f'item {item_id}: undeclared origin {item.get("origin")}')
        for c in item.get('components', []):
            if c.get('origin') not in states:
                problems.append(f'item {item_id}: undeclared component origin {c.get("origin")}')
    for t in transfers:
        if not has_source(t):
            problems.append(f'transfer of {t.get("item")}: no source')
        if t.get('item') not in items:
            problems.append(f'transfer of unknown item {t.get("item")}')
        for s in (t.get('from'), t.get('to')):
            if s not in states:
                problems.append(f'transfer of {t.get("item")}: undeclared state {s}')
        day(t.get('date'))
    all_policies = [(p, None) for p in scenario.get('policies', [])]
    for name, v in scenario.get('variants', {}).items():
        all_policies += [(p, name) for p in v.get('add', [])]
        base_ids = {p['id'] for p in scenario.get('policies', [])}
        for rid in v.get('remove', []):
            if rid not in base_ids:
                problems.append(f'variant {name} removes unknown policy {rid}')
    seen = set()
    for p, variant in all_policies:
        pid = p.get('id')
        where = f'policy {pid}' + (f' (variant {variant})' if variant else '')
        if not pid or not KEBAB.match(pid):
            problems.append(f'{where}: id is not kebab-case')
        if pid in seen:
            problems.append(f'{where}: duplicate id')
        seen.add(pid)
        if not has_source(p):
            problems.append(f'{where}: no source')
        if not fact_status(p) or not fact_status(p) <= STATUSES:
            problems.append(f'{where}: bad status {sorted(map(str, fact_status(p)))}')
        if p.get('authority') not in states:
            problems.append(f'{where}: undeclared authority')
        if p.get('effect') not in ('permit', 'forbid'):
            problems.append(f'{where}: bad effect')
        for k in FILTER_KEYS:
            if k in p and not p[k]:
                problems.append(f'{where}: empty {k}')
        for k in ('items',):
            for i in p.get(k, []):
                if i not in items:
                    problems.append(f'{where}: unknown item {i}')
        for k in ('recipients', 'item_origin'):
            for s in p.get(k, []):
                if s not in states:
                    problems.append(f'{where}: undeclared state {s}')
        for k in ('from', 'until'):
            if k in p:
                day(p[k])
    return problems


def with_variant(scenario, variant):
    """The scenario with a variant's facts in it: states, areas, items and transfers added, transfers
    (by id) removed, and its policies added and removed."""
    if not variant:
        return scenario
    if variant not in scenario.get('variants', {}):
        raise Invalid(f'unknown variant {variant}')
    v = scenario['variants'][variant]
    s = dict(scenario)
    s['states'] = {**scenario['states'], **v.get('add_states', {})}
    s['areas'] = {**scenario.get('areas', {}), **v.get('add_areas', {})}
    s['items'] = {**scenario['items'], **v.get('add_items', {})}
    removed = set(v.get('remove_transfers', []))
    s['transfers'] = [t for t in scenario['transfers'] if t.get('id') not in removed] + list(v.get('add_transfers', []))
    s['policies'] = scenario_policies(scenario, variant)
    s['variants'] = {}
    return s


def scenario_policies(scenario, variant):
    policies = list(scenario['policies'])
    if variant:
        if variant not in scenario.get('variants', {}):
            raise Invalid(f'unknown variant {variant}')
        v = scenario['variants'][variant]
        removed = set(v.get('remove', []))
        policies = [p for p in policies if p['id'] not in removed] + list(v.get('add', []))
    return policies


def category_matches(policy_category, target_category):
    p, t = policy_category.split('/'), target_category.split('/')
    return t[:len(p)] == p


def required_authorities(scenario, request, date):
    item_id, recipient = request['item'], request['recipient']
    item = scenario['items'][item_id]
    suppliers = {t['from'] for t in scenario['transfers']
                 if t['item'] == item_id and t['to'] == recipient and day(t['date']) <= date}
    own_make = item['origin'] == recipient
    if not suppliers and not own_make:
        return None, {}
    why = {}
    for rule in scenario['jurisdiction']:
        if rule['rule'] == 'supplier':
            for s in suppliers:
                why.setdefault(s, []).append('supplier')
        elif rule['rule'] == 'origin':
            why.setdefault(item['origin'], []).append('origin')
        elif rule['rule'] == 'see-through':
            for c in item.get('components', []):
                if c.get('regime') == rule['regime']:
                    why.setdefault(c['origin'], []).append(f"see-through {rule['regime']}")
        elif rule['rule'] == 'de-minimis':
            groups = scenario['states'].get(recipient, {}).get('groups', [])
            gp = rule.get('group_percent', {})
            thresholds = [Decimal(gp[g]) for g in groups if g in gp]
            threshold = min(thresholds) if thresholds else Decimal(rule['percent'])
            shares = {}
            for c in item.get('components', []):
                if c.get('regime') == rule['regime']:
                    shares[c['origin']] = shares.get(c['origin'], Decimal(0)) + Decimal(c['value'])
            for s, v in shares.items():
                if v * 100 / Decimal(item['value']) > threshold:
                    why.setdefault(s, []).append(f"de minimis {rule['regime']}")
    why.pop(recipient, None)
    return set(why), why


def decide(scenario, areas, request):
    scenario = with_variant(scenario, request.get('variant'))
    areas = Areas(scenario.get('areas', {}), areas.geo)
    date = day(request['date'])
    item = scenario['items'][request['item']]
    target = request.get('target')
    launch = request.get('launch')
    out = {}
    if launch and target and 'range_km' in item:
        d = geodesic_km(float(launch['lat']), float(launch['lon']), float(target['lat']), float(target['lon']))
        out['distance_km'], out['in_range'] = d, d <= float(item['range_km'])
    required, _ = required_authorities(scenario, request, date)
    if required is None:
        out.update(decision='deny', reason='not-transferred')
        return out
    policies = scenario['policies']
    missing, deciding = set(), {}
    for authority in sorted(required):
        permits, forbids = [], []
        for p in policies:
            if p['authority'] != authority:
                continue
            if 'uses' in p and request['use'] not in p['uses']:
                continue
            if 'recipients' in p and request['recipient'] not in p['recipients']:
                continue
            if 'items' in p and request['item'] not in p['items']:
                continue
            if 'item_origin' in p and item['origin'] not in p['item_origin']:
                continue
            if 'from' in p and date < day(p['from']):
                continue
            if 'until' in p and date > day(p['until']):
                continue
            if any(k in p for k in ('target_in', 'target_not_in', 'categories')) and not target:
                raise Invalid(f"policy {p['id']} needs a target")
            lat, lon = (float(target['lat']), float(target['lon'])) if target else (None, None)
            if 'target_in' in p and not areas.contains(areas.resolve(p['target_in']), lat, lon):
                continue
            if 'target_not_in' in p and areas.contains(areas.resolve(p['target_not_in']), lat, lon):
                continue
            if 'categories' in p and not any(category_matches(c, target.get('category', ''))
                                             for c in p['categories']):
                continue
            (permits if p['effect'] == 'permit' else forbids).append(p['id'])
        permitted = bool(permits) and not forbids
        deciding[authority] = (permitted, permits, forbids)
        if not permitted:
            missing.add(authority)
    out.update(decision='deny' if missing else 'permit', required=required, missing=missing,
               deciding=deciding)
    return out


def compare(expect, got):
    problems = []
    for key, want in expect.items():
        if key in ('required', 'missing'):
            if got.get('reason') == 'not-transferred':
                continue
            if set(want) != got.get(key):
                problems.append(f'{key}: expected {sorted(want)}, got {sorted(got.get(key, []))}')
        elif key == 'in_range':
            want_b = {'true': True, 'false': False, 'null': None}[want]
            if got.get('in_range') != want_b:
                problems.append(f'in_range: expected {want}, got {got.get("in_range")}')
        elif key == 'decision':
            if want != got['decision']:
                problems.append(f'decision: expected {want}, got {got["decision"]}')
        elif key == 'reason':
            if want != got.get('reason'):
                problems.append(f'reason: expected {want}, got {got.get("reason")}')
        else:
            problems.append(f'unknown expect key {key}')
    return problems


# --- main ----------------------------------------------------------------------------------------

def load_yaml(path):
    with open(path) as f:
        text = f.read()
    # Codes are text: read every scalar as a string (no YAML 1.1 booleans, dates or numbers).
    data = yaml.load(text, Loader=yaml.BaseLoader)
    # ... and make sure no code is a YAML 1.1 boolean (NO, ON, YES, ...): only true/false may be.
    def walk(node, text, path):
        if isinstance(node, bool) and str(text).lower() not in ('true', 'false'):
            raise Invalid(f'{path}: {text!r} is a boolean to a YAML 1.1 reader; quote it')
        if isinstance(node, dict):
            for (k, v), (tk, tv) in zip(node.items(), text.items()):
                if isinstance(k, bool):
                    raise Invalid(f'{path}: key {tk!r} is a boolean to a YAML 1.1 reader; quote it')
                walk(v, tv, f'{path}.{tk}')
        elif isinstance(node, list):
            for i, (v, tv) in enumerate(zip(node, text)):
                walk(v, tv, f'{path}[{i}]')
    walk(yaml.safe_load(text), data, os.path.basename(path))
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cases', default=os.path.join(HERE, 'cases.yaml'))
    default_data = os.environ.get('GREENLIGHT_NE_DATA') or os.path.normpath(
        os.path.join(HERE, '..', '..', '..', 'shared', 'data', 'naturalearth'))
    parser.add_argument('--data', default=default_data, help='folder with the Natural Earth GeoJSON files')
    parser.add_argument('--min-margin-km', type=float, default=5.0)
    args = parser.parse_args()

    try:
        cases_doc = load_yaml(args.cases)
        scenario_path = os.path.join(os.path.dirname(os.path.abspath(args.cases)), cases_doc['scenario'])
        scenario = load_yaml(scenario_path)
        problems = validate(scenario)
        if problems:
            raise Invalid('; '.join(problems))
        geography = Geography(args.data, scenario['view'])
        areas = Areas(scenario.get('areas', {}), geography)

        # every boundary that a policy's area filter (base or variant) can meet
        predicates = {}
        for v in [None] + list(scenario.get('variants', {})):
            applied = with_variant(scenario, v)
            variant_areas = Areas(applied.get('areas', {}), geography)
            for p in applied['policies']:
                for key in ('target_in', 'target_not_in'):
                    if key in p:
                        variant_areas.predicates(variant_areas.resolve(p[key]), predicates)
        named = {name: areas.resolve(name) for name in scenario.get('areas', {})}
    except (Invalid, KeyError, OSError, yaml.YAMLError) as e:
        print(f'invalid input: {e}', file=sys.stderr)
        return 2

    # 1. the synthetic points: where they are and how far from what
    points = {}
    for case in cases_doc['cases']:
        t = case['request'].get('target')
        if t:
            points[(float(t['lat']), float(t['lon']))] = True
    ru = geography.polygon('country', 'RU')
    ua = geography.polygon('country', 'UA')
    print('Synthetic target points (distances in km, WGS84 geodesics)')
    print(f"{'pt':<3} {'lat':>6} {'lon':>6}  {'RU':>3} {'UA':>3} {'to RU/UA border':>15} {'to UA-63':>8} {'to UA-59':>8}  regions / named areas")
    for (lat, lon) in points:
        regions = [c for c in geography.regions if geography.polygon('region', c).contains(lat, lon)]
        inside = [n for n, e in named.items() if areas.contains(e, lat, lon)]
        print(f"{TARGETS.get((lat, lon), '?'):<3} {lat:6.2f} {lon:6.2f}  {'yes' if ru.contains(lat, lon) else 'no':>3} "
              f"{'yes' if ua.contains(lat, lon) else 'no':>3} {ru.boundary_km(lat, lon):15.1f} "
              f"{areas.distance_km({'region': 'UA-63'}, lat, lon):8.1f} {areas.distance_km({'region': 'UA-59'}, lat, lon):8.1f}  "
              f"{','.join(regions)} / {','.join(inside)}")
    print('\n(for a point in Ukraine "to RU/UA border" is the distance to Russia, which is not the coast;')
    print(' the boundary margins below include the coast wherever UA or RU is a predicate)')
    print('\nBoundaries that can change a case (from the area filters of all policies and variants):')
    for label in predicates:
        print(f'  - {label}')

    # 2. the cases
    print(f"\n{'#':>2} {'pt':<3} {'min margin':>10}  {'nearest boundary':<38} {'launch':<6} {'dist':>6} {'range':>5} {'rmargin':>7}  {'decision':<8} check  name")
    worst_target, worst_range, failures, small = (math.inf, None), (math.inf, None), 0, 0
    for n, case in enumerate(cases_doc['cases'], 1):
        req = case['request']
        t = req.get('target')
        margin_text, range_text = '', ''
        if t:
            lat, lon = float(t['lat']), float(t['lon'])
            margins = {label: f(lat, lon) for label, f in predicates.items()}
            label = min(margins, key=margins.get)
            m = margins[label]
            if m < worst_target[0]:
                worst_target = (m, f'case {n} ({TARGETS.get((lat, lon), "?")}) to {label}')
            if m < args.min_margin_km:
                small += 1
            margin_text = f'{m:10.1f}  {label:<38}'
        else:
            margin_text = f"{'-':>10}  {'':<38}"
        try:
            got = decide(scenario, areas, req)
        except (Invalid, KeyError) as e:
            print(f'invalid input in case {n}: {e}', file=sys.stderr)
            return 2
        launch = req.get('launch')
        if launch and 'distance_km' in got:
            rng = float(with_variant(scenario, req.get('variant'))['items'][req['item']]['range_km'])
            rm = abs(got['distance_km'] - rng)
            if rm < worst_range[0]:
                worst_range = (rm, f'case {n}')
            if rm < args.min_margin_km:
                small += 1
            lname = LAUNCHES.get((float(launch['lat']), float(launch['lon'])), '?')
            range_text = f"{lname:<6} {got['distance_km']:6.1f} {rng:5.0f} {rm:7.1f}"
        else:
            range_text = f"{'-':<6} {'':>6} {'':>5} {'':>7}"
        problems = compare(case.get('expect', {}), got)
        if problems:
            failures += 1
        pt = TARGETS.get((float(t['lat']), float(t['lon'])), '?') if t else '-'
        print(f"{n:2d} {pt:<3} {margin_text} {range_text}  {got['decision']:<8} {'ok' if not problems else 'FAIL':<5}  {case['name']}")
        for p in problems:
            print(f'      {p}')

    print(f'\nsmallest target margin: {worst_target[0]:.1f} km ({worst_target[1]})')
    if worst_range[1]:
        print(f'smallest range margin:  {worst_range[0]:.1f} km ({worst_range[1]})')
    print(f'margins under {args.min_margin_km:g} km: {small}')
    print(f'{len(cases_doc["cases"]) - failures} passed, {failures} failed')
    return 1 if failures or small else 0


if __name__ == '__main__':
    sys.exit(main())
