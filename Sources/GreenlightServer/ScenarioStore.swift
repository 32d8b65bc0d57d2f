import Foundation
import GRDB
import GreenlightPolicy

/// Scenarios with their version history, tokens, and the audit of every change: each write is one
/// transaction (the change and its audit record commit together, or neither does).
public struct ScenarioStore: Sendable {
    public let database: GreenlightDatabase

    public struct Summary: Sendable, Codable {
        public var id: String
        public var name: String
        public var version: Int
        public var updatedAt: String
        enum CodingKeys: String, CodingKey { case id, name, version, updatedAt = "updated_at" }
    }

    public struct Version: Sendable, Codable {
        public var version: Int
        public var author: String
        public var message: String
        public var createdAt: String
        enum CodingKeys: String, CodingKey { case version, author, message, createdAt = "created_at" }
    }

    public struct Stored: Sendable {
        public var summary: Summary
        public var yaml: String
    }

    public init(database: GreenlightDatabase) { self.database = database }

    static func now() -> String { utcTimestamp() }

    public func list() throws -> [Summary] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, current_version, updated_at FROM scenario ORDER BY id").map {
                Summary(id: $0["id"], name: $0["name"], version: $0["current_version"], updatedAt: $0["updated_at"])
            }
        }
    }

    public func get(_ id: String, version: Int? = nil) throws -> Stored? {
        try database.pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM scenario WHERE id = ?", arguments: [id]) else { return nil }
            let v: Int = version ?? row["current_version"]
            guard let yaml = try String.fetchOne(db, sql: "SELECT yaml FROM scenario_version WHERE scenario_id = ? AND version = ?", arguments: [id, v]) else { return nil }
            return Stored(summary: Summary(id: id, name: row["name"], version: v, updatedAt: row["updated_at"]), yaml: yaml)
        }
    }

    /// The scenario's current version, or nil when there is no such scenario.
    public func currentVersion(_ id: String) throws -> Int? {
        try database.pool.read { db in try Int.fetchOne(db, sql: "SELECT current_version FROM scenario WHERE id = ?", arguments: [id]) }
    }

    public func versions(_ id: String) throws -> [Version] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT version, author, message, created_at FROM scenario_version WHERE scenario_id = ? ORDER BY version", arguments: [id]).map {
                Version(version: $0["version"], author: $0["author"], message: $0["message"], createdAt: $0["created_at"])
            }
        }
    }

    public enum WriteOutcome: Sendable { case created(Summary), updated(Summary), conflict(String), notFound }

    /// Creates (version 1) or adds a version, with its audit record, in one transaction.
    public func write(id: String, name: String, yaml: String, author: String, message: String, create: Bool) throws -> WriteOutcome {
        try database.pool.write { db in
            let now = ScenarioStore.now()
            let existing = try Int.fetchOne(db, sql: "SELECT current_version FROM scenario WHERE id = ?", arguments: [id])
            if create {
                if existing != nil { return .conflict("a scenario with id '\(id)' exists: update it with PUT") }
                try db.execute(sql: "INSERT INTO scenario (id, name, current_version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)", arguments: [id, name, now, now])
                try db.execute(sql: "INSERT INTO scenario_version (scenario_id, version, yaml, author, message, created_at) VALUES (?, 1, ?, ?, ?, ?)", arguments: [id, yaml, author, message, now])
                try GreenlightDatabase.append([(author, "scenario.create", id, ScenarioStore.detail(["version": "1", "message": message, "sha256": SHA256.hex(yaml)]))], in: db)
                return .created(Summary(id: id, name: name, version: 1, updatedAt: now))
            }
            guard let current = existing else { return .notFound }
            let next = current + 1
            try db.execute(sql: "UPDATE scenario SET name = ?, current_version = ?, updated_at = ? WHERE id = ?", arguments: [name, next, now, id])
            try db.execute(sql: "INSERT INTO scenario_version (scenario_id, version, yaml, author, message, created_at) VALUES (?, ?, ?, ?, ?, ?)", arguments: [id, next, yaml, author, message, now])
            try GreenlightDatabase.append([(author, "scenario.update", id, ScenarioStore.detail(["version": String(next), "message": message, "sha256": SHA256.hex(yaml)]))], in: db)
            return .updated(Summary(id: id, name: name, version: next, updatedAt: now))
        }
    }

    static func detail(_ fields: [String: String]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: tokens

    /// Creates a token; only its SHA-256 is stored. Returns the token text (shown once).
    public func createToken(name: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "glt_" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let id = String(SHA256.hex(token).prefix(12))
        try database.pool.write { db in
            try db.execute(sql: "INSERT INTO token (id, name, hash, created_at) VALUES (?, ?, ?, ?)", arguments: [id, name, SHA256.hex(token), ScenarioStore.now()])
            try GreenlightDatabase.append([("cli", "token.create", id, ScenarioStore.detail(["name": name]))], in: db)
        }
        return token
    }

    /// The name of the token's owner, or nil when the token is unknown.
    public func tokenOwner(_ token: String) throws -> String? {
        try database.pool.read { db in try String.fetchOne(db, sql: "SELECT name FROM token WHERE hash = ?", arguments: [SHA256.hex(token)]) }
    }
}
