import Foundation
import Testing
@testable import GreenlightGeodesy

/// Every invalid kind has a fixture under Fixtures/invalid (a valid feature first, then the bad one)
/// and a row of EXPECTED.tsv: the matchable problem, the feature, ring and position, and the message.
@Suite struct PolygonValidityTests {
    struct Expected { var file: String; var problem: String; var feature: Int; var ring: Int; var position: Int?; var message: String }

    static let expected: [Expected] = {
        let text = (try? String(contentsOf: FixtureFiles.url("invalid/EXPECTED.tsv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Expected(file: f[0], problem: f[1], feature: Int(f[2])!, ring: Int(f[3])!, position: Int(f[4]), message: f[5])
        }
    }()

    @Test func everyKindHasAFixture() {
        #expect(Self.expected.count == 10)
    }

    @Test(arguments: expected.map(\.file))
    func invalidFixtureIsRefusedWithItsPlace(_ file: String) throws {
        let want = try #require(Self.expected.first { $0.file == file })
        let url = FixtureFiles.url("invalid/\(file)")
        do {
            _ = try GeoJSONReader.area(contentsOf: url)
            Issue.record("\(file) was accepted")
        } catch {
            #expect(error.problem.rawValue == want.problem, "\(file): \(error)")
            #expect(error.feature == want.feature, "\(file): \(error)")
            #expect(error.place.ring == want.ring, "\(file): \(error)")
            if let position = want.position { #expect(error.place.position == position, "\(file): \(error)") }
            #expect(error.description.hasPrefix("\(url.path): \(want.message)"), "\(file): \(error)")
        }
    }

    @Test func theFirstFeatureOfEachFixtureIsValid() throws {
        for want in Self.expected {
            let features = try? GeoJSONReader.read(contentsOf: FixtureFiles.url("invalid/\(want.file)"))
            guard let features, features.count == 2 else { continue }   // out-of-range positions fail while reading
            #expect(throws: Never.self) { try GeoJSONReader.validate([features[0]], file: want.file) }
        }
    }
}
