import ArgumentParser
import Foundation
import GreenlightServer

/// `--database` read as a store location; a malformed `postgres://` URL ends the command with exit 2.
func storeLocation(_ text: String) throws -> StoreLocation {
    do { return try StoreLocation(parsing: text) } catch { throw exitInvalid(error.description) }
}

/// `--database` of a command that reads an existing store: a SQLite file must exist (it is not
/// created empty), a PostgreSQL database is migrated on connect.
func existingStoreLocation(_ text: String) throws -> StoreLocation {
    let location = try storeLocation(text)
    if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) { throw exitInvalid("\(path): no such database") }
    return location
}

/// `withStore` for `serve`: the store is opened for serving, and a SQLite file another server
/// already serves ends the command with exit 2, naming `--database` and what to use instead.
func withServingStore<T: Sendable>(_ location: StoreLocation, _ body: (any GreenlightStore) async throws -> T) async throws -> T {
    do { return try await withStore(location, serving: true, body) } catch let held as SQLiteServingLock.Held {
        throw exitInvalid(held.description)
    }
}
