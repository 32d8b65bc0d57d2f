import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// One lint finding: what is wrong, where it is written, and the witness or reason that shows it.
public struct LintFinding: Sendable, Encodable {
    public enum Kind: String, Sendable, Encodable, CaseIterable {
        /// No item the policy names is held by a recipient it names on or before its `until`.
        case neverTransferred = "never-transferred"
        /// The policy's state is never asked to consent for the items and recipients it names.
        case authorityNeverRequired = "authority-never-required"
        /// The policy's `target_in` contains no place.
        case emptyTargetArea = "empty-target-area"
        /// No place the policy's target filters allow lies within reach of any item it names.
        case targetOutOfRange = "target-out-of-range"
        /// A permit whose removal changes nothing, because other permits cover it everywhere.
        case permitCovered = "permit-covered"
        /// A permit whose removal changes nothing, because forbids override it everywhere.
        case permitOverridden = "permit-overridden"
        /// A forbid whose removal changes nothing.
        case forbidNeverBites = "forbid-never-bites"
        /// A de-minimis threshold for a group no state belongs to.
        case unknownDeMinimisGroup = "unknown-de-minimis-group"
        /// A named area that nothing refers to.
        case unusedArea = "unused-area"
        /// A policy with the same authority, effect, filters and window as an earlier one.
        case duplicatePolicy = "duplicate-policy"
        /// A variant that adds and removes nothing.
        case emptyVariant = "empty-variant"
    }

    public var kind: Kind
    /// The policy, area, group or variant at fault.
    public var subject: String
    public var location: SourceLocation
    public var message: String
    /// Why it holds: a reason, or the proof (the diff of the set with and without it).
    public var evidence: String

    enum CodingKeys: String, CodingKey { case kind, subject, file, line, column, message, evidence }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind); try c.encode(subject, forKey: .subject)
        try c.encode(location.file, forKey: .file); try c.encode(location.line, forKey: .line); try c.encode(location.column, forKey: .column)
        try c.encode(message, forKey: .message); try c.encode(evidence, forKey: .evidence)
    }
}

/// Lint over space and time: policies that can never apply or never decide anything, forbids that
/// never bite, thresholds and areas that nothing uses. Every "never decides" finding is proved by a
/// diff of the policy set with and without the policy (equivalent up to the zones' tolerance).
public struct ScenarioLint: Sendable, Encodable {
    public var findings: [LintFinding]
    public var toleranceM: Double
    enum CodingKeys: String, CodingKey { case findings, toleranceM = "tolerance_m" }

    public static func run(_ scenario: Scenario, toleranceMeters: Double = ReachZones.defaultToleranceMeters,
                           progress: (Double) -> Void = { _ in }) throws -> ScenarioLint {
        var lint = try Linter(scenario: scenario, tolerance: toleranceMeters)
        try lint.run(progress: progress)
        return ScenarioLint(findings: lint.findings, toleranceM: toleranceMeters)
    }
}

/// The checks, one method each.
struct Linter {
    let scenario: Scenario
    let tolerance: Double
    var findings: [LintFinding] = []
    let base: PolicyEngine

    init(scenario: Scenario, tolerance: Double) throws {
        self.scenario = scenario
        self.tolerance = tolerance
        base = try PolicyEngine(scenario: scenario)
    }

    var file: SourceLocation { SourceLocation(file: scenario.file, line: 0, column: 0) }

    mutating func add(_ kind: LintFinding.Kind, _ subject: String, _ location: SourceLocation, _ message: String, _ evidence: String) {
        findings.append(LintFinding(kind: kind, subject: subject, location: location, message: message, evidence: evidence))
    }

    mutating func run(progress: (Double) -> Void) throws {
        checkGroups()
        checkAreas()
        checkVariants()
        checkDuplicates(scenario.policies)
        var live: [Policy] = []
        for p in scenario.policies where try checkApplies(p) { live.append(p) }
        // A variant's policies are checked in the scenario with that variant applied: they may name
        // the items, transfers and states the variant adds, and are asked only when it is applied.
        for name in scenario.variantOrder where !scenario.variants[name]!.add.isEmpty {
            var inVariant = try Linter(scenario: try scenario.applying(variant: name), tolerance: tolerance)
            for p in scenario.variants[name]!.add { _ = try inVariant.checkApplies(p) }
            findings += inVariant.findings
        }
        // The removal proofs, for the scenario's own policies.
        let candidates = live
        for (i, p) in candidates.enumerated() {
            try checkDecides(p)
            progress(Double(i + 1) / Double(max(1, candidates.count)))
        }
    }

    // MARK: cheap checks

    mutating func checkGroups() {
        let groups = Set(scenario.states.values.flatMap(\.groups))
        for rule in scenario.jurisdiction {
            guard case let .deMinimis(regime, _, groupPercent) = rule else { continue }
            for g in groupPercent.keys.sorted() where !groups.contains(g) {
                add(.unknownDeMinimisGroup, g, file, "de-minimis rule over \(regime) sets a threshold for group '\(g)', which no state belongs to",
                    "groups of the states: \(groups.sorted().joined(separator: ", "))")
            }
        }
    }

