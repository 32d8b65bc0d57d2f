import Foundation
import GreenlightGeodesy

/// A cell bounded by two meridians and two parallels, addressed in equal-area coordinates:
/// longitude and q = sin(authalic latitude). Cells of equal Δλ·Δq have equal area on the ellipsoid,
/// and that area is exact: R_q² · Δλ · Δq, with R_q the authalic radius.
public struct EqualAreaCell: Sendable {
    public var west: Double, east: Double      // degrees, east > west, possibly beyond ±180
    public var south: Double, north: Double    // q = sin(authalic latitude), in [-1, 1]

    static let a = WGS84.equatorialRadiusMeters
    static let e2 = WGS84.flattening * (2 - WGS84.flattening)
    static let e = e2.squareRoot()
    /// q(φ) of the authalic latitude (Snyder, Map Projections, eq. 3-12), and its value at the pole.
    static func qFunction(_ sinPhi: Double) -> Double {
        (1 - e2) * (sinPhi / (1 - e2 * sinPhi * sinPhi) - 1 / (2 * e) * log((1 - e * sinPhi) / (1 + e * sinPhi)))
    }
    static let qPole = qFunction(1)
    static let authalicRadiusSquared = a * a * qPole / 2

    /// q = sin(authalic latitude) of a geodetic latitude.
    static func equalAreaY(latitude: Double) -> Double { qFunction(sin(latitude * .pi / 180)) / qPole }

    /// Geodetic latitude (degrees) of q = sin(authalic latitude), by Newton's method on q(φ).
    static func latitude(equalAreaY y: Double) -> Double {
        if y >= 1 { return 90 }
        if y <= -1 { return -90 }
        let target = y * qPole
        var phi = asin(y)
        for _ in 0..<8 {
            let s = sin(phi), c = cos(phi)
            let w = 1 - e2 * s * s
            let dq = 2 * (1 - e2) * c / (w * w)   // dq/dφ
            let step = (qFunction(s) - target) / dq
            phi -= step
            if abs(step) < 1e-15 { break }
        }
        return phi * 180 / .pi
    }

    public var areaSquareMeters: Double { EqualAreaCell.authalicRadiusSquared * (east - west) * .pi / 180 * (north - south) }

    public var southLatitude: Double { EqualAreaCell.latitude(equalAreaY: south) }
    public var northLatitude: Double { EqualAreaCell.latitude(equalAreaY: north) }

    /// The centre in equal-area coordinates, as a geodetic point.
    var center: GeoPoint { GeoPoint(latitude: EqualAreaCell.latitude(equalAreaY: (south + north) / 2), longitude: (west + east) / 2) }

    /// A rigorous bound on the geodesic distance from the centre to any point of the cell.
    func radiusMeters(center c: GeoPoint) -> Double {
        cellRadiusMeters(south: southLatitude, north: northLatitude, west: west, east: east, center: c)
    }

    /// Approximate width of the cell in metres (its larger side), for the resolution criterion.
    var sizeMeters: Double {
        let phiS = southLatitude, phiN = northLatitude
        let minAbs = (phiS <= 0 && phiN >= 0) ? 0 : min(abs(phiS), abs(phiN)) * .pi / 180
        let width = EqualAreaCell.a * cos(minAbs) * (east - west) * .pi / 180
        let height = EqualAreaCell.a * (phiN - phiS) * .pi / 180
        return max(width, height)
    }

    func quadrants() -> [EqualAreaCell] {
        let mx = (west + east) / 2, my = (south + north) / 2
        return [EqualAreaCell(west: west, east: mx, south: south, north: my), EqualAreaCell(west: mx, east: east, south: south, north: my),
                EqualAreaCell(west: west, east: mx, south: my, north: north), EqualAreaCell(west: mx, east: east, south: my, north: north)]
    }
}
