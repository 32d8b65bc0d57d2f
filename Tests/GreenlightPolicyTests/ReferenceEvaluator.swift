import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// An independent reference for DESIGN.md's decision semantics, written from the design text and the
/// twelve readings in `shared/conformance/README.md`, to hold `PolicyEngine` to in a differential test.
///
/// It reads only the scenario's data (states, items, components, transfers, jurisdiction rules,
/// policies, variants, area predicate trees) and re-derives everything else: it calls no decision
/// helper of the library (no `PolicyEngine` internals, `CompiledPolicies`, `requiredAuthorities`,
/// `CategoryPath`, `Scenario.policies(variant:)` or `AreaPredicate.contains`/`isWithin`/`distanceMeters`).
/// Its only geometric primitives are `GeodesicMultiPolygon.contains(_:)`,
/// `GeodesicMultiPolygon.distanceMeters(_:)` and `WGS84.shared.distanceMeters(_:_:)`.
/// It is written for clarity, not speed.
struct ReferenceEvaluator: Sendable {
    let scenario: Scenario
    let variant: String?
    /// The policies in force under the variant, by authority.
    let policiesByAuthority: [String: [Policy]]

    enum Outcome: Sendable, Equatable, CustomStringConvertible {
        /// The request is not valid against the scenario (the engine must reject it).
        case invalid(String)
        /// No transfer of the item to the recipient on or before the date, and the recipient did not
        /// make it: deny, reason `not-transferred` (required and missing are not pinned; `required`
        /// is still the jurisdiction rules' set, with no supplier).
        case notTransferred(required: Set<String>)
        /// A decision: permitted iff `missing` is empty.
        case decided(required: Set<String>, missing: Set<String>)

        var description: String {
            switch self {
            case let .invalid(why): return "invalid (\(why))"
            case let .notTransferred(required): return "deny not-transferred, required \(required.sorted())"
            case let .decided(required, missing):
                return "\(missing.isEmpty ? "permit" : "deny"), required \(required.sorted()), missing \(missing.sorted())"
            }
        }
    }

    struct Answer: Sendable, CustomStringConvertible {
        var outcome: Outcome
        /// Launch-to-target distance within range_km; nil without a launch point or without a range.
        var inRange: Bool?
        var description: String { "\(outcome)\(inRange.map { ", in_range \($0)" } ?? "")" }
    }

    enum Failure: Error, CustomStringConvertible {
        case unknownVariant(String)
        var description: String { switch self { case let .unknownVariant(v): return "unknown variant '\(v)'" } }
    }

    /// Reading 9: a variant removes the listed policy ids and adds the listed policies. Variants that
    /// add facts (docs/scenario-format.md, "variants"): its states, areas and items are added, the
    /// scenario's transfers with an id it lists are left out, and its transfers are added; they count
    /// exactly as the scenario's own.
    init(scenario: Scenario, variant: String?) throws(Failure) {
        var facts = scenario
        self.variant = variant
        var policies = scenario.policies
        if let variant {
            guard let v = scenario.variants[variant] else { throw .unknownVariant(variant) }
            let removed = Set(v.remove)
            policies.removeAll { removed.contains($0.id) }
            policies.append(contentsOf: v.add)
            for state in v.addStates { facts.states[state.code] = state }
            for (name, predicate) in v.addAreas { facts.areas[name] = predicate }
            for item in v.addItems { facts.items[item.id] = item }
            let leftOut = Set(v.removeTransfers)
            facts.transfers = scenario.transfers.filter { t in t.id.map { !leftOut.contains($0) } ?? true } + v.addTransfers
        }
        self.scenario = facts
        var byAuthority: [String: [Policy]] = [:]
        for p in policies { byAuthority[p.authority, default: []].append(p) }
        policiesByAuthority = byAuthority
    }

    // MARK: Deciding

