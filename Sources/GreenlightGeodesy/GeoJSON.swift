import Foundation

/// A GeoJSON (RFC 7946) feature with an areal geometry.
public struct GeoJSONFeature: Sendable {
    /// Scalar properties as text (numbers and booleans are rendered as written).
    public var properties: [String: String]
    /// Polygons → rings → positions, as in `GeodesicMultiPolygon`.
    public var polygons: [[[GeoPoint]]]
}

/// Reads Polygon and MultiPolygon geometries from GeoJSON: a FeatureCollection, a Feature or a bare
/// geometry. Errors name the file, the feature and ring, or the line and column of a syntax error.
public enum GeoJSONReader {
    public static func read(contentsOf url: URL) throws(GeoJSONError) -> [GeoJSONFeature] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw GeoJSONError(file: url.path, location: nil, message: "cannot read the file (\(error.localizedDescription))")
        }
        return try read(data: data, file: url.path)
    }

    public static func read(data: Data, file: String) throws(GeoJSONError) -> [GeoJSONFeature] {
        if data.isEmpty { throw GeoJSONError(file: file, location: nil, message: "empty file: expected a GeoJSON object") }
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw GeoJSONError(file: file, location: nil, message: "not valid JSON: \(detail)")
        }
        guard let object = root as? [String: Any], let type = object["type"] as? String else {
            throw GeoJSONError(file: file, location: nil, message: "expected a GeoJSON object with a \"type\"")
        }
        switch type {
        case "FeatureCollection":
            guard let features = object["features"] as? [Any] else {
                throw GeoJSONError(file: file, location: nil, message: "a FeatureCollection needs a \"features\" array")
            }
            if features.isEmpty { throw GeoJSONError(file: file, location: nil, message: "empty FeatureCollection: no feature") }
            var result: [GeoJSONFeature] = []
            for (i, value) in features.enumerated() {
                result.append(try feature(value, file: file, location: "feature \(i)"))
            }
            return result
        case "Feature":
            return [try feature(object, file: file, location: "feature")]
        default:
            return [GeoJSONFeature(properties: [:], polygons: try geometry(object, file: file, location: "geometry"))]
        }
    }

    private static func feature(_ value: Any, file: String, location: String) throws(GeoJSONError) -> GeoJSONFeature {
        guard let object = value as? [String: Any], object["type"] as? String == "Feature" else {
            throw GeoJSONError(file: file, location: location, message: "expected an object with \"type\": \"Feature\"")
        }
        var properties: [String: String] = [:]
        for (key, value) in object["properties"] as? [String: Any] ?? [:] {
            if let s = value as? String { properties[key] = s } else if let n = value as? NSNumber { properties[key] = n.stringValue }
        }
        var label = location
        if let name = properties["iso_3166_2"] ?? properties["iso_a2"] ?? properties["name"] { label += " (\(name))" }
        guard let geometryObject = object["geometry"] as? [String: Any] else {
            throw GeoJSONError(file: file, location: label, message: "empty geometry: the feature has no geometry")
        }
        return GeoJSONFeature(properties: properties, polygons: try geometry(geometryObject, file: file, location: label))
    }

    private static func geometry(_ object: [String: Any], file: String, location: String) throws(GeoJSONError) -> [[[GeoPoint]]] {
        let type = object["type"] as? String ?? "(none)"
        guard let coordinates = object["coordinates"] as? [Any] else {
            throw GeoJSONError(file: file, location: location, message: "a \(type) needs a \"coordinates\" array")
        }
        switch type {
        case "Polygon":
            return [try polygon(coordinates, file: file, location: location)]
        case "MultiPolygon":
            if coordinates.isEmpty { throw GeoJSONError(file: file, location: location, message: "empty geometry: MultiPolygon without polygons") }
            var result: [[[GeoPoint]]] = []
            for (i, p) in coordinates.enumerated() {
                guard let rings = p as? [Any] else {
                    throw GeoJSONError(file: file, location: "\(location), polygon \(i + 1)", message: "expected an array of rings")
                }
                result.append(try polygon(rings, file: file, location: "\(location), polygon \(i + 1)"))
            }
            return result
        default:
            throw GeoJSONError(file: file, location: location, message: "geometry type \(type) is not an area: expected Polygon or MultiPolygon")
        }
    }

    private static func polygon(_ rings: [Any], file: String, location: String) throws(GeoJSONError) -> [[GeoPoint]] {
        if rings.isEmpty { throw GeoJSONError(file: file, location: location, message: "empty geometry: polygon without rings") }
        var result: [[GeoPoint]] = []
        for (r, ringValue) in rings.enumerated() {
            let here = "\(location), ring \(r + 1)"
            guard let positions = ringValue as? [Any] else { throw GeoJSONError(file: file, location: here, message: "expected an array of positions") }
            var ring: [GeoPoint] = []
            ring.reserveCapacity(positions.count)
            for (k, positionValue) in positions.enumerated() {
                guard let position = positionValue as? [Any], position.count >= 2,
                      let lon = (position[0] as? NSNumber)?.doubleValue, let lat = (position[1] as? NSNumber)?.doubleValue,
                      !isJSONBoolean(position[0]), !isJSONBoolean(position[1]) else {
                    throw GeoJSONError(file: file, location: "\(here), position \(k + 1)", message: "expected [longitude, latitude] numbers")
                }
                if let problem = GeoPoint.problem(latitude: lat, longitude: lon) {
                    throw GeoJSONError(file: file, location: "\(here), position \(k + 1)", message: problem)
                }
                ring.append(GeoPoint(latitude: lat, longitude: lon))
            }
            if ring.count < 4 { throw GeoJSONError(file: file, location: here, message: "a ring needs at least 4 positions (first = last), found \(ring.count)") }
            if ring[0] != ring[ring.count - 1] {
                throw GeoJSONError(file: file, location: here, message: "ring is not closed: the last position must equal the first")
            }
            result.append(ring)
        }
        return result
    }

    /// JSON `true`/`false` arrive as a boolean NSNumber subclass; integers 0 and 1 must stay numbers.
    private static func isJSONBoolean(_ value: Any) -> Bool {
        String(describing: type(of: value)).contains("Boolean") || value is Bool && !(value is NSNumber)
    }

    /// Reads a file and builds one area from all its features.
    public static func area(contentsOf url: URL) throws(GeoJSONError) -> GeodesicMultiPolygon {
        let features = try read(contentsOf: url)
        do { return try GeodesicMultiPolygon(polygons: features.flatMap(\.polygons), context: url.path) } catch {
            throw GeoJSONError(file: url.path, location: nil, message: error.description)
        }
    }
}

/// A GeoJSON input that cannot be used, with the file, where in it, and what was expected.
public struct GeoJSONError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var location: String?
    public var message: String
    public var description: String { location.map { "\(file): \($0): \(message)" } ?? "\(file): \(message)" }
}
