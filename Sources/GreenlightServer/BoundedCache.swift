/// A dictionary that holds at most `limit` entries: storing one more drops the oldest stored. Not
/// thread-safe by itself; the caches keep it inside a `Mutex` and never build a value while holding it.
struct BoundedCache<Key: Hashable, Value> {
    private var values: [Key: Value] = [:]
    /// Keys in the order they were first stored, oldest first.
    private var order: [Key] = []
    let limit: Int

    init(limit: Int) {
        precondition(limit > 0, "a cache holds at least one entry")
        self.limit = limit
    }

    var count: Int { values.count }

    subscript(key: Key) -> Value? {
        get { values[key] }
        set {
            guard let newValue else {
                if values.removeValue(forKey: key) != nil { order.removeAll { $0 == key } }
                return
            }
            if values.updateValue(newValue, forKey: key) == nil {
                order.append(key)
                if order.count > limit { values.removeValue(forKey: order.removeFirst()) }
            }
        }
    }
}
