import Foundation
import PostgresNIO
import Testing
@testable import GreenlightServer

/// One suite for every store backend (SQLite and PostgreSQL, ``StoreBackend``), as SpiceDB and
/// OpenFGA run one suite against every datastore: scenarios and their versions, conflicts, tokens,
/// the audit chain (append, verify, tampering found), the reads replay uses, concurrent appends, and
/// the audit writer's group commit and drain. Expected values are counted by construction.
@Suite(.serialized) struct StoreSuiteTests {
    static let yamlV1 = "name: One\nstates: {}\n"
    static let yamlV2 = "name: Two\nstates: {}\n# edited\n"

    @Test(arguments: StoreBackend.available) func scenariosVersionsAndConflicts(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { store, _ in
            guard case .created(let created) = try await store.write(id: "s1", name: "One", yaml: Self.yamlV1, author: "ana", message: "first", create: true) else {
                Issue.record("create did not create"); return
            }
            #expect(created.version == 1 && created.name == "One")
            guard case .conflict(let why) = try await store.write(id: "s1", name: "Again", yaml: Self.yamlV1, author: "ben", message: "again", create: true) else {
                Issue.record("a second create of the same id was not a conflict"); return
            }
            #expect(why.contains("s1"))
            guard case .updated(let updated) = try await store.write(id: "s1", name: "Two", yaml: Self.yamlV2, author: "ben", message: "edit", create: false) else {
                Issue.record("update did not update"); return
            }
            #expect(updated.version == 2 && updated.name == "Two")
            guard case .notFound = try await store.write(id: "nope", name: "X", yaml: Self.yamlV1, author: "ben", message: "m", create: false) else {
                Issue.record("update of an unknown id was not notFound"); return
            }
            #expect(try await store.currentVersion("s1") == 2)
            #expect(try await store.currentVersion("nope") == nil)
            #expect(try await store.get("s1")?.yaml == Self.yamlV2)
            #expect(try await store.get("s1")?.summary.version == 2)
            #expect(try await store.get("s1", version: 1)?.yaml == Self.yamlV1)
            #expect(try await store.get("s1", version: 3) == nil)
            #expect(try await store.get("nope") == nil)
            let versions = try await store.versions("s1")
            #expect(versions.map(\.version) == [1, 2])
            #expect(versions.map(\.author) == ["ana", "ben"])
            #expect(versions.map(\.message) == ["first", "edit"])
            #expect(try await store.versions("nope").isEmpty)
            #expect(try await store.list().map(\.id) == ["s1"])
            #expect(try await store.list().first?.name == "Two")
            // Two writes that changed something, two audit records; the conflict and the miss wrote none.
            let records = try await store.auditRecords(from: 1, limit: 100)
            #expect(records.map(\.action) == ["scenario.create", "scenario.update"])
            #expect(records.map(\.actor) == ["ana", "ben"])
            #expect(records.map(\.subject) == ["s1", "s1"])
            #expect(records.last?.detail.contains("\"version\":\"2\"") == true)
            #expect(try await store.verifyAudit().broken == nil)
        }
    }

