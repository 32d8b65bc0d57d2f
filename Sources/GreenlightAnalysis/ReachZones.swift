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
    /// The question's zones with the given boundary tolerance (see `ZoneGeometry`), built once per
    /// question in a process: the report, the server and the commands ask the same questions again.
    public func zones(toleranceMeters: Double = ReachZones.defaultToleranceMeters) throws(GeometryError) -> ReachZones {
        let key = ReachZonesCache.Key(engine: ObjectIdentifier(engine), question: question.policyQuestion(), launchArea: question.launchAreaLabel,
                                      within: question.withinLabel, tolerance: toleranceMeters)
        if let hit = ReachZonesCache.shared[key] { return hit }
        let made = try buildZones(toleranceMeters: toleranceMeters)
        ReachZonesCache.shared.store(key, made, keeping: engine)
        return made
    }

    func buildZones(toleranceMeters: Double) throws(GeometryError) -> ReachZones {
        let g = ZoneGeometry(domain: domain, toleranceMeters: toleranceMeters)
        var fields: [RegionFormula.FieldKey: ZoneGeometry.Shape] = [:]
        let inRangeShape = try inRange.shape(within: try g.everything(), g, fields: &fields)
        var byState: [(String, ZoneGeometry.Shape)] = []
        for state in required {
            let shape = transferred ? try permittedBy[state]!.folded.shape(within: inRangeShape, g, fields: &fields) : try g.empty()
            byState.append((state, shape))
        }
        // Each authority's shape is already within range: with one authority, the permitted zone is its zone.
        let permittedShape = !transferred ? try g.empty() : byState.isEmpty ? inRangeShape : byState.count == 1 ? byState[0].1 : try g.intersection(byState.map(\.1))
        return ReachZones(inRange: try g.zone(inRangeShape), permitted: try g.zone(permittedShape),
                          permittedBy: try byState.map { s throws(GeometryError) in (s.0, try g.zone(s.1)) }, toleranceMeters: toleranceMeters)
    }
}

/// Built zones by question (the engine fixes scenario and variant; areas are named as the user named
/// them, which resolve the same way within one scenario). Bounded; engines are kept alive so that an
/// identifier is never reused while it is a key.
final class ReachZonesCache: @unchecked Sendable {
    static let shared = ReachZonesCache()
    struct Key: Hashable {
        var engine: ObjectIdentifier
        var question: PolicyQuestion
        var launchArea: String
        var within: String?
        var tolerance: Double
    }
    private let lock = NSLock()
    private var entries: [Key: ReachZones] = [:]
    private var engines: [ObjectIdentifier: PolicyEngine] = [:]

    subscript(key: Key) -> ReachZones? { lock.lock(); defer { lock.unlock() }; return entries[key] }

    func store(_ key: Key, _ zones: ReachZones, keeping engine: PolicyEngine) {
        lock.lock(); defer { lock.unlock() }
        if entries.count >= 512 { entries.removeAll(); engines.removeAll() }
        entries[key] = zones
        engines[key.engine] = engine
    }
}
