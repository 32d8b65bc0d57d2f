import Foundation
import GRDB

/// Group commit for the audit records of decisions. Callers queue their record and wait; one writer
/// thread takes everything queued, writes it in one transaction, and resumes the callers — while it
/// writes, the next batch gathers. Every decision served is on record before its answer leaves the server.
public final class AuditWriter: @unchecked Sendable {
    private typealias Entry = (actor: String, action: String, subject: String, detail: String)
    private let database: GreenlightDatabase
    private let condition = NSCondition()
    private var queue: [(entry: Entry, done: CheckedContinuation<Void, any Error>)] = []

    public init(database: GreenlightDatabase) {
        self.database = database
        let thread = Thread { [weak self] in self?.run() }
        thread.name = "greenlight-audit-writer"
        thread.start()
    }

    public func record(actor: String, action: String, subject: String, detail: String) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            condition.lock()
            queue.append(((actor, action, subject, detail), continuation))
            condition.signal()
            condition.unlock()
        }
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            condition.unlock()
            do {
                try database.pool.write { db in try GreenlightDatabase.append(batch.map(\.entry), in: db) }
                for item in batch { item.done.resume() }
            } catch {
                for item in batch { item.done.resume(throwing: error) }
            }
        }
    }
}
