import GreenlightGeodesy

/// One feature of a zone file: a MultiPolygon on WGS84 (RFC 7946: exterior rings counterclockwise, holes clockwise, already split at the antimeridian, longitudes in [-180, 180], rings closed) and its properties in order.
public struct ZoneFeature: Sendable {
    /// A property value: text, a finite number, or null.
    public enum Value: Sendable, Equatable { case text(String), number(Double), null }

    /// Properties in output order (names are column names in a GeoPackage).
    public var properties: [(name: String, value: Value)]
    /// Polygons → rings (first exterior) → closed positions.
    public var polygons: [[[GeoPoint]]]

    public init(properties: [(name: String, value: Value)], polygons: [[[GeoPoint]]]) {
        self.properties = properties
        self.polygons = polygons
    }

    /// The value of the first property with this name, or nil when there is none.
    public func value(of name: String) -> Value? {
        properties.first { $0.name == name }?.value
    }
}
