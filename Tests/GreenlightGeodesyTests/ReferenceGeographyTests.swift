import Foundation
import Testing
@testable import GreenlightGeodesy

@Suite struct ReferenceGeographyTests {
    let geography = ReferenceGeography.shared
    let kremlin = GeoPoint(latitude: 55.752, longitude: 37.617)
    let simferopol = GeoPoint(latitude: 44.95, longitude: 34.10)

    /// Natural Earth swaps the codes of Moscow city and oblast; the imported copy carries ISO 3166-2.
    @Test func moscowCodesFollowISO3166_2() throws {
        let city = try #require(try geography.region("RU-MOW")), oblast = try #require(try geography.region("RU-MOS"))
        #expect(city.contains(kremlin))
        #expect(!oblast.contains(kremlin))
        #expect(oblast.areaSquareMeters > 10 * city.areaSquareMeters)
    }

    @Test func viewsPlaceCrimea() throws {
        #expect(try geography.country("UA", view: .deJure)!.contains(simferopol))
        #expect(!(try geography.country("RU", view: .deJure)!.contains(simferopol)))
        #expect(try geography.country("RU", view: .deFacto)!.contains(simferopol))
        #expect(!(try geography.country("UA", view: .deFacto)!.contains(simferopol)))
        #expect(try geography.region("UA-43")!.contains(simferopol))
    }

    @Test func countriesAndRegionsByCode() throws {
        #expect(try geography.country("RU", view: .deFacto)!.vertexCount == 36_756)
        #expect(try geography.country("XX") == nil)
        #expect(try geography.region("UA-99") == nil)
        #expect(try geography.country("PL")!.contains(GeoPoint(latitude: 52.23, longitude: 21.01)))
        let kharkiv = try #require(try geography.region("UA-63"))
        #expect(kharkiv.contains(GeoPoint(latitude: 49.99, longitude: 36.23)))
        #expect(try geography.region("RU-BEL")!.contains(GeoPoint(latitude: 50.6, longitude: 36.6)))
    }

    /// Areas against independent values: Karney's geod_polygonarea is the solver, so compare with the
    /// extraction check in shared/data/README.md (Natural Earth's Ukraine 571,999 km² without Crimea
    /// and Sevastopol, which the de facto view leaves out).
    @Test func areasAreOfTheRightSize() throws {
        let ukraineDeFacto = try geography.country("UA", view: .deFacto)!.areaSquareMeters / 1e6
        #expect(abs(ukraineDeFacto - 571_999) / 571_999 < 0.005, "\(ukraineDeFacto)")
        // A 1°×1° geodesic quadrilateral: 12,308.778361 km² by Python geographiclib (Polygon.Compute).
        let square = try GeodesicMultiPolygon(polygons: [[[GeoPoint(latitude: 0, longitude: 0), GeoPoint(latitude: 0, longitude: 1),
                                                           GeoPoint(latitude: 1, longitude: 1), GeoPoint(latitude: 1, longitude: 0),
                                                           GeoPoint(latitude: 0, longitude: 0)]]])
        #expect(abs(square.areaSquareMeters / 1e6 - 12_308.778) < 0.01, "\(square.areaSquareMeters / 1e6)")
    }
}
