import Foundation
import GreenlightGeodesy

/// Decides proposed uses against one scenario under one variant (DESIGN.md decision semantics).
/// Every answer is read from the policy kernel: a question compiles once (`compile`) into, per
/// required authority, where it permits and why; decisions, fast verdicts, site classification and
/// zones are views of that compiled form. Built once, then shared.
public final class PolicyEngine: Sendable {
    /// The scenario with the variant's changes applied (its added states, areas, items and transfers count as the scenario's own).
    public let scenario: Scenario
    public let variant: String?
    let policiesByAuthority: [String: [Policy]]
    let stateIndexes: [String: Int32]
    /// The scenario's names, which requests are checked against.
    public let names: ScenarioNames
    /// Compiled questions (analyses and the server ask the same questions many times).
    private let cache = ProcessCache<PolicyQuestion, CompiledQuestion>(limit: 4096)
    /// The positions shown beside decisions: they depend on the date, the policies cited and the
    /// required states, which many decisions share (the server answers the same question at many places).
    private let positionsCache = ProcessCache<PositionsKey, [PositionNote]>(limit: 4096)
    private struct PositionsKey: Hashable, Sendable { var date: CalendarDay; var variant: String?; var cited: [String]; var required: [String] }

    public init(scenario: Scenario, variant: String? = nil) throws(InputError) {
        let scenario = try scenario.applying(variant: variant)
        self.scenario = scenario
        self.variant = variant
        let policies = scenario.policies
        policiesByAuthority = Dictionary(grouping: policies, by: \.authority)
        stateIndexes = Dictionary(uniqueKeysWithValues: scenario.stateOrder.enumerated().map { ($1, Int32($0)) })
        names = ScenarioNames(scenario)
    }

    /// The question compiled (cached: analyses and the server ask the same questions many times).
    /// An unknown item compiles to no transfer and no authority.
    public func compile(_ q: PolicyQuestion) -> CompiledQuestion {
        if let hit = cache[q] { return hit }
        let consent = scenario.requiredAuthorities(item: q.item, recipient: q.recipient, date: q.date, supplier: q.supplier)
        var authorities: [CompiledAuthority] = []
        if let item = scenario.items[q.item] {
            authorities = consent.authorities.map {
                CompiledAuthority(required: $0, stateIndex: stateIndexes[$0.state] ?? -1, policies: policiesByAuthority[$0.state] ?? [], question: q, item: item)
            }
        }
        let compiled = CompiledQuestion(question: q, consent: consent, authorities: authorities)
        cache.store(q, compiled)
        return compiled
    }

    /// Checks a request against the scenario: known recipient and item, a use and a category that are
    /// not a case-mismatch of the scenario's, and a target wherever a policy that applies to the request
    /// needs one. Errors carry the request field at fault.
    public func validate(_ request: UseRequest) throws(InputError) {
        let here = SourceLocation(file: scenario.file, line: 0, column: 0)
        try names.checkRecipient(request.recipient)
        try names.checkItem(request.item)
        try names.checkUse(request.use)
        try names.checkTransferFields(use: request.use, recipient: request.recipient, destination: request.destination, supplier: request.supplier)
        if let category = request.target?.category { try names.checkCategory(category) }
        if request.target == nil {
            if request.launch != nil { throw InputError(here, "a launch point needs a target point to measure the distance to", field: "launch", code: .incompleteRequest) }
            if let p = targetDependentPolicy(PolicyQuestion(request)) {
                throw InputError(p.location, "policy \(p.id) applies to this request and filters on the target's area or category, but the request has no target (give --target LAT,LON[,CATEGORY])", field: "target", code: .incompleteRequest)
            }
        }
    }

    /// The first policy that applies to the question by use, recipient, item, origin and date and has
    /// an area or category filter; nil when the answer does not depend on a target (or the item was
    /// not transferred, so that no policy is evaluated).
    func targetDependentPolicy(_ q: PolicyQuestion) -> Policy? {
        let compiled = compile(q)
        guard compiled.consent.transferred, let item = scenario.items[q.item] else { return nil }
        for authority in compiled.authorities {
            for p in policiesByAuthority[authority.state] ?? [] where p.needsTarget && PolicyFilters.placeFreeFailures(p, q, item: item).isEmpty {
                return p
            }
        }
        return nil
    }

