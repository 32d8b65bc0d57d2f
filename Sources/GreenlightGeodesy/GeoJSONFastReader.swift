import Foundation

/// The fast path of `GeoJSONReader`: typed decoding (`JSONDecoder`, no dynamic casts of every
/// number) for well-formed files, such as the reference borders read at every command's start.
/// It only recognises valid input: anything unusual (a wrong type, a ring not closed, a position
/// out of range, a boolean property) returns nil, and the reader takes its slow path, which names
/// the problem precisely.
enum GeoJSONFastReader {
    static func read(data: Data) -> [GeoJSONFeature]? {
        guard let root = try? JSONDecoder().decode(Node.self, from: data) else { return nil }
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
    final class Node: Decodable {
        let type: String
        let features: [Node]?
        let geometry: Node?
        let geometries: [Node]?
        var properties: [String: String] = [:]
        var hasBooleanProperty = false
        let coordinates: Coordinates?

        enum Key: String, CodingKey { case type, features, geometry, geometries, properties, coordinates }

        /// A property value: text, a number (rendered as NSNumber renders it), or something else.
        private enum Scalar: Decodable {
            case text(String), number(Double), boolean, other
            init(from decoder: any Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let b = try? c.decode(Bool.self) { _ = b; self = .boolean }
                else if let s = try? c.decode(String.self) { self = .text(s) }
                else if let d = try? c.decode(Double.self) { self = .number(d) }
                else { self = .other }
            }
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            type = try c.decode(String.self, forKey: .type)
            features = try c.decodeIfPresent([Node].self, forKey: .features)
            geometry = try c.decodeIfPresent(Node.self, forKey: .geometry)
            geometries = try c.decodeIfPresent([Node].self, forKey: .geometries)
            for (key, value) in try c.decodeIfPresent([String: Scalar].self, forKey: .properties) ?? [:] {
                switch value {
                case let .text(s): properties[key] = s
                case let .number(d): properties[key] = d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
                case .boolean: hasBooleanProperty = true
                case .other: break
                }
            }
            switch type {
            case "Point": coordinates = .point(try c.decode([Double].self, forKey: .coordinates))
            case "MultiPoint": coordinates = .multiPoint(try c.decode([[Double]].self, forKey: .coordinates))
            case "LineString": coordinates = .lineString(try c.decode([[Double]].self, forKey: .coordinates))
            case "MultiLineString": coordinates = .multiLineString(try c.decode([[[Double]]].self, forKey: .coordinates))
            case "Polygon": coordinates = .polygon(try c.decode([[[Double]]].self, forKey: .coordinates))
            case "MultiPolygon": coordinates = .multiPolygon(try c.decode([[[[Double]]]].self, forKey: .coordinates))
            default: coordinates = nil
            }
        }
    }
}
