import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// Areas of a reach question, in km², each with its error bound.
public struct ReachAreas: Sendable, Codable {
    public var inRangeKm2: Double
    public var permittedKm2: Double
    public var sharePermitted: Double
    public var areaErrorKm2: Double
    /// Per required authority: the area in range that it permits.
    public var byAuthority: [String: Double]
    public var required: [String]
    public var transferred: Bool
    public var rangeKm: Double
    public var resolutionKm: Double

    enum CodingKeys: String, CodingKey {
        case inRangeKm2 = "in_range_km2", permittedKm2 = "permitted_km2", sharePermitted = "share_permitted", areaErrorKm2 = "area_error_km2"
        case byAuthority = "by_authority", required, transferred, rangeKm = "range_km", resolutionKm = "resolution_km"
    }
}

/// Builds the region formulas of a reach question and measures them.
public struct ReachAnalysis: Sendable {
    public let engine: PolicyEngine
    public let question: ReachQuestion
    public let rangeKm: Double
    public let required: [String]
    public let transferred: Bool
    /// In range of the launch area (and inside the measured territory).
    public let inRange: RegionFormula
    /// Per required authority, where it permits the use (anywhere on the map).
    public let permittedBy: [String: RegionFormula]

    public init(engine: PolicyEngine, question: ReachQuestion) throws(InputError) {
        self.engine = engine
        self.question = question
        let scenario = engine.scenario
        let here = SourceLocation(file: scenario.file, line: 0, column: 0)
        guard let item = scenario.items[question.item] else {
            throw InputError(here, "unknown item '\(question.item)' (items: \(scenario.itemOrder.joined(separator: ", ")))")
        }
        guard let range = item.rangeKm else { throw InputError(here, "item \(question.item) has no range_km: its reach cannot be measured") }
        guard question.launchArea.supportsBuffer else { throw InputError(here, "the launch area must be a country, region, circle, buffer or union of them") }
        rangeKm = range
        var region = RegionFormula(.within(meters: range * 1000, of: question.launchArea))
        if let within = question.within { region = region && RegionFormula(within) }
        inRange = region
        let derivation = scenario.requiredAuthorities(item: question.item, recipient: question.recipient, date: question.date)
        transferred = derivation.transferred
        required = derivation.authorities.map(\.state)
        var permittedBy: [String: RegionFormula] = [:]
        let probe = question.request(at: GeoPoint(latitude: 0, longitude: 0))
        for state in required {
            let (permits, forbids) = engine.policiesIgnoringArea(authority: state, request: probe)
            func zone(_ p: Policy) -> RegionFormula {
                var parts: [RegionFormula] = []
                if let a = p.targetIn { parts.append(RegionFormula(a.predicate)) }
                if let a = p.targetNotIn { parts.append(!RegionFormula(a.predicate)) }
                return parts.isEmpty ? .constant(true) : .and(parts)
            }
            permittedBy[state] = .or(permits.map(zone)) && !.or(forbids.map(zone))
        }
        self.permittedBy = permittedBy
    }

    /// The region where every required authority permits (empty when the item was not transferred).
    public var permitted: RegionFormula {
        guard transferred else { return .constant(false) }
        return .and([inRange] + required.map { permittedBy[$0]! })
    }

    /// The box that contains the measured territory.
    public var domain: GeoBox {
        var box = question.launchArea.boundingBox!.expanded(byMeters: rangeKm * 1000)
        if let w = question.within?.boundingBox { box = box.intersection(w) ?? GeoBox(south: 0, north: 0.001, west: 0, east: 0.001) }
        return box
    }

    /// The formulas measured: in range, permitted, and per required state what it permits in range.
    public var measuredFormulas: [RegionFormula] {
        [inRange, permitted] + required.map { transferred ? inRange && permittedBy[$0]! : .constant(false) }
    }

    public func measure(resolutionKm: Double, progress: (@Sendable (Double) -> Void)? = nil) -> ReachAreas {
        areas(from: AreaQuadrature(domain: domain, resolutionKm: resolutionKm).measure(measuredFormulas, progress: progress), resolutionKm: resolutionKm)
    }

    /// The areas from measurements of `measuredFormulas`.
    public func areas(from m: [AreaMeasurement], resolutionKm: Double) -> ReachAreas {
        var byAuthority: [String: Double] = [:]
        for (i, state) in required.enumerated() { byAuthority[state] = m[2 + i].km2 }
        return ReachAreas(inRangeKm2: m[0].km2, permittedKm2: m[1].km2, sharePermitted: m[0].km2 > 0 ? m[1].km2 / m[0].km2 : 0,
                          areaErrorKm2: max(m[0].errorBoundKm2, m[1].errorBoundKm2), byAuthority: byAuthority, required: required,
                          transferred: transferred, rangeKm: rangeKm, resolutionKm: resolutionKm)
    }
}
