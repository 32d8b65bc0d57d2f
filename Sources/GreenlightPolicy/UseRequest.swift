import GreenlightGeodesy

/// A proposed use: who uses which item, how, when, against what, optionally from where and under which variant.
public struct UseRequest: Sendable {
    public var recipient: String
    public var item: String
    public var use: String
    public var date: CalendarDay
    public var target: Target?
    public var launch: GeoPoint?
    public var variant: String?
    /// For `use: retransfer` (and only then): the state the recipient proposes to pass the item to.
    public var destination: String?
    /// The state whose delivery of the item the request concerns, when several supplied it; nil: every supplier.
    public var supplier: String?

    /// The use that passes the item on to another state (re-export, retransfer); it needs a `destination`.
    public static let retransferUse = "retransfer"

    public struct Target: Sendable {
        public var point: GeoPoint
        public var category: String?
        public init(point: GeoPoint, category: String?) { self.point = point; self.category = category }
    }

    public init(recipient: String, item: String, use: String, date: CalendarDay, target: Target? = nil, launch: GeoPoint? = nil, variant: String? = nil,
                destination: String? = nil, supplier: String? = nil) {
        self.recipient = recipient; self.item = item; self.use = use; self.date = date
        self.target = target; self.launch = launch; self.variant = variant
        self.destination = destination; self.supplier = supplier
    }
}
