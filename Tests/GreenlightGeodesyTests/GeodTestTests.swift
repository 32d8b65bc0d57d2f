import Foundation
import Testing
@testable import GreenlightGeodesy

/// Karney's GeodTest-short: 10,000 geodesics computed in high precision (doi:10.5281/zenodo.32156).
@Suite struct GeodTestTests {
    struct Line { var lat1, lon1, azi1, lat2, lon2, azi2, s12: Double }

    static let lines: [Line] = {
        let text = (try? FixtureFiles.gunzippedText("GeodTest-short.dat.gz")) ?? ""
        return text.split(separator: "\n").map { row in
            let v = row.split(separator: " ").map { Double($0)! }
            return Line(lat1: v[0], lon1: v[1], azi1: v[2], lat2: v[3], lon2: v[4], azi2: v[5], s12: v[6])
        }
    }()

    @Test func allTenThousandDistancesWithin100Nanometres() {
        #expect(Self.lines.count == 10_000)
        var worst = 0.0
        for line in Self.lines {
            let r = WGS84.shared.inverse(GeoPoint(latitude: line.lat1, longitude: line.lon1), GeoPoint(latitude: line.lat2, longitude: line.lon2))
            worst = max(worst, abs(r.distanceMeters - line.s12))
        }
        #expect(worst <= 1e-7, "worst s12 error \(worst) m")
    }

    /// Azimuths checked the well-conditioned way: shooting from each end with the computed azimuth and
    /// distance must land on the other end (near-antipodal azimuths themselves are ill-conditioned).
    @Test func computedAzimuthsLandOnTheOtherEnd() {
        var worst = 0.0
        for line in Self.lines {
            let p1 = GeoPoint(latitude: line.lat1, longitude: line.lon1), p2 = GeoPoint(latitude: line.lat2, longitude: line.lon2)
            let r = WGS84.shared.inverse(p1, p2)
            let forward = WGS84.shared.direct(from: p1, azimuthDegrees: r.azimuth1Degrees, distanceMeters: r.distanceMeters).point
            let backward = WGS84.shared.direct(from: p2, azimuthDegrees: r.azimuth2Degrees + 180, distanceMeters: r.distanceMeters).point
            worst = max(worst, WGS84.shared.distanceMeters(forward, p2), WGS84.shared.distanceMeters(backward, p1))
        }
        #expect(worst <= 1e-7, "worst landing error \(worst) m")
    }

    @Test func wellConditionedAzimuthsMatchThePublishedOnes() {
        var worst = 0.0
        for line in Self.lines where line.s12 < 19_000_000 {
            let r = WGS84.shared.inverse(GeoPoint(latitude: line.lat1, longitude: line.lon1), GeoPoint(latitude: line.lat2, longitude: line.lon2))
            worst = max(worst, abs(wrapDegrees(r.azimuth1Degrees - line.azi1)), abs(wrapDegrees(r.azimuth2Degrees - line.azi2)))
        }
        #expect(worst < 1e-8, "worst azimuth difference \(worst)°")
    }
}
