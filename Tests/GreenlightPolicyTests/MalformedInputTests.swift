import Foundation
import Testing
@testable import GreenlightPolicy

/// Every malformed fixture is rejected with its line and a message that says what was expected.
@Suite struct MalformedInputTests {
    static let fixtures: [String] = {
        let folder = ProjectPaths.fixture("malformed")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test func thereAreAtLeastThirtyKinds() { #expect(Self.fixtures.count >= 30) }

    @Test(arguments: fixtures)
    func isRejectedWithLineAndMessage(_ name: String) throws {
        let url = ProjectPaths.fixture("malformed/\(name)")
        let header = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)[0]
        let spec = header.dropFirst("# expect: ".count).split(separator: "|", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
        let line = Int(spec[0])!, needle = spec[1]
        // An optional `errors: N`: exactly N errors (one fault gives one error, no follow-ons).
        let count = spec.count > 2 ? Int(spec[2].dropFirst("errors:".count).trimmingCharacters(in: .whitespaces)) : nil
        do {
            _ = try ScenarioLoader.load(contentsOf: url)
            Issue.record("\(name) was accepted")
        } catch {
            let matching = error.errors.filter { $0.message.contains(needle) }
            #expect(!matching.isEmpty, "\(name): no error mentions '\(needle)'; got: \(error)")
            #expect(error.errors.allSatisfy { $0.location.file == url.path }, "\(name): errors must name the file")
            if let count { #expect(error.errors.count == count, "\(name): expected \(count) error(s), got \(error.errors.count): \(error)") }
            if line > 0 {
                #expect(matching.contains { $0.location.line == line }, "\(name): expected line \(line); got \(error)")
            }
        }
    }
}
