import Foundation

/// One audit entry before it is on the chain: who did what to which subject, and the details (JSON).
public typealias AuditEntry = (actor: String, action: String, subject: String, detail: String)

/// The outcome of checking the audit chain: the records read, and the first broken one and why (nil when intact).
public typealias AuditVerification = (count: Int, broken: (seq: Int64, reason: String)?)

/// The server's store: scenarios with their version history, tokens (stored hashed) and the
/// hash-chained audit log. Two backends implement it, ``SQLiteStore`` (the embedded default) and
/// ``PostgresStore`` (several server instances on one database).
///
/// Every method is async and does its database work off the caller's thread (GRDB's queues, or
/// postgres-nio's connections): the server runs Swift concurrency on NIO's event loops
/// (`runConcurrencyOnEventLoops()`), so a synchronous call here would stall a loop and every
/// connection on it.
public protocol GreenlightStore: Sendable {
    /// Every scenario, by id.
    func list() async throws -> [ScenarioStore.Summary]
    /// A scenario at one version (the current one when nil), or nil when there is no such scenario or version.
    func get(_ id: String, version: Int?) async throws -> ScenarioStore.Stored?
    /// The scenario's current version, or nil when there is no such scenario. The server asks it on
    /// every request, so that an edit is served from the very next request on: PostgreSQL reads it
    /// (an edit may come through another instance); a serving SQLite store, the file's only writer,
    /// keeps it in memory.
    func currentVersion(_ id: String) async throws -> Int?
    /// The scenario's versions, oldest first (empty when there is no such scenario).
    func versions(_ id: String) async throws -> [ScenarioStore.Version]
    /// Creates (version 1) or adds a version, and appends its audit record, in one transaction.
    func write(id: String, name: String, yaml: String, author: String, message: String, create: Bool) async throws -> ScenarioStore.WriteOutcome
    /// Stores a token's hash under its id and name, and appends the audit record, in one transaction.
    func insertToken(id: String, name: String, hash: String, actor: String) async throws
    /// The name of the owner of the token with this SHA-256, or nil.
    func tokenOwner(hash: String) async throws -> String?
    /// Appends the entries to the audit chain in one transaction, in order; returns their sequence numbers.
    func appendAudit(_ entries: [AuditEntry]) async throws -> [Int64]
    /// Up to `limit` audit records from sequence number `first` on, in order.
    func auditRecords(from first: Int64, limit: Int) async throws -> [AuditRecord]
    /// How many records with this action the log holds from sequence number `first` on.
    func auditCount(action: String, from first: Int64) async throws -> Int
    /// The hash of one audit record, or nil when there is none with that sequence number.
    func auditHash(seq: Int64) async throws -> String?
    /// Checks the whole chain in sequence order.
    func verifyAudit() async throws -> AuditVerification
    /// Closes the store's pool or connections; the store is not used afterwards.
    func close() async throws
}

extension GreenlightStore {
    /// A scenario at its current version.
    public func get(_ id: String) async throws -> ScenarioStore.Stored? { try await get(id, version: nil) }

    /// Creates a token; only its SHA-256 is stored. Returns the token text (shown once).
    public func createToken(name: String, actor: String = "cli") async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "glt_" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let hash = SHA256.hex(token)
        try await insertToken(id: String(hash.prefix(12)), name: name, hash: hash, actor: actor)
        return token
    }

    /// The name of the token's owner, or nil when the token is unknown.
    public func tokenOwner(_ token: String) async throws -> String? { try await tokenOwner(hash: SHA256.hex(token)) }
}

/// What the stores refuse, whichever the backend.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An audit field holds a NUL character: neither SQLite's text reads nor PostgreSQL's text type keep
    /// it, so such a record could never verify.
    case nulCharacter(field: String)

    public var description: String {
        switch self {
        case .nulCharacter(let field): "audit \(field) contains a NUL character"
        }
    }

    /// Refuses an entry with a NUL in any field. Both backends call it in their append, inside the
    /// transaction, so a batch holding such an entry is written not at all (PostgreSQL's
    /// `appendAudit` also before it, to throw this error rather than a transaction error wrapping it).
    static func checkNoNUL(_ e: AuditEntry) throws {
        for (field, text) in [("actor", e.actor), ("action", e.action), ("subject", e.subject), ("detail", e.detail)] where containsNUL(text) {
            throw StoreError.nulCharacter(field: field)
        }
    }

    /// memchr over the UTF-8 bytes (the detail of every decision is checked: a byte-by-byte walk of
    /// a String's UTF8View cost microseconds per record).
    private static func containsNUL(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.count > 0 && memchr(bytes.baseAddress!, 0, bytes.count) != nil }
    }
}
