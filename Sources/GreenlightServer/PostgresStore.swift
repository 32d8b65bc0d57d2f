import Foundation
import Logging
import PostgresNIO

/// The team store: one PostgreSQL database that several server instances share (postgres-nio's
/// `PostgresClient`, a pool of connections on NIO's event loops; nothing here blocks a thread).
///
/// The audit log stays one hash chain however many instances append to it: every append takes the
/// transaction-scoped advisory lock ``auditLockKey`` first, then reads the last record's seq and
/// hash and inserts its batch after it, so appends are serialised across instances while each
/// instance still writes a whole batch per transaction (group commit, ``AuditWriter``). A scenario
/// write appends its audit record in the same transaction as the change.
///
/// Call ``run()`` in a long-running task (``withStore(_:_:)`` does) and ``migrate()`` before use.
public final class PostgresStore: GreenlightStore {
    public let address: StoreLocation.PostgresAddress
    let client: PostgresClient
    let logger: Logger
    /// The advisory lock that serialises audit appends (any constant that no other user of the database takes).
    static let auditLockKey: Int64 = 0x676C_6175_6469_7431  // "glaudit1"

    public init(address: StoreLocation.PostgresAddress, maximumConnections: Int = 8) {
        self.address = address
        var logger = Logger(label: "greenlight.postgres")
        logger.logLevel = .error
        self.logger = logger
        var configuration = PostgresClient.Configuration(host: address.host, port: address.port, username: address.user,
                                                         password: address.password, database: address.database, tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(10)
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// The client's background work (connections, keep-alive); returns when its task is cancelled.
    public func run() async { await client.run() }

    /// Applies the migrations not yet applied (``PostgresMigrations``).
    public func migrate() async throws { try await PostgresMigrations.apply(client: client, logger: logger) }

    public func list() async throws -> [ScenarioStore.Summary] {
        var out: [ScenarioStore.Summary] = []
        for try await (id, name, version, updated) in try await client.query("SELECT id, name, current_version, updated_at FROM scenario ORDER BY id", logger: logger)
            .decode((String, String, Int, String).self) {
            out.append(.init(id: id, name: name, version: version, updatedAt: updated))
        }
        return out
    }

    public func get(_ id: String, version: Int?) async throws -> ScenarioStore.Stored? {
        var found: ScenarioStore.Stored?
        let rows: PostgresRowSequence
        if let version {
            rows = try await client.query("""
                SELECT s.name, v.version, s.updated_at, v.yaml FROM scenario s JOIN scenario_version v ON v.scenario_id = s.id
                WHERE s.id = \(id) AND v.version = \(version)
                """, logger: logger)
        } else {
            rows = try await client.query("""
                SELECT s.name, v.version, s.updated_at, v.yaml FROM scenario s JOIN scenario_version v ON v.scenario_id = s.id AND v.version = s.current_version
                WHERE s.id = \(id)
                """, logger: logger)
        }
        for try await (name, v, updated, yaml) in rows.decode((String, Int, String, String).self) {
            found = .init(summary: .init(id: id, name: name, version: v, updatedAt: updated), yaml: yaml)
        }
        return found
    }

    public func currentVersion(_ id: String) async throws -> Int? {
        var version: Int?
        for try await v in try await client.query("SELECT current_version FROM scenario WHERE id = \(id)", logger: logger).decode(Int.self) { version = v }
        return version
    }

    public func versions(_ id: String) async throws -> [ScenarioStore.Version] {
        var out: [ScenarioStore.Version] = []
        for try await (v, author, message, created) in try await client.query(
            "SELECT version, author, message, created_at FROM scenario_version WHERE scenario_id = \(id) ORDER BY version", logger: logger)
            .decode((Int, String, String, String).self) {
            out.append(.init(version: v, author: author, message: message, createdAt: created))
        }
        return out
    }

    public func write(id: String, name: String, yaml: String, author: String, message: String, create: Bool) async throws -> ScenarioStore.WriteOutcome {
        let now = ScenarioStore.now()
        let logger = logger
        return try await client.withTransaction(logger: logger) { connection -> ScenarioStore.WriteOutcome in
            // The row lock orders concurrent updates of one scenario (each gets the next version).
            var existing: Int?
            for try await v in try await connection.query("SELECT current_version FROM scenario WHERE id = \(id) FOR UPDATE", logger: logger).decode(Int.self) {
                existing = v
            }
            let next: Int
            if create {
                if existing != nil { return .conflict(ScenarioStore.conflictMessage(id)) }
                // Two instances creating the same id at once: the second waits on the key, then inserts nothing.
                var inserted = false
                for try await _ in try await connection.query("""
                    INSERT INTO scenario (id, name, current_version, created_at, updated_at) VALUES (\(id), \(name), 1, \(now), \(now))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """, logger: logger) { inserted = true }
                if !inserted { return .conflict(ScenarioStore.conflictMessage(id)) }
                next = 1
            } else {
                guard let current = existing else { return .notFound }
                next = current + 1
                try await Self.run(connection, "UPDATE scenario SET name = \(name), current_version = \(next), updated_at = \(now) WHERE id = \(id)", logger)
            }
            try await Self.run(connection, """
                INSERT INTO scenario_version (scenario_id, version, yaml, author, message, created_at) VALUES (\(id), \(next), \(yaml), \(author), \(message), \(now))
                """, logger)
            _ = try await Self.append([ScenarioStore.writeEntry(id: id, yaml: yaml, author: author, message: message, version: next)], on: connection, logger: logger)
            let summary = ScenarioStore.Summary(id: id, name: name, version: next, updatedAt: now)
            return create ? .created(summary) : .updated(summary)
        }
    }

    public func insertToken(id: String, name: String, hash: String, actor: String) async throws {
        let logger = logger
        let now = ScenarioStore.now()
        try await client.withTransaction(logger: logger) { connection in
            try await Self.run(connection, "INSERT INTO token (id, name, hash, created_at) VALUES (\(id), \(name), \(hash), \(now))", logger)
            _ = try await Self.append([(actor, "token.create", id, ScenarioStore.detail(["name": name]))], on: connection, logger: logger)
        }
    }

    public func tokenOwner(hash: String) async throws -> String? {
        var owner: String?
        for try await name in try await client.query("SELECT name FROM token WHERE hash = \(hash)", logger: logger).decode(String.self) { owner = name }
        return owner
    }

    public func appendAudit(_ entries: [AuditEntry]) async throws -> [Int64] {
        if entries.isEmpty { return [] }
        // Checked before the transaction too, so that the caller gets the typed error itself, not
        // wrapped in postgres-nio's PostgresTransactionError (and no round trip is spent on it).
        for e in entries { try StoreError.checkNoNUL(e) }
        let logger = logger
        return try await client.withTransaction(logger: logger) { connection in
            try await Self.append(entries, on: connection, logger: logger)
        }
    }

    /// Appends in the connection's open transaction: the advisory lock (held to the transaction's
    /// end, so the next appender reads this batch's last hash), the chain's end, one INSERT for the batch.
    static func append(_ entries: [AuditEntry], on connection: PostgresConnection, logger: Logger) async throws -> [Int64] {
        for e in entries { try StoreError.checkNoNUL(e) }
        try await run(connection, "SELECT pg_advisory_xact_lock(\(auditLockKey))", logger)
        var seq: Int64 = 0
        var prev = AuditRecord.genesis
        for try await (s, h) in try await connection.query("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", logger: logger).decode((Int64, String).self) {
            (seq, prev) = (s, h)
        }
        let time = utcTimestamp()
        var columns = (seq: [Int64](), time: [String](), actor: [String](), action: [String](), subject: [String](), detail: [String](), prev: [String](), hash: [String]())
        var appended: [Int64] = []
        appended.reserveCapacity(entries.count)
        for e in entries {
            seq += 1
            let record = AuditRecord(seq: seq, time: time, actor: e.actor, action: e.action, subject: e.subject, detail: e.detail, prevHash: prev)
            columns.seq.append(seq); columns.time.append(time); columns.actor.append(e.actor); columns.action.append(e.action)
            columns.subject.append(e.subject); columns.detail.append(e.detail); columns.prev.append(prev); columns.hash.append(record.hash)
            prev = record.hash
            appended.append(seq)
        }
        try await run(connection, """
            INSERT INTO audit (seq, time, actor, action, subject, detail, prev_hash, hash)
            SELECT * FROM unnest(\(columns.seq)::bigint[], \(columns.time)::text[], \(columns.actor)::text[], \(columns.action)::text[],
                                 \(columns.subject)::text[], \(columns.detail)::text[], \(columns.prev)::text[], \(columns.hash)::text[])
            """, logger)
        return appended
    }

    public func auditRecords(from first: Int64, limit: Int) async throws -> [AuditRecord] {
        var out: [AuditRecord] = []
        for try await row in try await client.query(
            "SELECT seq, time, actor, action, subject, detail, prev_hash, hash FROM audit WHERE seq >= \(first) ORDER BY seq LIMIT \(limit)", logger: logger) {
            out.append(try Self.record(row))
        }
        return out
    }

    public func auditCount(action: String, from first: Int64) async throws -> Int {
        var count = 0
        for try await n in try await client.query("SELECT COUNT(*) FROM audit WHERE action = \(action) AND seq >= \(first)", logger: logger).decode(Int.self) { count = n }
        return count
    }

    public func auditHash(seq: Int64) async throws -> String? {
        var hash: String?
        for try await h in try await client.query("SELECT hash FROM audit WHERE seq = \(seq)", logger: logger).decode(String.self) { hash = h }
        return hash
    }

    /// Streams the whole chain (postgres-nio reads rows with back-pressure, so a million records are
    /// not held in memory) inside one REPEATABLE READ transaction: a consistent snapshot while other
    /// instances go on appending.
    public func verifyAudit() async throws -> AuditVerification {
        let logger = logger
        return try await client.withConnection { connection in
            try await Self.run(connection, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger)
            do {
                var verifier = AuditChainVerifier()
                let rows = try await connection.query("SELECT seq, time, actor, action, subject, detail, prev_hash, hash FROM audit ORDER BY seq", logger: logger)
                for try await row in rows {
                    // Read on to the end even when broken: the connection goes back to the pool idle.
                    _ = verifier.check(try Self.record(row))
                }
                try await Self.run(connection, "COMMIT", logger)
                return verifier.result
            } catch {
                try? await Self.run(connection, "ROLLBACK", logger)
                throw error
            }
        }
    }

    public func close() async throws {}

    static func record(_ row: PostgresRow) throws -> AuditRecord {
        let (seq, time, actor, action, subject, detail, prev, hash) = try row.decode((Int64, String, String, String, String, String, String, String).self)
        var r = AuditRecord(seq: seq, time: time, actor: actor, action: action, subject: subject, detail: detail, prevHash: prev)
        r.hash = hash
        return r
    }

    /// Runs a statement and reads its rows to the end (the connection then takes the next one).
    static func run(_ connection: PostgresConnection, _ query: PostgresQuery, _ logger: Logger) async throws {
        for try await _ in try await connection.query(query, logger: logger) {}
    }
}

extension PostgresStore {
    /// Runs SQL text as given, with no parameters (administration: creating a test database, and the
    /// tests' deliberate tampering with the audit table). Never with text from a request.
    func executeUnsafe(_ sql: String) async throws {
        for try await _ in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger) {}
    }
}
