import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// The part of a decision that replay compares: the answer without its wording.
public struct DecisionOutcome: Sendable, Equatable, Codable, CustomStringConvertible {
    public var decision: String
    public var reason: String?
    public var required: [String]
    public var missing: [String]
    public var inRange: Bool?

    enum CodingKeys: String, CodingKey { case decision, reason, required, missing, inRange = "in_range" }

    public init(decision: String, reason: String?, required: [String], missing: [String], inRange: Bool?) {
        self.decision = decision; self.reason = reason; self.required = required; self.missing = missing; self.inRange = inRange
    }

    public init(_ d: Decision) {
        self.init(decision: d.decision.rawValue, reason: d.reason, required: d.required, missing: d.missing, inRange: d.inRange)
    }

    public var description: String {
        var s = decision
        if let reason { s += " (\(reason))" }
        s += ", required [\(required.joined(separator: ", "))], missing [\(missing.joined(separator: ", "))]"
        if let inRange { s += ", in range \(inRange)" }
        return s
    }
}

/// A decision as the audit log holds it (`action` `decide`, `subject` the scenario id, `detail` a
/// JSON object): the request in full, the scenario version and content hash it was decided under, and
/// its outcome with the SHA-256 of the whole answer — enough to decide it again and compare.
///
/// Detail keys (`log` 2; records written before have neither `log` nor the request in full, and are
/// not replayable): `version`, `recipient`, `item`, `use`, `date`, `target` (`[lat, lon]` or null),
/// `variant`, `destination` and `supplier` when given, `decision`, `missing` (as in log 1), then `log`,
/// `category`, `launch` (`[lat, lon]` or null), `reason`, `required`, `in_range`, `content_hash`,
/// `answer_sha256` (of the answer's JSON without its citation).
public struct LoggedDecision: Sendable {
    public var seq: Int64
    public var scenario: String
    public var version: Int
    public var request: UseRequest
    public var outcome: DecisionOutcome
    public var contentHash: String
    public var answerSHA256: String

    static let format = 2

    /// The detail text of a decision's audit record.
    static func detail(request r: UseRequest, decision: Decision, version: Int, content: ScenarioContentHash, answerBytes: [UInt8]) -> String {
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        w.key("version"); w.number(Double(version))
        w.key("recipient"); w.string(r.recipient)
        w.key("item"); w.string(r.item)
        w.key("use"); w.string(r.use)
        w.key("date"); w.string(r.date.description)
        w.key("target")
        if let t = r.target { w.beginArray(); w.number(t.point.latitude); w.number(t.point.longitude); w.endArray() } else { w.literal("null") }
        w.key("variant"); if let v = r.variant { w.string(v) } else { w.literal("null") }
        if let d = r.destination { w.key("destination"); w.string(d) }
        if let s = r.supplier { w.key("supplier"); w.string(s) }
        w.key("decision"); w.string(decision.decision.rawValue)
        w.key("missing"); w.strings(decision.missing)
        w.key("log"); w.number(Double(format))
        w.key("category"); if let c = r.target?.category { w.string(c) } else { w.literal("null") }
        w.key("launch")
        if let l = r.launch { w.beginArray(); w.number(l.latitude); w.number(l.longitude); w.endArray() } else { w.literal("null") }
        w.key("reason"); if let reason = decision.reason { w.string(reason) } else { w.literal("null") }
        w.key("required"); w.strings(decision.required)
        w.key("in_range"); w.literal(decision.inRange.map { $0 ? "true" : "false" } ?? "null")
        w.key("content_hash"); w.string(content.contentHash)
        w.key("answer_sha256"); w.string(SHA256.hex(answerBytes))
        w.endObject()
        return w.text
    }

    /// Why a decision record cannot be read back.
    public enum ReadProblem: Error, Sendable, Equatable {
        /// Logged before requests were recorded in full (no `log` key).
        case loggedBeforeReplay
        /// The detail is not what the server writes (it was altered, or never written by it).
        case malformed(String)
    }

    /// A JSON number as read by `JSONSerialization` (an integer or a double, bridged or not).
    private static func number(_ value: Any) -> Double? {
        if let d = value as? Double { return d }
        if let i = value as? Int { return Double(i) }
        if let n = value as? NSNumber { return n.doubleValue }
        return nil
    }

    /// The logged decision of an audit record whose action is `decide`.
    init(seq: Int64, subject: String, detail: String) throws(ReadProblem) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(detail.utf8))) as? [String: Any] else {
            throw .malformed("the detail is not a JSON object")
        }
        guard object["log"] != nil else { throw .loggedBeforeReplay }
        func text(_ key: String) throws(ReadProblem) -> String {
            guard let s = object[key] as? String else { throw .malformed("\(key) is not a string") }
            return s
        }
        func optionalText(_ key: String) throws(ReadProblem) -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let s = value as? String else { throw .malformed("\(key) is not a string or null") }
            return s
        }
        func texts(_ key: String) throws(ReadProblem) -> [String] {
            guard let list = object[key] as? [String] else { throw .malformed("\(key) is not a list of strings") }
            return list
        }
        func point(_ key: String) throws(ReadProblem) -> GeoPoint? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let pair = value as? [Any], pair.count == 2, let lat = Self.number(pair[0]), let lon = Self.number(pair[1]) else {
                throw .malformed("\(key) is not [lat, lon] or null")
            }
            return GeoPoint(latitude: lat, longitude: lon)
        }
        guard object["log"].flatMap(Self.number) == Double(Self.format) else { throw .malformed("log is not \(Self.format)") }
        guard let versionNumber = object["version"].flatMap(Self.number), let version = Int(exactly: versionNumber) else {
            throw .malformed("version is not a whole number")
        }
        guard let day = CalendarDay(try text("date")) else { throw .malformed("date is not YYYY-MM-DD") }
        var request = UseRequest(recipient: try text("recipient"), item: try text("item"), use: try text("use"), date: day,
                                 variant: try optionalText("variant"), destination: try optionalText("destination"), supplier: try optionalText("supplier"))
        if let target = try point("target") { request.target = .init(point: target, category: try optionalText("category")) }
        request.launch = try point("launch")
        let inRange: Bool?
        switch object["in_range"] {
        case nil, is NSNull: inRange = nil
        case let b as Bool: inRange = b
        default: throw .malformed("in_range is not true, false or null")
        }
        self.seq = seq
        scenario = subject
        self.version = version
        self.request = request
        outcome = DecisionOutcome(decision: try text("decision"), reason: try optionalText("reason"), required: try texts("required"),
                                  missing: try texts("missing"), inRange: inRange)
        contentHash = try text("content_hash")
        answerSHA256 = try text("answer_sha256")
    }
}
