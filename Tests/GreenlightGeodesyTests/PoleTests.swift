import Foundation
import Testing
@testable import GreenlightGeodesy

/// Polygons containing a pole or with a vertex at one: signed distance (and so containment) against
/// the independent geographiclib brute force of scripts/reference/make_geometry_reference.py.
@Suite struct PoleTests {
    struct Row { var polygon: String; var point: GeoPoint; var meters: Double }

    static let rows: [Row] = {
        let text = (try? String(contentsOf: FixtureFiles.url("pole-distance-reference.tsv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t")
            return Row(polygon: String(f[0]), point: GeoPoint(latitude: Double(f[1])!, longitude: Double(f[2])!), meters: Double(f[3])!)
        }
    }()

    @Test(arguments: ["ring-89N-ccw", "antarctica-like-ccw", "antarctica-natural-earth-style", "triangle-vertex-at-north-pole", "triangle-vertex-at-south-pole"])
    func signedDistanceMatchesTheReference(_ name: String) throws {
        let c = try #require(AreaReferenceTests.cases.first { $0.name == name })
        let shape = try AreaReferenceTests.polygon(c)
        let rows = Self.rows.filter { $0.polygon == name }
        #expect(rows.count >= 4)
        for row in rows {
            let d = shape.signedDistanceMeters(row.point)
            #expect(abs(d - row.meters) <= 1e-3, "\(name) \(row.point): \(d) vs \(row.meters)")
            #expect(shape.contains(row.point) == (row.meters < 0), "\(name) \(row.point)")
        }
    }

    @Test func bothWindingsOfAPolarCapAreTheSameArea() throws {
        for name in ["ring-89N-ccw", "ring-89N-cw", "antarctica-like-ccw", "antarctica-like-cw"] {
            let c = try #require(AreaReferenceTests.cases.first { $0.name == name })
            let shape = try AreaReferenceTests.polygon(c)
            let pole = GeoPoint(latitude: name.hasPrefix("ring") ? 90 : -90, longitude: 0)
            #expect(shape.contains(GeoPoint(latitude: pole.latitude * 0.9999, longitude: 17)), "\(name)")
            #expect(!shape.contains(GeoPoint(latitude: -pole.latitude * 0.5, longitude: 17)), "\(name)")
        }
    }
}
