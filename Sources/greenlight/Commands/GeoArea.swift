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
              greenlight geo area --geojson zone.geojson
            """
    )

    @OptionGroup var area: AreaSource

    func run() throws {
        let shape = try area.load()
        print(String(format: "%.3f", shape.areaSquareMeters / 1e6))
    }
}
