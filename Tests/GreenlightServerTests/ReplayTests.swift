import Foundation
import GRDB
import GreenlightGeodesy
import Hummingbird
import HummingbirdTesting
import Testing
@testable import GreenlightServer

/// Decisions you can cite and replay (issue 13, item 4): every decision served names its audit record,
/// scenario version and content hash, and `AuditReplay` decides logged decisions again.
///
/// The expectations come from outside the code under test: hashes from Debian's `sha256sum` over the
/// files and the documented formula, record ids from the log itself, and which answers an edit changes
/// from a scenario built so that the distances are known by hand (1° of latitude ≈ 111 km).
@Suite(.serialized) struct ReplayTests {
    /// One supplier whose only permit covers a circle of `radius` km around 50° N 30° E.
    static func circleScenario(radiusKm: Int) -> String {
        """
        greenlight: 1
        name: replay test
        areas:
          north: {circle: {lat: 50, lon: 30, radius_km: \(radiusKm)}}
        states:
          XA: {name: Supplier A}
          XR: {name: Recipient}
        items:
          rocket: {name: Rocket, origin: XA, range_km: 300}
        transfers:
          - {item: rocket, from: XA, to: XR, date: 2024-01-01}
        jurisdiction:
          - {rule: supplier}
        policies:
          - {id: xa-north, authority: XA, effect: permit, uses: [strike], target_in: north, status: hypothetical}

        """
    }

    /// The targets decided, with the distance from the circle's centre worked by hand.
    static var circleRequests: [[String: Any]] { [
        ["recipient": "XR", "item": "rocket", "use": "strike", "date": "2024-06-01", "target": ["lat": 50, "lon": 30, "category": "military"]],   // 0 km
        ["recipient": "XR", "item": "rocket", "use": "strike", "date": "2024-06-01", "target": ["lat": 50, "lon": 31, "category": "military"]],   // ≈ 72 km
        ["recipient": "XR", "item": "rocket", "use": "strike", "date": "2024-06-01", "target": ["lat": 52, "lon": 30, "category": "military"],
         "launch": ["lat": 50, "lon": 30]],                                                                                                          // ≈ 222 km
        ["recipient": "XR", "item": "rocket", "use": "strike", "date": "2024-06-01", "target": ["lat": 53, "lon": 30, "category": "military"]],   // ≈ 334 km
        ["recipient": "XR", "item": "rocket", "use": "strike", "date": "2023-06-01", "target": ["lat": 52, "lon": 30, "category": "military"]],   // not yet transferred
        ["recipient": "XR", "item": "rocket", "use": "training", "date": "2024-06-01"],                                                              // no policy
    ] }

    struct Served { var status: HTTPResponse.Status; var body: [String: Any] }

    static func put(_ client: some TestClientProtocol, _ token: String, id: String, yaml: String, create: Bool) async throws {
        let body: [String: Any] = create ? ["id": id, "yaml": yaml] : ["yaml": yaml]
        try await client.execute(uri: create ? "/api/scenarios" : "/api/scenarios/\(id)", method: create ? .post : .put,
                                 headers: [.authorization: "Bearer \(token)"], body: ServerTests.json(body)) { r in
            #expect(r.status == (create ? .created : .ok))
        }
    }

    static func decide(_ client: some TestClientProtocol, id: String, _ request: [String: Any]) async throws -> [String: Any] {
        ServerTests.parse(ByteBuffer(string: try await decideText(client, id: id, request))) as? [String: Any] ?? [:]
    }

    static func decideText(_ client: some TestClientProtocol, id: String, _ request: [String: Any]) async throws -> String {
        try await client.execute(uri: "/api/scenarios/\(id)/decide", method: .post, body: ServerTests.json(request)) { r in
            #expect(r.status == .ok)
            return String(buffer: r.body)
        }
    }

