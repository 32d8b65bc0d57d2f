import ArgumentParser
import Foundation
import GreenlightGeodesy

struct GeoArea: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "area",
        abstract: "Geodesic area of an area in km² (Karney's geod_polygonarea, holes subtracted).",
        discussion: """
              greenlight geo area --country UA
              greenlight geo area --region UA-63
              greenlight geo area --geojson zone.geojson --format json
            """
    )

    @OptionGroup var area: AreaSource
    @Option(help: "text (km², 3 decimals) or json (area_m2, perimeter_m, area_km2 at full double precision, like Planimeter).")
    var format: OutputFormat = .text

    /// The JSON form: shortest decimal text that reads back as the same double.
    struct Measure: Encodable {
        var area_m2: Double
        var perimeter_m: Double
        var area_km2: Double
    }

    func run() throws {
        let shape = try area.load()
        switch format {
        case .text: print(String(format: "%.3f", shape.areaSquareMeters / 1e6))
        case .json:
            let area = shape.areaSquareMeters
            try printJSON(Measure(area_m2: area, perimeter_m: shape.perimeterMeters, area_km2: area / 1e6))
        }
    }
}
