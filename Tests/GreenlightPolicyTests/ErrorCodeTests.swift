import Foundation
import Testing
@testable import GreenlightPolicy
import GreenlightGeodesy

/// The loader, the kernel's request checks and the file-reference confinement throw typed errors:
/// a matchable code and where the fault is (file:line:column, or the request field). Each expectation
/// here is read off the input by hand (what kind of fault the fixture was made to have, the line and
/// column of the offending value), not taken from the code.
@Suite struct ErrorCodeTests {
    /// Malformed fixtures (their first line names the fault and its line) and the code that fault is.
    static let fixtureCodes: [(file: String, code: InputError.Code, line: Int)] = [
        ("01-yaml-syntax.yaml", .invalidSyntax, 19),   // the flow sequence on line 19 is never closed
        ("03-wrong-version.yaml", .unsupportedVersion, 2),
        ("04-unknown-top-key.yaml", .unknownKey, 5),
        ("06-undeclared-origin.yaml", .unknownState, 12),
        ("08-duplicate-policy-id.yaml", .duplicateId, 20),
        ("09-duplicate-key.yaml", .duplicateKey, 5),
        ("10-impossible-date.yaml", .invalidDate, 14),
        ("11-date-format.yaml", .invalidDate, 14),
        ("12-until-before-from.yaml", .conflictingValues, 20),
        ("17-transfer-unknown-item.yaml", .unknownItem, 14),
        ("18-policy-unknown-item.yaml", .unknownItem, 20),
        ("19-unknown-area-name.yaml", .unknownArea, 19),
        ("20-area-cycle.yaml", .referenceCycle, 6),
        ("21-unknown-country.yaml", .unknownArea, 6),
        ("23-circle-latitude.yaml", .outOfRange, 6),
        ("26-range-negative.yaml", .outOfRange, 12),
        ("27-range-text.yaml", .invalidNumber, 12),
        ("32-variant-removes-unknown.yaml", .unknownReference, 22),
        ("40-policy-not-mapping.yaml", .invalidType, 19),
        ("41-unknown-policy-key.yaml", .unknownKey, 19),
        ("43-empty-document.yaml", .emptyDocument, 1),   // a comment only: the document is empty from its start
        ("60-transfer-duplicate-id.yaml", .duplicateId, 15),
        ("66-variant-state-exists.yaml", .duplicateId, 24),
        ("75-event-duplicate-id.yaml", .duplicateId, 25),
        ("76-event-unknown-item.yaml", .unknownItem, 24),
        ("77-event-unknown-area.yaml", .unknownArea, 24),
        ("82-position-unknown-subject.yaml", .unknownReference, 24),
        ("83-position-undeclared-state.yaml", .unknownState, 24),
        ("85-position-no-evidence.yaml", .missingEvidence, 24),
        ("q01-share-of-unknown.yaml", .unknownReference, 25),
        ("q02-share-of-cycle.yaml", .referenceCycle, 25),
        ("q04-unknown-variant.yaml", .unknownVariant, 25),
        ("q07-unknown-item.yaml", .unknownItem, 25),
    ]

    @Test(arguments: fixtureCodes.map(\.file))
    func aMalformedFixtureFailsWithItsCodeAtItsLine(_ file: String) throws {
        let expected = try #require(Self.fixtureCodes.first { $0.file == file })
        let url = ProjectPaths.fixture("malformed/\(file)")
        do {
            _ = try ScenarioLoader.load(contentsOf: url)
            Issue.record("\(file) was accepted")
        } catch {
            let first = try #require(error.errors.first)
            #expect(first.code == expected.code, "\(file): \(error)")
            #expect(error.code == expected.code, "\(file): the code of the whole input is its first error's")
            #expect(first.location.file == url.path && first.location.line == expected.line, "\(file): \(first)")
        }
    }

    /// `items: [atacms]` on line 20 of the fixture: the value `atacms` starts at column 53.
    @Test func anUnknownItemInAPolicyIsAtTheItemsLineAndColumn() throws {
        do {
            _ = try ScenarioLoader.load(contentsOf: ProjectPaths.fixture("malformed/18-policy-unknown-item.yaml"))
            Issue.record("accepted")
        } catch {
            let e = try #require(error.first(.unknownItem), "\(error)")
            #expect(e.location.line == 20 && e.location.column == 53, "\(e)")
            #expect(e.field == nil, "a scenario file's error has a place, not a request field")
        }
    }

