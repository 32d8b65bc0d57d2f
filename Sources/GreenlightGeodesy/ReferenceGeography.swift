import Foundation
import Synchronization

/// Which reference borders stand for Ukraine and Russia.
public enum BorderView: String, Sendable, CaseIterable, Codable {
    /// Internationally recognised borders: Crimea and Sevastopol in Ukraine (the default).
    case deJure = "de-jure"
    /// Natural Earth's default view: Crimea inside Russia's polygon.
    case deFacto = "de-facto"
}

/// The Natural Earth borders shipped with Greenlight (see `Resources/naturalearth/README.md` for
/// provenance): countries by ISO 3166-1 alpha-2 code in either view (1:10m for the region the project
/// was built around, 1:50m for every other country of the world file), first-level regions by
/// ISO 3166-2 code. Files are parsed on first use and areas built once, then shared.
public final class ReferenceGeography: Sendable {
    public static let shared = ReferenceGeography()

    static let countriesFile = "ne_10m_admin0_region.geojson"
    static let deJureFile = "ne_10m_admin0_ukr_rus_dejure_derived.geojson"
    /// Every other country, 1:50m (Natural Earth 4.0), read only when a code is not in the 10m file.
    static let worldFile = "ne_50m_admin0_countries.geojson"
    static let regionFiles = ["ne_10m_admin1_ukraine_simplified.geojson", "ne_50m_admin1_russia.geojson"]

    let directory: URL
    /// Computed on first use (see `ReferenceGeography+Identity.swift`).
    let identityCache = Mutex<String?>(nil)
    private let features = Mutex<[String: [GeoJSONFeature]]>([:])
    private let areas = Mutex<[String: GeodesicMultiPolygon]>([:])

    /// Uses `GREENLIGHT_DATA` when set, else the copy bundled with the library.
    public init(directory: URL? = nil) {
        if let directory { self.directory = directory }
        else if let path = ProcessInfo.processInfo.environment["GREENLIGHT_DATA"] { self.directory = URL(fileURLWithPath: path) }
        else { self.directory = Bundle.module.url(forResource: "naturalearth", withExtension: nil)! }
    }

    public func url(ofFile name: String) -> URL { directory.appendingPathComponent(name) }

    /// The country with this ISO alpha-2 code in the given view, or nil when the data has none.
    public func country(_ iso2: String, view: BorderView = .deJure) throws -> GeodesicMultiPolygon? {
        let code = iso2.uppercased()
        let file = view == .deJure && (code == "UA" || code == "RU") ? Self.deJureFile : Self.countriesFile
        if let detailed = try area(key: "country:\(file):\(code)", file: file, where: { $0.properties["iso_a2"] == code || $0.properties["iso_a2_eh"] == code }) {
            return detailed
        }
        return try area(key: "country:\(Self.worldFile):\(code)", file: Self.worldFile) { Self.worldCode($0) == code }
    }

    /// A world-file country's alpha-2 code. Natural Earth 4.0 gives France and Norway ISO_A2 = -99 (and
    /// ISO_A3_EH = -99 too), so theirs come from ADM0_A3 (FRA, NOR); the other -99 units (disputed or
    /// minor) have no alpha-2 code.
    static func worldCode(_ f: GeoJSONFeature) -> String? {
        if let a2 = f.properties["ISO_A2"], a2 != "-99" { return a2 }
        switch f.properties["ADM0_A3"] {
        case "FRA": return "FR"
        case "NOR": return "NO"
        default: return nil
        }
    }

    /// The countries of the 1:10m file (the detailed region), without reading the world file.
    public func detailedCountryCodes() throws -> [String] {
        Set(try load(Self.countriesFile).compactMap { $0.properties["iso_a2"] }).sorted()
    }

    /// The first-level region with this ISO 3166-2 code (e.g. UA-63, RU-BEL), the same in both views.
    public func region(_ code: String) throws -> GeodesicMultiPolygon? {
        let code = code.uppercased()
        for file in Self.regionFiles {
            if let area = try area(key: "region:\(code)", file: file, where: { $0.properties["iso_3166_2"] == code }) { return area }
        }
        return nil
    }

    /// Codes available: countries (alpha-2, both scales) and regions (ISO 3166-2).
    public func availableCodes() throws -> (countries: [String], regions: [String]) {
        let countries = Set(try load(Self.countriesFile).compactMap { $0.properties["iso_a2"] } + (try load(Self.worldFile).compactMap(Self.worldCode)))
        var regions: [String] = []
        for file in Self.regionFiles { regions += try load(file).compactMap { $0.properties["iso_3166_2"] } }
        return (countries.sorted(), regions.sorted())
    }

    private func area(key: String, file: String, where match: (GeoJSONFeature) -> Bool) throws -> GeodesicMultiPolygon? {
        if let cached = areas.withLock({ $0[key] }) { return cached }
        let matching = try load(file).filter(match)
        if matching.isEmpty { return nil }
        let built = try GeodesicMultiPolygon(polygons: matching.flatMap(\.polygons), context: "\(file) \(key)")
        return areas.withLock { cache in
            if let existing = cache[key] { return existing }
            cache[key] = built
            return built
        }
    }

    private func load(_ file: String) throws -> [GeoJSONFeature] {
        if let cached = features.withLock({ $0[file] }) { return cached }
        let parsed = try GeoJSONReader.read(contentsOf: url(ofFile: file))
        features.withLock { $0[file] = parsed }
        return parsed
    }
}
