import NIOCore
import NIOPosix

/// Runs Swift concurrency's jobs on NIO's event loops instead of a separate thread pool, so a request
/// is read, decided and answered on one thread without hopping between pools (on 2 cores the hops cost
/// more than the decision). Call once, from the main thread, before the server starts. CPU-heavy
/// analysis is moved off the loops by `offloaded(_:)`, so it never stalls other connections.
public func runConcurrencyOnEventLoops() {
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}

/// Runs CPU-heavy work (reach, timeline, compare, synthetic sites: up to seconds) on NIO's thread
/// pool, so the event loops keep serving other requests meanwhile.
func offloaded<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(work)
}
