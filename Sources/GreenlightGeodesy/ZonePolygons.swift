import CProj
import Foundation

/// A finished zone: polygons on WGS84 (RFC 7946: exterior rings counterclockwise, holes clockwise,
/// split at the antimeridian, longitudes in [-180, 180]) whose boundary lies within `toleranceMeters`
/// of the true boundary, with the geodesic area of exactly these polygons and a rigorous bound.
public struct ZonePolygons: Sendable {
    /// Polygons → rings (the first is the exterior) → closed positions.
    public let polygons: [[[GeoPoint]]]
    public let toleranceMeters: Double
    /// Geodesic area of the written polygons (`geod_polygonarea`, holes subtracted), km².
    public let areaKm2: Double
    /// Total geodesic length of every ring, km.
    public let boundaryKm: Double

    public init(polygons: [[[GeoPoint]]], toleranceMeters: Double) {
        self.polygons = polygons
        self.toleranceMeters = toleranceMeters
        var area = 0.0, length = 0.0
        for polygon in polygons {
            for (k, ring) in polygon.enumerated() {
                let m = ZonePolygons.measure(ring)
                area += k == 0 ? m.area : -m.area
                length += m.perimeter
            }
        }
        areaKm2 = area / 1e6
        boundaryKm = length / 1000
    }

    /// The true area lies within ± this of `areaKm2`: the boundary is within the tolerance of the true
    /// one, so the two regions differ by at most a band of that width along it, plus the root-finding
    /// tolerance of traced vertices.
    public var areaBoundKm2: Double {
        boundaryKm * 1000 * (toleranceMeters + BufferContour.rootToleranceMeters) / 1e6
    }

    public var isEmpty: Bool { polygons.isEmpty }

    public var vertexCount: Int { polygons.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } }

    /// Absolute geodesic area (m²) and perimeter (m) of one closed ring.
    static func measure(_ ring: [GeoPoint]) -> (area: Double, perimeter: Double) {
        guard ring.count >= 4 else { return (0, 0) }
        var area = 0.0, perimeter = 0.0
        var polygon = geod_polygon()
        geod_polygon_init(&polygon, 0)
        for p in ring.dropLast() { geod_polygon_addpoint(WGS84.shared.geodesic, &polygon, p.latitude, p.longitude) }
        geod_polygon_compute(WGS84.shared.geodesic, &polygon, 0, 1, &area, &perimeter)
        return (abs(area), perimeter)
    }

    /// A ring with the requested winding (exterior counterclockwise), judged by its signed planar area
    /// in longitude/latitude, which has the sign of the true orientation for rings smaller than a hemisphere.
    static func oriented(_ ring: [GeoPoint], exterior: Bool) -> [GeoPoint] {
        var twiceArea = 0.0
        for i in 0..<(max(1, ring.count) - 1) {
            twiceArea += ring[i].longitude * ring[i + 1].latitude - ring[i + 1].longitude * ring[i].latitude
        }
        let counterclockwise = twiceArea > 0
        return counterclockwise == exterior ? ring : ring.reversed()
    }
}
