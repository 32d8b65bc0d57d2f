import Foundation

/// A GeoJSON (RFC 7946) feature: its areal parts, lines and points.
public struct GeoJSONFeature: Sendable {
    /// A numeric property as text: integers without a fraction (Natural Earth writes ids as 1159321345.0),
    /// anything else as Swift prints the double.
    static func propertyText(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
    }

    /// Scalar properties as text (numbers and booleans are rendered as written).
    public var properties: [String: String]
    /// Polygons → rings → positions, as in `GeodesicMultiPolygon`.
    public var polygons: [[[GeoPoint]]]
    /// LineStrings (each at least 2 positions).
    public var lines: [[GeoPoint]] = []
    /// Points.
    public var points: [GeoPoint] = []
    /// Where each polygon, line and point came from ("feature 3, polygon 2"), for error messages.
    public var polygonLabels: [String] = []
    public var lineLabels: [String] = []

    public init(properties: [String: String], polygons: [[[GeoPoint]]]) {
        self.properties = properties
        self.polygons = polygons
    }

    /// Whether the feature has lines or points (which bound no area).
    public var hasNonAreal: Bool { !lines.isEmpty || !points.isEmpty }
}

/// Reads GeoJSON: a FeatureCollection, a Feature or a bare geometry, with Polygon, MultiPolygon,
/// LineString, MultiLineString, Point, MultiPoint and GeometryCollection geometries. Errors name the
/// file, the feature, polygon, ring and position, and carry a matchable `GeometryProblem`.
public enum GeoJSONReader {
    public static func read(contentsOf url: URL) throws(GeoJSONError) -> [GeoJSONFeature] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw GeoJSONError(.unreadable, file: url.path, location: nil, message: "cannot read the file (\(error.localizedDescription))")
        }
        return try read(data: data, file: url.path)
    }

    public static func read(data: Data, file: String) throws(GeoJSONError) -> [GeoJSONFeature] {
        if data.isEmpty { throw GeoJSONError(.unreadable, file: file, location: nil, message: "empty file: expected a GeoJSON object") }
        if let features = GeoJSONFastReader.read(data: data) { return features }
        return try readPrecisely(data: data, file: file)
    }

    /// The slow path: Foundation's parser, then every member checked with a precise message. Well-formed
    /// files give the same features as the fast path (held so by a test on the shipped borders).
    static func readPrecisely(data: Data, file: String) throws(GeoJSONError) -> [GeoJSONFeature] {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw GeoJSONError(.unreadable, file: file, location: nil, message: "not valid JSON: \(detail)")
        }
        guard let object = root as? [String: Any], let type = object["type"] as? String else {
            throw GeoJSONError(.unreadable, file: file, location: nil, message: "expected a GeoJSON object with a \"type\"")
        }
        switch type {
        case "FeatureCollection":
            guard let features = object["features"] as? [Any] else {
                throw GeoJSONError(.malformed, file: file, location: nil, message: "a FeatureCollection needs a \"features\" array")
            }
            if features.isEmpty { throw GeoJSONError(.emptyGeometry, file: file, location: nil, message: "empty FeatureCollection: no feature") }
            var result: [GeoJSONFeature] = []
            for (i, value) in features.enumerated() {
                result.append(try feature(value, file: file, location: "feature \(i)", index: i))
            }
            return result
        case "Feature":
            return [try feature(object, file: file, location: "feature", index: 0)]
        default:
            var parts = GeoJSONFeature(properties: [:], polygons: [])
            var reader = GeometryReader(file: file, feature: nil)
            try reader.geometry(object, location: "geometry", into: &parts, depth: 0)
            return [parts]
        }
    }

    private static func feature(_ value: Any, file: String, location: String, index: Int) throws(GeoJSONError) -> GeoJSONFeature {
        guard let object = value as? [String: Any], object["type"] as? String == "Feature" else {
            throw GeoJSONError(.malformed, file: file, location: location, message: "expected an object with \"type\": \"Feature\"", feature: index)
        }
        var properties: [String: String] = [:]
        for (key, value) in object["properties"] as? [String: Any] ?? [:] {
            if let s = value as? String { properties[key] = s } else if let n = value as? NSNumber {
                // Booleans as Foundation renders them; numbers as the fast path does, so both paths agree.
                properties[key] = String(cString: n.objCType) == "c" ? n.stringValue : GeoJSONFeature.propertyText(n.doubleValue)
            }
        }
        var label = location
        if let name = properties["iso_3166_2"] ?? properties["iso_a2"] ?? properties["name"] { label += " (\(name))" }
        guard let geometryObject = object["geometry"] as? [String: Any] else {
            throw GeoJSONError(.emptyGeometry, file: file, location: label, message: "empty geometry: the feature has no geometry", feature: index)
        }
        var parts = GeoJSONFeature(properties: properties, polygons: [])
        var reader = GeometryReader(file: file, feature: index)
        try reader.geometry(geometryObject, location: label, into: &parts, depth: 0)
        return parts
    }

    /// Reads a file and builds one area from all its features, after the full validity check of
    /// each feature's polygons. Lines and points are refused: they bound no area.
    public static func area(contentsOf url: URL) throws(GeoJSONError) -> GeodesicMultiPolygon {
        let features = try read(contentsOf: url)
        return try area(features, file: url.path)
    }

    /// Reads a file for distances: its polygons as a validated area, or its lines and points as a
    /// geometry without interior (`isLineal`). A file mixing both is refused: a distance to it would
    /// be signed in some places and not in others.
    public static func geometry(contentsOf url: URL) throws(GeoJSONError) -> GeodesicMultiPolygon {
        let features = try read(contentsOf: url)
        return try geometry(features, file: url.path)
    }

    /// ``geometry(contentsOf:)`` for bytes already read; `file` names them in messages.
    public static func geometry(data: Data, file: String) throws(GeoJSONError) -> GeodesicMultiPolygon {
        try geometry(try read(data: data, file: file), file: file)
    }

    static func geometry(_ features: [GeoJSONFeature], file: String) throws(GeoJSONError) -> GeodesicMultiPolygon {
        let areal = features.contains { !$0.polygons.isEmpty }, lineal = features.contains(where: \.hasNonAreal)
        if areal && lineal {
            throw GeoJSONError(.unsupported, file: file, location: nil,
                               message: "the file mixes polygons with lines or points: give areas and lines in separate files (a distance to an area is signed, to a line it is not)")
        }
        if areal { return try area(features, file: file) }
        do { return try GeodesicMultiPolygon(lines: features.flatMap(\.lines), points: features.flatMap(\.points), context: file) } catch {
            throw GeoJSONError(error.problem, file: file, location: nil, message: error.message, place: error.place)
        }
    }

    static func area(_ features: [GeoJSONFeature], file: String) throws(GeoJSONError) -> GeodesicMultiPolygon {
        for (i, f) in features.enumerated() where f.hasNonAreal {
            throw GeoJSONError(.notAnArea, file: file, location: features.count > 1 ? "feature \(i)" : nil,
                               message: "a line or point is not an area: containment, areas and zones need Polygon or MultiPolygon (lines and points can be used for distances: geo distance, within_km)",
                               feature: features.count > 1 ? i : nil)
        }
        try validate(features, file: file)
        do { return try GeodesicMultiPolygon(polygons: features.flatMap(\.polygons), context: file) } catch {
            throw GeoJSONError(error.problem, file: file, location: nil, message: error.message, place: error.place)
        }
    }

    /// The full validity check of every polygon, each named by its feature.
    static func validate(_ features: [GeoJSONFeature], file: String) throws(GeoJSONError) {
        for (i, f) in features.enumerated() {
            for (p, polygon) in f.polygons.enumerated() {
                let label = p < f.polygonLabels.count ? f.polygonLabels[p] : "feature \(i)"
                do { try PolygonValidation.validate([polygon], context: label) } catch {
                    var place = error.place
                    place.polygon = f.polygons.count > 1 ? p + 1 : nil
                    throw GeoJSONError(error.problem, file: file, location: error.context, message: error.message,
                                       feature: features.count > 1 ? i : nil, place: place)
                }
            }
        }
    }
}

