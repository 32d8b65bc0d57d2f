import Foundation

/// Results kept for the life of the process, by key, shared between threads: zones and their pieces
/// are built once however often a report, the server or a command asks for them.
///
/// Keys built from object identities keep those objects alive in the cache (`keeping:`), so that an
/// identifier is never reused for another object while it is a key. Bounded: cleared when full (the
/// same questions come back in bursts). `value(_:keeping:make:)` builds each key once: threads asking
/// for a key being built wait for it, while different keys build in parallel.
public final class ProcessCache<Key: Hashable & Sendable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]
    private var kept: [AnyObject] = []
    private var building: [Key: NSLock] = [:]
    private let limit: Int

    public init(limit: Int) { self.limit = limit }

    public subscript(key: Key) -> Value? {
        lock.lock(); defer { lock.unlock() }
        return entries[key]
    }

    public func store(_ key: Key, _ value: Value, keeping objects: [AnyObject] = []) {
        lock.lock(); defer { lock.unlock() }
        if entries.count >= limit { entries.removeAll(); kept.removeAll() }
        entries[key] = value
        kept += objects
    }

    /// The cached value, or `make`'s, built once per key.
    public func value<E: Error>(_ key: Key, keeping objects: [AnyObject] = [], make: () throws(E) -> Value) throws(E) -> Value {
        lock.lock()
        if let hit = entries[key] { lock.unlock(); return hit }
        let keyLock = building[key] ?? NSLock()
        building[key] = keyLock
        lock.unlock()
        keyLock.lock()
        defer { keyLock.unlock() }
        // Threads already waiting hold the key's lock, later ones find the value: without this the
        // locks of every key ever built would pile up.
        defer { lock.lock(); building[key] = nil; lock.unlock() }
        if let hit = self[key] { return hit }
        let made = try make()
        store(key, made, keeping: objects)
        return made
    }
}
