import ArgumentParser
import Foundation
import GreenlightGeodesy

struct GeoDistance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distance",
        abstract: "Signed geodesic distance from points to an area (negative inside), or distance to lines and points.",
        discussion: """
            Reads lines "lat lon" on standard input and prints per line: the signed distance in metres
            (negative inside: its magnitude is the depth), then "inside" or "outside". For a GeoJSON
            file of lines and points (no inside) it prints the plain distance in metres. Lines are
            answered on every core, in input order; bad lines are reported on standard error with their
            number (exit status 2) and the others are still answered.
              echo "55.75 37.62" | greenlight geo distance --country UA
              greenlight geo distance --region UA-63 < points.txt
              greenlight geo distance --geojson front-line.geojson < points.txt
            """
    )

    @OptionGroup var area: AreaSource

    func run() throws {
        let shape = try area.load(allowingLines: true)
        var input = NumberLineStream(source: "stdin", fieldCount: 2, expected: "lat lon")
        let lineal = shape.isLineal
        // Build the search structures here, on both cores, not inside the first slice's answer, where
        // the other core would wait for them.
        shape.prepareQueries()
        input.runBatches { pairs, out in
            var distances = [Double](repeating: 0, count: pairs.count / 2)
            distances.withUnsafeMutableBufferPointer { shape.signedDistancesMeters(latitudeLongitude: pairs, into: $0) }
            for d in distances {
                FixedText.append(d, decimals: 4, to: &out)
                if !lineal { FixedText.append(d < 0 ? " inside" : " outside", to: &out) }
                out.append(UInt8(ascii: "\n"))
            }
        }
        if input.invalidLines > 0 { throw ExitCode(2) }
    }
}
