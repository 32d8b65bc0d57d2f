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

    public func classify(_ site: Site, measure: Bool) -> SiteVerdict {
        let q = analysis.question
        let inTerritory = q.within?.contains(site.point) ?? true
        let inRange = inRangePredicate.contains(site.point)
        let request = q.request(at: site.point, category: site.category)
        let missingIndexes = analysis.engine.missingStateIndexes(request)
        let states = analysis.engine.scenario.stateOrder
        var verdict = SiteVerdict(site: site, inTerritory: inTerritory, permitted: missingIndexes?.isEmpty ?? false, inRange: inRange,
                                  missing: missingIndexes?.map { states[Int($0)] } ?? [], transferred: missingIndexes != nil)
        if measure {
            verdict.distanceFromLaunchKm = q.launchArea.distanceMeters(site.point).meters / 1000
            if let within = q.within, case let .polygon(shape, _) = within { verdict.depthKm = -shape.signedDistanceMeters(site.point) / 1000 }
        }
        return verdict
    }

    /// Classifies a batch in parallel; `measure` adds the exact distances for per-site outputs.
    public func classify(_ batch: [Site], measure: Bool) -> (counts: SiteCounts, verdicts: [SiteVerdict]) {
        let chunks = max(1, min(16, batch.count / 2048))
        let results = ParallelSlots<(SiteCounts, [SiteVerdict])>(count: chunks, initial: (SiteCounts(), []))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lo = batch.count * chunk / chunks, hi = batch.count * (chunk + 1) / chunks
            var counts = SiteCounts()
            var verdicts: [SiteVerdict] = []
            verdicts.reserveCapacity(hi - lo)
            for site in batch[lo..<hi] {
                let v = classify(site, measure: measure)
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
