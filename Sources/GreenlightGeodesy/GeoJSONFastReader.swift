import Foundation

/// The fast path of `GeoJSONReader`: a byte-level parse (`JSONTree`, positions as flat arrays of
/// numbers, no dynamic casts) for well-formed files, such as the reference borders read at every
/// command's start.
/// It only recognises valid input: anything unusual (a wrong type, a ring not closed, a position
/// out of range, a boolean property) returns nil, and the reader takes its slow path, which names
/// the problem precisely.
enum GeoJSONFastReader {
    static func read(data: Data) -> [GeoJSONFeature]? {
        guard let tree = JSONTree.parse(data), let root = Node(tree) else { return nil }
        switch root.type {
        case "FeatureCollection":
            guard let features = root.features, !features.isEmpty else { return nil }
            var result: [GeoJSONFeature] = []
            result.reserveCapacity(features.count)
            for (i, f) in features.enumerated() {
                guard let feature = feature(f, location: "feature \(i)") else { return nil }
                result.append(feature)
            }
            return result
        case "Feature":
            return feature(root, location: "feature").map { [$0] }
        default:
            var parts = GeoJSONFeature(properties: [:], polygons: [])
            return add(root, location: "geometry", to: &parts, depth: 0) ? [parts] : nil
        }
    }

    private static func feature(_ node: Node, location: String) -> GeoJSONFeature? {
        guard node.type == "Feature", let geometry = node.geometry, !node.hasBooleanProperty else { return nil }
        var parts = GeoJSONFeature(properties: node.properties, polygons: [])
        var label = location
        if let name = parts.properties["iso_3166_2"] ?? parts.properties["iso_a2"] ?? parts.properties["name"] { label += " (\(name))" }
        return add(geometry, location: label, to: &parts, depth: 0) ? parts : nil
    }

    private static func point(_ c: [Double]) -> GeoPoint? {
        guard c.count >= 2, GeoPoint.problem(latitude: c[1], longitude: c[0]) == nil else { return nil }
        return GeoPoint(latitude: c[1], longitude: c[0])
    }

    private static func points(_ list: [[Double]]) -> [GeoPoint]? {
        var out: [GeoPoint] = []
        out.reserveCapacity(list.count)
        for c in list { guard let p = point(c) else { return nil }; out.append(p) }
        return out
    }

    private static func line(_ list: [[Double]]) -> [GeoPoint]? {
        guard let l = points(list), l.count >= 2 else { return nil }
        for k in 1..<l.count where l[k] == l[k - 1] { return nil }
        return l
    }

    private static func polygon(_ rings: [[[Double]]]) -> [[GeoPoint]]? {
        guard !rings.isEmpty else { return nil }
        var out: [[GeoPoint]] = []
        for r in rings {
            guard let ring = points(r), ring.count >= 4, ring[0] == ring[ring.count - 1] else { return nil }
            out.append(ring)
        }
        return out
    }

    private static func add(_ node: Node, location: String, to parts: inout GeoJSONFeature, depth: Int) -> Bool {
        switch node.coordinates {
        case let .point(c)?:
            guard let p = point(c) else { return false }
            parts.points.append(p)
        case let .multiPoint(list)?:
            guard !list.isEmpty, let ps = points(list) else { return false }
            parts.points += ps
        case let .lineString(list)?:
            guard let l = line(list) else { return false }
            parts.lines.append(l); parts.lineLabels.append(location)
        case let .multiLineString(lists)?:
            guard !lists.isEmpty else { return false }
            for (i, list) in lists.enumerated() {
                guard let l = line(list) else { return false }
                parts.lines.append(l); parts.lineLabels.append("\(location), line \(i + 1)")
            }
        case let .polygon(rings)?:
            guard let p = polygon(rings) else { return false }
            parts.polygons.append(p); parts.polygonLabels.append(location)
        case let .multiPolygon(list)?:
            guard !list.isEmpty else { return false }
            for (i, rings) in list.enumerated() {
                guard let p = polygon(rings) else { return false }
                parts.polygons.append(p); parts.polygonLabels.append("\(location), polygon \(i + 1)")
            }
        case nil:
            guard node.type == "GeometryCollection", let members = node.geometries, !members.isEmpty, depth <= 8 else { return false }
            for (i, m) in members.enumerated() where !add(m, location: "\(location), geometry \(i + 1)", to: &parts, depth: depth + 1) { return false }
        }
        return true
    }

    enum Coordinates {
        case point([Double]), multiPoint([[Double]]), lineString([[Double]]), multiLineString([[[Double]]])
        case polygon([[[Double]]]), multiPolygon([[[[Double]]]])
    }

    /// A GeoJSON object of any type, with the members the reader uses.
    final class Node {
        let type: String
        let features: [Node]?
        let geometry: Node?
        let geometries: [Node]?
        var properties: [String: String] = [:]
        var hasBooleanProperty = false
        let coordinates: Coordinates?

        /// Nil when a member the reader uses has the wrong JSON type.
        init?(_ tree: JSONTree) {
            guard case let .string(type)? = tree["type"] else { return nil }
            self.type = type
            func nodes(_ key: String) -> [Node]?? {
                guard let member = tree[key] else { return .some(nil) }
                if case .null = member { return .some(nil) }
                guard case let .array(items) = member else { return nil }
                var out: [Node] = []
                out.reserveCapacity(items.count)
                for item in items { guard let n = Node(item) else { return nil }; out.append(n) }
                return .some(out)
            }
            guard let features = nodes("features"), let geometries = nodes("geometries") else { return nil }
            self.features = features
            self.geometries = geometries
            switch tree["geometry"] {
            case nil, .null?: geometry = nil
            case let g?: guard let n = Node(g) else { return nil }; geometry = n
            }
            switch tree["properties"] {
            case nil, .null?: break
            case let .object(members)?:
                for (key, value) in members {
                    switch value {
                    case let .string(s): properties[key] = s
                    case let .number(d): properties[key] = GeoJSONFeature.propertyText(d)
                    case .boolean: hasBooleanProperty = true
                    default: break
                    }
                }
            default: return nil
            }
            func positions(_ t: JSONTree) -> [[Double]]? {
                switch t {
                case let .array(items):
                    var out: [[Double]] = []
                    out.reserveCapacity(items.count)
                    for item in items { guard case let .numbers(c) = item else { return nil }; out.append(c) }
                    return out
                default: return nil
                }
            }
            func lists(_ t: JSONTree) -> [[[Double]]]? {
                guard case let .array(items) = t else { return nil }
                var out: [[[Double]]] = []
                for item in items { guard let p = positions(item) else { return nil }; out.append(p) }
                return out
            }
            let c = tree["coordinates"]
            switch type {
            case "Point":
                guard case let .numbers(p)? = c else { return nil }
                coordinates = .point(p)
            case "MultiPoint", "LineString":
                guard let c, let p = positions(c) else { return nil }
                coordinates = type == "LineString" ? .lineString(p) : .multiPoint(p)
            case "MultiLineString", "Polygon":
                guard let c, let l = lists(c) else { return nil }
                coordinates = type == "Polygon" ? .polygon(l) : .multiLineString(l)
            case "MultiPolygon":
                guard case let .array(items)? = c else { return nil }
                var out: [[[[Double]]]] = []
                for item in items { guard let l = lists(item) else { return nil }; out.append(l) }
                coordinates = .multiPolygon(out)
            default: coordinates = nil
            }
        }
    }
}
