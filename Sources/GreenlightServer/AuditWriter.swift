import Foundation
import ServiceLifecycle
import Synchronization

/// Group commit for the audit records of decisions, run as a ServiceLifecycle `Service`. Callers
/// queue their record and wait; the writer takes everything queued, appends it in one transaction
/// (``GreenlightStore/appendAudit(_:)``), and resumes the callers — while it writes, the next batch
/// gathers. Every decision served is on record before its answer leaves the server, in one hash chain.
///
/// On graceful shutdown (SIGTERM: the HTTP server has stopped first, being later in the service
/// list) the writer writes what is still queued, answers those callers, and returns; a record asked
/// for after that fails with ``Stopped``. `run()` may be called again after it returned (the test
/// harness runs an application's services once per test client).
public final class AuditWriter: Service, Sendable {
    /// A record asked for while no writer runs any more (the server is shutting down).
    public struct Stopped: Error, Sendable, CustomStringConvertible {
        public var description: String { "the audit writer has stopped: the server is shutting down" }
    }

    private struct Waiting: Sendable {
        var entry: AuditEntry
        var done: CheckedContinuation<Int64, any Error>
    }
    private struct State: Sendable {
        var queue: [Waiting] = []
        /// The writer, asleep on an empty queue.
        var writerAsleep: CheckedContinuation<Void, Never>?
        var stopping = false
        var stopped = false
    }
    private let store: any GreenlightStore
    private let state = Mutex(State())
    /// Below this many queued records the writer waits `gatherMicroseconds` for more before it writes.
    private static let gatherBelow = 32
    private static let gatherMicroseconds = 200

    public init(store: any GreenlightStore) { self.store = store }

    /// Appends the record and returns its sequence number once it is committed.
    @discardableResult
    public func record(actor: String, action: String, subject: String, detail: String) async throws -> Int64 {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int64, any Error>) in
            let (writer, refused) = state.withLock { s -> (CheckedContinuation<Void, Never>?, Bool) in
                if s.stopped { return (nil, true) }
                s.queue.append(Waiting(entry: (actor, action, subject, detail), done: continuation))
                defer { s.writerAsleep = nil }
                return (s.writerAsleep, false)
            }
            if refused { continuation.resume(throwing: Stopped()) }
            writer?.resume()
        }
    }

    public func run() async throws {
        state.withLock { $0.stopped = false; $0.stopping = false }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await self.writeUntilStopped()
            } onGracefulShutdown: {
                self.stop()
            }
        } onCancel: {
            self.stop()
        }
    }

    private func stop() {
        let writer = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.stopping = true
            defer { s.writerAsleep = nil }
            return s.writerAsleep
        }
        writer?.resume()
    }

    private func writeUntilStopped() async {
        while let first = await nextBatch() {
            var batch = first
            // A short gathering window when few records wait: a transaction's fixed cost (begin,
            // commit, the round trip to PostgreSQL) is shared by more records, at ≤ 0.2 ms added latency.
            if batch.count < Self.gatherBelow && !state.withLock({ $0.stopping }) {
                try? await Task.sleep(for: .microseconds(Self.gatherMicroseconds))
                batch += state.withLock { s in defer { s.queue.removeAll(keepingCapacity: true) }; return s.queue }
            }
            let result: Result<[Int64], any Error>
            do { result = .success(try await store.appendAudit(batch.map(\.entry))) } catch { result = .failure(error) }
            for (index, w) in batch.enumerated() { w.done.resume(with: result.map { $0[index] }) }
        }
    }

    /// Everything queued, once there is something; nil when stopping with nothing queued (the
    /// writer then counts as stopped, in the same lock, so no record is queued behind it).
    private func nextBatch() async -> [Waiting]? {
        while true {
            enum Next { case batch([Waiting]), stop, sleep }
            let next = state.withLock { s -> Next in
                if !s.queue.isEmpty { defer { s.queue.removeAll(keepingCapacity: true) }; return .batch(s.queue) }
                if s.stopping { s.stopped = true; return .stop }
                return .sleep
            }
            switch next {
            case .batch(let b): return b
            case .stop: return nil
            case .sleep:
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let wakeNow = state.withLock { s -> Bool in
                        if !s.queue.isEmpty || s.stopping { return true }
                        s.writerAsleep = c
                        return false
                    }
                    if wakeNow { c.resume() }
                }
            }
        }
    }
}
