import Foundation
import Testing
@testable import GreenlightGeodesy

/// Areas against Karney's Python geographiclib (scripts/reference/make_geometry_reference.py):
/// rings wound either way, and polygons containing a pole, within 0.1 m².
@Suite struct AreaReferenceTests {
    struct Case: Decodable { var name: String; var rings: [[[Double]]]; var area_m2: Double; var perimeter_m: Double }

    static let cases: [Case] = {
        guard let data = try? Data(contentsOf: FixtureFiles.url("area-reference.json")) else { return [] }
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }()

    static func polygon(_ c: Case) throws -> GeodesicMultiPolygon {
        let rings = c.rings.map { $0.map { GeoPoint(latitude: $0[1], longitude: $0[0]) } }
        return try GeodesicMultiPolygon.validated(polygons: [rings], context: c.name)
    }

    @Test func referenceIsPresent() { #expect(Self.cases.count == 10) }

    @Test(arguments: cases.map(\.name))
    func areaAndPerimeterMatchGeographicLib(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let shape = try Self.polygon(c)
        #expect(abs(shape.areaSquareMeters - c.area_m2) <= 0.1, "\(name): \(shape.areaSquareMeters) vs \(c.area_m2)")
        #expect(abs(shape.perimeterMeters - c.perimeter_m) <= 1e-6, "\(name): \(shape.perimeterMeters) vs \(c.perimeter_m)")
        #expect(shape.areaSquareMeters > 0)
    }
}
