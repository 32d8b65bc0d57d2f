import Foundation
import Testing
@testable import GreenlightGeodesy

/// GEOS sees straight longitude/latitude edges; `ZoneGeometry` densifies every geodesic edge so that
/// each straight piece stays within 0.1 ε of the geodesic it stands for. Checked here on long edges in
/// every direction at low, middle and high latitudes: each piece's geodesic, sampled at its quarter
/// points, against the straight piece, by the geodesic distance to the nearest point of it.
@Suite struct DensificationTests {
    /// The distance, in metres, from `p` to the straight longitude/latitude segment a–b (golden-section
    /// search over the segment's parameter; the distance along it is unimodal at these lengths).
    static func distanceToStraightSegment(_ p: GeoPoint, _ a: GeoPoint, _ b: GeoPoint) -> Double {
        func at(_ t: Double) -> Double {
            WGS84.shared.distanceMeters(p, GeoPoint(latitude: a.latitude + (b.latitude - a.latitude) * t, longitude: a.longitude + (b.longitude - a.longitude) * t))
        }
        var lo = 0.0, hi = 1.0
        for _ in 0..<60 {
            let m1 = lo + (hi - lo) * 0.382, m2 = lo + (hi - lo) * 0.618
            if at(m1) < at(m2) { hi = m2 } else { lo = m1 }
        }
        return at((lo + hi) / 2)
    }

    @Test(arguments: [5.0, 35.0, 55.0, 70.0, 82.0])
    func straightPiecesStayWithinATenthOfTheTolerance(latitude: Double) {
        let tolerance = 10.0
        let g = ZoneGeometry(domain: GeoBox(south: latitude - 3, north: latitude, west: 20, east: 40), toleranceMeters: tolerance)
        var worst = 0.0, pieces = 0
        // A star of 80 km edges from one vertex at the domain's top, every 15° of azimuth.
        let centre = GeoPoint(latitude: latitude - 1.5, longitude: 30)
        for azimuth in stride(from: 0.0, to: 360.0, by: 15.0) {
            let end = WGS84.shared.direct(from: centre, azimuthDegrees: azimuth, distanceMeters: 80_000).point
            let ring = g.densified([centre, end])
            for i in 0..<(ring.count - 1) {
                let a = ring[i], b = ring[i + 1]
                pieces += 1
                #expect(WGS84.shared.distanceMeters(a, b) <= g.maximumEdgeMeters * (1 + 1e-9))
                let quarters = WGS84.shared.densify(a, b, spacingMeters: WGS84.shared.distanceMeters(a, b) / 4 * (1 + 1e-12))
                for q in quarters.dropFirst().dropLast() { worst = max(worst, Self.distanceToStraightSegment(q, a, b)) }
            }
        }
        #expect(pieces > 24 * 3, "the 80 km edges must be split: \(pieces) pieces")
        #expect(worst <= 0.1 * tolerance, "a straight piece strays \(worst) m from its geodesic at \(latitude)°")
        // Not needlessly fine either: the limit uses most of its budget.
        #expect(worst >= 0.03 * tolerance, "pieces far shorter than needed: \(worst) m at \(latitude)°")
    }
}
