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
            file of lines and points (no inside) it prints the plain distance in metres.
              echo "55.75 37.62" | greenlight geo distance --country UA
              greenlight geo distance --region UA-63 < points.txt
              greenlight geo distance --geojson front-line.geojson < points.txt
            """
    )

    @OptionGroup var area: AreaSource

    func run() throws {
        let shape = try area.load(allowingLines: true)
        var input = NumberLines(source: "stdin", fieldCount: 2, expected: "lat lon")
        var output = ""
        input.forEach { _, v in
            let d = shape.signedDistanceMeters(GeoPoint(latitude: v[0], longitude: v[1]))
            output += shape.isLineal ? String(format: "%.4f\n", d) : String(format: "%.4f %@\n", d, d < 0 ? "inside" : "outside")
            if output.utf8.count > 1 << 16 { FileHandle.standardOutput.write(Data(output.utf8)); output = "" }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        if input.invalidLines > 0 { throw ExitCode(2) }
    }
}
