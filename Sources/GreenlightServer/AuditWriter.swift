import Foundation
import GRDB

/// Group commit for the audit records of decisions: records queue up and are written in one
/// transaction every few milliseconds (or every 512 records); each caller resumes only once its record
/// is committed, so every decision served is on record before its answer leaves the server.
public actor AuditWriter {
    private let database: GreenlightDatabase
    private var pending: [(entry: (actor: String, action: String, subject: String, detail: String), done: CheckedContinuation<Void, any Error>)] = []
    private var flushScheduled = false

    public init(database: GreenlightDatabase) { self.database = database }

    public func record(actor: String, action: String, subject: String, detail: String) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            pending.append(((actor, action, subject, detail), continuation))
            if pending.count >= 512 { flush() } else if !flushScheduled {
                flushScheduled = true
                Task { try? await Task.sleep(nanoseconds: 2_000_000); self.flush() }
            }
        }
    }

    private func flush() {
        flushScheduled = false
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = []
        do {
            try database.pool.write { db in try GreenlightDatabase.append(batch.map(\.entry), in: db) }
            for item in batch { item.done.resume() }
        } catch {
            for item in batch { item.done.resume(throwing: error) }
        }
    }
}