/// Reads one geometry (recursively for collections) into a feature's parts.
private struct GeometryReader {
    let file: String
    let feature: Int?

    func fail(_ problem: GeometryProblem, _ location: String, _ message: String, _ place: GeometryPlace = GeometryPlace()) -> GeoJSONError {
        GeoJSONError(problem, file: file, location: location, message: message, feature: feature, place: place)
    }

    mutating func geometry(_ object: [String: Any], location: String, into parts: inout GeoJSONFeature, depth: Int) throws(GeoJSONError) {
        let type = object["type"] as? String ?? "(none)"
        if type == "GeometryCollection" {
            guard let members = object["geometries"] as? [Any] else { throw fail(.malformed, location, "a GeometryCollection needs a \"geometries\" array") }
            if members.isEmpty { throw fail(.emptyGeometry, location, "empty geometry: GeometryCollection without geometries") }
            if depth > 8 { throw fail(.malformed, location, "GeometryCollections nested too deeply") }
            for (i, member) in members.enumerated() {
                guard let m = member as? [String: Any] else { throw fail(.malformed, "\(location), geometry \(i + 1)", "expected a geometry object") }
                try geometry(m, location: "\(location), geometry \(i + 1)", into: &parts, depth: depth + 1)
            }
            return
        }
        guard let coordinates = object["coordinates"] as? [Any] else {
            throw fail(.malformed, location, "a \(type) needs a \"coordinates\" array")
        }
        switch type {
        case "Polygon":
            parts.polygons.append(try polygon(coordinates, location: location, number: parts.polygons.count + 1))
            parts.polygonLabels.append(location)
        case "MultiPolygon":
            if coordinates.isEmpty { throw fail(.emptyGeometry, location, "empty geometry: MultiPolygon without polygons") }
            for (i, p) in coordinates.enumerated() {
                let here = "\(location), polygon \(i + 1)"
                guard let rings = p as? [Any] else { throw fail(.malformed, here, "expected an array of rings", GeometryPlace(polygon: i + 1)) }
                parts.polygons.append(try polygon(rings, location: here, number: i + 1))
                parts.polygonLabels.append(here)
            }
        case "LineString":
            parts.lines.append(try line(coordinates, location: location, place: GeometryPlace()))
            parts.lineLabels.append(location)
        case "MultiLineString":
            if coordinates.isEmpty { throw fail(.emptyGeometry, location, "empty geometry: MultiLineString without lines") }
            for (i, l) in coordinates.enumerated() {
                let here = "\(location), line \(i + 1)"
                guard let positions = l as? [Any] else { throw fail(.malformed, here, "expected an array of positions") }
                parts.lines.append(try line(positions, location: here, place: GeometryPlace(ring: i + 1)))
                parts.lineLabels.append(here)
            }
        case "Point":
            parts.points.append(try position(coordinates, location: location, place: GeometryPlace(position: 1)))
        case "MultiPoint":
            if coordinates.isEmpty { throw fail(.emptyGeometry, location, "empty geometry: MultiPoint without points") }
            for (k, value) in coordinates.enumerated() {
                guard let c = value as? [Any] else { throw fail(.malformed, "\(location), position \(k + 1)", "expected [longitude, latitude] numbers", GeometryPlace(position: k + 1)) }
                parts.points.append(try position(c, location: "\(location), position \(k + 1)", place: GeometryPlace(position: k + 1)))
            }
        default:
            throw fail(.malformed, location, "unknown geometry type \(type): expected Polygon, MultiPolygon, LineString, MultiLineString, Point, MultiPoint or GeometryCollection")
        }
    }

