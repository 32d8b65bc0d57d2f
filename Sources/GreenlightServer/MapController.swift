import Foundation
import GreenlightGeodesy
import Hummingbird
import Synchronization

/// Reference borders for the web map (GeoJSON, simplified for display only: analyses always use the
/// full geometry), and the web app's files.
struct MapController: Sendable {
    let bordersCache = LockedCache<String>()

    func addRoutes(to group: RouterGroup<GreenlightRequestContext>) {
        group.get("borders", use: borders)
    }

    @Sendable func borders(_ request: Request, context: GreenlightRequestContext) async throws -> RawJSONResponse {
        let viewName = request.uri.queryParameters.get("view") ?? "de-jure"
        guard let view = BorderView(rawValue: viewName) else { throw APIError(.input(.invalid), "view must be de-jure or de-facto", field: "view") }
        if let cached = bordersCache[viewName] { return RawJSONResponse(text: cached) }
        let geography = ReferenceGeography.shared
        var s = "{\"type\":\"FeatureCollection\",\"features\":["
        var first = true
        // The detailed region's countries, as before world borders were added: reading and building the
        // 240 countries of the world file would only slow the map's first load.
        for code in try geography.detailedCountryCodes() {
            guard let country = try geography.country(code, view: view) else { continue }
            if !first { s += "," }
            first = false
            s += "{\"type\":\"Feature\",\"properties\":{\"iso_a2\":\"\(code)\"},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
            s += country.polygons.map { polygon in
                "[" + polygon.map { ring in
                    var kept: [GeoPoint] = []
                    for p in ring where kept.last.map({ abs($0.latitude - p.latitude) + abs($0.longitude - p.longitude) > 0.02 }) ?? true { kept.append(p) }
                    if kept.count < 4 { kept = ring }
                    if kept.last != ring.last { kept.append(ring.last!) }
                    return "[" + kept.map { "[\(String(format: "%.3f", $0.longitude)),\(String(format: "%.3f", $0.latitude))]" }.joined(separator: ",") + "]"
                }.joined(separator: ",") + "]"
            }.joined(separator: ",")
            s += "]}}"
        }
        s += "]}"
        bordersCache[viewName] = s
        return RawJSONResponse(text: s)
    }
}
