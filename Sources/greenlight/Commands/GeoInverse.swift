import ArgumentParser
import Foundation
import GreenlightGeodesy

struct GeoInverse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inverse",
        abstract: "Solve the inverse geodesic problem, like GeographicLib's GeodSolve -i.",
        discussion: """
            Reads lines "lat1 lon1 lat2 lon2" (degrees) on standard input and prints "azi1 azi2 s12" per line:
            the forward azimuths at both ends (degrees) and the distance (metres) on WGS84.
              echo "50.45 30.52 55.75 37.62" | greenlight geo inverse
            """
    )

    @Option(name: .shortAndLong, help: "Decimals of s12 in metres (azimuths get 5 more).")
    var precision = 9

    func run() throws {
        var input = NumberLines(source: "stdin", fieldCount: 4, expected: "lat1 lon1 lat2 lon2")
        var output = ""
        input.forEach { _, v in
            let r = WGS84.shared.inverse(GeoPoint(latitude: v[0], longitude: v[1]), GeoPoint(latitude: v[2], longitude: v[3]))
            output += String(format: "%.\(precision + 5)f %.\(precision + 5)f %.\(precision)f\n", r.azimuth1Degrees, r.azimuth2Degrees, r.distanceMeters)
            if output.utf8.count > 1 << 16 { FileHandle.standardOutput.write(Data(output.utf8)); output = "" }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        if input.invalidLines > 0 { throw ExitCode(2) }
    }
}