    @Test(arguments: StoreBackend.available) func concurrentUpdatesEachGetTheirOwnVersion(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { store, _ in
            _ = try await store.write(id: "s", name: "S", yaml: Self.yamlV1, author: "a", message: "v1", create: true)
            let versions = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<10 {
                    group.addTask {
                        guard case .updated(let s) = try await store.write(id: "s", name: "S", yaml: Self.yamlV2 + "# \(i)\n", author: "a", message: "edit \(i)", create: false) else { return -1 }
                        return s.version
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(versions.sorted() == Array(2...11))
            #expect(try await store.currentVersion("s") == 11)
            #expect(try await store.versions("s").count == 11)
            #expect(try await store.verifyAudit() .count == 11)
        }
    }

    @Test(arguments: StoreBackend.available) func tokensAreStoredHashedAndFound(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { store, _ in
            let token = try await store.createToken(name: "newsroom")
            #expect(token.hasPrefix("glt_") && token.count == 4 + 64)
            #expect(token.dropFirst(4).allSatisfy { $0.isHexDigit })
            #expect(try await store.tokenOwner(token) == "newsroom")
            #expect(try await store.tokenOwner(String(token.dropLast()) + (token.last == "0" ? "1" : "0")) == nil)
            #expect(try await store.tokenOwner("") == nil)
            let second = try await store.createToken(name: "desk")
            #expect(second != token)
            #expect(try await store.tokenOwner(second) == "desk")
            let records = try await store.auditRecords(from: 1, limit: 10)
            #expect(records.map(\.action) == ["token.create", "token.create"])
            // The record names the token by the first 12 hex digits of its hash, never by its text.
            #expect(records.allSatisfy { !$0.detail.contains(token) && !$0.subject.contains("glt_") && $0.subject.count == 12 })
        }
    }

    @Test(arguments: StoreBackend.available) func auditAppendVerifyAndTamperDetection(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { store, tamper in
            let odd: [AuditEntry] = [
                (actor: "", action: "decide", subject: "ukraine-2024", detail: "{}"),
                (actor: "newsroom", action: "decide", subject: "Харків", detail: "{\"note\":\"🛰 «border»\"}"),
                (actor: String(repeating: "x", count: 10_000), action: "scenario.update", subject: "s", detail: ""),
            ]
            #expect(try await store.appendAudit(odd) == [1, 2, 3])
            var entries = odd
            // Batches of 1, 5 and 10 continue the chain: 3 + 16 = 19 records.
            for size in [1, 5, 10] {
                let batch: [AuditEntry] = (0..<size).map { (actor: "a", action: "decide", subject: "s", detail: "{\"n\":\($0)}") }
                let first = Int64(entries.count + 1)
                #expect(try await store.appendAudit(batch) == Array(first..<first + Int64(size)))
                entries += batch
            }
            let records = try await store.auditRecords(from: 1, limit: 100)
            #expect(records.map(\.seq) == Array(1...19))
            for (record, entry) in zip(records, entries) {
                #expect(record.actor == entry.actor && record.action == entry.action && record.subject == entry.subject && record.detail == entry.detail)
            }
            // Each record links to the one before it.
            #expect(records.first?.prevHash == String(repeating: "0", count: 64))
            for (a, b) in zip(records, records.dropFirst()) { #expect(b.prevHash == a.hash) }
            let intact = try await store.verifyAudit()
            #expect(intact.count == 19 && intact.broken == nil)

            await #expect(throws: StoreError.nulCharacter(field: "subject")) {
                _ = try await store.appendAudit([(actor: "a", action: "decide", subject: "s\u{0}t", detail: "{}")])
            }
            #expect(try await store.verifyAudit().count == 19)

            try await tamper("UPDATE audit SET detail = 'tampered' WHERE seq = 7")
            let altered = try await store.verifyAudit()
            #expect(altered.broken?.seq == 7)
            #expect(altered.broken?.reason.contains("altered") == true)
            try await tamper("UPDATE audit SET detail = '{\"n\":2}' WHERE seq = 7")
            #expect(try await store.verifyAudit().broken == nil)
            try await tamper("DELETE FROM audit WHERE seq = 12")
            let missing = try await store.verifyAudit()
            #expect(missing.broken?.seq == 13)
            #expect(missing.broken?.reason.contains("missing") == true)
        }
    }

    @Test(arguments: StoreBackend.available) func replayReadsChunksCountsAndHashes(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { store, _ in
            // 4 decisions among 7 records: d, x, d, d, x, x, d.
            let actions = ["decide", "token.create", "decide", "decide", "scenario.update", "scenario.update", "decide"]
            _ = try await store.appendAudit(actions.map { (actor: "a", action: $0, subject: "s", detail: "{}") })
            #expect(try await store.auditRecords(from: 3, limit: 2).map(\.seq) == [3, 4])
            #expect(try await store.auditRecords(from: 6, limit: 100).map(\.seq) == [6, 7])
            #expect(try await store.auditRecords(from: 8, limit: 100).isEmpty)
            #expect(try await store.auditCount(action: "decide", from: 1) == 4)
            #expect(try await store.auditCount(action: "decide", from: 4) == 2)
            #expect(try await store.auditCount(action: "scenario.update", from: 1) == 2)
            let all = try await store.auditRecords(from: 1, limit: 100)
            #expect(try await store.auditHash(seq: 4) == all[3].hash)
            #expect(try await store.auditHash(seq: 99) == nil)
        }
    }

    @Test(arguments: StoreBackend.available) func concurrentAppendsStayOneGaplessChain(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { store, _ in
            // 8 writers × 20 batches × 3 records = 480 records, whatever the interleaving.
            let seqs = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for w in 0..<8 {
                    group.addTask {
                        var mine: [Int64] = []
                        for b in 0..<20 {
                            let got = try await store.appendAudit((0..<3).map { (actor: "w\(w)", action: "decide", subject: "s", detail: "{\"b\":\(b),\"i\":\($0)}") })
                            // A batch's records are consecutive.
                            #expect(got == Array(got[0]...got[0] + 2))
                            mine += got
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(seqs.sorted() == Array(1...480))
            let result = try await store.verifyAudit()
            #expect(result.count == 480 && result.broken == nil)
        }
    }

    @Test(arguments: StoreBackend.available) func auditWriterCommitsEveryRecordAndDrainsOnStop(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { store, _ in
            let writer = AuditWriter(store: store)
            let running = Task { try await writer.run() }
            let seqs = try await withThrowingTaskGroup(of: Int64.self) { group in
                for i in 0..<300 {
                    group.addTask { try await writer.record(actor: "t", action: "decide", subject: "s", detail: "{\"i\":\(i)}") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(seqs.sorted() == Array(1...300))
            // Records queued right before the stop are still written and answered.
            let late = (0..<20).map { i in Task { try await writer.record(actor: "t", action: "decide", subject: "late", detail: "{\"i\":\(i)}") } }
            try await Task.sleep(for: .milliseconds(1))
            running.cancel()
            var lateSeqs: [Int64] = []
            for t in late { if let s = try? await t.value { lateSeqs.append(s) } }
            try await running.value
            let lateInStore = try await store.auditCount(action: "decide", from: 301)
            // Each late record was either written (and its caller got its seq) or refused, never lost silently.
            #expect(lateSeqs.count == lateInStore)
            #expect(Set(lateSeqs).count == lateSeqs.count && lateSeqs.allSatisfy { $0 > 300 })
            await #expect(throws: AuditWriter.Stopped.self) {
                _ = try await writer.record(actor: "t", action: "decide", subject: "s", detail: "{}")
            }
            let verified = try await store.verifyAudit()
            #expect(verified.count == 300 + lateInStore && verified.broken == nil)
        }
    }

    @Test(.enabled(if: StoreBackend.postgresURL != nil || StoreBackend.isCI), arguments: [StoreBackend.postgres])
    func postgresMigrationsAreIdempotentWhenInstancesStartTogether(_ backend: StoreBackend) async throws {
        guard let url = StoreBackend.postgresURL, case .postgres(let admin) = try StoreLocation(parsing: url) else {
            Issue.record("CI=true but GREENLIGHT_TEST_POSTGRES_URL is not a postgres:// URL"); return
        }
        let name = "greenlight_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await StoreBackend.admin(admin, "CREATE DATABASE \(name)")
        let blank = StoreLocation.PostgresAddress(user: admin.user, password: admin.password, host: admin.host, port: admin.port, database: name)
        // Four instances start at once on a blank database: the advisory lock lets one apply the
        // migrations, the others then find them recorded; a fifth start later changes nothing.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<4 {
                group.addTask {
                    try await withStore(.postgres(blank)) { store in
                        _ = try await store.appendAudit([(actor: "instance\(i)", action: "start", subject: "s", detail: "{}")])
                    }
                }
            }
            try await group.waitForAll()
        }
        try await withStore(.postgres(blank)) { store in
            let postgres = try #require(store as? PostgresStore)
            var versions: [String] = []
            for try await v in try await postgres.client.query("SELECT version FROM schema_migrations ORDER BY version", logger: postgres.logger).decode(String.self) {
                versions.append(v)
            }
            #expect(versions == PostgresMigrations.all.map(\.name))
            let verified = try await store.verifyAudit()
            #expect(verified.count == 4 && verified.broken == nil)
        }
        try await StoreBackend.admin(admin, "DROP DATABASE \(name) WITH (FORCE)")
    }
}
