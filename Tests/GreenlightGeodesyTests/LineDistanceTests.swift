import Foundation
import Testing
@testable import GreenlightGeodesy

/// Distances to lines and points against an independent brute force along densified geodesics
/// (scripts/reference/make_geometry_reference.py, Python geographiclib): 2-vertex segments from
/// 50 km to 6,900 km (one across the antimeridian), points whose nearest point is an endpoint,
/// polylines, a MultiLineString and a MultiPoint; within 1 mm.
@Suite struct LineDistanceTests {
    struct Row { var geometry: String; var point: GeoPoint; var meters: Double }

    static let rows: [Row] = {
        let text = (try? String(contentsOf: FixtureFiles.url("line-distance-reference.tsv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t")
            return Row(geometry: String(f[0]), point: GeoPoint(latitude: Double(f[1])!, longitude: Double(f[2])!), meters: Double(f[3])!)
        }
    }()

    @Test(arguments: ["segment-short", "segment-long", "segment-antimeridian", "polyline", "multiline", "multipoint"])
    func distanceMatchesTheBruteForceWithinOneMillimetre(_ name: String) throws {
        let shape = try GeoJSONReader.geometry(contentsOf: FixtureFiles.url("lines/\(name).geojson"))
        #expect(shape.isLineal)
        let rows = Self.rows.filter { $0.geometry == name }
        #expect(rows.count >= 30)
        for row in rows {
            #expect(abs(shape.distanceMeters(row.point) - row.meters) <= 1e-3, "\(name) \(row.point): \(shape.distanceMeters(row.point)) vs \(row.meters)")
            #expect(shape.signedDistanceMeters(row.point) == shape.distanceMeters(row.point))
            #expect(!shape.contains(row.point))
            #expect(shape.isWithin(meters: row.meters + 0.01, of: row.point) && !shape.isWithin(meters: row.meters - 0.01, of: row.point))
        }
    }

    @Test func aLineIsNotAnArea() {
        do {
            _ = try GeoJSONReader.area(contentsOf: FixtureFiles.url("lines/polyline.geojson"))
            Issue.record("a line was accepted as an area")
        } catch {
            #expect(error.problem == .notAnArea)
            #expect(error.description.contains("a line or point is not an area"))
        }
    }

    @Test func aGeometryCollectionOfLinesAndPointsIsOneGeometry() throws {
        let json = #"{"type":"GeometryCollection","geometries":[{"type":"LineString","coordinates":[[30,46],[35,47.1]]},{"type":"Point","coordinates":[38.2,50.1]}]}"#
        let features = try GeoJSONReader.read(data: Data(json.utf8), file: "gc.geojson")
        let shape = try GeoJSONReader.geometry(features, file: "gc.geojson")
        #expect(shape.lines.count == 1 && shape.points.count == 1)
        // On the line's vertex and on the point: distance 0.
        #expect(shape.distanceMeters(GeoPoint(latitude: 46, longitude: 30)) < 1e-6)
        #expect(shape.distanceMeters(GeoPoint(latitude: 50.1, longitude: 38.2)) < 1e-6)
    }

    @Test func mixingAreasAndLinesIsRefused() throws {
        let json = #"{"type":"GeometryCollection","geometries":[{"type":"LineString","coordinates":[[30,46],[35,47.1]]},{"type":"Polygon","coordinates":[[[30,50],[31,50],[31,51],[30,50]]]}]}"#
        let features = try GeoJSONReader.read(data: Data(json.utf8), file: "mix.geojson")
        #expect(throws: GeoJSONError.self) { try GeoJSONReader.geometry(features, file: "mix.geojson") }
    }
}