    mutating func checkAreas() {
        for name in scenario.areaOrder where !scenario.referencedAreas.contains(name) {
            add(.unusedArea, name, file, "area '\(name)' is defined but no policy, variant or area refers to it", "no reference to '\(name)' in the scenario")
        }
    }

    mutating func checkVariants() {
        for name in scenario.variantOrder {
            let v = scenario.variants[name]!
            let changesFacts = !(v.addStates.isEmpty && v.addAreas.isEmpty && v.addItems.isEmpty && v.addTransfers.isEmpty && v.removeTransfers.isEmpty)
            if v.add.isEmpty && v.remove.isEmpty && !changesFacts {
                add(.emptyVariant, name, file, "variant '\(name)' adds and removes nothing", "add: [], remove: [], and no states, areas, items or transfers")
            }
        }
    }

    mutating func checkDuplicates(_ policies: [Policy]) {
        var seen: [String: String] = [:]
        for p in policies {
            let key = Linter.filterText(p) + "|\(p.targetIn?.label ?? "")|\(p.targetNotIn?.label ?? "")"
            if let first = seen[key] {
                add(.duplicatePolicy, p.id, p.location, "policy \(p.id) repeats \(first): same authority, effect, filters and window", key)
            } else { seen[key] = p.id }
        }
    }

    static func filterText(_ p: Policy) -> String {
        func list(_ l: [String]?) -> String { l.map { $0.sorted().joined(separator: ",") } ?? "*" }
        return "\(p.authority) \(p.effect.rawValue) uses \(list(p.uses)) recipients \(list(p.recipients)) items \(list(p.items)) origin \(list(p.itemOrigin)) categories \(list(p.categories)) \(p.from.map(\.description) ?? "…")–\(p.until.map(\.description) ?? "…")"
    }

    /// The (item, recipient) pairs a policy names where the recipient holds the item on or before the
    /// policy's `until`, each with who must consent then (the kernel's consent derivation).
    func heldPairs(_ p: Policy) -> [(item: String, recipient: String, consent: ConsentDerivation)] {
        var out: [(String, String, ConsentDerivation)] = []
        for itemId in p.items ?? scenario.itemOrder {
            guard let item = scenario.items[itemId], p.itemOrigin?.contains(item.origin) ?? true else { continue }
            for recipient in p.recipients ?? scenario.stateOrder {
                let consent = scenario.requiredAuthorities(item: itemId, recipient: recipient, date: p.until)
                if consent.transferred { out.append((itemId, recipient, consent)) }
            }
        }
        return out
    }

    /// Whether the policy can apply at all; records why not.
    mutating func checkApplies(_ p: Policy) throws -> Bool {
        let held = heldPairs(p)
        guard !held.isEmpty else {
            add(.neverTransferred, p.id, p.location, "policy \(p.id) can never apply: no item it names is held by a recipient it names\(p.until.map { " on or before its until \($0)" } ?? "")",
                "items \(p.items?.joined(separator: ", ") ?? "any"), recipients \(p.recipients?.joined(separator: ", ") ?? "any"); transfers: \(scenario.transfers.filter { p.items?.contains($0.item) ?? true }.map { "\($0.item) → \($0.to) \($0.date)" }.joined(separator: "; "))")
            return false
        }
        let required = held.filter { pair in pair.consent.authorities.contains { $0.state == p.authority } }
        guard !required.isEmpty else {
            add(.authorityNeverRequired, p.id, p.location, "policy \(p.id) can never apply: \(p.authority)'s consent is never needed for the items and recipients it names",
                held.map { "\($0.item) → \($0.recipient): required \($0.consent.authorities.map(\.state).joined(separator: ", "))" }.joined(separator: "; "))
            return false
        }
        guard p.targetIn != nil || p.targetNotIn != nil else { return true }
        let area = p.targetRegion
        if let a = p.targetIn, let box = a.predicate.boundingBox {
            let g = ZoneGeometry(domain: box.expanded(byMeters: 1_000), toleranceMeters: max(tolerance, 100))
            var memo = RegionFormula.ZoneMemo()
            if try g.isEmpty(try RegionFormula(a.predicate).folded.shape(within: try g.everything(), g, fields: &memo), ignoringPiecesThinnerThan: 2.5 * g.toleranceMeters) {
                add(.emptyTargetArea, p.id, p.location, "policy \(p.id) can never apply: its target_in \(a.label) contains no place", "the area's zone is empty")
                return false
            }
        }
        // Within reach of some item it names, from the recipient's territory.
        var measured = 0
        for pair in required {
            guard scenario.items[pair.item]?.rangeKm != nil else { return true }
            let analysis = try ReachAnalysis(engine: base, item: pair.item, date: CalendarDay("2100-01-01")!, recipient: pair.recipient)
            let g = ZoneGeometry(domain: analysis.domain, toleranceMeters: tolerance)
            var memo = RegionFormula.ZoneMemo()
            let inRange = try analysis.inRangeShape(in: g, fields: &memo).shape
            if !(try g.isEmpty(try area.folded.shape(within: inRange, g, fields: &memo), ignoringPiecesThinnerThan: 2.5 * tolerance)) { return true }
            measured += 1
        }
        let what = p.targetIn.map { "target_in \($0.label)" } ?? "target_not_in \(p.targetNotIn!.label), which excludes everything"
        add(.targetOutOfRange, p.id, p.location, "policy \(p.id) can never apply: its \(what) lies beyond the reach of every item it names",
            required.map { "\($0.item) (\(scenario.items[$0.item]!.rangeKm!) km from \($0.recipient)): 0 km² of the area in reach" }.joined(separator: "; "))
        return false
    }

