import ArgumentParser
import Foundation
import GreenlightServer

struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the audit log's hash chain; names the first broken record. Exit 0 intact, 1 broken."
    )
    @Option(help: "SQLite database.") var database = "greenlight.sqlite"
    func run() throws {
        guard FileManager.default.fileExists(atPath: database) else { throw exitInvalid("\(database): no such database") }
        let result = try GreenlightDatabase(path: database).verifyAudit()
        if let broken = result.broken {
            print("audit log BROKEN at record \(broken.seq): \(broken.reason) (\(result.count) records read)")
            throw ExitCode(1)
        }
        print("audit log intact: \(result.count) records, hash chain verified")
    }
}
