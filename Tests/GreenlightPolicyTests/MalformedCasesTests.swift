import Foundation
import Testing
@testable import GreenlightPolicy

/// Every malformed cases file (Fixtures/malformed/cases/, written by make_malformed.py) is refused with
/// its file:line and a message saying what was expected, whether the fault shows when the file loads
/// (a retransfer without a destination) or when its request meets the scenario (an undeclared supplier).
@Suite struct MalformedCasesTests {
    static let fixtures: [String] = {
        let folder = ProjectPaths.fixture("malformed/cases")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("c") && $0.hasSuffix(".yaml") }.sorted()
    }()

    /// The errors of loading the file, or of running it against its scenario; nil when both succeed.
    static func refusal(_ url: URL) -> InputErrors? {
        let file: CaseFile, scenario: Scenario
        do { file = try CaseFile.load(contentsOf: url) } catch { return error }
        do { scenario = try ScenarioLoader.load(contentsOf: file.scenarioURL) } catch { return error }
        do { _ = try file.check(scenario: scenario) } catch { return error }
        return nil
    }

    @Test func thereAreAtLeastSixKinds() { #expect(Self.fixtures.count >= 6) }

    @Test(arguments: fixtures)
    func isRejectedWithLineAndMessage(_ name: String) throws {
        let url = ProjectPaths.fixture("malformed/cases/\(name)")
        let header = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)[0]
        let spec = header.dropFirst("# expect: ".count).split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let line = Int(spec[0])!, needle = spec[1]
        guard let errors = Self.refusal(url) else { Issue.record("\(name) was accepted"); return }
        let matching = errors.errors.filter { $0.message.contains(needle) }
        #expect(!matching.isEmpty, "\(name): no error mentions '\(needle)'; got: \(errors)")
        #expect(matching.contains { $0.location.file == url.path && $0.location.line == line && $0.location.column > 0 },
                "\(name): expected \(url.lastPathComponent):\(line):COLUMN; got \(errors)")
    }
}
