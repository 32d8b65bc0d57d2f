import Foundation
import Testing
@testable import GreenlightPolicy
import GreenlightGeodesy

@Suite struct DecisionTests {
    static let flagship = ProjectPaths.packageRoot.appendingPathComponent("Scenarios/ukraine-2024-2025/scenario.yaml")

    func load(_ yaml: String) throws -> Scenario {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-\(UUID().uuidString).yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try ScenarioLoader.load(contentsOf: url)
    }

    @Test func categoriesMatchPerPathSegment() {
        #expect(CategoryPath.matches(filter: "military", category: "military"))
        #expect(CategoryPath.matches(filter: "military", category: "military/airfield"))
        #expect(!CategoryPath.matches(filter: "military", category: "military-industrial/plant"))
        #expect(!CategoryPath.matches(filter: "military", category: "militaryish/radar"))
        #expect(!CategoryPath.matches(filter: "military/air", category: "military/airfield"))
        #expect(CategoryPath.matches(filter: "military/air", category: "military/air/drone"))
    }

    @Test func datesAreRealDates() {
        #expect(CalendarDay("2024-02-29") != nil)
        #expect(CalendarDay("2023-02-29") == nil)
        #expect(CalendarDay("2024-13-01") == nil)
        #expect(CalendarDay("2024-5-30") == nil)
        #expect(CalendarDay("2024-05-30")! < CalendarDay("2024-05-31")!)
        #expect(CalendarDay("2024-03-01")!.ordinal - CalendarDay("2024-02-28")!.ordinal == 2)
        for bad in ["", "2024-05-3", "2024-05-300", "2024/05/30", "+024-05-30", "2024-05-3a", "２０２４-05-30", "2024-05-30 ", " 2024-05-30", "2024-00-10", "2024-01-00", "0000-00-00"] {
            #expect(CalendarDay(bad) == nil, "\(bad)")
        }
    }

    /// Every day of three centuries reads back from its text, against Foundation's Gregorian calendar.
    @Test func everyDayRoundTripsAgainstFoundationsCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var date = calendar.date(from: DateComponents(year: 1900, month: 1, day: 1))!
        var previous: CalendarDay?
        for _ in 0..<(365 * 300) {
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            let text = "\(c.year!)-\(c.month! < 10 ? "0" : "")\(c.month!)-\(c.day! < 10 ? "0" : "")\(c.day!)"
            guard let day = CalendarDay(text) else { Issue.record("\(text) rejected"); return }
            #expect(day.description == text)
            if let previous { #expect(previous.next == day && day.ordinal == previous.ordinal + 1, "\(text)") }
            previous = day
            date = calendar.date(byAdding: .day, value: 1, to: date)!
        }
    }

    /// Unquoted NO (Norway) and ON stay codes: scalars are read by their text.
    @Test func codesAreTextNotBooleans() throws {
        let s = try load("""
            greenlight: 1
            states:
              NO: {name: Norway}
              ON: {name: Fictional On}
              UA: {name: Ukraine}
            items:
              nasams: {origin: NO}
            transfers:
              - {item: nasams, from: NO, to: UA, date: 2022-11-01}
            jurisdiction: [{rule: supplier}]
            policies:
              - {id: no-permit, authority: NO, effect: permit, recipients: [UA], status: official}
            """)
        #expect(s.states["NO"]?.name == "Norway")
        #expect(s.states["ON"] != nil)
        let d = try PolicyEngine(scenario: s).decide(UseRequest(recipient: "UA", item: "nasams", use: "air-defence", date: CalendarDay("2023-01-01")!))
        #expect(d.decision == .permit)
        #expect(d.required == ["NO"])
    }