    // MARK: removal proofs

    /// Whether two policies' filters other than place can match one request.
    static func coApply(_ p: Policy, _ q: Policy) -> Bool {
        func meet(_ a: [String]?, _ b: [String]?) -> Bool { a == nil || b == nil || !Set(a!).isDisjoint(with: b!) }
        guard p.authority == q.authority, meet(p.uses, q.uses), meet(p.recipients, q.recipients), meet(p.items, q.items), meet(p.itemOrigin, q.itemOrigin) else { return false }
        if let a = p.categories, let b = q.categories,
           !a.contains(where: { f in b.contains { CategoryPath.matches(filter: f, category: $0) || CategoryPath.matches(filter: $0, category: f) } }) { return false }
        if let pu = p.until, let qf = q.from, pu < qf { return false }
        if let qu = q.until, let pf = p.from, qu < pf { return false }
        return true
    }

    func without(_ ids: Set<String>) throws -> PolicyEngine {
        var s = scenario
        s.policies.removeAll { ids.contains($0.id) }
        return try PolicyEngine(scenario: s)
    }

    /// The diff of the set with and without `removed`, over the rows the policy can touch.
    func removalDiff(_ p: Policy, removed: Set<String>, from baseIds: Set<String> = []) throws -> PolicyDiff {
        let with = baseIds.isEmpty ? base : try without(baseIds)
        let scope = DiffScope(items: p.items.map { $0.filter { scenario.items[$0] != nil } }, categoriesUnder: p.categories, uses: p.uses, window: (p.from, p.until))
        return try PolicyDiff.compare(DiffSide(engine: try without(baseIds.union(removed)), date: nil, label: "without \(removed.sorted().joined(separator: ", "))"),
                                      DiffSide(engine: with, date: nil, label: "as written"), scope: scope, toleranceMeters: tolerance)
    }

    mutating func checkDecides(_ p: Policy) throws {
        let others = scenario.policies.filter { $0.id != p.id && Linter.coApply(p, $0) }
        let permits = others.filter { $0.effect == .permit }, forbids = others.filter { $0.effect == .forbid }
        if p.effect == .forbid {
            guard !permits.isEmpty else {
                add(.forbidNeverBites, p.id, p.location, "forbid \(p.id) never bites: no permit of \(p.authority) applies to any request it matches",
                    "without a permit the use is refused anyway (no permit applies); permits of \(p.authority): \(scenario.policies.filter { $0.authority == p.authority && $0.effect == .permit }.map(\.id).joined(separator: ", "))")
                return
            }
            let diff = try removalDiff(p, removed: [p.id])
            if diff.verdict == .equivalent {
                add(.forbidNeverBites, p.id, p.location, "forbid \(p.id) never bites: removing it changes no decision", Linter.proof(diff))
            }
            return
        }
        guard !others.isEmpty else { return }
        let diff = try removalDiff(p, removed: [p.id])
        guard diff.verdict == .equivalent else { return }
        // Covered by the other permits, or overridden by forbids? Without the forbids, does removing it still change nothing?
        let forbidIds = Set(forbids.map(\.id))
        if !forbidIds.isEmpty, try removalDiff(p, removed: [p.id], from: forbidIds).verdict != .equivalent {
            add(.permitOverridden, p.id, p.location, "permit \(p.id) never decides anything: forbids override it everywhere (\(forbidIds.sorted().joined(separator: ", ")))", Linter.proof(diff))
        } else {
            add(.permitCovered, p.id, p.location, "permit \(p.id) never decides anything: other permits cover it everywhere (\(permits.map(\.id).joined(separator: ", ")))", Linter.proof(diff))
        }
    }

    static func proof(_ d: PolicyDiff) -> String {
        "diff of the set with and without it: \(d.verdict.rawValue) over \(d.rows.count) rows (\(d.equivalence))"
    }
}
