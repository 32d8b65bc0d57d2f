import Foundation
import GreenlightGeodesy

/// The text of a relocated ("after") site file, labelled synthetic on every site: CSV
/// `lat,lon,category,id,synthetic,moved_km,deeper_km` under a comment line that says what made it, or
/// a GeoJSON FeatureCollection whose features carry `id`, `category`, `synthetic: true`, `moved_km` and
/// `deeper_km` (and a top-level `description`). `moved_km` is the distance from the old position,
/// `deeper_km` how much further from the launch area the site now is. Both read back with
/// ``SiteReader``; ids and categories are the input's.
public enum RelocatedSitesFile {
    public static func text(_ sites: [SiteRelocation.Relocated], geojson: Bool, provenance: String) -> String {
        var out = ""
        if geojson {
            out += "{\"type\":\"FeatureCollection\",\"description\":\(json(provenance)),\"features\":[\n"
            for (i, r) in sites.enumerated() {
                let p = r.site.point
                out += "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(coordinate(p.longitude)),\(coordinate(p.latitude))]},"
                out += "\"properties\":{\"id\":\(json(r.site.id)),\"category\":\(r.site.category.map(json) ?? "null"),\"synthetic\":true,\"moved_km\":\(km(r.movedKm)),\"deeper_km\":\(km(r.deeperKm))}}"
                out += i == sites.count - 1 ? "\n" : ",\n"
            }
            return out + "]}\n"
        }
        out += "# \(provenance.replacingOccurrences(of: "\n", with: " "))\nlat,lon,category,id,synthetic,moved_km,deeper_km\n"
        for r in sites {
            let p = r.site.point
            out += "\(coordinate(p.latitude)),\(coordinate(p.longitude)),\(CSVFields.quoted(r.site.category ?? "")),\(CSVFields.quoted(r.site.id)),true,\(km(r.movedKm)),\(km(r.deeperKm))\n"
        }
        return out
    }

    /// Metres, as km with three decimals (never "-0.000").
    static func km(_ x: Double) -> String { String(format: "%.3f", abs(x) < 0.0005 ? 0 : x) }

    /// Seven decimals of a degree: about 1 cm, far below any distance the moves are drawn by.
    static func coordinate(_ x: Double) -> String { String(format: "%.7f", x) }

    static func json(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
