import Logging
import PostgresNIO

/// The PostgreSQL schema, as numbered migrations recorded in `schema_migrations`. Applying them is
/// idempotent and safe when several instances start at once: the whole run holds a transaction-scoped
/// advisory lock, so one instance migrates and the others then find every migration applied.
/// The tables match the SQLite store's (``GreenlightDatabase``), column for column.
enum PostgresMigrations {
    static let lockKey: Int64 = 0x676C_6D69_6772_6174  // "glmigrat"

    static let all: [(name: String, statements: [String])] = [
        ("v1", [
            """
            CREATE TABLE scenario (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, current_version BIGINT NOT NULL,
                created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE scenario_version (
                scenario_id TEXT NOT NULL REFERENCES scenario(id), version BIGINT NOT NULL, yaml TEXT NOT NULL,
                author TEXT NOT NULL, message TEXT NOT NULL, created_at TEXT NOT NULL,
                PRIMARY KEY (scenario_id, version))
            """,
            "CREATE TABLE token (id TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)",
            """
            CREATE TABLE audit (
                seq BIGINT PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                subject TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)
            """,
        ]),
    ]

    /// Applies the migrations not yet recorded, in order, in one transaction.
    static func apply(client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await PostgresStore.run(connection, "SELECT pg_advisory_xact_lock(\(lockKey))", logger)
            try await PostgresStore.run(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", logger)
            var applied = Set<String>()
            for try await v in try await connection.query("SELECT version FROM schema_migrations", logger: logger).decode(String.self) { applied.insert(v) }
            for migration in all where !applied.contains(migration.name) {
                for statement in migration.statements { try await PostgresStore.run(connection, PostgresQuery(unsafeSQL: statement), logger) }
                try await PostgresStore.run(connection, "INSERT INTO schema_migrations (version) VALUES (\(migration.name))", logger)
            }
        }
    }
}
