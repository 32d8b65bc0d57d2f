import Foundation
import Testing
@testable import GreenlightGeodesy

/// The cheap test that spares finished zones the geodesic sliver measure must be a lower bound on
/// what it stands for: twice the geodesic area over the geodesic perimeter (GeographicLib, through
/// PROJ's geod_polygonarea), for thin and wide rings at low and high latitudes.
@Suite struct SliverBoundTests {
    /// A ring of `width` × `length` degrees at `latitude`, its long sides densified to 0.01°.
    static func strip(latitude: Double, longitude: Double, widthDegrees: Double, lengthDegrees: Double) -> [GeoPoint] {
        let steps = max(1, Int(lengthDegrees / 0.01))
        var ring: [GeoPoint] = []
        for k in 0...steps { ring.append(GeoPoint(latitude: latitude, longitude: longitude + lengthDegrees * Double(k) / Double(steps))) }
        for k in (0...steps).reversed() { ring.append(GeoPoint(latitude: latitude + widthDegrees, longitude: longitude + lengthDegrees * Double(k) / Double(steps))) }
        ring.append(ring[0])
        return ring
    }

    @Test(arguments: [0.0, 45, 60, 75, 84])
    func theBoundNeverExceedsTheGeodesicWidth(latitude: Double) {
        for (width, length) in [(1e-9, 0.02), (1e-7, 1.0), (1e-5, 0.5), (0.01, 0.3), (1.0, 2.0), (3.0, 3.0)] {
            for ring in [Self.strip(latitude: latitude, longitude: 30, widthDegrees: width, lengthDegrees: length),
                         Self.strip(latitude: latitude, longitude: 398.5, widthDegrees: width, lengthDegrees: length).reversed()] {
                let m = ZonePolygons.measure(ring)
                let geodesicWidth = 2 * m.area / m.perimeter
                let bound = ZoneGeometry.planarWidthLowerBoundMeters(ring)
                #expect(bound <= geodesicWidth, "latitude \(latitude), \(width)° × \(length)°: bound \(bound) m > \(geodesicWidth) m")
                // And it is not vacuous: it gives away about the cosine of the highest latitude (every
                // degree is scaled as short as the shortest), little more.
                if width >= 0.01 && latitude <= 60 { #expect(bound >= 0.95 * cos((latitude + width) * .pi / 180) * geodesicWidth) }
            }
        }
    }

    @Test func aOneCentimetreSliverIsStillMeasured() {
        // 1e-7° of latitude is 1.1 cm: the bound stays under the 1 m that lets a ring skip the measure.
        let ring = Self.strip(latitude: 50, longitude: 30, widthDegrees: 1e-7, lengthDegrees: 1)
        #expect(ZoneGeometry.planarWidthLowerBoundMeters(ring) < 1)
        #expect(!ZoneGeometry.isSliver([ring]))
        #expect(ZoneGeometry.isSliver([Self.strip(latitude: 50, longitude: 30, widthDegrees: 5e-8, lengthDegrees: 1)]))
    }
}