    /// De minimis compares exactly in decimal: 0.1 + 0.2 of 1.2 is exactly 25%, not over it.
    @Test func deMinimisIsExactInDecimal() throws {
        let s = try load("""
            greenlight: 1
            states: {SE: {}, US: {}, PL: {}}
            items:
              radar: {origin: SE, value: 1.2, components: [{name: a, origin: US, regime: EAR, value: 0.1}, {name: b, origin: US, regime: EAR, value: 0.2}]}
            transfers: [{item: radar, from: SE, to: PL, date: 2024-01-01}]
            jurisdiction: [{rule: supplier}, {rule: de-minimis, regime: EAR, percent: 25}]
            policies: []
            """)
        #expect(s.requiredAuthorities(item: "radar", recipient: "PL", date: nil).authorities.map(\.state) == ["SE"])
    }

    @Test func stormShadowDeepStrikeIsDeniedWithUSReasonsInWords() throws {
        let s = try ScenarioLoader.load(contentsOf: Self.flagship)
        let d = try PolicyEngine(scenario: s).decide(UseRequest(
            recipient: "UA", item: "storm-shadow", use: "strike", date: CalendarDay("2024-09-12")!,
            target: .init(point: GeoPoint(latitude: 51.9, longitude: 37.0), category: "military/airfield"),
            launch: GeoPoint(latitude: 49.98, longitude: 36.25)))
        #expect(d.decision == .deny)
        #expect(Set(d.required) == ["GB", "US"])
        #expect(d.missing == ["US"])
        #expect(d.inRange == true)
        let us = try #require(d.authorities.first { $0.state == "US" })
        #expect(us.requiredBecause.contains { $0.contains("see-through ITAR") })
        #expect(us.explanation.contains("no permit of United States applies"))
        #expect(us.nearestMisses.flatMap(\.failures).contains { $0.hasPrefix("target 149.") && $0.hasSuffix("km outside UA") })
    }

    @Test func decisionJSONHasTheDocumentedTopLevelKeys() throws {
        let s = try ScenarioLoader.load(contentsOf: Self.flagship)
        let d = try PolicyEngine(scenario: s).decide(UseRequest(
            recipient: "UA", item: "gmlrs", use: "strike", date: CalendarDay("2024-06-10")!,
            target: .init(point: GeoPoint(latitude: 50.6, longitude: 36.8), category: "military/artillery"),
            launch: GeoPoint(latitude: 50.05, longitude: 36.45)))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(d)) as! [String: Any]
        #expect(json["decision"] as? String == "permit")
        #expect(json["required"] as? [String] == ["US"])
        #expect(json["missing"] as? [String] == [])
        #expect(json["in_range"] as? Bool == true)
        #expect(json.keys.contains("reason"))
    }

    @Test func aRequestWithoutTargetMeetingAnAreaFilterIsInvalid() throws {
        let s = try ScenarioLoader.load(contentsOf: Self.flagship)
        #expect(throws: InputError.self) {
            try PolicyEngine(scenario: s).decide(UseRequest(recipient: "UA", item: "gmlrs", use: "strike", date: CalendarDay("2024-06-10")!))
        }
    }

    @Test func unknownVariantIsInvalid() throws {
        let s = try ScenarioLoader.load(contentsOf: Self.flagship)
        #expect(throws: InputError.self) { try PolicyEngine(scenario: s, variant: "no-such-variant") }
    }
}

extension DecisionTests {
    /// String escaping of the direct writer, against JSONSerialization reading it back.
    @Test func quotedStringsReadBackExactly() throws {
        for s in ["plain", "say \"no\"", "back\\slash", "tab\tnew\nline\rreturn", "\u{01}\u{1F}\u{7F}", "Харків — «border»", "emoji 🛰️", ""] {
            var w = JSONWriter(capacity: 16)
            w.string(s)
            let read = try JSONSerialization.jsonObject(with: Data(w.bytes), options: [.fragmentsAllowed]) as? String
            #expect(read == s, "\(s.debugDescription)")
        }
    }

