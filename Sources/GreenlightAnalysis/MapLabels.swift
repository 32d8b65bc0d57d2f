import Foundation
import GreenlightGeodesy

/// Place names for maps from Natural Earth's label points and populated places (the Europe and western
/// Russia subsets shipped with the reference geography; see `Resources/naturalearth/README.md`).
/// Each file is read on first use, once, and shared; a missing file yields no labels (labels orient the
/// reader, they carry no measurement).
public enum MapLabels {
    /// First-level regions whose label point is in `box`, nearest the box's centre first (`rank` is that
    /// order). With `codes`, only regions matching one of them: an ISO 3166-2 code (UA-63, RU-BEL), a
    /// Natural Earth adm1_code (RUS-2370) or a country's ISO alpha-2 code (RU: all its regions).
    public static func regions(in box: GeoBox, codes: Set<String>?) -> [MapLabel] {
        let wanted = codes.map { Set($0.map { $0.uppercased() }) }
        let center = GeoPoint(latitude: (box.south + box.north) / 2, longitude: (box.west + box.east) / 2)
        let matching = regionRecords.filter { r in
            guard contains(box, r.point) else { return false }
            guard let wanted else { return true }
            return [r.iso3166_2, r.adm1Code, r.country].contains { $0.map(wanted.contains) ?? false }
        }
        return matching.map { ($0, planarDistance($0.point, center, box: box)) }
            .sorted { ($0.1, $0.0.name) < ($1.1, $1.0.name) }
            .enumerated().map { MapLabel(name: $0.element.0.name, point: $0.element.0.point, rank: $0.offset) }
    }

    /// The `limit` most populous cities and towns in `box`, largest first (`rank` 0 is the largest).
    public static func cities(in box: GeoBox, limit: Int) -> [MapLabel] {
        cityRecords.filter { contains(box, $0.point) }
            .prefix(max(0, limit))
            .enumerated().map { MapLabel(name: $0.element.name, point: $0.element.point, rank: $0.offset) }
    }

    static let regionFile = "ne_10m_admin1_label_points_region.geojson"
    static let cityFile = "ne_10m_populated_places_region.geojson"

    struct Region: Sendable {
        var name: String, point: GeoPoint, iso3166_2: String?, adm1Code: String?, country: String?
    }

    struct City: Sendable {
        var name: String, point: GeoPoint, population: Int
    }

    static let regionRecords: [Region] = read(regionFile, RegionProperties.self).map {
        Region(name: $0.properties.name, point: $0.point, iso3166_2: $0.properties.iso_3166_2?.uppercased(),
               adm1Code: $0.properties.adm1_code.uppercased(), country: $0.properties.iso_a2?.uppercased())
    }

    /// Sorted by population, largest first.
    static let cityRecords: [City] = read(cityFile, CityProperties.self)
        .map { City(name: $0.properties.name, point: $0.point, population: $0.properties.pop_max) }
        .sorted { ($0.population, $1.name) > ($1.population, $0.name) }

    private struct RegionProperties: Decodable {
        var name: String
        var iso_3166_2: String?
        var adm1_code: String
        var iso_a2: String?
    }

    private struct CityProperties: Decodable {
        var name: String
        var pop_max: Int
    }

    private struct PointFeature<Properties: Decodable>: Decodable {
        struct Geometry: Decodable { var coordinates: [Double] }
        var properties: Properties
        var geometry: Geometry
        var point: GeoPoint { GeoPoint(latitude: geometry.coordinates[1], longitude: geometry.coordinates[0]) }
    }

    private struct Collection<Properties: Decodable>: Decodable {
        var features: [PointFeature<Properties>]
    }

    private static func read<P: Decodable>(_ file: String, _: P.Type) -> [PointFeature<P>] {
        guard let data = try? Data(contentsOf: ReferenceGeography.shared.url(ofFile: file)),
              let collection = try? JSONDecoder().decode(Collection<P>.self, from: data) else { return [] }
        return collection.features.filter { $0.geometry.coordinates.count >= 2 }
    }

    private static func contains(_ box: GeoBox, _ p: GeoPoint) -> Bool {
        guard p.latitude >= box.south, p.latitude <= box.north else { return false }
        if box.east - box.west >= 360 { return true }
        return [-360.0, 0, 360].contains { shift in
            let lon = p.longitude + shift
            return lon >= box.west && lon <= box.east
        }
    }

    /// Distance in degrees on the map's projection (longitude scaled by the cosine of the central latitude).
    private static func planarDistance(_ a: GeoPoint, _ b: GeoPoint, box: GeoBox) -> Double {
        let k = cos((box.south + box.north) / 2 * .pi / 180)
        var dLon = a.longitude - b.longitude
        while dLon > 180 { dLon -= 360 }
        while dLon < -180 { dLon += 360 }
        let dx = dLon * k, dy = a.latitude - b.latitude
        return (dx * dx + dy * dy).squareRoot()
    }
}
