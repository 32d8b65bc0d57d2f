import Foundation
import GRDB
import GRDBSQLite

/// The server's SQLite store (GRDB, WAL mode): scenarios with their full version history, tokens
/// (stored hashed), and the append-only, hash-chained audit log.
public final class GreenlightDatabase: Sendable {
    public let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL with NORMAL sync: a committed transaction survives the process being killed.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try migrator.migrate(pool)
    }

    private var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.create(table: "scenario") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("current_version", .integer).notNull()
                t.column("created_at", .text).notNull()
                t.column("updated_at", .text).notNull()
            }
            try db.create(table: "scenario_version") { t in
                t.column("scenario_id", .text).notNull().references("scenario")
                t.column("version", .integer).notNull()
                t.column("yaml", .text).notNull()
                t.column("author", .text).notNull()
                t.column("message", .text).notNull()
                t.column("created_at", .text).notNull()
                t.primaryKey(["scenario_id", "version"])
            }
            try db.create(table: "token") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("hash", .text).notNull().unique()
                t.column("created_at", .text).notNull()
            }
            try db.create(table: "audit") { t in
                t.primaryKey("seq", .integer)
                t.column("time", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("detail", .text).notNull()
                t.column("prev_hash", .text).notNull()
                t.column("hash", .text).notNull()
            }
        }
        return m
    }
}

/// The current time as ISO 8601 UTC with milliseconds (e.g. 2024-11-17T08:30:00.125Z), without a formatter object.
func utcTimestamp() -> String {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    var seconds = spec.tv_sec
    var t = tm()
    gmtime_r(&seconds, &t)
    func two(_ x: Int32) -> String { x < 10 ? "0\(x)" : "\(x)" }
    let ms = Int(spec.tv_nsec / 1_000_000)
    return "\(t.tm_year + 1900)-\(two(t.tm_mon + 1))-\(two(t.tm_mday))T\(two(t.tm_hour)):\(two(t.tm_min)):\(two(t.tm_sec)).\(ms < 10 ? "00" : (ms < 100 ? "0" : ""))\(ms)Z"
}

/// One audit record. `hash` = SHA-256 of the previous record's hash and this record's fields, so
/// changing, removing or reordering any record breaks every hash after it.
public struct AuditRecord: Sendable, Codable, Equatable {
    public var seq: Int64
    public var time: String
    public var actor: String
    public var action: String
    public var subject: String
    public var detail: String
    public var prevHash: String
    public var hash: String

    static let genesis = String(repeating: "0", count: 64)

    static func chainHash(prev: String, seq: Int64, time: String, actor: String, action: String, subject: String, detail: String) -> String {
        SHA256.hex([prev, String(seq), time, actor, action, subject, detail].joined(separator: "\u{1F}"))
    }

    init(row: Row) {
        seq = row["seq"]; time = row["time"]; actor = row["actor"]; action = row["action"]
        subject = row["subject"]; detail = row["detail"]; prevHash = row["prev_hash"]; hash = row["hash"]
    }

    init(seq: Int64, time: String, actor: String, action: String, subject: String, detail: String, prevHash: String) {
        self.seq = seq; self.time = time; self.actor = actor; self.action = action; self.subject = subject; self.detail = detail
        self.prevHash = prevHash
        hash = AuditRecord.chainHash(prev: prevHash, seq: seq, time: time, actor: actor, action: action, subject: subject, detail: detail)
    }
}

/// SQLite copies bound text before the call returns (the C macro SQLITE_TRANSIENT, not imported).
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension GreenlightDatabase {
    /// Appends records in the caller's transaction, continuing the chain; returns their sequence numbers.
    @discardableResult
    static func append(_ entries: [(actor: String, action: String, subject: String, detail: String)], in db: Database) throws -> [Int64] {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))
        var seq: Int64 = last?["seq"] ?? 0
        var prev: String = last?["hash"] ?? AuditRecord.genesis
        let time = utcTimestamp()
        let statement = try db.cachedStatement(sql: "INSERT INTO audit (seq, time, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        var appended: [Int64] = []
        appended.reserveCapacity(entries.count)
        for e in entries {
            // SQLite's text reads stop at NUL, so such a record could never verify: refuse it whole.
            try StoreError.checkNoNUL(e)
            seq += 1
            let record = AuditRecord(seq: seq, time: time, actor: e.actor, action: e.action, subject: e.subject, detail: e.detail, prevHash: prev)
            try insert(record, with: statement, in: db)
            prev = record.hash
            appended.append(seq)
        }
        return appended
    }

    /// One audit row bound through SQLite's C API (GRDB's argument values cost as much as the insert
    /// on this path, which runs for every decision served).
    private static func insert(_ r: AuditRecord, with statement: Statement, in db: Database) throws {
        let raw = statement.sqliteStatement
        sqlite3_reset(raw)
        var code = sqlite3_bind_int64(raw, 1, r.seq)
        for (index, text) in [r.time, r.actor, r.action, r.subject, r.detail, r.prevHash, r.hash].enumerated() where code == SQLITE_OK {
            // withCString is valid for "" too (a UTF8 buffer of an empty string may have no address).
            code = text.withCString { sqlite3_bind_text(raw, Int32(index + 2), $0, Int32(text.utf8.count), sqliteTransient) }
        }
        if code == SQLITE_OK { code = sqlite3_step(raw) }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    /// Checks the whole chain; returns nil when intact, else the first broken record and why.
    public func verifyAudit() throws -> AuditVerification {
        try pool.read { db in try GreenlightDatabase.verifyAudit(in: db) }
    }

    /// The chain check in one read transaction (a consistent snapshot while writers go on).
    static func verifyAudit(in db: Database) throws -> AuditVerification {
        var verifier = AuditChainVerifier()
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit ORDER BY seq")
        while let row = try cursor.next() {
            if !verifier.check(AuditRecord(row: row)) { break }
        }
        return verifier.result
    }
}
