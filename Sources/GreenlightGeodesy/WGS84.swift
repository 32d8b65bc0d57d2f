import CProj
import Foundation

/// The WGS84 ellipsoid and Karney's geodesic solver (PROJ's `geodesic.h`) on it.
///
/// The C state is initialised once and only read afterwards, so the one shared instance is safe to
/// use from any thread.
public final class WGS84: @unchecked Sendable {
    public static let shared = WGS84()

    public static let equatorialRadiusMeters = 6_378_137.0
    public static let flattening = 1 / 298.257223563
    static let polarRadiusMeters = equatorialRadiusMeters * (1 - flattening)
    static let eccentricitySquared = flattening * (2 - flattening)
    /// Smallest radius of curvature anywhere on the ellipsoid (meridian at the equator): b²/a.
    /// A geodesic's curvature in space never exceeds 1 / this.
    static let minimumCurvatureRadiusMeters = polarRadiusMeters * polarRadiusMeters / equatorialRadiusMeters

    let geodesic: UnsafeMutablePointer<geod_geodesic>

    private init() {
        geodesic = .allocate(capacity: 1)
        geod_init(geodesic, WGS84.equatorialRadiusMeters, WGS84.flattening)
    }

    deinit { geodesic.deallocate() }

    /// The inverse problem: distance and azimuths between two points.
    public func inverse(_ p1: GeoPoint, _ p2: GeoPoint) -> GeodesicInverse {
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        geod_inverse(geodesic, p1.latitude, p1.longitude, p2.latitude, p2.longitude, &s12, &azi1, &azi2)
        return GeodesicInverse(distanceMeters: s12, azimuth1Degrees: azi1, azimuth2Degrees: azi2)
    }

    /// Geodesic distance in metres between two points.
    public func distanceMeters(_ p1: GeoPoint, _ p2: GeoPoint) -> Double {
        var s12 = 0.0
        geod_inverse(geodesic, p1.latitude, p1.longitude, p2.latitude, p2.longitude, &s12, nil, nil)
        return s12
    }

    /// The direct problem: where a geodesic from `start` with `azimuthDegrees` ends after `distanceMeters`.
    public func direct(from start: GeoPoint, azimuthDegrees: Double, distanceMeters: Double) -> (point: GeoPoint, azimuthDegrees: Double) {
        var lat = 0.0, lon = 0.0, azi = 0.0
        geod_direct(geodesic, start.latitude, start.longitude, azimuthDegrees, distanceMeters, &lat, &lon, &azi)
        return (GeoPoint(latitude: lat, longitude: lon), azi)
    }

    /// Points every `spacingMeters` (or closer) along the geodesic from `p1` to `p2`, both ends included.
    public func densify(_ p1: GeoPoint, _ p2: GeoPoint, spacingMeters: Double) -> [GeoPoint] {
        var line = geod_geodesicline()
        geod_inverseline(&line, geodesic, p1.latitude, p1.longitude, p2.latitude, p2.longitude,
                         GEOD_LATITUDE.rawValue | GEOD_LONGITUDE.rawValue | GEOD_DISTANCE_IN.rawValue)
        let pieces = max(1, Int((line.s13 / spacingMeters).rounded(.up)))
        var points = [p1]
        for i in 1..<pieces {
            var lat = 0.0, lon = 0.0
            geod_position(&line, line.s13 * Double(i) / Double(pieces), &lat, &lon, nil)
            points.append(GeoPoint(latitude: lat, longitude: lon))
        }
        points.append(p2)
        return points
    }

    /// Earth-centred, earth-fixed coordinates (metres) of a point on the surface.
    @inline(__always)
    static func ecef(latitude: Double, longitude: Double) -> Vector3 {
        let phi = latitude * .pi / 180, lambda = longitude * .pi / 180
        let sinPhi = sin(phi), cosPhi = cos(phi)
        let n = equatorialRadiusMeters / (1 - eccentricitySquared * sinPhi * sinPhi).squareRoot()
        return Vector3(x: n * cosPhi * cos(lambda), y: n * cosPhi * sin(lambda), z: n * (1 - eccentricitySquared) * sinPhi)
    }
}

/// The solution of the inverse geodesic problem.
public struct GeodesicInverse: Sendable, Equatable {
    public var distanceMeters: Double
    public var azimuth1Degrees: Double
    public var azimuth2Degrees: Double
}
