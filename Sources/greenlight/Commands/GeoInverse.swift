import ArgumentParser
import Foundation
import GreenlightGeodesy

struct GeoInverse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inverse",
        abstract: "Solve the inverse geodesic problem, like GeographicLib's GeodSolve -i.",
        discussion: """
            Reads lines "lat1 lon1 lat2 lon2" (degrees) on standard input and prints "azi1 azi2 s12" per line:
            the forward azimuths at both ends (degrees) and the distance (metres) on WGS84. Lines are
            answered on every core, in input order; bad lines are reported on standard error.
              echo "50.45 30.52 55.75 37.62" | greenlight geo inverse
            """
    )

    @Option(name: .shortAndLong, help: "Decimals of s12 in metres (azimuths get 5 more).")
    var precision = 9

    func validate() throws {
        guard (0...20).contains(precision) else { throw ValidationError("--precision must be between 0 and 20, found \(precision)") }
    }

    func run() throws {
        var input = NumberLineStream(source: "stdin", fieldCount: 4, expected: "lat1 lon1 lat2 lon2")
        let precision = precision
        input.run { v, out in
            let r = WGS84.shared.inverse(GeoPoint(latitude: v[0], longitude: v[1]), GeoPoint(latitude: v[2], longitude: v[3]))
            FixedText.append(r.azimuth1Degrees, decimals: precision + 5, to: &out)
            out.append(UInt8(ascii: " "))
            FixedText.append(r.azimuth2Degrees, decimals: precision + 5, to: &out)
            out.append(UInt8(ascii: " "))
            FixedText.append(r.distanceMeters, decimals: precision, to: &out)
            out.append(UInt8(ascii: "\n"))
        }
        if input.invalidLines > 0 { throw ExitCode(2) }
    }
}
