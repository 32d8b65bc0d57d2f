/// What is wrong with a geometry, as a value callers match on (never infer it from the message).
public enum GeometryProblem: String, Sendable, Hashable, CaseIterable {
    /// The file cannot be read, is not JSON, or is not a GeoJSON object.
    case unreadable
    /// The GeoJSON structure is wrong: a missing array, a position that is not two numbers.
    case malformed
    /// A geometry without polygons, rings or positions.
    case emptyGeometry
    /// A line or point where an area is needed (containment, area in km², zones).
    case notAnArea
    /// A longitude outside [-180, 180], a latitude outside [-90, 90], or a non-finite number.
    case coordinateOutOfRange
    /// A ring with fewer than 4 positions.
    case tooFewPositions
    /// A ring whose last position differs from its first.
    case unclosedRing
    /// Two consecutive positions of a ring or line are the same point.
    case repeatedPosition
    /// A ring that bounds no area (all its positions on one geodesic, or a ring going back on itself).
    case zeroAreaRing
    /// Two edges of the same ring cross, or two rings of one polygon cross.
    case selfIntersection
    /// A hole that lies outside its exterior ring, or crosses it.
    case holeOutsideShell
    /// A hole whose area is at least that of its exterior ring.
    case holeLargerThanShell
    /// A well-formed geometry that this operation does not support.
    case unsupported
    /// A computation on a valid geometry failed (polygon overlay, contour tracing).
    case computation
}

/// Where in a geometry something is: 1-based polygon, ring and position numbers, as far as known.
public struct GeometryPlace: Sendable, Hashable {
    public var polygon: Int?
    public var ring: Int?
    public var position: Int?
    public init(polygon: Int? = nil, ring: Int? = nil, position: Int? = nil) {
        self.polygon = polygon; self.ring = ring; self.position = position
    }
}

/// A geometry that cannot be used, with a matchable problem, where it is and what is wrong.
public struct GeometryError: Error, Sendable, CustomStringConvertible {
    public var problem: GeometryProblem
    /// The input and place in words ("zone.geojson, polygon 1, ring 2"), for people.
    public var context: String
    public var place: GeometryPlace
    public var message: String

    public init(_ problem: GeometryProblem = .computation, context: String, place: GeometryPlace = GeometryPlace(), message: String) {
        self.problem = problem; self.context = context; self.place = place; self.message = message
    }

    public init(context: String, message: String) { self.init(.computation, context: context, message: message) }

    public var description: String { "\(context): \(message)" }
}
