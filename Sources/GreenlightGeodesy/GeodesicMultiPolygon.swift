import CProj
import Foundation

/// An area on the WGS84 ellipsoid bounded by polygons whose edges are geodesics: one or more
/// polygons, each an exterior ring with optional holes. Rings may cross the antimeridian and
/// contain a pole.
///
/// Built from lines and points instead (`init(lines:points:context:)`) it is a geometry without
/// interior: it contains nothing, has no area, and its distance is the unsigned geodesic distance to
/// the nearest point of its geodesic polylines and points, by the same solver behind the same index.
///
/// Queries are exact predicates (see DESIGN.md, "Geometry semantics"): containment by meridian ray
/// casting, distances by an exact point-to-geodesic solver behind an index with rigorous bounds.
public final class GeodesicMultiPolygon: Sendable {
    /// Polygons → rings (the first is the exterior) → closed lists of positions.
    public let polygons: [[[GeoPoint]]]
    /// Polylines (each at least 2 positions) and points of a geometry without interior.
    public let lines: [[GeoPoint]]
    public let points: [GeoPoint]
    /// Whether this is made of lines and points only: it has no inside, so containment questions,
    /// areas and signed distances do not apply to it (callers refuse them).
    public var isLineal: Bool { polygons.isEmpty }
    let edges: GeodesicEdges
    private let grid: ContainmentGrid
    private let nearest: BoundaryDistanceIndex
    /// Whether a ring encircles a pole or has a vertex at one (zones, drawn in a planar frame, refuse these).
    public let touchesPole: Bool

    /// Builds the area after checking each ring's shape (positions, closure, range); `context`
    /// names the input in error messages. Use `validated(polygons:context:)` for input a user brings.
    public init(polygons: [[[GeoPoint]]], context: String = "area") throws(GeometryError) {
        if polygons.isEmpty { throw GeometryError(.emptyGeometry, context: context, message: "empty geometry: no polygon") }
        for (p, polygon) in polygons.enumerated() {
            if polygon.isEmpty { throw GeometryError(.emptyGeometry, context: "\(context), polygon \(p + 1)", place: GeometryPlace(polygon: p + 1), message: "empty polygon: no ring") }
            for (r, ring) in polygon.enumerated() {
                let here = "\(context), polygon \(p + 1), ring \(r + 1)"
                let place = GeometryPlace(polygon: p + 1, ring: r + 1)
                if ring.count < 4 { throw GeometryError(.tooFewPositions, context: here, place: place, message: "a ring needs at least 4 positions (first = last), found \(ring.count)") }
                for (k, point) in ring.enumerated() {
                    if let problem = GeoPoint.problem(latitude: point.latitude, longitude: point.longitude) {
                        throw GeometryError(.coordinateOutOfRange, context: "\(here), position \(k + 1)", place: GeometryPlace(polygon: p + 1, ring: r + 1, position: k + 1), message: problem)
                    }
                }
                let first = ring[0], last = ring[ring.count - 1]
                if first.latitude != last.latitude || wrapDegrees(first.longitude - last.longitude) != 0 {
                    throw GeometryError(.unclosedRing, context: here, place: place, message: "ring is not closed: the last position must equal the first")
                }
            }
        }
        self.polygons = polygons
        lines = []
        points = []
        edges = GeodesicEdges(rings: polygons.flatMap { $0 })
        let poles = PoleTopology(rings: polygons.flatMap { $0 })
        touchesPole = poles.touchesPole
        grid = ContainmentGrid(edges: edges, poles: poles)
        nearest = BoundaryDistanceIndex(edges: edges)
    }

    /// A geometry without interior: geodesic polylines and points (at least one of either).
    public init(lines: [[GeoPoint]], points: [GeoPoint], context: String = "geometry") throws(GeometryError) {
        if lines.isEmpty && points.isEmpty { throw GeometryError(.emptyGeometry, context: context, message: "empty geometry: no line or point") }
        for (l, line) in lines.enumerated() {
            if line.count < 2 { throw GeometryError(.tooFewPositions, context: "\(context), line \(l + 1)", place: GeometryPlace(ring: l + 1), message: "a line needs at least 2 positions, found \(line.count)") }
        }
        for (k, point) in (lines.flatMap { $0 } + points).enumerated() {
            if let problem = GeoPoint.problem(latitude: point.latitude, longitude: point.longitude) {
                throw GeometryError(.coordinateOutOfRange, context: "\(context), position \(k + 1)", message: problem)
            }
        }
        polygons = []
        self.lines = lines
        self.points = points
        edges = GeodesicEdges(rings: [], polylines: lines, points: points)
        touchesPole = false
        grid = ContainmentGrid(edges: edges)
        nearest = BoundaryDistanceIndex(edges: edges)
    }

