import Synchronization

/// A small thread-safe dictionary shared by a controller's handlers, bounded (the oldest entry goes
/// first). Callers compute a missing value outside it and store it afterwards, so no lock is held
/// while a value is built.
final class LockedCache<Value: Sendable>: Sendable {
    private let storage: Mutex<BoundedCache<String, Value>>
    init(limit: Int = 64) { storage = Mutex(BoundedCache(limit: limit)) }
    subscript(key: String) -> Value? {
        get { storage.withLock { $0[key] } }
        set { storage.withLock { $0[key] = newValue } }
    }
}