    /// Just the verdict, without explanations (the hot path of analyses and benchmarks).
    public func isPermitted(_ r: UseRequest) -> Bool { compile(PolicyQuestion(r)).isPermitted(at: r.target?.point) }

    /// The required states that do not permit the use, as indexes into `scenario.stateOrder`
    /// (empty: permitted), or nil when the item was not transferred. Hot path, no explanations.
    public func missingStateIndexes(_ r: UseRequest) -> [Int32]? {
        let compiled = compile(PolicyQuestion(r))
        guard compiled.consent.transferred else { return nil }
        return compiled.missing(at: r.target?.point).map(\.stateIndex)
    }

    /// The full decision with its explanation, and beside it the scenario's positions on what it is
    /// about (read after the decision is made, from it: they never change it).
    public func decide(_ r: UseRequest) throws(InputError) -> Decision {
        var decision = try decideAndExplain(r)
        let cited = Set(decision.authorities.flatMap { $0.deciding.map(\.id) + $0.nearestMisses.map(\.policy.id) })
        let key = PositionsKey(date: r.date, variant: r.variant, cited: cited.sorted(), required: decision.required.sorted())
        if let hit = positionsCache[key] { decision.positions = hit } else {
            decision.positions = scenario.positions(on: r.date, variants: r.variant.map { [$0] } ?? [], policies: cited, required: Set(decision.required))
            positionsCache.store(key, decision.positions)
        }
        return decision
    }

    /// The decision with its explanation (the positions are added by `decide`).
    func decideAndExplain(_ r: UseRequest) throws(InputError) -> Decision {
        try validate(r)
        let item = scenario.items[r.item]!
        let compiled = compile(PolicyQuestion(r))
        let derivation = compiled.consent
        var decision = Decision(decision: .permit, reason: nil, required: derivation.authorities.map(\.state), missing: [], inRange: nil,
                                distanceKm: nil, rangeKm: item.rangeKm, notes: [], authorities: [], request: echo(r))
        if let launch = r.launch, let target = r.target {
            let km = WGS84.shared.distanceMeters(launch, target.point) / 1000
            decision.distanceKm = km
            if let range = item.rangeKm {
                decision.inRange = km <= range
                decision.notes.append("launch to target \(oneDecimal(km)) km, \(km <= range ? "within" : "beyond") the \(oneDecimal(range)) km range of \(item.name) (reported beside the decision, never folded into it)")
            } else {
                decision.notes.append("\(item.name) has no range_km in the scenario: in_range is unknown")
            }
        }
        if let supplier = r.supplier, !derivation.otherSuppliers.isEmpty {
            decision.notes.append("the request concerns the \(item.name) that \(supplier) supplied: \(derivation.otherSuppliers.joined(separator: ", ")) also supplied \(r.recipient) with it and \(derivation.otherSuppliers.count == 1 ? "is" : "are") not asked")
        }
        guard derivation.transferred else {
            decision.decision = .deny
            decision.reason = "not-transferred"
            if let supplier = r.supplier {
                decision.notes.insert("no transfer of \(item.name) from \(supplier) to \(r.recipient) on or before \(r.date)", at: 0)
            } else {
                decision.notes.insert("no transfer of \(item.name) to \(r.recipient) on or before \(r.date), and \(r.recipient) did not make it", at: 0)
            }
            return decision
        }
        for authority in compiled.authorities {
            var verdict = explain(authority, at: r.target?.point)
            verdict.facts = authority.required.facts
            if verdict.verdict == .deny { decision.missing.append(authority.state) }
            decision.authorities.append(verdict)
        }
        if !decision.missing.isEmpty { decision.decision = .deny }
        if derivation.authorities.isEmpty { decision.notes.append("no state's consent is required for this use") }
        return decision
    }

