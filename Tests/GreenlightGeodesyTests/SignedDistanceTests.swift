import Foundation
import Testing
@testable import GreenlightGeodesy

/// Signed distances against an independent brute-force reference (scripts/reference/
/// make_signed_distance_reference.py: Karney's Python geographiclib, dense sampling plus golden-section
/// refinement along every geodesic edge, its own meridian ray casting), on polygons with 1,000+ km
/// edges, across the antimeridian, with holes, a multipolygon, and the real Russia polygon.
@Suite struct SignedDistanceTests {
    struct Row { var polygon: String; var point: GeoPoint; var meters: Double }

    static let rows: [Row] = {
        let text = (try? String(contentsOf: FixtureFiles.url("signed-distance-reference.tsv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t")
            return Row(polygon: String(f[0]), point: GeoPoint(latitude: Double(f[1])!, longitude: Double(f[2])!), meters: Double(f[3])!)
        }
    }()

    static func area(_ name: String) throws -> GeodesicMultiPolygon {
        if name == "russia" { return try #require(try ReferenceGeography.shared.country("RU", view: .deFacto)) }
        return try GeoJSONReader.area(contentsOf: FixtureFiles.url("\(name).geojson"))
    }

    @Test(arguments: ["big-edges", "antimeridian", "holes", "multipolygon", "russia"])
    func matchesTheIndependentReferenceWithinOneMillimetre(_ name: String) throws {
        let shape = try Self.area(name)
        let rows = Self.rows.filter { $0.polygon == name }
        #expect(rows.count >= 60)
        var worst = 0.0
        for row in rows {
            let d = shape.signedDistanceMeters(row.point)
            worst = max(worst, abs(d - row.meters))
            // The reference is printed to 0.1 mm; every point is at least 5 m from the boundary.
            #expect(abs(d - row.meters) <= 1e-3, "\(name) \(row.point): \(d) vs \(row.meters)")
            #expect((d < 0) == (row.meters < 0), "\(name) \(row.point): wrong side")
            #expect(shape.contains(row.point) == (row.meters < 0))
            #expect(shape.distanceMeters(row.point) == max(0, d))
        }
        print("\(name): \(rows.count) points, worst |error| \(worst) m")
    }

    /// The batch path `geo distance` takes (points answered in cell order, each search started from
    /// the previous foot) meets the same reference, point by point in the caller's order. The points
    /// are given twice, reversed the second time, so that every search starts from another foot.
    @Test(arguments: ["big-edges", "antimeridian", "holes", "multipolygon", "russia"])
    func batchesMatchTheIndependentReferenceWithinOneMillimetre(_ name: String) throws {
        let shape = try Self.area(name)
        let rows = Self.rows.filter { $0.polygon == name }
        let ordered = rows + rows.reversed()
        let pairs = ordered.flatMap { [$0.point.latitude, $0.point.longitude] }
        var distances = [Double](repeating: .nan, count: ordered.count)
        pairs.withUnsafeBufferPointer { p in distances.withUnsafeMutableBufferPointer { shape.signedDistancesMeters(latitudeLongitude: p, into: $0) } }
        for (row, d) in zip(ordered, distances) {
            #expect(abs(d - row.meters) <= 1e-3, "\(name) \(row.point): batch \(d) vs \(row.meters)")
        }
    }

    /// The threshold query agrees with the exact distance on both sides of the threshold.
    @Test(arguments: ["big-edges", "antimeridian", "holes", "multipolygon", "russia"])
    func thresholdQueryAgreesWithTheDistance(_ name: String) throws {
        let shape = try Self.area(name)
        for row in Self.rows where row.polygon == name && row.meters > 0 {
            #expect(shape.isWithin(meters: row.meters + 0.01, of: row.point))
            #expect(!shape.isWithin(meters: row.meters - 0.01, of: row.point))
        }
    }

    /// A lon/lat-planar implementation gets these wrong: the 1,500+ km bottom edge bulges ~100 km north.
    @Test func longEdgesAreGeodesicsNotParallels() throws {
        let shape = try Self.area("big-edges")
        #expect(!shape.contains(GeoPoint(latitude: 40.5, longitude: 25)))
        #expect(shape.contains(GeoPoint(latitude: 60.5, longitude: 25)))
    }
}