    func evaluate(_ r: UseRequest) -> Answer {
        guard scenario.states[r.recipient] != nil else { return Answer(outcome: .invalid("recipient \(r.recipient) is not a declared state")) }
        guard let item = scenario.items[r.item] else { return Answer(outcome: .invalid("unknown item \(r.item)")) }
        if r.launch != nil && r.target == nil { return Answer(outcome: .invalid("a launch point without a target")) }
        // docs/scenario-format.md, "How values are read": a use or category that differs from one the
        // policies (of the scenario or any variant) name only in capitals is invalid, never decided.
        let everyPolicy = scenario.policies + scenario.variants.values.flatMap(\.add)
        // "retransfer" is a use of the format itself, named or not.
        let namedUses = Set(everyPolicy.flatMap { $0.uses ?? [] }).union(["retransfer"])
        if !namedUses.contains(r.use), namedUses.contains(where: { $0.lowercased() == r.use.lowercased() }) {
            return Answer(outcome: .invalid("use \(r.use) differs from a named use only in capitals"))
        }
        // "Transfers as uses": a retransfer names a declared destination other than the recipient; no
        // other use has a destination; a named supplier is a declared state.
        if let d = r.destination, scenario.states[d] == nil { return Answer(outcome: .invalid("destination \(d) is not a declared state")) }
        if let s = r.supplier, scenario.states[s] == nil { return Answer(outcome: .invalid("supplier \(s) is not a declared state")) }
        if r.use == "retransfer" {
            guard let d = r.destination else { return Answer(outcome: .invalid("a retransfer without a destination")) }
            if d == r.recipient { return Answer(outcome: .invalid("a retransfer to the recipient itself")) }
        } else if r.destination != nil {
            return Answer(outcome: .invalid("a destination for use \(r.use)"))
        }
        if let category = r.target?.category {
            for filter in everyPolicy.flatMap({ $0.categories ?? [] })
            where !Self.category(category, isUnder: filter) && Self.category(category.lowercased(), isUnder: filter.lowercased()) {
                return Answer(outcome: .invalid("category \(category) is under \(filter) but for capitals"))
            }
        }

        var inRange: Bool?
        if let launch = r.launch, let target = r.target, let rangeKm = item.rangeKm {
            inRange = WGS84.shared.distanceMeters(launch, target.point) / 1000 <= rangeKm
        }

        // Rule 1 and readings 1–4: suppliers are every state with a transfer of this item to this
        // recipient dated on or before the request date (inclusive). "Several suppliers": a request
        // that names a supplier concerns that state's deliveries only, and then the recipient's own
        // make does not count as holding the item.
        var delivered = scenario.transfers.filter { $0.item == r.item && $0.to == r.recipient && Self.onOrBefore($0.date, r.date) }
        if let named = r.supplier { delivered = delivered.filter { $0.from == named } }
        let suppliers = Set(delivered.map(\.from))
        let transferred = !delivered.isEmpty || (r.supplier == nil && item.origin == r.recipient)

        var required = Set<String>()
        for rule in scenario.jurisdiction {
            switch rule {
            case .supplier:
                required.formUnion(suppliers)
            case .origin:
                required.insert(item.origin)
            case let .seeThrough(regime):
                // Reading 5: whatever the value share; components without a regime are not controlled.
                for c in item.components where c.regime == regime { required.insert(c.origin) }
            case let .deMinimis(regime, percent, groupPercent):
                required.formUnion(deMinimisOrigins(item: item, recipient: r.recipient, regime: regime, percent: percent, groupPercent: groupPercent))
            }
        }
        required.remove(r.recipient) // reading 4: removed last, whichever rule named it

        guard transferred else { return Answer(outcome: .notTransferred(required: required), inRange: inRange) }

        // docs/scenario-format.md, "Requests without a target": invalid only when a policy of a required
        // state that applies by date, use, recipient, item and origin filters on the target's area or category.
        if r.target == nil {
            for state in required.sorted() {
                if let p = (policiesByAuthority[state] ?? []).first(where: {
                    ($0.targetIn != nil || $0.targetNotIn != nil || $0.categories != nil) && appliesApartFromTarget($0, r, item: item)
                }) {
                    return Answer(outcome: .invalid("policy \(p.id) of required \(state) applies and needs a target"), inRange: inRange)
                }
            }
        }

        var missing = Set<String>()
        for state in required where !permits(state, r, item: item) { missing.insert(state) }
        return Answer(outcome: .decided(required: required, missing: missing), inRange: inRange)
    }

    /// Rule 1 and reading 6: per origin state, the summed value of its components under the regime
    /// over the item's value, strictly greater than the threshold, compared exactly in decimal.
    /// The threshold is the lowest `group_percent` of the recipient's groups that are listed, else `percent`.
    func deMinimisOrigins(item: Item, recipient: String, regime: String, percent: Decimal, groupPercent: [String: Decimal]) -> Set<String> {
        let listed = (scenario.states[recipient]?.groups ?? []).compactMap { groupPercent[$0] }
        var threshold = percent
        if let first = listed.first {
            threshold = first
            for t in listed where t < threshold { threshold = t }
        }
        guard let value = item.value else { return [] } // the loader requires a value wherever this rule can apply
        var content: [String: Decimal] = [:]
        for c in item.components where c.regime == regime {
            content[c.origin, default: Decimal(0)] += c.value ?? Decimal(0)
        }
        var out = Set<String>()
        for (origin, sum) in content {
            // sum / value > threshold / 100  ⇔  100·sum > threshold·value (value > 0), no division, no rounding.
            let lhs = Decimal(100) * sum, rhs = threshold * value
            if lhs > rhs { out.insert(origin) }
        }
        return out
    }

