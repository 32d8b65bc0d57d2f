import Foundation
import GreenlightGeodesy

/// A file of policy test cases (`greenlight-cases: 1`): a scenario and requests with expectations.
public struct CaseFile: Sendable {
    public var file: String
    public var scenarioURL: URL
    public var cases: [TestCase]

    public struct TestCase: Sendable {
        public var name: String
        public var request: UseRequest
        public var expect: Expectation
        public var location: SourceLocation
        /// Where each field of the request is written, so that a field the scenario refuses is named by its place.
        public var requestFieldLocations: [String: SourceLocation] = [:]
    }

    /// Every key optional; sets compare as sets.
    public struct Expectation: Sendable {
        public var decision: Decision.Verdict?
        public var required: Set<String>?
        public var missing: Set<String>?
        public var inRange: Bool??
        public var reason: String?
    }

    public static func load(contentsOf url: URL) throws(InputErrors) -> CaseFile {
        var errors: [InputError] = []
        let root: YAMLValue
        do { root = try YAMLValue.parse(contentsOf: url) } catch { throw InputErrors(errors: [error]) }
        do {
            let top = try root.fields("the cases file", allowed: ["greenlight-cases", "scenario", "cases", "name", "description"], required: ["greenlight-cases", "scenario", "cases"])
            let version = try top.required("greenlight-cases")
            guard try version.text("a version") == "1" else { throw version.fail(.unsupportedVersion, "unsupported cases format version: this Greenlight reads 'greenlight-cases: 1'") }
            let scenarioPath = try top.required("scenario").nonEmptyText("the scenario path")
            let scenarioURL = scenarioPath.hasPrefix("/") ? URL(fileURLWithPath: scenarioPath) : url.deletingLastPathComponent().appendingPathComponent(scenarioPath)
            var cases: [TestCase] = []
            for value in try top.required("cases").list("cases") {
                do { cases.append(try testCase(value)) } catch { errors.append(error) }
            }
            if !errors.isEmpty { throw InputErrors(errors: errors) }
            return CaseFile(file: url.path, scenarioURL: scenarioURL, cases: cases)
        } catch let error as InputError {
            throw InputErrors(errors: errors + [error])
        } catch let error as InputErrors {
            throw error
        } catch {
            throw InputErrors(errors: [InputError(root.location, "\(error)")])
        }
    }

    static func testCase(_ value: YAMLValue) throws(InputError) -> TestCase {
        let f = try value.fields("a case", allowed: ["name", "request", "expect", "note"], required: ["name", "request", "expect"])
        let name = try f.required("name").nonEmptyText("a case name")
        let requestValue = try f.required("request")
        let request = try RequestReader.request(requestValue)
        let fieldLocations = Dictionary((try requestValue.mapping("a request")).map { ($0.key, $0.value.location) }, uniquingKeysWith: { a, _ in a })
        let e = try f.required("expect").fields("expect", allowed: ["decision", "required", "missing", "in_range", "reason"])
        var expect = Expectation()
        if let d = e["decision"] {
            guard let verdict = Decision.Verdict(rawValue: try d.text("a decision")) else { throw d.fail("expected decision permit or deny") }
            expect.decision = verdict
        }
        if let v = e["required"] { expect.required = Set(try v.list("required").map { x throws(InputError) in try x.nonEmptyText("a state code") }) }
        if let v = e["missing"] { expect.missing = Set(try v.list("missing").map { x throws(InputError) in try x.nonEmptyText("a state code") }) }
        if let v = e.entries["in_range"] {
            if v.isNull { expect.inRange = .some(nil) } else {
                switch try v.text("in_range") {
                case "true": expect.inRange = true
                case "false": expect.inRange = false
                default: throw v.fail("expected in_range true, false or null")
                }
            }
        }
        if let v = e["reason"] { expect.reason = try v.nonEmptyText("a reason") }
        return TestCase(name: name, request: request, expect: expect, location: value.location, requestFieldLocations: fieldLocations)
    }
}

