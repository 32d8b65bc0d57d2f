import Synchronization

/// A small thread-safe dictionary shared by a controller's handlers.
final class LockedCache<Value: Sendable>: Sendable {
    private let storage = Mutex<[String: Value]>([:])
    private let limit: Int
    init(limit: Int = 64) { self.limit = limit }
    subscript(key: String) -> Value? {
        get { storage.withLock { $0[key] } }
        set {
            storage.withLock { cache in
                if cache.count >= limit { cache.removeAll() }
                cache[key] = newValue
            }
        }
    }
}
