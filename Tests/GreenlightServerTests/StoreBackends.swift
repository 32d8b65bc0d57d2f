import Foundation
import GRDB
import Testing
@testable import GreenlightServer

/// The store backends the store suite runs against. PostgreSQL comes from
/// `GREENLIGHT_TEST_POSTGRES_URL` (scripts/test.sh starts a server on loopback and sets it); without
/// it the PostgreSQL cases are left out locally, but kept under `CI=true`, where they then fail.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? { ProcessInfo.processInfo.environment["GREENLIGHT_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The backends to run: both when PostgreSQL is configured or CI demands it.
    static let available: [StoreBackend] = postgresURL != nil || isCI ? [.sqlite, .postgres] : [.sqlite]

    /// A store on a fresh, empty database (a new SQLite file, or a new PostgreSQL database created on
    /// the configured server and dropped afterwards), open for the duration of `body`.
    /// `tamper` runs raw SQL against the same database, for the tampering tests.
    func withFreshStore<T: Sendable>(_ body: (any GreenlightStore, _ tamper: @Sendable (String) async throws -> Void) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-store-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm", "-serve.lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            // Opened as `serve` opens it: the serving lock held, current versions kept in memory.
            return try await withStore(.sqlite(path: path), serving: true) { store in
                let database = (store as! SQLiteStore).database
                return try await body(store) { sql in try await database.pool.write { db in try db.execute(sql: sql) } }
            }
        case .postgres:
            guard let url = Self.postgresURL else {
                Issue.record("CI=true but GREENLIGHT_TEST_POSTGRES_URL is not set: the PostgreSQL store cases cannot run")
                throw CancellationError()
            }
            guard case .postgres(let admin) = try StoreLocation(parsing: url) else {
                Issue.record("GREENLIGHT_TEST_POSTGRES_URL is not a postgres:// URL: \(url)")
                throw CancellationError()
            }
            let name = "greenlight_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await Self.admin(admin, "CREATE DATABASE \(name)")
            var fresh = admin
            fresh.database = name
            do {
                let result = try await withStore(.postgres(fresh)) { store in
                    try await body(store) { sql in try await (store as! PostgresStore).executeUnsafe(sql) }
                }
                try await Self.admin(admin, "DROP DATABASE \(name) WITH (FORCE)")
                return result
            } catch {
                try? await Self.admin(admin, "DROP DATABASE \(name) WITH (FORCE)")
                throw error
            }
        }
    }

    /// One administrative statement on the configured server's own database.
    static func admin(_ address: StoreLocation.PostgresAddress, _ sql: String) async throws {
        let store = PostgresStore(address: address, maximumConnections: 1)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            try await store.executeUnsafe(sql)
        }
    }
}
