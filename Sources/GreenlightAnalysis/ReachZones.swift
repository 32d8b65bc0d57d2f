import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// The zones of a reach question, as certified polygons: what is in range, what each required
/// authority permits in range, and what all of them permit. Every km² Greenlight prints for the
/// question is the geodesic area of one of these polygons.
public struct ReachZones: Sendable {
    public var inRange: ZonePolygons
    public var permitted: ZonePolygons
    /// Per required authority (in the order of `required`), what it permits in range.
    public var permittedBy: [(state: String, zone: ZonePolygons)]
    public var toleranceMeters: Double

    /// The default certified boundary tolerance.
    public static let defaultToleranceMeters = 10.0
}

extension ReachAnalysis {
    /// Builds the question's zones with the given boundary tolerance (see `ZoneGeometry`).
    public func zones(toleranceMeters: Double = ReachZones.defaultToleranceMeters) throws(GeometryError) -> ReachZones {
        let g = ZoneGeometry(domain: domain, toleranceMeters: toleranceMeters)
        var fields: [RegionFormula.FieldKey: ZoneGeometry.Shape] = [:]
        let inRangeShape = try inRange.shape(within: try g.everything(), g, fields: &fields)
        var byState: [(String, ZoneGeometry.Shape)] = []
        for state in required {
            let shape = transferred ? try permittedBy[state]!.shape(within: inRangeShape, g, fields: &fields) : try g.empty()
            byState.append((state, shape))
        }
        let permittedShape = transferred ? try g.intersection([inRangeShape] + byState.map(\.1)) : try g.empty()
        return ReachZones(inRange: try g.zone(inRangeShape), permitted: try g.zone(permittedShape),
                          permittedBy: try byState.map { s throws(GeometryError) in (s.0, try g.zone(s.1)) }, toleranceMeters: toleranceMeters)
    }
}
