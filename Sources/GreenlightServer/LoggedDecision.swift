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

    /// The logged decision of an audit record whose action is `decide`. Read with the server's own JSON
    /// parser: its numbers are exact (Foundation's `JSONSerialization` on Linux rounds about one
    /// coordinate in five to a neighbouring double, which moved targets and changed distances).
    init(seq: Int64, subject: String, detail: String) throws(ReadProblem) {
        var bytes = Array(detail.utf8)
        let parsed: JSONValue?
        do { parsed = try bytes.withUnsafeMutableBytes { raw throws(JSONSyntaxError) in try JSONValue.parse(UnsafeRawBufferPointer(raw)) } } catch { parsed = nil }
        guard let object = parsed, case .object = object else { throw .malformed("the detail is not a JSON object") }
        guard object["log"] != nil else { throw .loggedBeforeReplay }
        func text(_ key: String) throws(ReadProblem) -> String {
            guard case .string(let s)? = object[key] else { throw .malformed("\(key) is not a string") }
            return s
        }
        func optionalText(_ key: String) throws(ReadProblem) -> String? {
            switch object[key] {
            case nil, .null?: return nil
            case .string(let s)?: return s
            default: throw .malformed("\(key) is not a string or null")
            }
        }
        func texts(_ key: String) throws(ReadProblem) -> [String] {
            guard case .array(let list)? = object[key] else { throw .malformed("\(key) is not a list of strings") }
            var out: [String] = []
            for element in list {
                guard case .string(let s) = element else { throw .malformed("\(key) is not a list of strings") }
                out.append(s)
            }
            return out
        }
        func point(_ key: String) throws(ReadProblem) -> GeoPoint? {
            switch object[key] {
            case nil, .null?: return nil
            case .array(let pair)? where pair.count == 2:
                guard case .number(let lat) = pair[0], case .number(let lon) = pair[1] else { break }
                return GeoPoint(latitude: lat, longitude: lon)
            default: break
            }
            throw .malformed("\(key) is not [lat, lon] or null")
        }
        guard case .number(let log)? = object["log"], log == Double(Self.format) else { throw .malformed("log is not \(Self.format)") }
        guard case .number(let versionNumber)? = object["version"], let version = Int(exactly: versionNumber) else {
            throw .malformed("version is not a whole number")
        }
        guard let day = CalendarDay(try text("date")) else { throw .malformed("date is not YYYY-MM-DD") }
        var request = UseRequest(recipient: try text("recipient"), item: try text("item"), use: try text("use"), date: day,
                                 variant: try optionalText("variant"), destination: try optionalText("destination"), supplier: try optionalText("supplier"))
        if let target = try point("target") { request.target = .init(point: target, category: try optionalText("category")) }
        request.launch = try point("launch")
        let inRange: Bool?
        switch object["in_range"] {
        case nil, .null?: inRange = nil
        case .bool(let b)?: inRange = b
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