    func position(_ position: [Any], location: String, place: GeometryPlace) throws(GeoJSONError) -> GeoPoint {
        guard position.count >= 2,
              let lon = (position[0] as? NSNumber)?.doubleValue, let lat = (position[1] as? NSNumber)?.doubleValue,
              !isJSONBoolean(position[0]), !isJSONBoolean(position[1]) else {
            throw fail(.malformed, location, "expected [longitude, latitude] numbers", place)
        }
        if let problem = GeoPoint.problem(latitude: lat, longitude: lon) { throw fail(.coordinateOutOfRange, location, problem, place) }
        return GeoPoint(latitude: lat, longitude: lon)
    }

    func positions(_ values: [Any], location: String, place: GeometryPlace) throws(GeoJSONError) -> [GeoPoint] {
        var points: [GeoPoint] = []
        points.reserveCapacity(values.count)
        for (k, value) in values.enumerated() {
            var at = place; at.position = k + 1
            guard let c = value as? [Any] else { throw fail(.malformed, "\(location), position \(k + 1)", "expected [longitude, latitude] numbers", at) }
            points.append(try position(c, location: "\(location), position \(k + 1)", place: at))
        }
        return points
    }

    func line(_ values: [Any], location: String, place: GeometryPlace) throws(GeoJSONError) -> [GeoPoint] {
        let points = try positions(values, location: location, place: place)
        if points.count < 2 { throw fail(.tooFewPositions, location, "a LineString needs at least 2 positions, found \(points.count)", place) }
        for k in 1..<points.count where points[k] == points[k - 1] {
            var at = place; at.position = k + 1
            throw fail(.repeatedPosition, "\(location), position \(k + 1)", "position \(k + 1) repeats position \(k) (\(points[k].longitude), \(points[k].latitude)); remove the duplicate", at)
        }
        return points
    }