    static let scenario = """
        greenlight: 1
        states:
          US: {name: United States}
          UA: {name: Ukraine}
        areas:
          east: {circle: {lat: 50, lon: 37, radius_km: 100}}
        items:
          gmlrs: {origin: US, range_km: 84}
        transfers:
          - {item: gmlrs, from: US, to: UA, date: 2022-06-23}
        jurisdiction: [{rule: supplier}]
        policies:
          - {id: east-only, authority: US, effect: permit, target_in: east, status: official}
        """

    func request(item: String = "gmlrs", recipient: String = "UA", use: String = "strike", destination: String? = nil, target: Bool = true) -> UseRequest {
        var r = UseRequest(recipient: recipient, item: item, use: use, date: CalendarDay("2024-06-10")!, destination: destination)
        if target { r.target = .init(point: .init(latitude: 50, longitude: 37), category: "military") }
        return r
    }

    /// The kernel's request validation: each refusal's code and field, from a real scenario.
    @Test func theKernelRefusesRequestsWithACodeAndAField() throws {
        let engine = try PolicyEngine(scenario: try ScenarioLoader.load(yaml: Self.scenario, file: "small.yaml"))
        let refusals: [(UseRequest, InputError.Code, String)] = [
            (request(item: "taurus"), .unknownItem, "item"),
            (request(item: "GMLRS"), .unknownItem, "item"),
            (request(recipient: "XX"), .unknownState, "recipient"),
            (request(use: "retransfer"), .incompleteRequest, "destination"),
            (request(use: "retransfer", destination: "UA"), .conflictingValues, "destination"),
            (request(destination: "US"), .conflictingValues, "destination"),
            (request(target: false), .incompleteRequest, "target"),
        ]
        for (r, code, field) in refusals {
            do {
                _ = try engine.decide(r)
                Issue.record("accepted: \(r)")
            } catch {
                #expect(error.code == code && error.field == field, "\(r): \(error.code) \(error.field ?? "-") \(error)")
            }
        }
        // The policy that needs a target is named by its place: line 13 of the scenario, its `- {` at column 5.
        do { _ = try engine.decide(request(target: false)); Issue.record("accepted") } catch {
            #expect(error.location.file == "small.yaml" && error.location.line == 13 && error.location.column == 5, "\(error.location)")
        }
    }

    @Test func anUnknownVariantIsCodedAndNamesTheVariantField() throws {
        let s = try ScenarioLoader.load(yaml: Self.scenario, file: "small.yaml")
        do { _ = try PolicyEngine(scenario: s, variant: "nope"); Issue.record("accepted") } catch {
            #expect(error.code == .unknownVariant && error.field == "variant", "\(error)")
        }
    }

    /// The confinement's refusal keeps its code through the loader, at the `geojson:` value.
    @Test func aRefusedFileReferenceIsCodedAtItsValue() throws {
        let yaml = Self.scenario.replacingOccurrences(of: "east: {circle: {lat: 50, lon: 37, radius_km: 100}}", with: "east: {geojson: /etc/passwd}")
        do {
            _ = try ScenarioLoader.load(yaml: yaml, file: "upload", fileReferences: .none)
            Issue.record("accepted")
        } catch {
            let e = try #require(error.errors.first)
            #expect(e.code == .fileReferenceRefused, "\(error)")
            // Line 6, `  east: {geojson: /etc/passwd}`: the path starts at column 19.
            #expect(e.location.line == 6 && e.location.column == 19, "\(e.location)")
        }
        do { _ = try FileReferences.none.read("a.geojson"); Issue.record("read") } catch { #expect(error.code == .fileReferenceRefused) }
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-\(UUID().uuidString)")
        do { _ = try FileReferences.local(directory: missing).read("absent.geojson"); Issue.record("read") } catch { #expect(error.code == .fileUnreadable) }
    }

    /// Every code's raw value is the snake-case form of its name (the API and docs/errors.md spell them so).
    @Test func rawValuesAreSnakeCaseNames() {
        for code in InputError.Code.allCases {
            let name = String(describing: code)
            let snake = name.reduce(into: "") { s, c in s += c.isUppercase ? "_" + c.lowercased() : String(c) }
            #expect(code.rawValue == snake, "\(name)")
        }
    }
}
