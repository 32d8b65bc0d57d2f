import GreenlightGeodesy

/// What a cases file leaves unexercised (`greenlight check --coverage`, like `opa test --coverage`):
/// policies that decide no case, intervals between change dates in which no case is dated, and named
/// areas in which no case's target lies.
public struct CaseCoverage: Sendable, Codable {
    /// Policy ids (as written and added by variants) that are among no case's deciding policies.
    public var policiesNotDeciding: [String]
    /// Intervals between the scenario's change dates (both days inclusive; nil: open) with no case dated in them.
    public var intervalsWithoutCase: [Interval]
    /// Named areas that no case's target lies in.
    public var areasWithoutTarget: [String]
    public var policies: Int, intervals: Int, areas: Int

    public struct Interval: Sendable, Codable {
        public var from: CalendarDay?, until: CalendarDay?
    }

    enum CodingKeys: String, CodingKey {
        case policiesNotDeciding = "policies_not_deciding", intervalsWithoutCase = "intervals_without_case", areasWithoutTarget = "areas_without_target"
        case policies, intervals, areas
    }
}

extension CaseFile {
    /// The coverage of this file's cases over its scenario.
    public func coverage(scenario: Scenario) throws(InputError) -> CaseCoverage {
        var engines: [String: PolicyEngine] = [:]
        var deciding = Set<String>()
        for c in cases {
            let key = c.request.variant ?? ""
            if engines[key] == nil { engines[key] = try PolicyEngine(scenario: scenario, variant: c.request.variant) }
            guard let d = try? engines[key]!.decide(c.request) else { continue }
            for a in d.authorities { deciding.formUnion(a.deciding.map(\.id)) }
        }
        let allPolicies = scenario.policies + scenario.variantOrder.flatMap { scenario.variants[$0]!.add }
        var seen = Set<String>()
        let ids = allPolicies.map(\.id).filter { seen.insert($0).inserted }
        // Change dates of the whole scenario: every policy's from and the day after its until, every transfer.
        var dates = Set<CalendarDay>()
        for p in allPolicies {
            if let f = p.from { dates.insert(f) }
            if let u = p.until { dates.insert(u.next) }
        }
        for t in scenario.transfers { dates.insert(t.date) }
        let intervals = CalendarDay.intervals(splitAt: dates).map { CaseCoverage.Interval(from: $0.from, until: $0.until) }
        let caseDates = cases.map(\.request.date)
        let empty = intervals.filter { i in
            !caseDates.contains { d in (i.from.map { !(d < $0) } ?? true) && (i.until.map { !($0 < d) } ?? true) }
        }
        let targets = cases.compactMap { $0.request.target?.point }
        let areas = scenario.areaOrder.filter { name in !targets.contains { scenario.areas[name]!.contains($0) } }
        return CaseCoverage(policiesNotDeciding: ids.filter { !deciding.contains($0) }, intervalsWithoutCase: empty, areasWithoutTarget: areas,
                            policies: ids.count, intervals: intervals.count, areas: scenario.areaOrder.count)
    }
}