    func polygon(_ rings: [Any], location: String, number: Int) throws(GeoJSONError) -> [[GeoPoint]] {
        if rings.isEmpty { throw fail(.emptyGeometry, location, "empty geometry: polygon without rings") }
        var result: [[GeoPoint]] = []
        for (r, ringValue) in rings.enumerated() {
            let here = "\(location), ring \(r + 1)"
            let place = GeometryPlace(ring: r + 1)
            guard let values = ringValue as? [Any] else { throw fail(.malformed, here, "expected an array of positions", place) }
            let ring = try positions(values, location: here, place: place)
            if ring.count < 4 { throw fail(.tooFewPositions, here, "a ring needs at least 4 positions (first = last), found \(ring.count)", place) }
            if ring[0] != ring[ring.count - 1] { throw fail(.unclosedRing, here, "ring is not closed: the last position must equal the first", place) }
            result.append(ring)
        }
        return result
    }

    /// JSON `true`/`false` arrive as a boolean NSNumber subclass; integers 0 and 1 must stay numbers.
    private func isJSONBoolean(_ value: Any) -> Bool {
        String(describing: type(of: value)).contains("Boolean") || value is Bool && !(value is NSNumber)
    }
}

/// A GeoJSON input that cannot be used: the file, where in it (feature, polygon, ring, position),
/// the matchable problem, and what was expected.
public struct GeoJSONError: Error, Sendable, CustomStringConvertible {
    public var problem: GeometryProblem
    public var file: String
    /// The place in words ("feature 2 (UA-63), polygon 1, ring 2, position 5").
    public var location: String?
    public var message: String
    /// 0-based index of the feature in a FeatureCollection, when the problem is in one.
    public var feature: Int?
    public var place: GeometryPlace

    public init(_ problem: GeometryProblem, file: String, location: String?, message: String, feature: Int? = nil, place: GeometryPlace = GeometryPlace()) {
        self.problem = problem; self.file = file; self.location = location; self.message = message
        self.feature = feature; self.place = place
    }

    public var description: String { location.map { "\(file): \($0): \(message)" } ?? "\(file): \(message)" }
}
