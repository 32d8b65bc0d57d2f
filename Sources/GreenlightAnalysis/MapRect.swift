/// A rectangle in SVG pixels, origin at the top left, y growing downwards.
public struct MapRect: Sendable, Equatable, CustomStringConvertible {
    public var x: Double, y: Double, width: Double, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }

    /// Whether the two rectangles share interior (touching edges do not count).
    public func intersects(_ other: MapRect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    /// Whether `other` lies entirely inside this rectangle.
    public func contains(_ other: MapRect) -> Bool {
        other.x >= x && other.maxX <= maxX && other.y >= y && other.maxY <= maxY
    }

    /// The rectangle shrunk by `d` on every side (grown when `d` is negative).
    public func insetBy(_ d: Double) -> MapRect { MapRect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d) }

    public var description: String { "(\(x), \(y), \(width)×\(height))" }
}
