import Foundation
import GreenlightGeodesy

/// Decides proposed uses against one scenario under one variant (DESIGN.md decision semantics):
/// required authorities from the jurisdiction rules; per authority, Cedar-style evaluation
/// (permitted iff at least one permit applies and no forbid applies); permitted iff every required
/// authority permits. Built once, then shared: it indexes policies by authority.
public final class PolicyEngine: Sendable {
    public let scenario: Scenario
    public let variant: String?
    let policiesByAuthority: [String: [Policy]]
    let compiled: CompiledPolicies

    public init(scenario: Scenario, variant: String? = nil) throws(InputError) {
        self.scenario = scenario
        self.variant = variant
        let policies = try scenario.policies(variant: variant)
        policiesByAuthority = Dictionary(grouping: policies, by: \.authority)
        compiled = CompiledPolicies(scenario: scenario, policies: policies)
    }

    /// Checks a request against the scenario: known recipient and item, a target where policies need one.
    public func validate(_ request: UseRequest) throws(InputError) {
        let here = SourceLocation(file: scenario.file, line: 0, column: 0)
        guard scenario.states[request.recipient] != nil else {
            throw InputError(here, "recipient '\(request.recipient)' is not a state declared in the scenario (declared: \(scenario.stateOrder.joined(separator: ", ")))")
        }
        guard scenario.items[request.item] != nil else {
            throw InputError(here, "unknown item '\(request.item)' (items: \(scenario.itemOrder.joined(separator: ", ")))")
        }
        if request.target == nil {
            if request.launch != nil { throw InputError(here, "a launch point needs a target point to measure the distance to") }
            let required = scenario.requiredAuthorities(item: request.item, recipient: request.recipient, date: request.date).authorities.map(\.state)
            for state in required {
                if let p = policiesByAuthority[state]?.first(where: \.needsTarget) {
                    throw InputError(p.location, "policy \(p.id) filters on the target's area or category, but the request has no target (give --target LAT,LON[,CATEGORY])")
                }
            }
        }
    }

    /// Whether one policy applies to the request (all filters match and the date is within from–until).
    @inline(__always)
    func applies(_ p: Policy, _ r: UseRequest, itemOrigin: String) -> Bool {
        if let from = p.from, r.date < from { return false }
        if let until = p.until, until < r.date { return false }
        if let uses = p.uses, !uses.contains(r.use) { return false }
        if let recipients = p.recipients, !recipients.contains(r.recipient) { return false }
        if let items = p.items, !items.contains(r.item) { return false }
        if let origins = p.itemOrigin, !origins.contains(itemOrigin) { return false }
        if let categories = p.categories {
            guard let category = r.target?.category, categories.contains(where: { CategoryPath.matches(filter: $0, category: category) }) else { return false }
        }
        if let area = p.targetIn {
            guard let t = r.target, area.predicate.contains(t.point) else { return false }
        }
        if let area = p.targetNotIn {
            guard let t = r.target, !area.predicate.contains(t.point) else { return false }
        }
        return true
    }

    /// The policies of `authority` whose filters other than the target's area match the request
    /// (dates, use, recipient, item, origin, category): over the map, these decide where the authority
    /// permits. The request's target point is ignored; its category is used.
    public func policiesIgnoringArea(authority: String, request r: UseRequest) -> (permits: [Policy], forbids: [Policy]) {
        guard let item = scenario.items[r.item] else { return ([], []) }
        let matching = (policiesByAuthority[authority] ?? []).filter { p in
            var areaFree = p
            areaFree.targetIn = nil
            areaFree.targetNotIn = nil
            return applies(areaFree, r, itemOrigin: item.origin)
        }
        return (matching.filter { $0.effect == .permit }, matching.filter { $0.effect == .forbid })
    }

    /// Just the verdict, without explanations (the hot path of analyses and benchmarks).
    public func isPermitted(_ r: UseRequest) -> Bool { compiled.isPermitted(r) }

    /// The required states that do not permit the use, as indexes into `scenario.stateOrder`
    /// (empty: permitted), or nil when the item was not transferred. Hot path, no explanations.
    public func missingStateIndexes(_ r: UseRequest) -> [Int32]? { compiled.missingAuthorities(r) }

    /// The full decision with its explanation.
    public func decide(_ r: UseRequest) throws(InputError) -> Decision {
        try validate(r)
        let item = scenario.items[r.item]!
        let derivation = scenario.requiredAuthorities(item: r.item, recipient: r.recipient, date: r.date)
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
        guard derivation.transferred else {
            decision.decision = .deny
            decision.reason = "not-transferred"
            decision.notes.insert("no transfer of \(item.name) to \(r.recipient) on or before \(r.date), and \(r.recipient) did not make it", at: 0)
            return decision
        }
        for authority in derivation.authorities {
            let verdict = authorityVerdict(authority, r, item: item)
            if verdict.verdict == .deny { decision.missing.append(authority.state) }
            decision.authorities.append(verdict)
        }
        if !decision.missing.isEmpty { decision.decision = .deny }
        if derivation.authorities.isEmpty { decision.notes.append("no state's consent is required for this use") }
        return decision
    }

