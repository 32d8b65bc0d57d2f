import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// Counts of sites by decision, category and missing authority.
public struct SiteCounts: Sendable, Codable {
    public var total = 0
    /// Sites outside the measured territory (`--within`), left out of every other count.
    public var outsideTerritory = 0
    public var inRange = 0
    public var permittedInRange = 0
    public var deniedInRange = 0
    public var outOfRange = 0
    /// Permitted by every required authority, whatever the range.
    public var permitted = 0
    public var byCategory: [String: CategoryCounts] = [:]
    /// For sites in range that are denied: how often each state is among those that do not permit.
    public var byMissingAuthority: [String: Int] = [:]

    public init() {}

    public struct CategoryCounts: Sendable, Codable {
        public var total = 0, inRange = 0, permittedInRange = 0
        enum CodingKeys: String, CodingKey { case total, inRange = "in_range", permittedInRange = "permitted_in_range" }
    }

    enum CodingKeys: String, CodingKey {
        case total, outsideTerritory = "outside_territory", inRange = "in_range", permittedInRange = "permitted_in_range"
        case deniedInRange = "denied_in_range", outOfRange = "out_of_range", permitted, byCategory = "by_category"
        case byMissingAuthority = "by_missing_authority"
    }

    public mutating func add(_ other: SiteCounts) {
        total += other.total; outsideTerritory += other.outsideTerritory; inRange += other.inRange
        permittedInRange += other.permittedInRange; deniedInRange += other.deniedInRange; outOfRange += other.outOfRange
        permitted += other.permitted
        for (k, v) in other.byCategory {
            byCategory[k, default: CategoryCounts()].total += v.total
            byCategory[k, default: CategoryCounts()].inRange += v.inRange
            byCategory[k, default: CategoryCounts()].permittedInRange += v.permittedInRange
        }
        for (k, v) in other.byMissingAuthority { byMissingAuthority[k, default: 0] += v }
    }
}

/// One site's verdict, with the measurements written to per-site outputs.
public struct SiteVerdict: Sendable {
    public var site: Site
    public var inTerritory: Bool
    public var permitted: Bool
    public var inRange: Bool
    public var missing: [String]
    public var transferred: Bool
    /// Geodesic distance from the launch area (0 inside it), km; nil unless measured.
    public var distanceFromLaunchKm: Double?
    /// Depth inside the measured territory (negative outside), km; nil unless measured.
    public var depthKm: Double?
}

/// Classifies sites for a reach question: policy decision (every required authority), range from
/// the launch area, the territory. Batches are split across cores.
public struct SiteClassifier: Sendable {
    public let analysis: ReachAnalysis
    private let inRangePredicate: AreaPredicate

    public init(analysis: ReachAnalysis) {
        self.analysis = analysis
        inRangePredicate = .within(meters: analysis.rangeKm * 1000, of: analysis.question.launchArea)
    }

    /// The compiled question for every category the sites carry (compiled before parallel work).
    func conditions(forCategoriesOf sites: some Sequence<Site>) -> [String: CompiledQuestion] {
        var byCategory: [String: CompiledQuestion] = [:]
        for site in sites {
            let c = site.category ?? analysis.question.category
            if byCategory[c] == nil { byCategory[c] = analysis.engine.compile(analysis.question.policyQuestion(category: c)) }
        }
        return byCategory
    }

    func classify(_ site: Site, conditions: CompiledQuestion, measure: Bool) -> SiteVerdict {
        let q = analysis.question
        let inTerritory = q.within?.contains(site.point) ?? true
        let inRange = inRangePredicate.contains(site.point)
        let missing = analysis.transferred ? conditions.missing(at: site.point).map(\.state) : []
        var verdict = SiteVerdict(site: site, inTerritory: inTerritory, permitted: analysis.transferred && missing.isEmpty, inRange: inRange,
                                  missing: missing, transferred: analysis.transferred)
        if measure {
            verdict.distanceFromLaunchKm = q.launchArea.distanceMeters(site.point).meters / 1000
            if let within = q.within, case let .polygon(shape, _) = within { verdict.depthKm = -shape.signedDistanceMeters(site.point) / 1000 }
        }
        return verdict
    }

    /// Which sites are in the territory and within range: it depends on the launch area, the range and
    /// the territory only, not on policies, so one computation serves every date and variant.
    public struct Reachability: Sendable {
        public var indexes: [Int32]
        public var outsideTerritory: Int
        public var outOfRange: Int
    }

