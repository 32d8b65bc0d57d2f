import Testing
@testable import GreenlightServer

/// `--database`: a path is SQLite, `postgres://` and `postgresql://` URLs are PostgreSQL, and a
/// malformed URL is refused with what was wrong (the CLI turns that into exit 2).
@Suite struct StoreLocationTests {
    @Test func pathsAreSQLite() throws {
        #expect(try StoreLocation(parsing: "greenlight.sqlite") == .sqlite(path: "greenlight.sqlite"))
        #expect(try StoreLocation(parsing: "/tmp/a:b/c.sqlite") == .sqlite(path: "/tmp/a:b/c.sqlite"))
    }

    @Test func postgresURLs() throws {
        #expect(try StoreLocation(parsing: "postgres://ana@db.example:6543/newsroom")
                == .postgres(.init(user: "ana", password: nil, host: "db.example", port: 6543, database: "newsroom")))
        #expect(try StoreLocation(parsing: "postgresql://postgres@127.0.0.1/greenlight")
                == .postgres(.init(user: "postgres", password: nil, host: "127.0.0.1", port: 5432, database: "greenlight")))
        #expect(try StoreLocation(parsing: "POSTGRES://u:p%40ss@[::1]:5433/d")
                == .postgres(.init(user: "u", password: "p@ss", host: "::1", port: 5433, database: "d")))
        // The description never shows the password.
        #expect(try StoreLocation(parsing: "postgres://u:secret@h:1/d").description == "postgres://u@h:1/d")
    }

    @Test(arguments: [
        ("postgres://127.0.0.1:5432/db", "no user"),
        ("postgres://@127.0.0.1:5432/db", "the user is empty"),
        ("postgres://u@127.0.0.1:5432", "no database name"),
        ("postgres://u@127.0.0.1:5432/", "one non-empty path segment"),
        ("postgres://u@127.0.0.1:5432/a/b", "one non-empty path segment"),
        ("postgres://u@127.0.0.1:port/db", "the port 'port'"),
        ("postgres://u@127.0.0.1:70000/db", "the port '70000'"),
        ("postgres://u@:5432/db", "the host is empty"),
        ("postgres://u@[::1/db", "closing ']'"),
        ("postgres://u@h/db?sslmode=require", "query parameters"),
        ("mysql://u@h/db", "unknown scheme 'mysql'"),
    ])
    func malformedURLsSayWhatIsWrong(_ url: String, _ reason: String) {
        do {
            _ = try StoreLocation(parsing: url)
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.reason.contains(reason), "\(url): \(error.reason)")
            #expect(error.description.hasPrefix("--database "))
            #expect(error.description.contains("expected postgres://USER@HOST:PORT/DB"))
        }
    }
}