    /// Builds an area a user brings after the full validity check (`PolygonValidation`): no
    /// self-intersection, holes inside and smaller than their shell, no zero-area ring, no repeated
    /// position. Errors carry the problem and the polygon, ring and position.
    public static func validated(polygons: [[[GeoPoint]]], context: String) throws(GeometryError) -> GeodesicMultiPolygon {
        try PolygonValidation.validate(polygons, context: context)
        return try GeodesicMultiPolygon(polygons: polygons, context: context)
    }

    /// A latitude/longitude box containing the area (`east` may exceed 180 across the antimeridian).
    public var boundingBox: GeoBox { grid.boundingBox }

    /// Number of positions in all rings (closing positions included), lines and points.
    public var vertexCount: Int { polygons.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } + lines.reduce(0) { $0 + $1.count } + points.count }

    /// Whether the point lies inside the area (holes excluded). Exact except within ~1 µm of the boundary.
    public func contains(_ point: GeoPoint) -> Bool { !isLineal && grid.contains(point) }

    /// Geodesic distance in metres from the point to the nearest point of the boundary.
    public func distanceToBoundaryMeters(_ point: GeoPoint) -> Double { nearest.distanceToBoundaryMeters(point) }

    /// The nearest point of the boundary and the exact geodesic distance to it, in metres.
    public func nearestBoundaryPoint(_ point: GeoPoint) -> (meters: Double, foot: GeoPoint) { nearest.nearestBoundaryPoint(point) }

    /// The nearest boundary point with the edge it lies on and where along it.
    func nearestFoot(_ point: GeoPoint) -> EdgeFoot { nearest.nearestFoot(point) }

    /// Geodesic distance in metres from the point to the area: 0 inside.
    public func distanceMeters(_ point: GeoPoint) -> Double {
        contains(point) ? 0 : nearest.distanceToBoundaryMeters(point)
    }

    /// Cheap rigorous bounds on the signed distance (no geodesic solved): lower ≤ signed distance ≤ upper.
    public func signedDistanceBounds(_ point: GeoPoint) -> (lower: Double, upper: Double) {
        let b = nearest.distanceBounds(point)
        return contains(point) ? (-b.upper, -b.lower) : (b.lower, b.upper)
    }

    /// Signed distance in metres: negative inside (its magnitude is the depth), positive outside.
    /// For lines and points (no inside) it is the plain distance.
    public func signedDistanceMeters(_ point: GeoPoint) -> Double {
        let d = nearest.distanceToBoundaryMeters(point)
        return contains(point) ? -d : d
    }

    /// Whether the point is within `meters` of the area (inside counts); stops as soon as the answer is known.
    public func isWithin(meters: Double, of point: GeoPoint) -> Bool {
        if contains(point) { return true }
        return nearest.boundaryIsWithin(meters: meters, of: point)
    }

    /// Geodesic area in square metres (Karney's `geod_polygonarea`, holes subtracted). Each ring
    /// stands for the smaller of the two regions it bounds, whichever way it is wound (RFC 7946).
    public var areaSquareMeters: Double { areaAndPerimeter.areaSquareMeters }

    /// Total length of all rings in metres (holes included), as GeographicLib's Planimeter reports it.
    public var perimeterMeters: Double { areaAndPerimeter.perimeterMeters }

    private var areaAndPerimeter: (areaSquareMeters: Double, perimeterMeters: Double) {
        var total = 0.0, length = 0.0
        for polygon in polygons {
            for (r, ring) in polygon.enumerated() {
                let measured = PolygonValidation.ringAreaAndPerimeter(ring)
                // geod_polygonarea's signed area is that of the smaller region, negative when clockwise.
                total += r == 0 ? abs(measured.area) : -abs(measured.area)
                length += measured.perimeter
            }
        }
        return (total, length)
    }
}
