import Foundation

/// What one certified zone holds that another does not, up to the zones' tolerance, with points inside
/// it that can serve as witnesses.
///
/// Two zones traced for the same true region can differ by slivers along their boundaries (each
/// boundary lies within ε of the true one, so the written zones may disagree within 2ε). A piece of
/// the difference that an inward offset of 2ε (with a margin for the local plane) removes entirely is
/// such a sliver and is not a difference; every other piece is.
public struct ZoneDifference: Sendable {
    /// The pieces that are real differences (empty: the zones are equal up to the tolerance).
    public let zone: ZonePolygons
    /// Pieces dropped as slivers thinner than the tolerance allows.
    public let sliverPieces: Int
    /// Candidate witnesses, best first: one point per real piece, as deep inside it as `insetMeters`
    /// allows (else just inside its sliver threshold), larger pieces first.
    public let candidates: [(point: GeoPoint, insetMeters: Double)]

    public var isEmpty: Bool { zone.polygons.isEmpty }
}

extension ZoneGeometry {
    /// `a` minus `b`, both zones brought into this builder (whose domain must hold both).
    /// `witnessInsetMeters` is how deep inside a piece a candidate witness is sought first.
    public func difference(_ a: ZonePolygons, minus b: ZonePolygons, witnessInsetMeters: Double = 1_000) throws(GeometryError) -> ZoneDifference {
        // The same polygons (one zone served twice from a cache): nothing to subtract.
        if a.polygons == b.polygons || a.polygons.isEmpty {
            return ZoneDifference(zone: ZonePolygons(polygons: [], toleranceMeters: toleranceMeters), sliverPieces: 0, candidates: [])
        }
        let rest = try difference(try shape(a), try shape(b))
        // Each zone within its ε of the truth: equal true regions leave pieces no wider than 2ε. The local
        // plane's scale is right at the piece's centre and within a few percent across it; 25% covers it.
        let sliverMeters = 2 * max(a.toleranceMeters, b.toleranceMeters) * 1.25
        var real: [[[GeoPoint]]] = [], slivers = 0
        var candidates: [(point: GeoPoint, insetMeters: Double, areaM2: Double)] = []
        for piece in overlay.polygons(rest.geometry) {
            let (plane, flat, core) = try inset(piece, meters: sliverMeters)
            guard !overlay.isEmpty(core) else { slivers += 1; continue }
            real.append(piece)
            let area = overlay.planarArea(flat)
            if witnessInsetMeters > sliverMeters, let p = overlay.pointOnSurface(try overlay.buffer(flat, distance: -witnessInsetMeters)) {
                candidates.append((plane.inverse(p), witnessInsetMeters, area))
            } else if let p = overlay.pointOnSurface(core) {
                candidates.append((plane.inverse(p), sliverMeters, area))
            }
        }
        candidates.sort { ($0.insetMeters, $0.areaM2) > ($1.insetMeters, $1.areaM2) }
        let zone = real.isEmpty ? ZonePolygons(polygons: [], toleranceMeters: toleranceMeters) : try self.zone(try reuse(real))
        return ZoneDifference(zone: zone, sliverPieces: slivers,
                              candidates: candidates.map { (GeoPoint(latitude: $0.point.latitude, longitude: wrapDegrees($0.point.longitude)), $0.insetMeters) })
    }
}

extension ZoneGeometry {
    /// Whether a shape has no piece wider than `meters` (slivers that two traced boundaries of one true
    /// boundary can leave, e.g. where two areas share a border).
    public func isEmpty(_ shape: Shape, ignoringPiecesThinnerThan meters: Double) throws(GeometryError) -> Bool {
        for piece in overlay.polygons(shape.geometry) where !overlay.isEmpty(try inset(piece, meters: meters).core) { return false }
        return true
    }

    /// A piece in its local plane, and what is left of it after an inward offset.
    func inset(_ piece: [[GeoPoint]], meters: Double) throws(GeometryError) -> (plane: LocalPlane, flat: PlanarOverlay.Geometry, core: PlanarOverlay.Geometry) {
        let plane = LocalPlane(piece)
        let flat = try overlay.multiPolygon([piece.map { $0.map(plane.forward) }])
        return (plane, flat, try overlay.buffer(flat, distance: -meters))
    }
}

/// An equirectangular plane in metres around a piece's centre (meridional and prime-vertical radii of
/// curvature at its latitude): right at the centre, a few percent off across a piece of a few degrees.
struct LocalPlane {
    let latitude0: Double, longitude0: Double, metresPerDegreeLatitude: Double, metresPerDegreeLongitude: Double

    init(_ polygon: [[GeoPoint]]) {
        let shell = polygon.first ?? []
        let lats = shell.map(\.latitude), lons = shell.map(\.longitude)
        latitude0 = ((lats.min() ?? 0) + (lats.max() ?? 0)) / 2
        longitude0 = ((lons.min() ?? 0) + (lons.max() ?? 0)) / 2
        let phi = latitude0 * .pi / 180, e2 = WGS84.eccentricitySquared
        let w = (1 - e2 * sin(phi) * sin(phi)).squareRoot()
        metresPerDegreeLatitude = WGS84.equatorialRadiusMeters * (1 - e2) / (w * w * w) * .pi / 180
        metresPerDegreeLongitude = max(1, WGS84.equatorialRadiusMeters / w * cos(phi) * .pi / 180)
    }

    /// x east, y north, metres (carried in a GeoPoint's longitude and latitude for the overlay).
    func forward(_ p: GeoPoint) -> GeoPoint {
        GeoPoint(latitude: (p.latitude - latitude0) * metresPerDegreeLatitude, longitude: (p.longitude - longitude0) * metresPerDegreeLongitude)
    }

    func inverse(_ xy: (x: Double, y: Double)) -> GeoPoint {
        GeoPoint(latitude: latitude0 + xy.y / metresPerDegreeLatitude, longitude: longitude0 + xy.x / metresPerDegreeLongitude)
    }
}
