import Foundation
import GreenlightGeodesy
import GreenlightServer
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route through the router without a socket (plus one live test on a random port): normal
/// answers, bad input (4xx JSON naming the field, never 5xx), and authentication.
@Suite(.serialized) struct ServerTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let flagshipYAML = try! String(contentsOf: packageRoot.appendingPathComponent("Scenarios/ukraine-2024-2025/scenario.yaml"), encoding: .utf8)

    struct Setup {
        let app: Application<RouterResponder<GreenlightRequestContext>>
        let services: ServerServices
        /// The SQLite database behind the services (the tests read and tamper with it directly).
        let database: GreenlightDatabase
        let token: String
        let path: String
    }

    static func setup(private isPrivate: Bool = false, port: Int = 0) async throws -> Setup {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-\(UUID().uuidString).sqlite").path
        let database = try GreenlightDatabase(path: path)
        let services = ServerServices(database: database)
        let token = try await services.store.createToken(name: "tester")
        var configuration = ServerConfiguration()
        configuration.isPrivate = isPrivate
        let app = Application(router: buildRouter(services: services, configuration: configuration),
                              configuration: .init(address: .hostname("127.0.0.1", port: port)), services: services.lifecycle)
        return Setup(app: app, services: services, database: database, token: token, path: path)
    }

    static func json(_ object: Any) -> ByteBuffer { ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object)) }
    static func parse(_ buffer: ByteBuffer) -> Any? { try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed]) }

    func create(_ client: some TestClientProtocol, _ token: String) async throws {
        try await client.execute(uri: "/api/scenarios", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                 body: Self.json(["id": "ukraine-2024", "yaml": Self.flagshipYAML, "message": "first"])) { r in
            #expect(r.status == .created)
        }
    }

    /// The one error shape: `{"error": {"code", "status", "message", "field"}}`, a documented `code`
    /// (the one given, when given) and the field at fault.
    func expectError(_ r: TestResponse, _ status: HTTPResponse.Status, code: String? = nil, field: String? = nil, _ comment: Comment? = nil) {
        #expect(r.status == status, comment)
        let body = Self.parse(r.body) as? [String: Any]
        let error = body?["error"] as? [String: Any]
        #expect(error?["message"] is String, comment)
        #expect(error?["status"] as? Int == Int(status.code), comment)
        #expect((error?["code"] as? String).map(Set(APIErrorCode.allCases.map(\.rawValue)).contains) == true, comment)
        if let code { #expect(error?["code"] as? String == code, comment) }
        #expect(r.headers[.contentType]?.hasPrefix("application/json") == true, comment)
        if let field { #expect(error?["field"] as? String == field, comment) }
    }

    @Test func scenariosCreateGetUpdateVersions() async throws {
        let s = try await Self.setup()
        try await s.app.test(.router) { client in
            try await create(client, s.token)
            try await client.execute(uri: "/api/scenarios", method: .get) { r in
                #expect(r.status == .ok)
                #expect((Self.parse(r.body) as? [[String: Any]])?.first?["id"] as? String == "ukraine-2024")
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024", method: .get) { r in
                let o = Self.parse(r.body) as? [String: Any]
                #expect(o?["version"] as? Int == 1)
                #expect((o?["dates"] as? [String])?.contains("2024-11-17") == true)
            }
            let edited = Self.flagshipYAML.replacingOccurrences(of: "en: Western long-range weapons", with: "en: Edited — Western long-range weapons")
            #expect(edited != Self.flagshipYAML)
            try await client.execute(uri: "/api/scenarios/ukraine-2024", method: .put, headers: [.authorization: "Bearer \(s.token)"],
                                     body: Self.json(["yaml": edited, "message": "renamed"])) { r in
                #expect(r.status == .ok)
                #expect((Self.parse(r.body) as? [String: Any])?["version"] as? Int == 2)
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/versions", method: .get) { r in
                let v = Self.parse(r.body) as? [[String: Any]]
                #expect(v?.count == 2)
                #expect(v?.last?["author"] as? String == "tester" && v?.last?["message"] as? String == "renamed")
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024?version=1", method: .get) { r in
                #expect(((Self.parse(r.body) as? [String: Any])?["yaml"] as? String)?.contains("en: Western long-range") == true)
            }
        }
        #expect(try s.database.verifyAudit().broken == nil)
    }

    @Test func badScenarioWritesAreRejectedWithTheField() async throws {
        let s = try await Self.setup()
        try await s.app.test(.router) { client in
            let auth: HTTPFields = [.authorization: "Bearer \(s.token)"]
            try await client.execute(uri: "/api/scenarios", method: .post, headers: auth, body: Self.json(["id": "x", "yaml": "greenlight: 1\nstates: {US: {}}\nitems: {a: {origin: GB}}\n"])) { r in
                expectError(r, .unprocessableContent, code: "unknown_state", field: "yaml")
                #expect(String(buffer: r.body).contains("scenario x:3:"))
            }
            try await client.execute(uri: "/api/scenarios", method: .post, headers: auth, body: Self.json(["id": "Bad Id!", "yaml": "greenlight: 1"])) { r in expectError(r, .badRequest, code: "invalid", field: "id") }
            try await client.execute(uri: "/api/scenarios", method: .post, headers: auth, body: ByteBuffer(string: "{not json")) { r in expectError(r, .badRequest, code: "invalid_syntax") }
            try await client.execute(uri: "/api/scenarios", method: .post, headers: auth, body: Self.json(["id": "y"])) { r in expectError(r, .badRequest, code: "missing_key", field: "yaml") }
            try await create(client, s.token)
            try await client.execute(uri: "/api/scenarios", method: .post, headers: auth, body: Self.json(["id": "ukraine-2024", "yaml": Self.flagshipYAML])) { r in expectError(r, .conflict, code: "conflict", field: "id") }
            try await client.execute(uri: "/api/scenarios/nope", method: .put, headers: auth, body: Self.json(["yaml": Self.flagshipYAML])) { r in expectError(r, .notFound) }
            try await client.execute(uri: "/api/scenarios/nope", method: .get) { r in expectError(r, .notFound) }
            try await client.execute(uri: "/api/scenarios/nope/versions", method: .get) { r in expectError(r, .notFound) }
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 2 << 20)
            try await client.execute(uri: "/api/scenarios", method: .post, headers: auth, body: big) { r in expectError(r, .contentTooLarge, code: "content_too_large", "a body over 1 MiB: the JSON error, not an empty body") }
            // Unrouted paths and methods: the JSON error too.
            try await client.execute(uri: "/api/no-such-route", method: .get) { r in expectError(r, .notFound, code: "not_found", "unrouted path") }
            try await client.execute(uri: "/api/scenarios", method: .delete, headers: auth) { r in
                expectError(r, .methodNotAllowed, code: "method_not_allowed", "unrouted method")
                #expect(r.headers[.allow] == "GET, POST", "the methods routed for the path")
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/consents?item=" + String(repeating: "x", count: 5000), method: .get) { r in expectError(r, .uriTooLong, code: "uri_too_long") }
        }
    }

    @Test func writesNeedAValidToken() async throws {
        let s = try await Self.setup()
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/api/scenarios", method: .post, body: Self.json(["id": "a", "yaml": Self.flagshipYAML])) { r in expectError(r, .unauthorized, field: "Authorization") }
            try await client.execute(uri: "/api/scenarios", method: .post, headers: [.authorization: "Bearer wrong"], body: Self.json(["id": "a", "yaml": Self.flagshipYAML])) { r in expectError(r, .unauthorized, field: "Authorization") }
            try await client.execute(uri: "/api/scenarios", method: .post, headers: [.authorization: "Basic abc"], body: Self.json(["id": "a", "yaml": Self.flagshipYAML])) { r in expectError(r, .unauthorized) }
            try await client.execute(uri: "/api/scenarios", method: .get) { r in #expect(r.status == .ok) }
        }
        let p = try await Self.setup(private: true)
        try await p.app.test(.router) { client in
            try await client.execute(uri: "/api/scenarios", method: .get) { r in expectError(r, .unauthorized) }
            try await client.execute(uri: "/api/scenarios", method: .get, headers: [.authorization: "Bearer \(p.token)"]) { r in #expect(r.status == .ok) }
            // The route groups: on a private server every API read needs the token, queries POSTed
            // included; the web app's files do not (the page asks for the token itself).
            for (uri, method) in [("/api/scenarios/x/decide", HTTPRequest.Method.post), ("/api/scenarios/x/reach", .post), ("/api/borders", .get), ("/api/health", .get)] {
                try await client.execute(uri: uri, method: method, body: ByteBuffer(string: "{}")) { r in expectError(r, .unauthorized, field: "Authorization", "\(uri)") }
            }
            try await client.execute(uri: "/app.js", method: .get) { r in #expect(r.status == .ok) }
        }
        let open = try await Self.setup()
        try await open.app.test(.router) { client in
            // On an open server reads and queries need no token; writes always do.
            try await client.execute(uri: "/api/health", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/api/scenarios", method: .post, body: Self.json(["id": "x", "yaml": "greenlight: 1"])) { r in expectError(r, .unauthorized, field: "Authorization") }
            try await client.execute(uri: "/api/scenarios/x", method: .put, body: Self.json(["yaml": "greenlight: 1"])) { r in expectError(r, .unauthorized, field: "Authorization") }
            try await client.execute(uri: "/api/scenarios/x/decide", method: .post, body: ByteBuffer(string: "{}")) { r in #expect(r.status != .unauthorized) }
            // A token that is not valid is refused wherever it is sent.
            try await client.execute(uri: "/api/health", method: .get, headers: [.authorization: "Bearer nope"]) { r in expectError(r, .unauthorized, field: "Authorization") }
        }
    }

    @Test func decideConsentsAndTheirErrors() async throws {
        let s = try await Self.setup()
        try await s.app.test(.router) { client in
            try await create(client, s.token)
            let request: [String: Any] = ["recipient": "UA", "item": "storm-shadow", "use": "strike", "date": "2024-09-12",
                                          "target": ["lat": 51.9, "lon": 37.0, "category": "military/airfield"], "launch": ["lat": 49.98, "lon": 36.25]]
            try await client.execute(uri: "/api/scenarios/ukraine-2024/decide", method: .post, body: Self.json(request)) { r in
                let d = Self.parse(r.body) as? [String: Any]
                #expect(r.status == .ok)
                #expect(d?["decision"] as? String == "deny")
                #expect(Set(d?["required"] as? [String] ?? []) == ["GB", "US"])
                #expect(d?["missing"] as? [String] == ["US"])
                #expect(d?["in_range"] as? Bool == true)
            }
            var variant = request; variant["variant"] = "full-lift"
            try await client.execute(uri: "/api/scenarios/ukraine-2024/decide", method: .post, body: Self.json(variant)) { r in
                #expect((Self.parse(r.body) as? [String: Any])?["decision"] as? String == "permit")
            }
            for (field, value, code) in [("date", "2024-02-30" as Any, "invalid_date"), ("item", "taurus", "unknown_item"), ("recipient", "XX", "unknown_state"), ("variant", "nope", "unknown_variant")] {
                var bad = request; bad[field] = value
                try await client.execute(uri: "/api/scenarios/ukraine-2024/decide", method: .post, body: Self.json(bad)) { r in expectError(r, .badRequest, code: code, field: field, "\(field)") }
            }
            var badLat = request; badLat["target"] = ["lat": 95, "lon": 37]
            try await client.execute(uri: "/api/scenarios/ukraine-2024/decide", method: .post, body: Self.json(badLat)) { r in expectError(r, .badRequest, code: "out_of_range", field: "target") }
            var noTarget = request; noTarget.removeValue(forKey: "target"); noTarget.removeValue(forKey: "launch")
            try await client.execute(uri: "/api/scenarios/ukraine-2024/decide", method: .post, body: Self.json(noTarget)) { r in expectError(r, .badRequest, code: "incomplete_request", field: "target") }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/decide", method: .post, body: Self.json(["item": "x"])) { r in expectError(r, .badRequest, code: "missing_key") }
            // The body parser names the field, or the line and column of a syntax error.
            var noUse = request; noUse.removeValue(forKey: "use")
            try await client.execute(uri: "/api/scenarios/ukraine-2024/decide", method: .post, body: Self.json(noUse)) { r in expectError(r, .badRequest, code: "missing_key", field: "use") }
            var textLat = request; textLat["target"] = ["lat": "51.9", "lon": 37.0]
            try await client.execute(uri: "/api/scenarios/ukraine-2024/decide", method: .post, body: Self.json(textLat)) { r in
                expectError(r, .badRequest, code: "invalid_type", field: "target.lat")
                #expect(String(buffer: r.body).contains("target.lat must be a number, found a string"))
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/decide", method: .post, body: ByteBuffer(string: "{\"recipient\": \"UA\",\n \"item\" \"gmlrs\"}")) { r in
                expectError(r, .badRequest, code: "invalid_syntax")
                #expect(String(buffer: r.body).contains("line 2, column 9"))
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/decide", method: .post, body: ByteBuffer(string: "[1, 2]")) { r in expectError(r, .badRequest, code: "invalid_type") }
            try await client.execute(uri: "/api/scenarios/nope/decide", method: .post, body: Self.json(request)) { r in expectError(r, .notFound, code: "not_found") }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/consents?item=storm-shadow&recipient=UA&date=2024-09-12", method: .get) { r in
                let o = Self.parse(r.body) as? [String: Any]
                #expect(((o?["required"] as? [[String: Any]])?.map { $0["state"] as? String }) == ["GB", "US"])
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/consents?recipient=UA", method: .get) { r in expectError(r, .badRequest, code: "missing_key", field: "item") }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/consents?item=storm-shadow&recipient=UA&date=2024-13-01", method: .get) { r in expectError(r, .badRequest, code: "invalid_date", field: "date") }
        }
        // Every decision served is on record, and the chain holds.
        let audit = try s.database.verifyAudit()
        #expect(audit.broken == nil)
        #expect(audit.count >= 4) // token, create, two decisions
    }

    /// Regression (review, issue 13): the caches of synthetic sites and of which sites are in range were
    /// keyed without the scenario version, so after an edit the map was answered from the old scenario.
    @Test func anEditIsVisibleToTheVeryNextAnalysis() async throws {
        let s = try await Self.setup()
        try await s.app.test(.router) { client in
            try await create(client, s.token)
            let reach: [String: Any] = ["item": "atacms-m39a1", "date": "2024-11-20", "within": "RU", "sites": ["count": 2000, "seed": 1], "tolerance_m": 10]
            func ask() async throws -> (status: String, inRange: Double) {
                try await client.execute(uri: "/api/scenarios/ukraine-2024/reach", method: .post, body: Self.json(reach)) { r in
                    let o = Self.parse(r.body) as? [String: Any]
                    return (o?["site_status"] as? String ?? "", (o?["report"] as? [String: Any])?["in_range_km2"] as? Double ?? 0)
                }
            }
            let before = try await ask()
            // The territory named RU becomes the Kursk region only: sites and reach must follow at once.
            let edited = Self.flagshipYAML.replacingOccurrences(of: "  RU: {country: RU}", with: "  RU: {region: RU-KRS}")
            #expect(edited != Self.flagshipYAML)
            try await client.execute(uri: "/api/scenarios/ukraine-2024", method: .put, headers: [.authorization: "Bearer \(s.token)"],
                                     body: Self.json(["yaml": edited, "message": "RU narrowed to Kursk"])) { r in #expect(r.status == .ok) }
            let after = try await ask()
            #expect(before.inRange > 400_000 && after.inRange < 40_000, "\(before.inRange) → \(after.inRange)")
            #expect(after.status.count == 2000 && after.status != before.status)
            // The map's sites (the same count and seed) now lie in the new territory, not the old one.
            let kursk = try #require(try ReferenceGeography.shared.region("RU-KRS"))
            try await client.execute(uri: "/api/scenarios/ukraine-2024/sites?item=atacms-m39a1&count=2000&seed=1&within=RU", method: .get) { r in
                let points = (Self.parse(r.body) as? [String: Any])?["points"] as? [[Double]] ?? []
                #expect(points.count == 2000)
                let outside = points.filter { !kursk.contains(GeoPoint(latitude: $0[0], longitude: $0[1])) && kursk.distanceMeters(GeoPoint(latitude: $0[0], longitude: $0[1])) > 50 }
                #expect(outside.count == 0, "sites outside the edited territory")
            }
        }
    }

    @Test func analysisRoutes() async throws {
        let s = try await Self.setup()
        try await s.app.test(.router) { client in
            try await create(client, s.token)
            let reach: [String: Any] = ["item": "atacms-m39a1", "date": "2024-11-20", "within": "RU", "sites": ["count": 2000, "seed": 1], "tolerance_m": 10]
            try await client.execute(uri: "/api/scenarios/ukraine-2024/reach", method: .post, body: Self.json(reach)) { r in
                let o = Self.parse(r.body) as? [String: Any]
                let report = o?["report"] as? [String: Any]
                #expect(r.status == .ok)
                #expect((report?["in_range_km2"] as? Double ?? 0) > 400_000)
                #expect((report?["permitted_km2"] as? Double ?? 0) > 10_000)
                #expect((o?["site_status"] as? String)?.count == 2000)
                #expect(((o?["zones"] as? [String: Any])?["features"] as? [Any])?.count == 3)
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/sites?item=atacms-m39a1&count=50&within=RU", method: .get) { r in
                #expect(((Self.parse(r.body) as? [String: Any])?["points"] as? [Any])?.count == 50)
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/timeline", method: .post, body: Self.json(["item": "gmlrs", "date": "2024-06-10", "within": "RU", "tolerance_m": 10])) { r in
                #expect(((Self.parse(r.body) as? [Any])?.count ?? 0) >= 3)
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/compare", method: .post, body: Self.json(["item": "atacms-m39a1", "date": "2024-09-12", "variant_b": "full-lift", "within": "RU", "tolerance_m": 10])) { r in
                #expect(((Self.parse(r.body) as? [String: Any])?["only_b_km2"] as? Double ?? 0) > 400_000)
            }
            for (body, field) in [(["item": "atacms-m39a1", "date": "2024-11-31"], "date"), (["item": "nope", "date": "2024-11-20"], "item"),
                                  (["item": "atacms-m39a1", "date": "2024-11-20", "within": "Atlantis"], "within"),
                                  (["item": "atacms-m39a1", "date": "2024-11-20", "tolerance_m": 0], "tolerance_m")] as [([String: Any], String)] {
                try await client.execute(uri: "/api/scenarios/ukraine-2024/reach", method: .post, body: Self.json(body)) { r in expectError(r, .badRequest, field: field, "\(field)") }
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/reach", method: .post, body: Self.json(["item": "atacms-m39a1", "date": "2024-11-20", "sites": ["count": 0]])) { r in expectError(r, .badRequest, field: "sites.count") }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/compare", method: .post, body: Self.json(["item": "atacms-m39a1", "date": "2024-09-12"])) { r in expectError(r, .badRequest, field: "variant_b") }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/sites?item=atacms-m39a1&count=many", method: .get) { r in expectError(r, .badRequest, field: "count") }
        }
    }

    @Test func mapAndWebRoutes() async throws {
        let s = try await Self.setup()
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/api/borders?view=de-jure", method: .get) { r in
                #expect(((Self.parse(r.body) as? [String: Any])?["features"] as? [Any])?.count ?? 0 >= 10)
            }
            try await client.execute(uri: "/api/borders?view=sideways", method: .get) { r in expectError(r, .badRequest, field: "view") }
            try await client.execute(uri: "/", method: .get) { r in #expect(String(buffer: r.body).contains("/static/leaflet/leaflet.js")) }
            try await client.execute(uri: "/app.js", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/app.css", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/openapi.json", method: .get) { r in #expect((Self.parse(r.body) as? [String: Any])?["openapi"] as? String == "3.1.0") }
            try await client.execute(uri: "/static/leaflet/leaflet.js", method: .get) { r in #expect(r.status == .ok && r.body.readableBytes > 100_000) }
            try await client.execute(uri: "/static/leaflet/images/layers.png", method: .get) { r in #expect(r.status == .ok) }
            // Every file Debian's package ships comes with a media type, source maps and brotli copies too.
            try await client.execute(uri: "/static/leaflet/leaflet.min.js.map", method: .get) { r in
                #expect(r.status == .ok && r.headers[.contentType] == "application/json")
            }
            try await client.execute(uri: "/static/leaflet/leaflet.min.js.brotli", method: .get) { r in
                #expect(r.status == .ok && r.headers[.contentType] == "application/octet-stream")
            }
            try await client.execute(uri: "/app.js", method: .get) { r in #expect(r.headers[.cacheControl] == "no-cache") }
            // A path that climbs out of the served folder is refused (FileMiddleware: 400), in the JSON error shape.
            try await client.execute(uri: "/static/leaflet/..%2Fetc", method: .get) { r in expectError(r, .badRequest) }
            try await client.execute(uri: "/static/leaflet/..%2F..%2F..%2Fetc%2Fpasswd", method: .get) { r in expectError(r, .badRequest) }
            // A Leaflet file that is not there says what to install.
            try await client.execute(uri: "/static/leaflet/no-such-file.js", method: .get) { r in
                expectError(r, .notFound)
                #expect(String(buffer: r.body).contains("libjs-leaflet"))
            }
            try await client.execute(uri: "/no-such-page.html", method: .get) { r in expectError(r, .notFound) }
            try await client.execute(uri: "/api/health", method: .get) { r in #expect(String(buffer: r.body) == "ok") }
        }
    }

    /// Every path in the OpenAPI document answers (not 404) for a well-formed request.
    @Test func openAPIPathsAreServed() async throws {
        let s = try await Self.setup()
        try await s.app.test(.router) { client in
            try await create(client, s.token)
            let doc = try await client.execute(uri: "/openapi.json", method: .get) { r in Self.parse(r.body) as! [String: Any] }
            let paths = (doc["paths"] as! [String: [String: Any]])
            for (path, operations) in paths {
                let concrete = path.replacingOccurrences(of: "{id}", with: "ukraine-2024").replacingOccurrences(of: "{file}", with: path.contains("images") ? "layers.png" : "leaflet.css")
                for method in operations.keys {
                    let m: HTTPRequest.Method = method == "get" ? .get : (method == "post" ? .post : .put)
                    try await client.execute(uri: concrete + (concrete.hasSuffix("consents") || concrete.hasSuffix("sites") ? "?item=gmlrs&recipient=UA" : ""), method: m,
                                             headers: [.authorization: "Bearer \(s.token)"], body: m == .get ? nil : Self.json(["item": "gmlrs", "date": "2024-06-10", "variant_b": "full-lift", "yaml": Self.flagshipYAML, "recipient": "UA", "use": "strike", "target": ["lat": 50.6, "lon": 36.8, "category": "military"]])) { r in
                        #expect(r.status != .notFound, "\(method) \(path)")
                        #expect(r.status.code < 500, "\(method) \(path)")
                    }
                }
            }
        }
    }

    @Test func liveOnARandomPort() async throws {
        let s = try await Self.setup()
        try await s.app.test(.live) { client in
            try await create(client, s.token)
            try await client.execute(uri: "/api/scenarios/ukraine-2024/decide", method: .post,
                                     body: Self.json(["recipient": "UA", "item": "gmlrs", "use": "strike", "date": "2024-06-10", "target": ["lat": 50.6, "lon": 36.8, "category": "military"]])) { r in
                #expect((Self.parse(r.body) as? [String: Any])?["decision"] as? String == "permit")
            }
        }
    }

    @Test func auditVerifyFindsTheFirstBrokenRecord() async throws {
        let s = try await Self.setup()
        try await s.app.test(.router) { client in try await create(client, s.token) }
        #expect(try s.database.verifyAudit().broken == nil)
        try await s.database.pool.write { db in try db.execute(sql: "UPDATE audit SET detail = 'tampered' WHERE seq = 2") }
        let result = try s.database.verifyAudit()
        #expect(result.broken?.seq == 2)
        #expect(result.broken?.reason.contains("altered") == true)
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
