import GreenlightPolicy
import Testing

/// Regression (hostile testing, issue 13): a duplicate key in a CRLF or CR-only file crashed the
/// loader (an index out of range while locating the key), on the CLI and the server alike. It must be
/// an error at the second occurrence's line and column, whatever the line ends.
@Suite struct LineEndingTests {
    static let scenario = ["greenlight: 1", "name: line ends", "states:", "  US: {name: United States}", "  US: {name: Again}"]

    @Test(arguments: ["\n", "\r\n", "\r"])
    func duplicateKeyIsAnErrorWithItsPosition(end: String) throws {
        let yaml = Self.scenario.joined(separator: end) + end
        do {
            _ = try ScenarioLoader.load(yaml: yaml, file: "dup.yaml")
            Issue.record("a duplicate key was accepted")
        } catch {
            let e = try #require(error.errors.first)
            #expect(e.location.line == 5 && e.location.column == 3, "\(e)")
            #expect(e.message.contains("duplicate key 'US'"), "\(e)")
        }
    }

    @Test(arguments: ["\r\n", "\r"])
    func aValidFileLoadsWhateverItsLineEnds(end: String) throws {
        let yaml = Self.scenario.dropLast().joined(separator: end) + end
        let s = try ScenarioLoader.load(yaml: yaml, file: "ok.yaml")
        #expect(s.stateOrder == ["US"])
    }
}
