import Foundation
import NIOCore
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
        var resumeOn: (any EventLoop)?
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

    /// Appends the record and returns its sequence number once it is committed. `resumeOn`: the
    /// event loop of the caller's connection. The writer resumes a caller from its own thread, and
    /// Swift concurrency on NIO's loops runs a resumed task on the loop that resumed it: without this,
    /// a whole batch of requests would go on with the writer's loop, each writing its answer to a
    /// connection of another loop (a hop each) while the other loop idles.
    @discardableResult
    public func record(actor: String, action: String, subject: String, detail: String, resumeOn: (any EventLoop)? = nil) async throws -> Int64 {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int64, any Error>) in
            let (writer, refused) = state.withLock { s -> (CheckedContinuation<Void, Never>?, Bool) in
                if s.stopped { return (nil, true) }
                s.queue.append(Waiting(entry: (actor, action, subject, detail), done: continuation, resumeOn: resumeOn))
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
            for (index, w) in batch.enumerated() {
                let outcome = result.map { $0[index] }
                if let loop = w.resumeOn { loop.execute { w.done.resume(with: outcome) } } else { w.done.resume(with: outcome) }
            }
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
