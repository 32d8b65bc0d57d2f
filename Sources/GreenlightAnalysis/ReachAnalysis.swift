import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// Areas of a reach question, in km², each the geodesic area of the question's certified zone
/// (`ReachZones`), with the bound that contains the true area.
public struct ReachAreas: Sendable, Codable {
    public var inRangeKm2: Double
    public var permittedKm2: Double
    public var sharePermitted: Double
    /// The true areas lie within ± this of the figures (the larger of the in-range and permitted bounds).
    public var areaErrorKm2: Double
    /// Per required authority: the area in range that it permits.
    public var byAuthority: [String: Double]
    public var required: [String]
    public var transferred: Bool
    public var rangeKm: Double
    /// The zones' certified boundary tolerance, metres.
    public var toleranceM: Double

    enum CodingKeys: String, CodingKey {
        case inRangeKm2 = "in_range_km2", permittedKm2 = "permitted_km2", sharePermitted = "share_permitted", areaErrorKm2 = "area_error_km2"
        case byAuthority = "by_authority", required, transferred, rangeKm = "range_km", toleranceM = "tolerance_m"
    }

    /// The figures of a question's zones.
    public init(_ zones: ReachZones, required: [String], transferred: Bool, rangeKm: Double) {
        inRangeKm2 = zones.inRange.areaKm2
        permittedKm2 = zones.permitted.areaKm2
        // The permitted zone lies inside the in-range zone, but each area is measured on its own zone: where
        // everything in range is permitted the two figures may differ in their last digits (far inside
        // areaErrorKm2), and the quotient came out as 1.0000000001 (found by schemathesis on the timeline).
        // A share is at most 1.
        sharePermitted = inRangeKm2 > 0 ? min(1, permittedKm2 / inRangeKm2) : 0
        areaErrorKm2 = max(zones.inRange.areaBoundKm2, zones.permitted.areaBoundKm2)
        byAuthority = Dictionary(uniqueKeysWithValues: zones.permittedBy.map { ($0.state, $0.zone.areaKm2) })
        self.required = required; self.transferred = transferred; self.rangeKm = rangeKm
        toleranceM = zones.toleranceMeters
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
    /// Per required authority, where it permits the use (anywhere on the map): the kernel's regions.
    public let permittedBy: [String: RegionFormula]
    /// The question as the policy kernel compiled it (for the question's category).
    public let compiled: CompiledQuestion

    public init(engine: PolicyEngine, question: ReachQuestion) throws(InputError) {
        self.engine = engine
        self.question = question
        let scenario = engine.scenario
        let here = SourceLocation(file: scenario.file, line: 0, column: 0)
        let item = scenario.items[question.item]
        if item == nil && question.rangeKm == nil {
            throw InputError(here, "unknown item '\(question.item)' (items: \(scenario.itemOrder.joined(separator: ", ")))", field: "item", code: .unknownItem)
        }
        guard let range = question.rangeKm ?? item?.rangeKm else { throw InputError(here, "item \(question.item) has no range_km: its reach cannot be measured", field: "item", code: .missingKey) }
        guard question.launchArea.supportsBuffer else { throw InputError(here, "the launch area must be a country, region, circle, buffer or union of them") }
        rangeKm = range
        var region = RegionFormula(.within(meters: range * 1000, of: question.launchArea))
        if let within = question.within { region = region && RegionFormula(within) }
        inRange = region
        // The policy kernel: the question compiled once; its regions are what the zones measure.
        compiled = engine.compile(question.policyQuestion())
        transferred = compiled.consent.transferred
        required = compiled.authorities.map(\.state)
        var permittedBy: [String: RegionFormula] = [:]
        for authority in compiled.authorities { permittedBy[authority.state] = authority.region }
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

    /// The question's areas, from its zones (one computation: every figure for the question is this one).
    public func measure(toleranceMeters: Double = ReachZones.defaultToleranceMeters) throws(GeometryError) -> ReachAreas {
        ReachAreas(try zones(toleranceMeters: toleranceMeters), required: required, transferred: transferred, rangeKm: rangeKm)
    }
}
