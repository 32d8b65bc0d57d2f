import Foundation
import GRDB
import Testing
@testable import GreenlightServer

/// Audit rows are bound through SQLite's C API: every field must read back byte for byte (empty,
/// long and non-ASCII text), the chain must verify, and text SQLite could not read back whole (a NUL
/// inside) is refused rather than stored as a record that would never verify.
@Suite struct AuditStorageTests {
    @Test func fieldsReadBackExactlyAndTheChainVerifies() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-\(UUID().uuidString).sqlite").path
        let database = try GreenlightDatabase(path: path)
        let entries = [
            (actor: "", action: "decide", subject: "ukraine-2024", detail: "{}"),
            (actor: "newsroom", action: "decide", subject: "Харків", detail: "{\"note\":\"🛰 «border»\"}"),
            (actor: String(repeating: "x", count: 10_000), action: "scenario.update", subject: "s", detail: ""),
        ]
        try database.pool.write { db in try GreenlightDatabase.append(entries, in: db) }
        let records = try database.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY seq").map(AuditRecord.init(row:)) }
        #expect(records.count == entries.count)
        for (record, entry) in zip(records, entries) {
            #expect(record.actor == entry.actor && record.action == entry.action && record.subject == entry.subject && record.detail == entry.detail)
        }
        #expect(records.map(\.seq) == [1, 2, 3])
        #expect(try database.verifyAudit().broken == nil)

        #expect(throws: StoreError.nulCharacter(field: "subject")) {
            try database.pool.write { db in try GreenlightDatabase.append([(actor: "a", action: "decide", subject: "s\u{0}t", detail: "{}")], in: db) }
        }
        #expect(try database.verifyAudit().count == entries.count)
    }
}
