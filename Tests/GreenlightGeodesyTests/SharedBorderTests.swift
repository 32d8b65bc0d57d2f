import Foundation
import Testing
@testable import GreenlightGeodesy

/// Two areas that share a border (a territory and its neighbour) walk it in opposite directions.
/// Densified for GEOS, the border must become the very same points in both, so that an overlay of
/// the two finds coincident edges (nothing between them), not two nearly coincident ones (slivers).
@Suite struct SharedBorderTests {
    /// A border of long geodesic edges (far over the densification limit), zigzagging north at 36-37°E.
    static let border: [GeoPoint] = (0...6).map { k in
        GeoPoint(latitude: 50 + 0.5 * Double(k), longitude: 36 + (k % 2 == 0 ? 0 : 0.37))
    }
    /// The area west of the border (counterclockwise: down the west side, up the border).
    static let west: [GeoPoint] = [GeoPoint(latitude: 53, longitude: 34), GeoPoint(latitude: 50, longitude: 34)] + border + [GeoPoint(latitude: 53, longitude: 34)]
    /// The area east of it, walking the border the other way.
    static let east: [GeoPoint] = [GeoPoint(latitude: 50, longitude: 39), GeoPoint(latitude: 53, longitude: 39)] + border.reversed() + [GeoPoint(latitude: 50, longitude: 39)]

    static func geometry() -> ZoneGeometry {
        ZoneGeometry(domain: GeoBox(south: 49, north: 54, west: 33, east: 40), toleranceMeters: 10)
    }

    @Test func bothSidesDensifyTheBorderToTheSamePoints() {
        let g = Self.geometry()
        let fromWest = g.densified(Self.west), fromEast = g.densified(Self.east)
        for k in 0..<(Self.border.count - 1) {
            let p = Self.border[k], q = Self.border[k + 1]
            // The points each side put on this edge: on its geodesic by GeographicLib's inverse problem
            // (distances to the ends add up to the edge's length).
            let length = WGS84.shared.distanceMeters(p, q)
            func onEdge(_ ring: [GeoPoint]) -> Set<GeoPoint> {
                Set(ring.filter { $0 != p && $0 != q && abs(WGS84.shared.distanceMeters(p, $0) + WGS84.shared.distanceMeters($0, q) - length) < 1e-6 })
            }
            let a = onEdge(fromWest), b = onEdge(fromEast)
            // A 56-65 km edge in pieces of at most `maximumEdgeMeters` (5.4 km here): ten points or more, and not one differs.
            #expect(a.count >= Int(length / g.maximumEdgeMeters) - 1 && a.count >= 10, "edge \(k): \(a.count) points")
            #expect(a == b, "edge \(k): \(a.symmetricDifference(b).count) points differ between the two sides")
        }
    }

    @Test func neighboursOverlapNowhere() throws {
        let g = Self.geometry()
        let west = try GeodesicMultiPolygon(polygons: [[Self.west]]), east = try GeodesicMultiPolygon(polygons: [[Self.east]])
        // GEOS's overlay of the two densified areas: not a sliver left along 330 km of border.
        let overlap = try g.intersection([try g.area(west), try g.area(east)])
        #expect(g.isEmpty(overlap), "\(g.frameRings(overlap).count) sliver polygons between two neighbours")
        #expect(try g.interiorsMeet(west, east) == false)
        #expect(try g.interiorsMeet(east, west) == false)
        // An area that reaches over the border does meet its neighbour.
        let over = try GeodesicMultiPolygon(polygons: [[[GeoPoint(latitude: 51, longitude: 35), GeoPoint(latitude: 51, longitude: 37),
                                                         GeoPoint(latitude: 52, longitude: 37), GeoPoint(latitude: 52, longitude: 35),
                                                         GeoPoint(latitude: 51, longitude: 35)]]])
        #expect(try g.interiorsMeet(west, over))
        #expect(try g.interiorsMeet(over, east))
    }
}
