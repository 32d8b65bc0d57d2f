import Foundation

/// A latitude/longitude box; `east` may exceed 180 for boxes across the antimeridian.
public struct GeoBox: Sendable, Codable, Equatable {
    public var south: Double, north: Double, west: Double, east: Double
    public init(south: Double, north: Double, west: Double, east: Double) {
        self.south = south; self.north = north; self.west = west; self.east = east
    }

    public static let world = GeoBox(south: -90, north: 90, west: -180, east: 180)

    /// The box grown by `meters` in every direction (conservatively: with the smallest meridian
    /// radius and the parallel radius at the box's most poleward latitude after growing).
    public func expanded(byMeters meters: Double) -> GeoBox {
        let a = WGS84.equatorialRadiusMeters, e2 = WGS84.flattening * (2 - WGS84.flattening)
        let dLat = meters / (a * (1 - e2)) * 180 / .pi
        let s = max(-90, south - dLat), n = min(90, north + dLat)
        let poleward = max(abs(s), abs(n)) * .pi / 180
        let parallel = a * cos(poleward) / (1 - e2 * sin(poleward) * sin(poleward)).squareRoot()
        let dLon = parallel > 1 ? meters / parallel * 180 / .pi : 360
        if east - west + 2 * dLon >= 360 || n >= 89.9 || s <= -89.9 { return GeoBox(south: s, north: n, west: -180, east: 180) }
        return GeoBox(south: s, north: n, west: west - dLon, east: east + dLon)
    }

    /// The overlap of two boxes (longitudes compared modulo 360), or nil when they are disjoint.
    public func intersection(_ other: GeoBox) -> GeoBox? {
        let s = max(south, other.south), n = min(north, other.north)
        guard s < n else { return nil }
        if east - west >= 360 { return GeoBox(south: s, north: n, west: other.west, east: other.east) }
        if other.east - other.west >= 360 { return GeoBox(south: s, north: n, west: west, east: east) }
        for shift in [-360.0, 0, 360] {
            let w = max(west, other.west + shift), e = min(east, other.east + shift)
            if w < e { return GeoBox(south: s, north: n, west: w, east: e) }
        }
        return nil
    }

    /// The smallest box containing both.
    public func union(_ other: GeoBox) -> GeoBox {
        if east - west >= 360 || other.east - other.west >= 360 {
            return GeoBox(south: min(south, other.south), north: max(north, other.north), west: -180, east: 180)
        }
        var best = GeoBox.world
        for shift in [-360.0, 0, 360] {
            let w = min(west, other.west + shift), e = max(east, other.east + shift)
            if e - w < best.east - best.west { best = GeoBox(south: min(south, other.south), north: max(north, other.north), west: w, east: e) }
        }
        return best
    }
}
