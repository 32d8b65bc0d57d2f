/// A position on the WGS84 ellipsoid, in degrees.
public struct GeoPoint: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Why a coordinate pair is not a position, or nil when it is one.
    public static func problem(latitude: Double, longitude: Double) -> String? {
        if !latitude.isFinite || !longitude.isFinite { return "coordinates must be finite numbers" }
        if latitude < -90 || latitude > 90 { return "latitude \(latitude) is outside [-90, 90]" }
        if longitude < -180 || longitude > 180 { return "longitude \(longitude) is outside [-180, 180]" }
        return nil
    }
}

/// Reduces an angle in degrees to (-180, 180].
@inline(__always)
func wrapDegrees(_ x: Double) -> Double {
    // Differences of two longitudes (the usual argument) lie within ±360: there the remainder is x
    // itself (or x ∓ 360, exact), so one add gives fmod's value (a zero's sign aside) at a fraction of its cost.
    if abs(x) < 540 {
        if x <= -180 { return x + 360 }
        if x > 180 { return x - 360 }
        return x
    }
    var y = x.truncatingRemainder(dividingBy: 360)
    if y <= -180 { y += 360 } else if y > 180 { y -= 360 }
    return y
}
