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
        let key = ReachZonesKey(engine: ObjectIdentifier(engine), regions: compiled.regionSignature, rangeKm: rangeKm, launchArea: question.launchAreaLabel,
                                      within: question.withinLabel, tolerance: toleranceMeters)
        if let hit = builtZones[key] { return hit }
        let made = try buildZones(toleranceMeters: toleranceMeters)
        builtZones.store(key, made, keeping: [engine])
        return made
    }

    func buildZones(toleranceMeters: Double) throws(GeometryError) -> ReachZones {
        // Every zone below lies in the in-range zone, inside the territory: buffers need detail only near it.
        let g = ZoneGeometry(domain: domain, toleranceMeters: toleranceMeters, within: territory)
        // Trace the contours (and clip the areas) on every core first; the overlay below then finds them built.
        var parts = inRangeKey(toleranceMeters: toleranceMeters).flatMap { inRangeZones[$0] } == nil ? inRange.polygonFields : []
        var pairs: [(GeodesicMultiPolygon, GeodesicMultiPolygon)] = []
        if transferred {
            parts += required.flatMap { permittedBy[$0]!.folded.polygonFields }
            if let territory { pairs = required.flatMap { permittedBy[$0]!.folded.territoryPairs(territory) } }
        }
        g.prebuild(parts, pairs: pairs)
        var fields = RegionFormula.ZoneMemo()
        let (inRangeShape, pendingInRange) = try inRangeShape(in: g, fields: &fields)
        var byState: [(String, ZoneGeometry.Shape)] = []
        for state in required {
            let shape = transferred ? try permittedBy[state]!.folded.shape(within: inRangeShape, g, fields: &fields) : try g.empty()
            byState.append((state, shape))
        }
        // Each authority's shape is already within range: with one authority, the permitted zone is its zone.
        let permittedShape = !transferred ? try g.empty() : byState.isEmpty ? inRangeShape : byState.count == 1 ? byState[0].1 : try g.intersection(byState.map(\.1))
        // One finished zone per shape: with one authority, or one that permits all of the range, zones share a shape.
        let inRangeZone = try pendingInRange.value()
        var finished: [ObjectIdentifier: ZonePolygons] = [ObjectIdentifier(inRangeShape): inRangeZone]
        func zone(_ shape: ZoneGeometry.Shape) throws(GeometryError) -> ZonePolygons {
            if let done = finished[ObjectIdentifier(shape)] { return done }
            let made = try g.zone(shape)
            finished[ObjectIdentifier(shape)] = made
            return made
        }
        return ReachZones(inRange: inRangeZone, permitted: try zone(permittedShape),
                          permittedBy: try byState.map { s throws(GeometryError) in (s.0, try zone(s.1)) }, toleranceMeters: toleranceMeters)
    }

    /// The in-range shape in the builder `g`, and its zone, finished on another core while the
    /// permitted zones are built in `g`. What is in range depends on the launch area, the range and
    /// the territory only: every date and variant of the question shares it, from the process cache
    /// when launch area and territory are polygons.
    func inRangeShape(in g: ZoneGeometry, fields: inout RegionFormula.ZoneMemo) throws(GeometryError) -> (shape: ZoneGeometry.Shape, zone: PendingZone) {
        let shared = inRangeKey(toleranceMeters: g.toleranceMeters)
        let shape: ZoneGeometry.Shape, zone: PendingZone
        if let shared, let hit = inRangeZones[shared] {
            (shape, zone) = (try g.reuse(hit.rings), PendingZone(hit.zone))
        } else {
            shape = try inRange.shape(within: try g.everything(), g, fields: &fields)
            let rings = g.frameRings(shape)
            zone = g.finishLater(shape) { finished in
                if let shared { inRangeZones.store(shared, (rings, finished), keeping: shared.areas) }
            }
        }
        if let shared { fields.inRange = (shape, shared, territory) }
        fields.note(shape, inside: inRange.conjunctFields)
        return (shape, zone)
    }
}

extension ReachAnalysis {
    /// The territory the range is clipped to, when it is a polygon.
    var territory: GeodesicMultiPolygon? {
        if case let .polygon(area, _)? = question.within { return area }
        return nil
    }

    /// The in-range zone's identity when launch area and territory are polygons (shared by the scenario
    /// value every engine of it holds), else nil.
    func inRangeKey(toleranceMeters: Double) -> InRangeKey? {
        guard case let .polygon(launch, _) = question.launchArea else { return nil }
        var within: ObjectIdentifier?
        if let w = question.within {
            guard case let .polygon(area, _) = w else { return nil }
            within = ObjectIdentifier(area)
        }
        var areas: [GeodesicMultiPolygon] = [launch]
        if case let .polygon(a, _)? = question.within { areas.append(a) }
        return InRangeKey(launch: ObjectIdentifier(launch), within: within, rangeKm: rangeKm, tolerance: toleranceMeters, areas: areas)
    }
}

/// In-range zones, as frame rings and finished polygons, by launch area, territory, range and tolerance.
/// `areas` (not part of equality) are the polygons the cache keeps alive for the identifiers.
struct InRangeKey: Hashable, @unchecked Sendable {
    var launch: ObjectIdentifier, within: ObjectIdentifier?, rangeKm: Double, tolerance: Double
    var areas: [GeodesicMultiPolygon]
    static func == (a: InRangeKey, b: InRangeKey) -> Bool { a.launch == b.launch && a.within == b.within && a.rangeKm == b.rangeKm && a.tolerance == b.tolerance }
    func hash(into h: inout Hasher) { h.combine(launch); h.combine(within); h.combine(rangeKm); h.combine(tolerance) }
}
let inRangeZones = ProcessCache<InRangeKey, (rings: [[[GeoPoint]]], zone: ZonePolygons)>(limit: 64)

/// Built zones by what they depend on: the engine (scenario and variant), the kernel's region
/// signature (so dates between the same changes share zones), the range, and the areas as the user
/// named them (which resolve the same way within one scenario).
struct ReachZonesKey: Hashable, Sendable {
    var engine: ObjectIdentifier
    var regions: String
    var rangeKm: Double
    var launchArea: String
    var within: String?
    var tolerance: Double
}
let builtZones = ProcessCache<ReachZonesKey, ReachZones>(limit: 512)
