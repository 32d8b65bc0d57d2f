import Foundation

/// The values the stores hand out for scenarios (whichever the backend, ``GreenlightStore``).
public enum ScenarioStore {
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

    public enum WriteOutcome: Sendable { case created(Summary), updated(Summary), conflict(String), notFound }

    static func now() -> String { utcTimestamp() }

    /// The audit entry of a scenario write (the same on every backend, so their chains read alike).
    static func writeEntry(id: String, yaml: String, author: String, message: String, version: Int) -> AuditEntry {
        (author, version == 1 ? "scenario.create" : "scenario.update", id, detail(["version": String(version), "message": message, "sha256": SHA256.hex(yaml)]))
    }

    static func conflictMessage(_ id: String) -> String { "a scenario with id '\(id)' exists: update it with PUT" }

    static func detail(_ fields: [String: String]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
