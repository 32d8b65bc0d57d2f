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

    /// Countries beyond the 1:10m extract come from Natural Earth's 1:50m world file, by alpha-2 code;
    /// France and Norway (ISO_A2 = -99 there) by their ISO_A3_EH. Each holds its capital and not the others'.
    @Test func worldCountriesByCode() throws {
        let g = ReferenceGeography.shared
        let capitals: [(String, GeoPoint)] = [
            ("FR", GeoPoint(latitude: 48.857, longitude: 2.352)), ("NO", GeoPoint(latitude: 59.913, longitude: 10.752)),
            ("IR", GeoPoint(latitude: 35.689, longitude: 51.389)), ("IL", GeoPoint(latitude: 32.085, longitude: 34.781)),
            ("US", GeoPoint(latitude: 38.895, longitude: -77.036)), ("DE", GeoPoint(latitude: 52.520, longitude: 13.405)),
            ("GB", GeoPoint(latitude: 51.507, longitude: -0.128)), ("AU", GeoPoint(latitude: -35.281, longitude: 149.129)),
        ]
        for (code, capital) in capitals {
            let country = try #require(try g.country(code), "\(code)")
            #expect(country.contains(capital), "\(code) holds its capital")
            for (other, elsewhere) in capitals where other != code { #expect(!country.contains(elsewhere), "\(code) does not hold \(other)'s capital") }
        }
        // The 10m file still decides where it has the country; -99 units without a code are not found by code.
        #expect(try g.country("PL")!.polygons.flatMap { $0 }.map(\.count).reduce(0, +) > 1_000)  // 1:10m: 1,332 vertices (1:50m has 316)
        #expect(try g.country("-99") == nil)
        let codes = try g.availableCodes().countries
        #expect(codes.count > 200 && codes.contains("FR") && codes.contains("NO") && !codes.contains("-99"))
    }
}