    public func reachability(_ sites: [Site]) -> Reachability {
        let chunks = max(1, min(16, sites.count / 4096))
        let parts = ParallelSlots<Reachability>(count: chunks, initial: Reachability(indexes: [], outsideTerritory: 0, outOfRange: 0))
        let q = analysis.question
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var part = Reachability(indexes: [], outsideTerritory: 0, outOfRange: 0)
            for i in (sites.count * chunk / chunks)..<(sites.count * (chunk + 1) / chunks) {
                let p = sites[i].point
                guard q.within?.contains(p) ?? true else { part.outsideTerritory += 1; continue }
                guard inRangePredicate.contains(p) else { part.outOfRange += 1; continue }
                part.indexes.append(Int32(i))
            }
            parts[chunk] = part
        }
        var all = Reachability(indexes: [], outsideTerritory: 0, outOfRange: 0)
        for k in 0..<chunks { all.indexes += parts[k].indexes; all.outsideTerritory += parts[k].outsideTerritory; all.outOfRange += parts[k].outOfRange }
        return all
    }

    /// Per site a status digit — 0 outside the territory or out of range, 1 in range but not permitted,
    /// 2 permitted in range — and the counts: the lean path for the web map.
    public func statuses(_ sites: [Site], reachability given: Reachability? = nil) -> (status: [UInt8], counts: SiteCounts) {
        let reach = given ?? reachability(sites)
        let conditionsByCategory = conditions(forCategoriesOf: reach.indexes.lazy.map { sites[Int($0)] })
        let indexes = reach.indexes
        let chunks = max(1, min(16, indexes.count / 4096))
        let status = ParallelSlots<UInt8>(count: sites.count, initial: UInt8(ascii: "0"))
        let partial = ParallelSlots<SiteCounts>(count: chunks, initial: SiteCounts())
        let q = analysis.question
        let transferred = analysis.transferred
        // Consent does not depend on the category: every compiled question lists the same authorities.
        let states = analysis.required
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            // Counters by position, folded into the dictionaries once per chunk (no hashing per site).
            let categories = Array(conditionsByCategory.keys)
            let compiled = categories.map { conditionsByCategory[$0]! }
            var inRange = [Int](repeating: 0, count: categories.count), permitted = inRange
            var missing = [Int](repeating: 0, count: states.count)
            var lastCategory = "", current = 0
            for k in (indexes.count * chunk / chunks)..<(indexes.count * (chunk + 1) / chunks) {
                let i = Int(indexes[k])
                let site = sites[i]
                let category = site.category ?? q.category
                if category != lastCategory || compiled.isEmpty { lastCategory = category; current = categories.firstIndex(of: category)! }
                inRange[current] += 1
                var allow = transferred
                if transferred {
                    for (a, authority) in compiled[current].authorities.enumerated() where !authority.region.contains(site.point) {
                        allow = false
                        missing[a] += 1
                    }
                }
                if allow { permitted[current] += 1 }
                status[i] = allow ? UInt8(ascii: "2") : UInt8(ascii: "1")
            }
            var counts = SiteCounts()
            for (c, category) in categories.enumerated() where inRange[c] > 0 {
                counts.inRange += inRange[c]
                counts.permittedInRange += permitted[c]
                counts.byCategory[category, default: SiteCounts.CategoryCounts()].inRange += inRange[c]
                counts.byCategory[category, default: SiteCounts.CategoryCounts()].permittedInRange += permitted[c]
            }
            counts.deniedInRange = counts.inRange - counts.permittedInRange
            for (a, state) in states.enumerated() where missing[a] > 0 { counts.byMissingAuthority[state] = missing[a] }
            partial[chunk] = counts
        }
        var counts = SiteCounts()
        for chunk in 0..<chunks { counts.add(partial[chunk]) }
        counts.total = sites.count
        counts.outsideTerritory = reach.outsideTerritory
        counts.outOfRange = reach.outOfRange
        return ((0..<sites.count).map { status[$0] }, counts)
    }

    /// Classifies a batch in parallel; `measure` adds the exact distances for per-site outputs.
    public func classify(_ batch: [Site], measure: Bool) -> (counts: SiteCounts, verdicts: [SiteVerdict]) {
        let conditionsByCategory = conditions(forCategoriesOf: batch)
        let chunks = max(1, min(16, batch.count / 2048))
        let results = ParallelSlots<(SiteCounts, [SiteVerdict])>(count: chunks, initial: (SiteCounts(), []))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lo = batch.count * chunk / chunks, hi = batch.count * (chunk + 1) / chunks
            var counts = SiteCounts()
            var verdicts: [SiteVerdict] = []
            verdicts.reserveCapacity(hi - lo)
            for site in batch[lo..<hi] {
                let v = classify(site, conditions: conditionsByCategory[site.category ?? analysis.question.category]!, measure: measure)
                verdicts.append(v)
                counts.count(v, defaultCategory: analysis.question.category)
            }
            results[chunk] = (counts, verdicts)
        }
        var counts = SiteCounts()
        var verdicts: [SiteVerdict] = []
        verdicts.reserveCapacity(batch.count)
        for chunk in 0..<chunks { counts.add(results[chunk].0); verdicts += results[chunk].1 }
        return (counts, verdicts)
    }
}

extension SiteCounts {
    mutating func count(_ v: SiteVerdict, defaultCategory: String) {
        total += 1
        guard v.inTerritory else { outsideTerritory += 1; return }
        let category = v.site.category ?? defaultCategory
        byCategory[category, default: CategoryCounts()].total += 1
        if v.permitted { permitted += 1 }
        if v.inRange {
            inRange += 1
            byCategory[category, default: CategoryCounts()].inRange += 1
            if v.permitted {
                permittedInRange += 1
                byCategory[category, default: CategoryCounts()].permittedInRange += 1
            } else {
                deniedInRange += 1
                for state in v.missing { byMissingAuthority[state, default: 0] += 1 }
            }
        } else {
            outOfRange += 1
        }
    }
}
