import Foundation
import GRDB
import Synchronization

/// The embedded store: one SQLite file (``GreenlightDatabase``, GRDB in WAL mode). Each call runs in
/// GRDB's async `read`/`write`, on GRDB's own queues, so no store work runs on an event loop; the
/// file format is that of ``GreenlightDatabase``.
///
/// A store opened for serving holds the file's ``SQLiteServingLock``: it is then the only writer of
/// scenarios, and answers ``currentVersion(_:)`` from memory (read once per scenario, then kept by
/// its own writes) — the one query every request would otherwise make, with its hop to GRDB's queue.
public final class SQLiteStore: GreenlightStore {
    public let database: GreenlightDatabase
    private let servingLock: SQLiteServingLock?
    /// Current versions, kept only while `servingLock` is held (nil otherwise: every call reads).
    private let knownVersions: Mutex<[String: Int]>?

    /// `servingLock`: the lock of the file, when this store serves it (see ``SQLiteServingLock``).
    public init(database: GreenlightDatabase, servingLock: SQLiteServingLock? = nil) {
        self.database = database
        self.servingLock = servingLock
        knownVersions = servingLock == nil ? nil : Mutex([:])
    }

    /// Opens (creating and migrating when missing) the file; `serving` takes its serving lock first,
    /// throwing ``SQLiteServingLock/Held`` when another server has it.
    public convenience init(path: String, serving: Bool = false) throws {
        let lock = serving ? try SQLiteServingLock(databasePath: path) : nil
        self.init(database: try GreenlightDatabase(path: path), servingLock: lock)
    }

    public func list() async throws -> [ScenarioStore.Summary] {
        try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, current_version, updated_at FROM scenario ORDER BY id").map {
                ScenarioStore.Summary(id: $0["id"], name: $0["name"], version: $0["current_version"], updatedAt: $0["updated_at"])
            }
        }
    }

    public func get(_ id: String, version: Int?) async throws -> ScenarioStore.Stored? {
        try await database.pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM scenario WHERE id = ?", arguments: [id]) else { return nil }
            let v: Int = version ?? row["current_version"]
            guard let yaml = try String.fetchOne(db, sql: "SELECT yaml FROM scenario_version WHERE scenario_id = ? AND version = ?", arguments: [id, v]) else { return nil }
            return ScenarioStore.Stored(summary: .init(id: id, name: row["name"], version: v, updatedAt: row["updated_at"]), yaml: yaml)
        }
    }

    public func currentVersion(_ id: String) async throws -> Int? {
        if let known = knownVersions?.withLock({ $0[id] }) { return known }
        let stored = try await database.pool.read { db in
            try Int.fetchOne(db.cachedStatement(sql: "SELECT current_version FROM scenario WHERE id = ?"), arguments: [id])
        }
        if let stored { noteVersion(id, stored) }
        return stored
    }

    /// Keeps the newest version seen (a read may finish after a later write has noted a newer one).
    private func noteVersion(_ id: String, _ version: Int) {
        knownVersions?.withLock { $0[id] = max($0[id] ?? 0, version) }
    }

    public func versions(_ id: String) async throws -> [ScenarioStore.Version] {
        try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT version, author, message, created_at FROM scenario_version WHERE scenario_id = ? ORDER BY version", arguments: [id]).map {
                ScenarioStore.Version(version: $0["version"], author: $0["author"], message: $0["message"], createdAt: $0["created_at"])
            }
        }
    }

    public func write(id: String, name: String, yaml: String, author: String, message: String, create: Bool) async throws -> ScenarioStore.WriteOutcome {
        let outcome = try await database.pool.write { db -> ScenarioStore.WriteOutcome in
            let now = ScenarioStore.now()
            let existing = try Int.fetchOne(db, sql: "SELECT current_version FROM scenario WHERE id = ?", arguments: [id])
            let next: Int
            if create {
                if existing != nil { return .conflict(ScenarioStore.conflictMessage(id)) }
                next = 1
                try db.execute(sql: "INSERT INTO scenario (id, name, current_version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)", arguments: [id, name, now, now])
            } else {
                guard let current = existing else { return .notFound }
                next = current + 1
                try db.execute(sql: "UPDATE scenario SET name = ?, current_version = ?, updated_at = ? WHERE id = ?", arguments: [name, next, now, id])
            }
            try db.execute(sql: "INSERT INTO scenario_version (scenario_id, version, yaml, author, message, created_at) VALUES (?, ?, ?, ?, ?, ?)", arguments: [id, next, yaml, author, message, now])
            try GreenlightDatabase.append([ScenarioStore.writeEntry(id: id, yaml: yaml, author: author, message: message, version: next)], in: db)
            let summary = ScenarioStore.Summary(id: id, name: name, version: next, updatedAt: now)
            return create ? .created(summary) : .updated(summary)
        }
        // Noted once committed, before the caller hears of it: its next request is served the new version.
        switch outcome {
        case .created(let summary), .updated(let summary): noteVersion(id, summary.version)
        case .conflict, .notFound: break
        }
        return outcome
    }

    public func insertToken(id: String, name: String, hash: String, actor: String) async throws {
        try await database.pool.write { db in
            try db.execute(sql: "INSERT INTO token (id, name, hash, created_at) VALUES (?, ?, ?, ?)", arguments: [id, name, hash, ScenarioStore.now()])
            try GreenlightDatabase.append([(actor, "token.create", id, ScenarioStore.detail(["name": name]))], in: db)
        }
    }

    public func tokenOwner(hash: String) async throws -> String? {
        try await database.pool.read { db in try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM token WHERE hash = ?"), arguments: [hash]) }
    }

    public func appendAudit(_ entries: [AuditEntry]) async throws -> [Int64] {
        return try await database.pool.write { db in try GreenlightDatabase.append(entries, in: db) }
    }

    public func auditRecords(from first: Int64, limit: Int) async throws -> [AuditRecord] {
        try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?", arguments: [first, limit]).map(AuditRecord.init(row:))
        }
    }

    public func auditCount(action: String, from first: Int64) async throws -> Int {
        try await database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit WHERE action = ? AND seq >= ?", arguments: [action, first]) ?? 0
        }
    }

    public func auditHash(seq: Int64) async throws -> String? {
        try await database.pool.read { db in try String.fetchOne(db, sql: "SELECT hash FROM audit WHERE seq = ?", arguments: [seq]) }
    }

    public func verifyAudit() async throws -> AuditVerification {
        try await database.pool.read { db in try GreenlightDatabase.verifyAudit(in: db) }
    }

    public func close() async throws { try database.pool.close() }
}
