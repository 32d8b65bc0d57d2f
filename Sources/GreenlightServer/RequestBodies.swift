import Foundation
import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy
import NIOCore

/// JSON bodies of the API, validated into the library's types with errors naming the field.
/// A date field of a request, or a 400 naming the field.
func apiDay(_ text: String, field: String) throws -> CalendarDay {
    guard let day = CalendarDay(text) else { throw APIError(.input(.invalidDate), "expected a real date YYYY-MM-DD, found '\(EchoedText.capped(text))'", field: field) }
    return day
}

/// The `tolerance_m` of a request (the zones' certified boundary tolerance), within [1, 10000], or 10 m.
func apiTolerance(_ value: Double?) throws -> Double {
    guard let t = value else { return ReachZones.defaultToleranceMeters }
    guard t.isFinite, t >= 1, t <= 10_000 else { throw APIError(.input(.outOfRange), "tolerance_m must be within [1, 10000] metres", field: "tolerance_m") }
    return t
}

struct PointBody: Sendable {
    var lat: Double
    var lon: Double
    var category: String?

    func point(_ field: String) throws -> GeoPoint {
        if let problem = GeoPoint.problem(latitude: lat, longitude: lon) { throw APIError(.input(.outOfRange), problem, field: field) }
        return GeoPoint(latitude: lat, longitude: lon)
    }
}

struct DecideBody: Sendable {
    var recipient: String
    var item: String
    var use: String
    var date: String
    var target: PointBody?
    var launch: PointBody?
    var variant: String?
    var destination: String?
    var supplier: String?

    func request() throws -> UseRequest {
        let day = try apiDay(date, field: "date")
        for (name, value) in [("recipient", recipient), ("item", item), ("use", use)] where value.allSatisfy(\.isWhitespace) {
            throw APIError(.input(.emptyValue), "\(name) must not be empty", field: name)
        }
        var r = UseRequest(recipient: recipient, item: item, use: use, date: day, variant: variant, destination: destination, supplier: supplier)
        if let t = target { r.target = .init(point: try t.point("target"), category: t.category) }
        if let l = launch { r.launch = try l.point("launch") }
        return r
    }
}

extension DecideBody {
    /// The body read with the hot-path parser (`JSONValue`) instead of `JSONDecoder`; the same fields,
    /// with errors naming the field (`target.lat`) or the line and column of a syntax error.
    init(json bytes: ByteBuffer) throws {
        let json = try JSONValue(requestBody: bytes)
        guard case .object = json else { throw APIError(.input(.invalidType), "request body: expected a JSON object, found \(json.kind)") }
        recipient = try json.required("recipient", as: "a string", \.stringValue)
        item = try json.required("item", as: "a string", \.stringValue)
        use = try json.required("use", as: "a string", \.stringValue)
        date = try json.required("date", as: "a date string YYYY-MM-DD", \.stringValue)
        variant = try json.optional("variant", as: "a string", \.stringValue)
        destination = try json.optional("destination", as: "a state code", \.stringValue)
        supplier = try json.optional("supplier", as: "a state code", \.stringValue)
        target = try json.optional("target", as: "an object {lat, lon, category}") { try PointBody(json: $0, field: "target") }
        launch = try json.optional("launch", as: "an object {lat, lon}") { try PointBody(json: $0, field: "launch") }
    }
}

extension PointBody {
    init?(json: JSONValue, field: String) throws {
        guard case .object = json else { return nil }
        lat = try json.required("lat", as: "a number", \.numberValue, in: field)
        lon = try json.required("lon", as: "a number", \.numberValue, in: field)
        category = try json.optional("category", as: "a string", \.stringValue, in: field)
    }
}

extension JSONValue {
    /// A request body parsed, or a 400 `invalid_syntax` with the line and column of the first error.
    init(requestBody bytes: ByteBuffer) throws {
        do { self = try bytes.withUnsafeReadableBytes { raw throws(JSONSyntaxError) in try JSONValue.parse(raw) } } catch {
            throw APIError(.input(.invalidSyntax), "request body: \(error)")
        }
    }

    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    var numberValue: Double? { if case .number(let x) = self { x } else { nil } }

    /// A member that must be present and of the expected kind, or a 400 naming it.
    func required<T>(_ key: String, as expected: String, _ read: (JSONValue) throws -> T?, in parent: String? = nil) throws -> T {
        guard let value = try optional(key, as: expected, read, in: parent) else {
            let field = parent.map { "\($0).\(key)" } ?? key
            throw APIError(.input(.missingKey), "\(field) is required (\(expected))", field: field)
        }
        return value
    }

    /// A member that may be absent or null, else of the expected kind.
    func optional<T>(_ key: String, as expected: String, _ read: (JSONValue) throws -> T?, in parent: String? = nil) throws -> T? {
        guard let value = self[key], value != .null else { return nil }
        let field = parent.map { "\($0).\(key)" } ?? key
        guard let read = try read(value) else { throw APIError(.input(.invalidType), "\(field) must be \(expected), found \(value.kind)", field: field) }
        return read
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
    var toleranceM: Double?
    var sites: SiteSpec?
    var zones: Bool?

    struct SiteSpec: Codable, Sendable { var count: Int; var seed: UInt64? }

    enum CodingKeys: String, CodingKey {
        case item, date, variant, category, within, launchArea = "launch_area", recipient, toleranceM = "tolerance_m", sites, zones
    }

    func day() throws -> CalendarDay { try apiDay(date, field: "date") }
    func tolerance() throws -> Double { try apiTolerance(toleranceM) }
}

struct CompareBody: Codable, Sendable {
    var item: String
    var date: String
    var date2: String?
    var variantA: String?
    var variantB: String?
    var category: String?
    var within: String?
    var toleranceM: Double?
    enum CodingKeys: String, CodingKey {
        case item, date, date2, variantA = "variant_a", variantB = "variant_b", category, within, toleranceM = "tolerance_m"
    }
}
