import GreenlightPolicy
import Testing

/// Regression (hostile testing, issue 13): a chain of about 8,800 named-area references (`c0: c1`,
/// `c1: c2`, …) overflowed the stack. It must be one clear error, and a chain within the limit loads.
@Suite struct AreaChainTests {
    static func chain(_ n: Int) -> String {
        var lines = ["greenlight: 1", "name: chain", "areas:"]
        for i in 0..<n { lines.append("  c\(i): c\(i + 1)") }
        lines += ["  c\(n): {country: RU}", "states:", "  US: {name: United States}"]
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func aVeryLongChainIsOneError() throws {
        do {
            _ = try ScenarioLoader.load(yaml: Self.chain(8_800), file: "chain.yaml")
            Issue.record("an 8,800-deep chain was accepted")
        } catch {
            #expect(error.errors.count == 1, "\(error.errors.count) errors")
            let e = try #require(error.errors.first)
            #expect(e.message.contains("more than \(ScenarioLoader.maximumAreaReferenceDepth) deep") && e.location.line > 3, "\(e)")
        }
    }

    @Test func aChainWithinTheLimitLoads() throws {
        let s = try ScenarioLoader.load(yaml: Self.chain(50), file: "chain.yaml")
        #expect(s.areas["c0"] != nil && s.areas["c0"]!.contains(.init(latitude: 55.75, longitude: 37.62)))
    }
}
