import ArgumentParser
import Foundation
import GreenlightServer

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the audit log's hash chain; names the first broken record. Exit 0 intact, 1 broken."
    )
    @Option(help: ArgumentHelp("SQLite file or postgres://USER@HOST:PORT/DB.", valueName: "path-or-url")) var database = "greenlight.sqlite"
    func run() async throws {
        let location = try existingStoreLocation(database)
        let result = try await withStore(location) { store in try await store.verifyAudit() }
        if let broken = result.broken {
            print("audit log BROKEN at record \(broken.seq): \(broken.reason) (\(result.count) records read)")
            throw ExitCode(1)
        }
        print("audit log intact: \(result.count) records, hash chain verified")
    }
}