/// Reads a request mapping: {recipient, item, use, date, target: {lat, lon, category}, launch: {lat, lon}, variant,
/// destination, supplier}. Whether `destination` and `supplier` fit the scenario is checked when the case runs;
/// a destination without `use: retransfer` and a retransfer without one are refused here, where the file says so.
enum RequestReader {
    static func request(_ value: YAMLValue) throws(InputError) -> UseRequest {
        let f = try value.fields("a request", allowed: ["recipient", "item", "use", "date", "target", "launch", "variant", "destination", "supplier"], required: ["recipient", "item", "use", "date"])
        var r = UseRequest(recipient: try f.required("recipient").nonEmptyText("a recipient state"), item: try f.required("item").nonEmptyText("an item id"),
                           use: try f.required("use").nonEmptyText("a use"), date: try f.required("date").calendarDay("the date"))
        if let t = f["target"] {
            let tf = try t.fields("target", allowed: ["lat", "lon", "category", "id", "name"], required: ["lat", "lon"])
            r.target = UseRequest.Target(point: try point(tf, t), category: try tf["category"]?.nonEmptyText("a category"))
        }
        if let l = f["launch"] {
            let lf = try l.fields("launch", allowed: ["lat", "lon"], required: ["lat", "lon"])
            r.launch = try point(lf, l)
        }
        if let v = f["variant"] { r.variant = try v.nonEmptyText("a variant name") }
        if let v = f["supplier"] { r.supplier = try v.nonEmptyText("a supplier state") }
        let retransfer = UseRequest.retransferUse
        if r.use != retransfer && r.use.lowercased() == retransfer {
            throw try f.required("use").fail(.unknownUse, "unknown use '\(r.use)'; did you mean '\(retransfer)'?")
        }
        if let v = f["destination"] {
            r.destination = try v.nonEmptyText("a destination state")
            if r.use != retransfer { throw v.fail(.conflictingValues, "destination is given for use '\(r.use)': only use '\(retransfer)' has a destination") }
            if r.destination == r.recipient { throw v.fail(.conflictingValues, "destination \(r.recipient) is the recipient itself: a retransfer passes the item to another state") }
        } else if r.use == retransfer {
            throw value.fail(.incompleteRequest, "use '\(retransfer)' needs a destination: the state the recipient would pass the item to")
        }
        return r
    }

    static func point(_ f: Fields, _ owner: YAMLValue) throws(InputError) -> GeoPoint {
        let latValue = try f.required("lat"), lonValue = try f.required("lon")
        let lat = try latValue.number("lat"), lon = try lonValue.number("lon")
        guard lat >= -90 && lat <= 90 else { throw latValue.fail(.outOfRange, "latitude \(lat) is outside [-90, 90]") }
        guard lon >= -540 && lon <= 540 else { throw lonValue.fail(.outOfRange, "longitude \(lon) is outside [-540, 540]") }
        return GeoPoint(latitude: lat, longitude: lon)
    }
}

/// The outcome of running a cases file.
public struct CheckReport: Sendable, Codable {
    public struct CaseResult: Sendable, Codable {
        public var name: String
        public var passed: Bool
        public var problems: [String]
    }
    public var passed: Int
    public var failed: Int
    public var cases: [CaseResult]
}

extension CaseFile {
    /// Runs every case against its scenario. A case whose request is invalid for the scenario fails
    /// with the problem stated (the file as a whole was valid).
    public func check(scenario: Scenario) throws(InputErrors) -> CheckReport {
        var engines: [String: PolicyEngine] = [:]
        var results: [CheckReport.CaseResult] = []
        var invalid: [InputError] = []
        for c in cases {
            let key = c.request.variant ?? ""
            do throws(InputError) {
                if engines[key] == nil { engines[key] = try PolicyEngine(scenario: scenario, variant: c.request.variant) }
                let d = try engines[key]!.decide(c.request)
                results.append(CheckReport.CaseResult(name: c.name, passed: compare(c.expect, d).isEmpty, problems: compare(c.expect, d)))
            } catch {
                let at = error.field.flatMap { c.requestFieldLocations[$0] } ?? c.location
                invalid.append(InputError(at, "case '\(c.name)': \(error.message)", field: error.field, code: error.code))
            }
        }
        if !invalid.isEmpty { throw InputErrors(errors: invalid) }
        let passed = results.filter(\.passed).count
        return CheckReport(passed: passed, failed: results.count - passed, cases: results)
    }

    func compare(_ e: Expectation, _ d: Decision) -> [String] {
        var problems: [String] = []
        func set(_ s: some Collection<String>) -> String { "[" + s.sorted().joined(separator: ", ") + "]" }
        if let v = e.decision, v != d.decision { problems.append("decision: expected \(v.rawValue), got \(d.decision.rawValue)") }
        if let v = e.reason, v != d.reason { problems.append("reason: expected \(v), got \(d.reason ?? "none")") }
        if let v = e.required, v != Set(d.required) { problems.append("required: expected \(set(v)), got \(set(d.required))") }
        if let v = e.missing, v != Set(d.missing) { problems.append("missing: expected \(set(v)), got \(set(d.missing))") }
        if let v = e.inRange, v != d.inRange {
            problems.append("in_range: expected \(v.map { "\($0)" } ?? "null"), got \(d.inRange.map { "\($0)" } ?? "null")")
        }
        return problems
    }
}
