import Foundation

/// Result slots written by parallel workers, each slot by exactly one worker.
final class ParallelSlots<T>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T>
    private let count: Int
    init(count: Int, initial: T) {
        self.count = count
        storage = .allocate(capacity: max(1, count))
        storage.initialize(repeating: initial, count: count)
    }
    deinit { storage.deinitialize(count: count); storage.deallocate() }
    subscript(index: Int) -> T {
        get { storage[index] }
        set { storage[index] = newValue }
    }
}

/// Counts finished work items from several threads and reports the fraction done.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let report: (@Sendable (Double) -> Void)?
    init(total: Int, report: (@Sendable (Double) -> Void)?) { self.total = total; self.report = report }
    func advance() {
        guard let report else { return }
        lock.lock(); done += 1; let fraction = Double(done) / Double(max(1, total)); lock.unlock()
        report(fraction)
    }
}