    func authorityVerdict(_ authority: RequiredAuthority, _ r: UseRequest, item: Item) -> AuthorityVerdict {
        let policies = policiesByAuthority[authority.state] ?? []
        let applicable = policies.filter { applies($0, r, itemOrigin: item.origin) }
        let forbids = applicable.filter { $0.effect == .forbid }, permits = applicable.filter { $0.effect == .permit }
        let name = scenario.states[authority.state]?.name ?? authority.state
        var verdict = AuthorityVerdict(state: authority.state, name: name, requiredBecause: authority.reasons, verdict: .deny,
                                       deciding: [], nearestMisses: [], explanation: "")
        func list(_ ps: [Policy]) -> String { ps.map { "\($0.id) (\($0.status.rawValue))" }.joined(separator: ", ") }
        if !forbids.isEmpty {
            verdict.deciding = forbids.map(reference)
            verdict.explanation = "\(name) forbids it: \(list(forbids))" + (permits.isEmpty ? "" : "; a forbid wins over the permit of \(list(permits))")
        } else if !permits.isEmpty {
            verdict.verdict = .permit
            verdict.deciding = permits.map(reference)
            verdict.explanation = "\(name) permits it: \(list(permits))"
        } else {
            let misses = policies.filter { $0.effect == .permit }.map { NearMiss(policy: reference($0), failures: failures($0, r, item: item)) }
            let fewest = misses.map(\.failures.count).min() ?? 0
            verdict.nearestMisses = Array(misses.filter { $0.failures.count == fewest }.prefix(3))
            if policies.isEmpty {
                verdict.explanation = "\(name) has no policy in this scenario\(variant.map { " (variant \($0))" } ?? ""): no permit applies"
            } else if verdict.nearestMisses.isEmpty {
                verdict.explanation = "\(name) has no permit policy: no permit applies"
            } else {
                verdict.explanation = "no permit of \(name) applies; nearest: " + verdict.nearestMisses.map { "\($0.policy.id): \($0.failures.joined(separator: "; "))" }.joined(separator: " | ")
            }
        }
        return verdict
    }

    func reference(_ p: Policy) -> PolicyReference { PolicyReference(id: p.id, effect: p.effect, status: p.status, source: p.source) }

    /// Every filter of the policy that the request fails, in words.
    func failures(_ p: Policy, _ r: UseRequest, item: Item) -> [String] {
        var out: [String] = []
        if let from = p.from, r.date < from { out.append("from \(from) had not begun on \(r.date)") }
        if let until = p.until, until < r.date { out.append("until \(until) has passed on \(r.date)") }
        if let uses = p.uses, !uses.contains(r.use) { out.append("use '\(r.use)' is not among [\(uses.joined(separator: ", "))]") }
        if let recipients = p.recipients, !recipients.contains(r.recipient) { out.append("recipient \(r.recipient) is not among [\(recipients.joined(separator: ", "))]") }
        if let items = p.items, !items.contains(r.item) { out.append("item \(r.item) is not among [\(items.joined(separator: ", "))]") }
        if let origins = p.itemOrigin, !origins.contains(item.origin) { out.append("\(r.item) is made in \(item.origin), not [\(origins.joined(separator: ", "))]") }
        if let categories = p.categories {
            if let category = r.target?.category {
                if !categories.contains(where: { CategoryPath.matches(filter: $0, category: category) }) {
                    out.append("category \(category) does not match [\(categories.joined(separator: ", "))]")
                }
            } else { out.append("the target has no category; the policy needs [\(categories.joined(separator: ", "))]") }
        }
        if let area = p.targetIn, let t = r.target, !area.predicate.contains(t.point) {
            let d = area.predicate.distanceMeters(t.point)
            out.append("target \(d.exact ? "" : "at least ")\(oneDecimal(d.meters / 1000)) km outside \(area.label)")
        }
        if let area = p.targetNotIn, let t = r.target, area.predicate.contains(t.point) {
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
                           launch: r.launch.map { ["lat": $0.latitude, "lon": $0.longitude] }, variant: r.variant)
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
    @inline(__always)
    public static func matches(filter: String, category: String) -> Bool {
        guard category.hasPrefix(filter) else { return false }
        if category.utf8.count == filter.utf8.count { return true }
        return category.utf8.dropFirst(filter.utf8.count).first == UInt8(ascii: "/")
    }
}
