import Foundation

/// Per-site results, streamed as CSV or GeoJSON (by the file's extension).
public final class SiteOutput {
    private let file: AtomicOutputFile
    private let geojson: Bool
    private var first = true

    public init(path: String) throws {
        file = try AtomicOutputFile(path)
        geojson = path.lowercased().hasSuffix(".geojson") || path.lowercased().hasSuffix(".json")
        if geojson {
            file.write("{\"type\":\"FeatureCollection\",\"features\":[\n")
        } else {
            file.write("id,lat,lon,category,decision,in_range,in_territory,missing,distance_from_launch_km,depth_km\n")
        }
    }

    public func write(_ verdicts: [SiteVerdict], defaultCategory: String) {
        var text = ""
        for v in verdicts {
            let category = v.site.category ?? defaultCategory
            let decision = v.transferred ? (v.permitted ? "permit" : "deny") : "deny-not-transferred"
            let distance = v.distanceFromLaunchKm.map { String(format: "%.3f", $0) } ?? ""
            let depth = v.depthKm.map { String(format: "%.3f", $0) } ?? ""
            if geojson {
                if !first { text += ",\n" }
                first = false
                text += "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(v.site.point.longitude),\(v.site.point.latitude)]},"
                text += "\"properties\":{\"id\":\(json(v.site.id)),\"category\":\(json(category)),\"decision\":\"\(decision)\",\"in_range\":\(v.inRange),"
                text += "\"in_territory\":\(v.inTerritory),\"missing\":[\(v.missing.map(json).joined(separator: ","))]"
                if !distance.isEmpty { text += ",\"distance_from_launch_km\":\(distance)" }
                if !depth.isEmpty { text += ",\"depth_km\":\(depth)" }
                text += "}}"
            } else {
                text += "\(csv(v.site.id)),\(v.site.point.latitude),\(v.site.point.longitude),\(csv(category)),\(decision),\(v.inRange),\(v.inTerritory),"
                text += "\(v.missing.joined(separator: " ")),\(distance),\(depth)\n"
            }
        }
        file.write(text)
    }

    public func commit() throws {
        if geojson { file.write("\n]}\n") }
        try file.commit()
    }

    public func discard() { file.discard() }

    private func json(_ s: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }

    private func csv(_ s: String) -> String { CSVFields.quoted(s) }
}