    /// The word-at-a-time scan finds the same byte as a byte-at-a-time scan, on random bytes weighted
    /// towards the bytes beside the ones that need escaping (0x1F, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xFF).
    @Test func theWordScanFindsTheFirstByteToEscape() {
        var rng = SystemRandomNumberGenerator()
        let near: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF, 0x61]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &rng)
            var bytes = (0..<count).map { _ in Bool.random(using: &rng) ? near.randomElement(using: &rng)! : UInt8(0x61) }
            // mostly plain bytes, so that whole clean words occur
            for j in bytes.indices where Int.random(in: 0..<4, using: &rng) != 0 { bytes[j] = UInt8.random(in: 0x23...0x5B, using: &rng) }
            let start = count == 0 ? 0 : Int.random(in: 0...count, using: &rng)
            let expected = bytes[start...].firstIndex { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } ?? count
            let found = bytes.withUnsafeBufferPointer { JSONWriter.nextByteToEscape(in: $0, from: start) }
            #expect(found == expected, "\(bytes) from \(start)")
        }
    }

    /// Every escaped character at every offset within and across the scanner's eight-byte words reads back exactly.
    @Test func escapesAtEveryOffsetReadBack() throws {
        for special in ["\"", "\\", "\n", "\u{01}", "\u{1F}", "é", " ", "\u{7F}"] {
            for k in 0..<20 {
                let s = String(repeating: "a", count: k) + special + String(repeating: "b", count: 19 - k) + special
                var w = JSONWriter(capacity: 16)
                w.string(s)
                let read = try JSONSerialization.jsonObject(with: Data(w.bytes), options: [.fragmentsAllowed]) as? String
                #expect(read == s, "\(s.debugDescription)")
            }
        }
    }

    /// The server's direct JSON writer produces the same document as JSONEncoder, on every conformance case.
    @Test func directJSONEqualsTheEncodedDecision() throws {
        for name in ["ukraine-2024", "export-compliance", "filters-and-areas"] {
            let file = try CaseFile.load(contentsOf: ProjectPaths.shared.appendingPathComponent("conformance/\(name)/cases.yaml"))
            let scenario = try ScenarioLoader.load(contentsOf: file.scenarioURL)
            for c in file.cases {
                let d = try PolicyEngine(scenario: scenario, variant: c.request.variant).decide(c.request)
                let direct = try JSONSerialization.jsonObject(with: Data(d.jsonBytes)) as! NSDictionary
                let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(d)) as! NSDictionary
                #expect(direct == encoded, "\(c.name)")
                // With a citation: the direct writer, the encoder and the server's appended form agree,
                // and the citation's keys are all written, null when unknown.
                let citation = DecisionCitation(auditRecord: 18_233, scenario: name, scenarioVersion: 7,
                                                content: ScenarioContentHash(scenarioSHA256: String(repeating: "a", count: 64), referenceGeography: "naturalearth-sha256:" + String(repeating: "b", count: 64)))
                var cited = d
                cited.citation = citation
                let citedDirect = try JSONSerialization.jsonObject(with: Data(cited.jsonBytes)) as! NSDictionary
                let citedEncoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(cited)) as! NSDictionary
                let appended = try JSONSerialization.jsonObject(with: Data(Decision.citing(d.jsonBytes, with: citation))) as! NSDictionary
                #expect(citedDirect == citedEncoded && citedDirect == appended, "\(c.name)")
                let c = citedDirect["citation"] as? [String: Any]
                #expect((c?["audit_record"] as? Int) == 18_233 && (c?["scenario_version"] as? Int) == 7 && c?["scenario"] as? String == name)
                var local = d
                local.citation = DecisionCitation(content: citation.content)
                let cli = try JSONSerialization.jsonObject(with: JSONEncoder().encode(local)) as! NSDictionary
                let keys = Set((cli["citation"] as? [String: Any] ?? [:]).keys)
                #expect(keys == ["audit_record", "scenario", "scenario_version", "content_hash", "scenario_sha256", "reference_geography"])
                #expect((cli["citation"] as? [String: Any])?["audit_record"] is NSNull)
            }
        }
    }
}
