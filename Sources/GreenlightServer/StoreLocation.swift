import Foundation

/// Where the server's store is, as `--database` names it: a SQLite file path, or a PostgreSQL
/// database as `postgres://USER[:PASSWORD]@HOST[:PORT]/DB` (also `postgresql://`).
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    /// A PostgreSQL database's address (no TLS: the server is meant for loopback or a trusted network).
    public struct PostgresAddress: Sendable, Equatable {
        public var user: String
        public var password: String?
        public var host: String
        public var port: Int
        public var database: String
    }

    /// Why a `postgres://` URL was refused: what was expected, for an exit-2 message naming the option.
    public struct MalformedURL: Error, Sendable, Equatable, CustomStringConvertible {
        public var url: String
        public var reason: String
        public var description: String {
            "--database \(url.count > 200 ? String(url.prefix(200)) + "…" : url): \(reason) (expected postgres://USER@HOST:PORT/DB)"
        }
    }

    /// Reads `--database`: a `postgres://` or `postgresql://` URL, else a SQLite path. Anything
    /// else with `://` in it is refused rather than taken for a file name.
    public init(parsing text: String) throws(MalformedURL) {
        let lower = text.lowercased()
        guard let schemeEnd = lower.range(of: "://") else { self = .sqlite(path: text); return }
        let scheme = lower[..<schemeEnd.lowerBound]
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw MalformedURL(url: text, reason: "unknown scheme '\(text[..<schemeEnd.lowerBound])'")
        }
        func fail(_ reason: String) -> MalformedURL { MalformedURL(url: text, reason: reason) }
        var rest = Substring(text[schemeEnd.upperBound...])
        if rest.contains("?") || rest.contains("#") { throw fail("query parameters and fragments are not supported") }
        guard let at = rest.lastIndex(of: "@") else { throw fail("no user (USER@ before the host)") }
        let userInfo = rest[..<at]
        rest = rest[rest.index(after: at)...]
        let (user, password): (Substring, Substring?) = userInfo.firstIndex(of: ":").map { (userInfo[..<$0], userInfo[userInfo.index(after: $0)...]) } ?? (userInfo, nil)
        guard !user.isEmpty else { throw fail("the user is empty") }
        guard let slash = rest.firstIndex(of: "/") else { throw fail("no database name (/DB after the host)") }
        let hostPort = rest[..<slash]
        let database = rest[rest.index(after: slash)...]
        guard !database.isEmpty, !database.contains("/") else { throw fail("the database name must be one non-empty path segment") }
        var host = hostPort
        var port = 5432
        if hostPort.hasPrefix("[") {
            // An IPv6 literal: [::1]:5432.
            guard let close = hostPort.firstIndex(of: "]") else { throw fail("an IPv6 host needs its closing ']'") }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("expected ':PORT' after the IPv6 host") }
                port = try Self.port(after.dropFirst(), fail)
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            port = try Self.port(hostPort[hostPort.index(after: colon)...], fail)
        }
        guard !host.isEmpty else { throw fail("the host is empty") }
        guard let u = user.removingPercentEncoding, let d = database.removingPercentEncoding else { throw fail("bad percent-encoding") }
        let p = try password.map { pw throws(MalformedURL) -> String in
            guard let decoded = pw.removingPercentEncoding else { throw fail("bad percent-encoding in the password") }
            return decoded
        }
        self = .postgres(PostgresAddress(user: u, password: p, host: String(host), port: port, database: d))
    }

    private static func port(_ text: Substring, _ fail: (String) -> MalformedURL) throws(MalformedURL) -> Int {
        guard let n = Int(text), (1...65535).contains(n), text.allSatisfy(\.isASCII) else {
            throw fail("the port '\(text.prefix(20))' is not a number in 1…65535")
        }
        return n
    }

    /// For messages: the path, or the URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let a): "postgres://\(a.user)@\(a.host.contains(":") ? "[\(a.host)]" : a.host):\(a.port)/\(a.database)"
        }
    }
}

/// Opens the store at `location`, runs `body` with it, and closes it (also when `body` throws).
/// PostgreSQL's client runs in a child task for as long as `body` runs (postgres-nio's `run()`),
/// and its migrations are applied first; a SQLite file is created and migrated when missing.
/// `serving`: the store is a server's, so a SQLite file's serving lock is taken (``SQLiteServingLock``).
public func withStore<T: Sendable>(_ location: StoreLocation, serving: Bool = false, _ body: (any GreenlightStore) async throws -> T) async throws -> T {
    switch location {
    case .sqlite(let path):
        let store = try SQLiteStore(path: path, serving: serving)
        do {
            let result = try await body(store)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    case .postgres(let address):
        let store = PostgresStore(address: address)
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask { await store.run() }
            do {
                try await store.migrate()
                let result = try await body(store)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }
}
