import Foundation
import Testing
@testable import GreenlightServer

/// A serving SQLite store keeps current versions in memory, which is right only while it is the
/// file's one server: a second one is refused, and the lock goes with the store that held it.
@Suite struct SQLiteServingLockTests {
    @Test func aSecondServingStoreOnTheFileIsRefusedUntilTheFirstIsGone() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-lock-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm", "-serve.lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var first: SQLiteStore? = try SQLiteStore(path: path, serving: true)
        #expect(throws: SQLiteServingLock.Held.self) { try SQLiteStore(path: path, serving: true) }
        // A store that does not serve (token create, audit verify) opens the file beside it.
        let reader = try SQLiteStore(path: path)
        guard case .created = try await first!.write(id: "s", name: "S", yaml: "name: S\nstates: {}\n", author: "a", message: "m", create: true) else {
            Issue.record("create did not create"); return
        }
        #expect(try await reader.currentVersion("s") == 1)
        do {
            let held = try #require(throws: SQLiteServingLock.Held.self) { try SQLiteStore(path: path, serving: true) }
            #expect(held.description.contains("--database \(path)") && held.description.contains("PostgreSQL"))
        }
        try await first!.close()
        first = nil
        let second = try SQLiteStore(path: path, serving: true)
        #expect(try await second.currentVersion("s") == 1)
        try await second.close()
        try await reader.close()
    }
}