    /// Rule 2 and reading 8 (Cedar): permitted iff at least one applicable permit and no applicable forbid.
    func permits(_ state: String, _ r: UseRequest, item: Item) -> Bool {
        var permit = false
        for p in policiesByAuthority[state] ?? [] where applies(p, r, item: item) {
            if p.effect == .forbid { return false }
            permit = true
        }
        return permit
    }

    /// All filters match (an absent filter matches everything) and the date is within from–until, inclusive.
    func applies(_ p: Policy, _ r: UseRequest, item: Item) -> Bool {
        guard appliesApartFromTarget(p, r, item: item) else { return false }
        if let categories = p.categories {
            guard let category = r.target?.category else { return false }
            guard categories.contains(where: { Self.category(category, isUnder: $0) }) else { return false }
        }
        if let area = p.targetIn {
            guard let t = r.target, Self.inside(area.predicate, t.point) else { return false }
        }
        if let area = p.targetNotIn {
            guard let t = r.target, !Self.inside(area.predicate, t.point) else { return false }
        }
        return true
    }

    /// The date, use, recipient, item, origin and destination filters match.
    func appliesApartFromTarget(_ p: Policy, _ r: UseRequest, item: Item) -> Bool {
        if let from = p.from, !Self.onOrBefore(from, r.date) { return false }
        if let until = p.until, !Self.onOrBefore(r.date, until) { return false }
        if let uses = p.uses, !uses.contains(where: { $0 == r.use }) { return false }
        if let recipients = p.recipients, !recipients.contains(where: { $0 == r.recipient }) { return false }
        if let items = p.items, !items.contains(where: { $0 == r.item }) { return false }
        if let origins = p.itemOrigin, !origins.contains(where: { $0 == item.origin }) { return false }
        // A destinations filter needs the request's destination among them; a request without one never matches.
        if let destinations = p.destinations {
            guard let d = r.destination, destinations.contains(where: { $0 == d }) else { return false }
        }
        return true
    }

    // MARK: Pieces of the semantics

    /// a ≤ b for calendar days, by year, month, day.
    static func onOrBefore(_ a: CalendarDay, _ b: CalendarDay) -> Bool {
        if a.year != b.year { return a.year < b.year }
        if a.month != b.month { return a.month < b.month }
        return a.day <= b.day
    }

    /// Reading 7: a policy category matches its own path and every path below it, segment by segment.
    static func category(_ category: String, isUnder filter: String) -> Bool {
        let c = category.split(separator: "/", omittingEmptySubsequences: false)
        let f = filter.split(separator: "/", omittingEmptySubsequences: false)
        guard c.count >= f.count else { return false }
        for k in 0..<f.count where c[k] != f[k] { return false }
        return true
    }

    /// Membership in an area expression, evaluated from its tree.
    static func inside(_ area: AreaPredicate, _ p: GeoPoint) -> Bool {
        switch area {
        case let .polygon(shape, _): return shape.contains(p)
        case let .circle(center, radius): return WGS84.shared.distanceMeters(center, p) <= radius
        case let .within(meters, inner): return distance(inner, p) <= meters // reading 10
        case let .any(parts): return parts.contains { inside($0, p) }
        case let .all(parts): return parts.allSatisfy { inside($0, p) }
        case let .not(inner): return !inside(inner, p)
        }
    }

    /// Geodesic distance in metres from the point to the area, 0 inside. Defined for the forms
    /// `within_km` may buffer: polygons, circles, buffers (the nearest point of a buffer lies R closer
    /// than the nearest point of what it buffers) and unions (the nearest member).
    static func distance(_ area: AreaPredicate, _ p: GeoPoint) -> Double {
        switch area {
        case let .polygon(shape, _): return shape.distanceMeters(p)
        case let .circle(center, radius): return max(0, WGS84.shared.distanceMeters(center, p) - radius)
        case let .within(meters, inner): return max(0, distance(inner, p) - meters)
        case let .any(parts): return parts.map { distance($0, p) }.min() ?? .infinity
        case .all, .not:
            preconditionFailure("within_km of an intersection or complement: the loader rejects it, and DESIGN.md defines no exact distance")
        }
    }
}
