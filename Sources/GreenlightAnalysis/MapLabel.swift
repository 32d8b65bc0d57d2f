import GreenlightGeodesy

/// A name to write on a map at a position: a first-level region or a city.
public struct MapLabel: Sendable, Equatable {
    public var name: String
    public var point: GeoPoint
    /// Placement priority: lower is more important and is placed first, so it wins any collision.
    public var rank: Int

    public init(name: String, point: GeoPoint, rank: Int) {
        self.name = name
        self.point = point
        self.rank = rank
    }
}

/// A label the canvas wrote, with the box it occupies in map pixels (relative to the map frame's top
/// left corner), so that callers and tests can see what was placed and that nothing overlaps.
public struct PlacedMapLabel: Sendable, Equatable {
    public enum Kind: String, Sendable { case region, city }
    public var name: String
    public var kind: Kind
    /// The text's box, including the white halo.
    public var box: MapRect
}
