import Foundation
import GreenlightGeodesy

/// An area expression compiled to an exact predicate over points (DESIGN.md: areas are predicates,
/// not materialised buffers). `within_km` is evaluated per point against the exact distance.
public indirect enum AreaPredicate: Sendable {
    case polygon(GeodesicMultiPolygon, label: String)
    case circle(center: GeoPoint, radiusMeters: Double)
    case within(meters: Double, of: AreaPredicate)
    case any([AreaPredicate])
    case all([AreaPredicate])
    case not(AreaPredicate)

    public func contains(_ p: GeoPoint) -> Bool {
        switch self {
        case let .polygon(shape, _): return shape.contains(p)
        case let .circle(center, radius): return WGS84.shared.distanceMeters(center, p) <= radius
        case let .within(meters, area): return area.isWithin(meters: meters, of: p)
        case let .any(areas): return areas.contains { $0.contains(p) }
        case let .all(areas): return areas.allSatisfy { $0.contains(p) }
        case let .not(area): return !area.contains(p)
        }
    }

    /// Whether the point is within `meters` of the area. Exact for polygons, circles, nested
    /// `within` and unions: the nearest point of a buffer lies on the geodesic to the nearest point
    /// of what it buffers, so distances add.
    func isWithin(meters: Double, of p: GeoPoint) -> Bool {
        switch self {
        case let .polygon(shape, _): return shape.isWithin(meters: meters, of: p)
        case let .circle(center, radius): return WGS84.shared.distanceMeters(center, p) <= radius + meters
        case let .within(inner, area): return area.isWithin(meters: meters + inner, of: p)
        case let .any(areas): return areas.contains { $0.isWithin(meters: meters, of: p) }
        case .all, .not: return false // rejected when compiled: see `supportsBuffer`
        }
    }

    /// The label of a line or point geometry used where the question is whether a point lies in it
    /// (anywhere but under `within_km`), or nil. Lines contain nothing: such a use is refused.
    public var linealOutsideWithin: String? {
        switch self {
        case let .polygon(shape, label): return shape.isLineal ? label : nil
        case .circle, .within: return nil
        case let .any(areas), let .all(areas): return areas.lazy.compactMap(\.linealOutsideWithin).first
        case let .not(area): return area.linealOutsideWithin
        }
    }

    /// Why a line or point cannot be an area a point is in.
    public static func linealContainmentMessage(_ label: String) -> String {
        "\(label) is made of lines or points, which contain nothing: use it as the 'of' of {within_km: R, of: ...}, not as an area to be in"
    }

    /// `within_km` needs an exact distance to the area; intersections and complements have none here.
    public var supportsBuffer: Bool {
        switch self {
        case .polygon, .circle: return true
        case let .within(_, area): return area.supportsBuffer
        case let .any(areas): return areas.allSatisfy(\.supportsBuffer)
        case .all, .not: return false
        }
    }

    /// Distance in metres from the point to the area (0 inside), and whether it is exact or only a lower bound.
    public func distanceMeters(_ p: GeoPoint) -> (meters: Double, exact: Bool) {
        switch self {
        case let .polygon(shape, _): return (shape.distanceMeters(p), true)
        case let .circle(center, radius): return (max(0, WGS84.shared.distanceMeters(center, p) - radius), true)
        case let .within(meters, area):
            let d = area.distanceMeters(p)
            return (max(0, d.meters - meters), d.exact)
        case let .any(areas):
            let ds = areas.map { $0.distanceMeters(p) }
            return (ds.map(\.meters).min() ?? .infinity, ds.allSatisfy(\.exact))
        case let .all(areas):
            if contains(p) { return (0, true) }
            return (areas.map { $0.distanceMeters(p).meters }.max() ?? 0, false)
        case let .not(area):
            if contains(p) { return (0, true) }
            if case let .polygon(shape, _) = area { return (shape.distanceToBoundaryMeters(p), true) }
            return (0, false)
        }
    }
}

extension AreaPredicate {
    /// A box containing the area, or nil when it is unbounded (a complement).
    public var boundingBox: GeoBox? {
        switch self {
        case let .polygon(shape, _): return shape.boundingBox
        case let .circle(center, radius):
            return GeoBox(south: center.latitude, north: center.latitude, west: center.longitude, east: center.longitude).expanded(byMeters: radius)
        case let .within(meters, area): return area.boundingBox?.expanded(byMeters: meters)
        case let .any(areas):
            var box: GeoBox?
            for a in areas {
                guard let b = a.boundingBox else { return nil }
                box = box.map { $0.union(b) } ?? b
            }
            return box
        case let .all(areas):
            var box: GeoBox?
            for b in areas.compactMap(\.boundingBox) { box = box.map { $0.intersection(b) ?? GeoBox(south: 0, north: 0, west: 0, east: 0) } ?? b }
            return box
        case .not: return nil
        }
    }
}