    /// `sha256sum` of bytes, by Debian's coreutils.
    static func sha256sum(_ data: Data) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: out, as: UTF8.self).prefix(64))
    }

    /// The documented content hash (docs/decision-json.md), computed with `sha256sum` over the bundled border files.
    static func expectedContentHash(scenarioBytes: Data) throws -> (content: String, scenario: String, reference: String) {
        let folder = ServerTests.packageRoot.appendingPathComponent("Sources/GreenlightGeodesy/Resources/naturalearth")
        let names = ["ne_10m_admin0_region.geojson", "ne_10m_admin0_ukr_rus_dejure_derived.geojson", "ne_10m_admin1_ukraine_simplified.geojson",
                     "ne_50m_admin0_countries.geojson", "ne_50m_admin1_russia.geojson"]
        var lines = ""
        for name in names { lines += "\(name) \(try sha256sum(try Data(contentsOf: folder.appendingPathComponent(name))))\n" }
        let reference = "naturalearth-sha256:" + (try sha256sum(Data(lines.utf8)))
        let scenario = try sha256sum(scenarioBytes)
        let content = try sha256sum(Data("greenlight-content-hash-1\nscenario \(scenario)\nreference \(reference)\n".utf8))
        return (content, scenario, reference)
    }

    static func decideRecords(_ database: GreenlightDatabase) throws -> [(seq: Int64, detail: String)] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, detail FROM audit WHERE action = 'decide' ORDER BY seq").map { ($0["seq"], $0["detail"]) }
        }
    }

    @Test func aDecisionCitesItsRecordVersionAndContentHash() async throws {
        let s = try await ServerTests.setup()
        let flagship = try Data(contentsOf: ServerTests.packageRoot.appendingPathComponent("Scenarios/ukraine-2024-2025/scenario.yaml"))
        let expected = try Self.expectedContentHash(scenarioBytes: flagship)
        let texts = try await s.app.test(.router) { client in
            let request: [String: Any] = ["recipient": "UA", "item": "storm-shadow", "use": "strike", "date": "2024-09-12",
                                          "target": ["lat": 52.1, "lon": 37.4, "category": "military/airfield"], "launch": ["lat": 50.3, "lon": 36.1]]
            try await Self.put(client, s.token, id: "ukraine-2024", yaml: ServerTests.flagshipYAML, create: true)
            return [try await Self.decideText(client, id: "ukraine-2024", request), try await Self.decideText(client, id: "ukraine-2024", request)]
        }
        let records = try Self.decideRecords(s.database)
        #expect(records.count == 2)
        for (text, record) in zip(texts, records) {
            let answer = try #require(ServerTests.parse(ByteBuffer(string: text)) as? [String: Any])
            let citation = try #require(answer["citation"] as? [String: Any])
            #expect((citation["audit_record"] as? NSNumber)?.int64Value == record.seq)
            #expect(citation["scenario"] as? String == "ukraine-2024")
            #expect(citation["scenario_version"] as? Int == 1)
            #expect(citation["content_hash"] as? String == expected.content)
            #expect(citation["scenario_sha256"] as? String == expected.scenario)
            #expect(citation["reference_geography"] as? String == expected.reference)
            // The log holds the same version and hash, and the answer it sent (without the citation).
            let detail = try #require(try JSONSerialization.jsonObject(with: Data(record.detail.utf8)) as? [String: Any])
            #expect(detail["version"] as? Int == 1)
            #expect(detail["content_hash"] as? String == expected.content)
            #expect(detail["decision"] as? String == answer["decision"] as? String)
            #expect(detail["category"] as? String == "military/airfield")
            #expect(detail["required"] as? [String] == answer["required"] as? [String])
            // The logged answer hash is that of the bytes sent, without the citation (an object of scalars).
            let uncited = text.replacingOccurrences(of: #","citation":\{[^{}]*\}"#, with: "", options: .regularExpression)
            #expect(uncited.count < text.count && !uncited.contains("citation"))
            #expect(detail["answer_sha256"] as? String == (try Self.sha256sum(Data(uncited.utf8))))
        }
        // Consecutive decisions, consecutive records (the token and the upload came first).
        #expect(records.map(\.seq) == [3, 4])
        #expect(try s.database.verifyAudit().broken == nil)
    }

    @Test func replayUnderTheLoggedVersionsFindsNoDifference() async throws {
        let s = try await ServerTests.setup()
        let answers = try await s.app.test(.router) { client in
            var answers: [String] = []
            try await Self.put(client, s.token, id: "circle", yaml: Self.circleScenario(radiusKm: 100), create: true)
            for r in Self.circleRequests { answers.append(try await Self.decide(client, id: "circle", r)["decision"] as? String ?? "") }
            try await Self.put(client, s.token, id: "ukraine-2024", yaml: ServerTests.flagshipYAML, create: true)
            for (date, variant) in [("2024-09-12", nil), ("2024-09-12", "full-lift"), ("2024-11-20", nil)] as [(String, String?)] {
                var r: [String: Any] = ["recipient": "UA", "item": "atacms-m39a1", "use": "strike", "date": date,
                                        "target": ["lat": 51.6, "lon": 36.9, "category": "military/airfield"], "launch": ["lat": 49.98, "lon": 36.25]]
                if let variant { r["variant"] = variant }
                _ = try await Self.decide(client, id: "ukraine-2024", r)
            }
            // Coordinates that need all 17 digits: Foundation's JSONSerialization on Linux reads
            // 54.840456536147855 as 54.84045653614786, which once moved replayed targets.
            let precise = #"{"recipient": "UA", "item": "atacms-m39a1", "use": "strike", "date": "2024-11-20", "target": {"lat": 54.840456536147855, "lon": 30.332013459871607, "category": "military/airfield"}, "launch": {"lat": 40.559411107957615, "lon": 36.25}}"#
            try await client.execute(uri: "/api/scenarios/ukraine-2024/decide", method: .post, body: ByteBuffer(string: precise)) { r in #expect(r.status == .ok) }
            return answers
        }
        // By hand: inside the 100 km circle twice, then outside, outside, not transferred, no policy for training.
        #expect(answers == ["permit", "permit", "deny", "deny", "deny", "deny"])
        var progressCalls: [(Int, Int)] = []
        let report = try await AuditReplay.run(store: s.services.store) { progressCalls.append(($0, $1)) }
        #expect(report.decisions == 10 && report.replayed == 10 && report.notReplayable == 0)
        #expect(report.differences.isEmpty, "\(report.differences)")
        #expect(report.wordingDiffers == 0)
        #expect(progressCalls.last.map { $0 == (10, 10) } == true)
        // From a later record on, only the decisions from there are read.
        let seqs = try Self.decideRecords(s.database).map(\.seq)
        let partial = try await AuditReplay.run(store: s.services.store, since: seqs[7])
        #expect(partial.decisions == 3 && partial.differences.isEmpty)
    }

    @Test func againstCurrentReportsExactlyTheDecisionsAnEditChanges() async throws {
        let s = try await ServerTests.setup()
        try await s.app.test(.router) { client in
            try await Self.put(client, s.token, id: "circle", yaml: Self.circleScenario(radiusKm: 100), create: true)
            for r in Self.circleRequests { _ = try await Self.decide(client, id: "circle", r) }
            // Version 2 widens the circle to 250 km: the target 222 km out becomes permitted; 334 km stays
            // out; a date before the transfer and a use no policy names are unchanged.
            try await Self.put(client, s.token, id: "circle", yaml: Self.circleScenario(radiusKm: 250), create: false)
        }
        let seqs = try Self.decideRecords(s.database).map(\.seq)
        let current = try await AuditReplay.run(store: s.services.store, mode: .currentVersion)
        #expect(current.replayed == 6)
        #expect(current.differences.map(\.seq) == [seqs[2]])
        let changed = try #require(current.differences.first)
        #expect(changed.loggedVersion == 1 && changed.replayedVersion == 2)
        #expect(changed.logged?.decision == "deny" && changed.logged?.missing == ["XA"])
        #expect(changed.replayed?.decision == "permit" && changed.replayed?.missing == [])
        // The launch point 222 km from the target is within the 300 km range either way.
        #expect(changed.logged?.inRange == true && changed.replayed?.inRange == true)
        // Under the logged versions nothing differs: version 1 is still stored.
        #expect(try await AuditReplay.run(store: s.services.store).differences.isEmpty)
        #expect(try s.database.verifyAudit().broken == nil)
    }

    @Test func aTamperedRecordOrVersionIsReported() async throws {
        let s = try await ServerTests.setup()
        try await s.app.test(.router) { client in
            try await Self.put(client, s.token, id: "circle", yaml: Self.circleScenario(radiusKm: 100), create: true)
            for r in Self.circleRequests { _ = try await Self.decide(client, id: "circle", r) }
        }
        let records = try Self.decideRecords(s.database)
        // Someone turns the logged refusal of the target 222 km out into a permit.
        let tampered = records[2]
        #expect(tampered.detail.contains("\"decision\":\"deny\""))
        try await s.database.pool.write { db in
            try db.execute(sql: "UPDATE audit SET detail = ? WHERE seq = ?",
                           arguments: [tampered.detail.replacingOccurrences(of: "\"decision\":\"deny\"", with: "\"decision\":\"permit\""), tampered.seq])
        }
        let report = try await AuditReplay.run(store: s.services.store)
        #expect(report.differences.map(\.seq) == [tampered.seq])
        let problems = report.differences.first?.problems ?? []
        #expect(problems.contains { $0.contains("altered") })
        #expect(problems.contains { $0.contains("answered differently") })
        #expect(report.differences.first?.logged?.decision == "permit" && report.differences.first?.replayed?.decision == "deny")
        #expect(try s.database.verifyAudit().broken?.seq == tampered.seq)

        // A stored version edited in place (not through the API, so no new version): every decision
        // under it no longer matches its logged content hash.
        try await s.database.pool.write { db in
            try db.execute(sql: "UPDATE scenario_version SET yaml = yaml || '# edited' WHERE scenario_id = 'circle' AND version = 1")
        }
        let edited = try await AuditReplay.run(store: s.services.store)
        #expect(edited.differences.count == records.count)
        #expect(edited.differences.allSatisfy { d in d.problems.contains { $0.contains("content hash") } })
    }

    /// Regression (review, issue 13): after an edit the very next analysis of every kind — sites,
    /// reach, timeline and decide — answers from the new version.
    @Test func anEditIsVisibleToTheVeryNextTimelineAndDecision() async throws {
        let s = try await ServerTests.setup()
        try await s.app.test(.router) { client in
            try await Self.put(client, s.token, id: "circle", yaml: Self.circleScenario(radiusKm: 100), create: true)
            let timeline: [String: Any] = ["item": "rocket", "recipient": "XR", "date": "2024-06-01", "category": "military",
                                           "launch_area": "north", "tolerance_m": 100]
            func permittedKm2() async throws -> [Double] {
                try await client.execute(uri: "/api/scenarios/circle/timeline", method: .post, body: ServerTests.json(timeline)) { r in
                    #expect(r.status == .ok)
                    return (ServerTests.parse(r.body) as? [[String: Any]] ?? []).map { (($0["areas"] as? [String: Any])?["permitted_km2"] as? Double) ?? -1 }
                }
            }
            let target52: [String: Any] = Self.circleRequests[2]
            let before = try await permittedKm2()
            let decisionBefore = try await Self.decide(client, id: "circle", target52)
            try await Self.put(client, s.token, id: "circle", yaml: Self.circleScenario(radiusKm: 250), create: false)
            let after = try await permittedKm2()
            let decisionAfter = try await Self.decide(client, id: "circle", target52)
            // π r² on the ellipsoid is within 1 % of the plane's for these radii: 31,416 km² and 196,350 km².
            #expect(before.last.map { abs($0 - 31_416) < 320 } == true, "\(before)")
            #expect(after.last.map { abs($0 - 196_350) < 2_000 } == true, "\(after)")
            #expect(decisionBefore["decision"] as? String == "deny" && decisionAfter["decision"] as? String == "permit")
            let (c1, c2) = (decisionBefore["citation"] as? [String: Any], decisionAfter["citation"] as? [String: Any])
            #expect(c1?["scenario_version"] as? Int == 1 && c2?["scenario_version"] as? Int == 2)
            #expect(c1?["content_hash"] as? String != c2?["content_hash"] as? String)
        }
    }

    /// Decisions answered together in one group commit each cite their own record.
    @Test func concurrentDecisionsCiteTheirOwnRecords() async throws {
        let s = try await ServerTests.setup()
        let cited = try await s.app.test(.router) { client in
            try await Self.put(client, s.token, id: "circle", yaml: Self.circleScenario(radiusKm: 100), create: true)
            return try await withThrowingTaskGroup(of: (Double, Int64).self) { group in
                for i in 0..<40 {
                    group.addTask {
                        let lat = 49.0 + Double(i) / 10
                        let body = #"{"recipient": "XR", "item": "rocket", "use": "strike", "date": "2024-06-01", "target": {"lat": \#(lat), "lon": 30, "category": "military"}}"#
                        return try await client.execute(uri: "/api/scenarios/circle/decide", method: .post, body: ByteBuffer(string: body)) { r in
                            let o = ServerTests.parse(r.body) as? [String: Any]
                            return (lat, ((o?["citation"] as? [String: Any])?["audit_record"] as? NSNumber)?.int64Value ?? -1)
                        }
                    }
                }
                var all: [(Double, Int64)] = []
                for try await one in group { all.append(one) }
                return all
            }
        }
        let records = Dictionary(uniqueKeysWithValues: try Self.decideRecords(s.database).map { ($0.seq, $0.detail) })
        #expect(cited.count == 40 && Set(cited.map(\.1)).count == 40)
        for (lat, seq) in cited {
            let written = lat == lat.rounded() ? String(Int(lat)) : "\(lat)"   // the log writes whole numbers without ".0"
            #expect(records[seq]?.contains("\"target\":[\(written),30]") == true, "record \(seq) for latitude \(lat)")
        }
    }

    @Test func boundedCacheDropsTheOldestEntry() {
        var cache = BoundedCache<String, Int>(limit: 3)
        for (i, key) in ["a", "b", "c", "d"].enumerated() { cache[key] = i }
        #expect(cache.count == 3)
        #expect(cache["a"] == nil && cache["b"] == 1 && cache["d"] == 3)
        cache["b"] = 10          // replacing keeps its place: "b" is still the oldest
        #expect(cache["b"] == 10 && cache.count == 3)
        cache["e"] = 4           // so "b" goes, and "c" stays
        #expect(cache["b"] == nil && cache["c"] == 2 && cache["e"] == 4 && cache.count == 3)
        cache["d"] = nil
        #expect(cache.count == 2 && cache["d"] == nil)
    }
}
