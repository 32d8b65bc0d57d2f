import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// JSON bodies of the API, validated into the library's types with errors naming the field.
/// A date field of a request, or a 400 naming the field.
func apiDay(_ text: String, field: String) throws -> CalendarDay {
    guard let day = CalendarDay(text) else { throw APIError.badRequest("expected a real date YYYY-MM-DD, found '\(text)'", field: field) }
    return day
}

/// The `resolution_km` of a request, within [0.5, 200], or the default.
func apiResolution(_ value: Double?, default fallback: Double) throws -> Double {
    guard let r = value else { return fallback }
    guard r.isFinite, r >= 0.5, r <= 200 else { throw APIError.badRequest("resolution_km must be within [0.5, 200]", field: "resolution_km") }
    return r
}

struct PointBody: Codable, Sendable {
    var lat: Double
    var lon: Double
    var category: String?

    func point(_ field: String) throws -> GeoPoint {
        if let problem = GeoPoint.problem(latitude: lat, longitude: lon) { throw APIError.badRequest(problem, field: field) }
        return GeoPoint(latitude: lat, longitude: lon)
    }
}

struct DecideBody: Codable, Sendable {
    var recipient: String
    var item: String
    var use: String
    var date: String
    var target: PointBody?
    var launch: PointBody?
    var variant: String?

    func request() throws -> UseRequest {
        let day = try apiDay(date, field: "date")
        for (name, value) in [("recipient", recipient), ("item", item), ("use", use)] where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw APIError.badRequest("\(name) must not be empty", field: name)
        }
        var r = UseRequest(recipient: recipient, item: item, use: use, date: day, variant: variant)
        if let t = target { r.target = .init(point: try t.point("target"), category: t.category) }
        if let l = launch { r.launch = try l.point("launch") }
        return r
    }
}

struct ScenarioBody: Codable, Sendable {
    var id: String?
    var yaml: String
    var message: String?
}

struct ReachBody: Codable, Sendable {
    var item: String
    var date: String
    var variant: String?
    var category: String?
    var within: String?
    var launchArea: String?
    var recipient: String?
    var resolutionKm: Double?
    var sites: SiteSpec?
    var zones: Bool?

    struct SiteSpec: Codable, Sendable { var count: Int; var seed: UInt64? }

    enum CodingKeys: String, CodingKey {
        case item, date, variant, category, within, launchArea = "launch_area", recipient, resolutionKm = "resolution_km", sites, zones
    }

    func day() throws -> CalendarDay { try apiDay(date, field: "date") }
    func resolution(default value: Double) throws -> Double { try apiResolution(resolutionKm, default: value) }
}

struct CompareBody: Codable, Sendable {
    var item: String
    var date: String
    var date2: String?
    var variantA: String?
    var variantB: String?
    var category: String?
    var within: String?
    var resolutionKm: Double?
    enum CodingKeys: String, CodingKey {
        case item, date, date2, variantA = "variant_a", variantB = "variant_b", category, within, resolutionKm = "resolution_km"
    }
}
