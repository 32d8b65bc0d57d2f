import ArgumentParser
import Foundation
import GreenlightGeodesy

/// The options that name one area: a GeoJSON file, a country or a region of the reference data.
struct AreaSource: ParsableArguments {
    @Option(help: "A GeoJSON file: Polygon/MultiPolygon features (edges are geodesics); for distances also LineString, MultiLineString, Point, MultiPoint.")
    var geojson: String?
    @Option(help: "A country by ISO 3166-1 alpha-2 code, e.g. RU.")
    var country: String?
    @Option(help: "A first-level region by ISO 3166-2 code, e.g. UA-63.")
    var region: String?
    @Option(help: "Reference borders: de-jure (Crimea in UA, default) or de-facto.")
    var view: BorderView = .deJure

    func validate() throws {
        if [geojson, country, region].compactMap({ $0 }).count != 1 {
            throw ValidationError("Give exactly one of --geojson FILE, --country ISO2, --region ISO3166-2.")
        }
    }

    /// Loads the area; prints the problem and exits 2 when the input is invalid. With
    /// `allowingLines`, a GeoJSON file of lines and points is accepted too (for distances).
    func load(allowingLines: Bool = false) throws -> GeodesicMultiPolygon {
        do {
            if let geojson {
                let url = URL(fileURLWithPath: geojson)
                return allowingLines ? try GeoJSONReader.geometry(contentsOf: url) : try GeoJSONReader.area(contentsOf: url)
            }
            if let country {
                guard let area = try ReferenceGeography.shared.country(country, view: view) else {
                    throw InvalidInput("--country \(country): no such country in the reference data (available: \(try ReferenceGeography.shared.availableCodes().countries.joined(separator: " ")))")
                }
                return area
            }
            guard let region, let area = try ReferenceGeography.shared.region(region) else {
                throw InvalidInput("--region \(region ?? ""): no such ISO 3166-2 region in the reference data")
            }
            return area
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

extension BorderView: ExpressibleByArgument {}

/// Input that names something that does not exist or cannot be used (exit status 2).
struct InvalidInput: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