    /// One authority's verdict at a place, read from its compiled region, with the policies that decide it.
    func explain(_ authority: CompiledAuthority, at point: GeoPoint?) -> AuthorityVerdict {
        let name = scenario.states[authority.state]?.name ?? authority.state
        // The verdict is the region's; the deciding policies are read at the same point, each area measured once.
        var memo = RegionFormula.FieldMemo()
        let permitted = authority.region.contains(point, memo: &memo)
        let forbids = authority.forbids.filter { $0.area.contains(point, memo: &memo) }.map(\.reference)
        let permits = authority.permits.filter { $0.area.contains(point, memo: &memo) }.map(\.reference)
        var verdict = AuthorityVerdict(state: authority.state, name: name, requiredBecause: authority.required.reasons, verdict: permitted ? .permit : .deny,
                                       deciding: [], nearestMisses: [], explanation: "")
        func list(_ ps: [PolicyReference]) -> String { ps.map { "\($0.id) (\($0.status.rawValue))" }.joined(separator: ", ") }
        if permitted {
            verdict.deciding = permits
            verdict.explanation = "\(name) permits it: \(list(permits))"
        } else if !forbids.isEmpty {
            verdict.deciding = forbids
            verdict.explanation = "\(name) forbids it: \(list(forbids))" + (permits.isEmpty ? "" : "; a forbid wins over the permit of \(list(permits))")
        } else {
            verdict.nearestMisses = nearestMisses(authority, at: point)
            if !authority.hasPolicies {
                verdict.explanation = "\(name) has no policy in this scenario\(variant.map { " (variant \($0))" } ?? ""): no permit applies"
            } else if verdict.nearestMisses.isEmpty {
                verdict.explanation = "\(name) has no permit policy: no permit applies"
            } else {
                verdict.explanation = "no permit of \(name) applies; nearest: " + verdict.nearestMisses.map { "\($0.policy.id): \($0.failures.joined(separator: "; "))" }.joined(separator: " | ")
            }
        }
        return verdict
    }

    /// The permits that fail the fewest filters at the place (at most three, in scenario order).
    func nearestMisses(_ authority: CompiledAuthority, at point: GeoPoint?) -> [NearMiss] {
        let misses = authority.permitCandidates.map { c in
            NearMiss(policy: c.reference, failures: c.failures + areaFailures(c.policy, at: point))
        }
        let fewest = misses.map(\.failures.count).min() ?? 0
        return Array(misses.filter { $0.failures.count == fewest }.prefix(3))
    }

    /// The target-area filters of the policy that the place fails, in words.
    func areaFailures(_ p: Policy, at point: GeoPoint?) -> [String] {
        guard let point else { return [] }
        var out: [String] = []
        if let area = p.targetIn, !area.predicate.contains(point) {
            let d = area.predicate.distanceMeters(point)
            out.append("target \(d.exact ? "" : "at least ")\(oneDecimal(d.meters / 1000)) km outside \(area.label)")
        }
        if let area = p.targetNotIn, area.predicate.contains(point) {
            out.append("target is inside \(area.label), which the policy excludes")
        }
        return out
    }

    func echo(_ r: UseRequest) -> RequestEcho {
        var target: [String: String]?
        if let t = r.target {
            target = ["lat": "\(t.point.latitude)", "lon": "\(t.point.longitude)"]
            if let c = t.category { target?["category"] = c }
        }
        return RequestEcho(recipient: r.recipient, item: r.item, use: r.use, date: r.date, target: target,
                           launch: r.launch.map { ["lat": $0.latitude, "lon": $0.longitude] }, variant: r.variant,
                           destination: r.destination, supplier: r.supplier)
    }
}


/// A number with one decimal ("212.4"; "250" for whole numbers), without Foundation's formatter.
func oneDecimal(_ x: Double) -> String {
    let tenths = (x * 10).rounded()
    if tenths == (tenths / 10).rounded() * 10 { return String(Int(tenths / 10)) }
    return String(tenths / 10)
}

/// Category paths such as `military/airfield`: a filter matches its own path and everything below it,
/// segment by segment (`military` matches `military/airfield`, not `military-industrial/plant`).
public enum CategoryPath {
    /// Compared as Swift strings (canonical equivalence, as uses, recipients and items are): the
    /// filter itself, or the filter followed by "/" and more. Matched once per compiled question.
    public static func matches(filter: String, category: String) -> Bool {
        category == filter || category.hasPrefix(filter + "/")
    }
}
