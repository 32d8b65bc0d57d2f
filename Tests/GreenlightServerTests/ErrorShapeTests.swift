import Foundation
import GreenlightPolicy
import GreenlightServer
import Hummingbird
import HummingbirdTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// One error model over HTTP: the typed code of the loader's or kernel's error is the body's `code`,
/// its field the body's `field`, its status follows from it; and every 4xx, the framework's own
/// included, is the one JSON shape `{"error": {"code", "status", "message", "field"}}`.
@Suite(.serialized) struct ErrorShapeTests {
    /// The same small scenario as in the policy tests' error codes, with an unknown item in its policy:
    /// line 11, `items: [atacms]`, `atacms` at column 53.
    static let badPolicyYAML = """
        greenlight: 1
        states:
          US: {name: United States}
          UA: {name: Ukraine}
        items:
          gmlrs: {origin: US, range_km: 84}
        transfers:
          - {item: gmlrs, from: US, to: UA, date: 2022-06-23}
        jurisdiction: [{rule: supplier}]
        policies:
          - {id: p1, authority: US, effect: permit, items: [atacms], status: official}
        """

    struct Body { var status: Int?; var code: String?; var message: String?; var field: String?; var keys: Set<String> }

    static func body(_ r: TestResponse) -> Body {
        let object = (try? JSONSerialization.jsonObject(with: Data(r.body.readableBytesView))) as? [String: Any]
        let error = object?["error"] as? [String: Any]
        return Body(status: error?["status"] as? Int, code: error?["code"] as? String, message: error?["message"] as? String,
                    field: error?["field"] as? String, keys: Set(error?.keys.map { $0 } ?? []).union(object.map { Set($0.keys) } ?? []))
    }

    /// The shape, the status repeated in the body, a JSON content type, and the code expected.
    static func expect(_ r: TestResponse, _ status: HTTPResponse.Status, _ code: String, field: String? = nil, _ comment: Comment? = nil) -> Body {
        let b = body(r)
        #expect(r.status == status, comment)
        #expect(b.status == Int(status.code) && b.code == code, "\(b) \(comment?.rawValue ?? "")")
        #expect(b.message?.isEmpty == false && b.keys.isSubset(of: ["error", "code", "status", "message", "field"]), comment)
        #expect(b.field == field, "\(b) \(comment?.rawValue ?? "")")
        #expect(r.headers[.contentType]?.hasPrefix("application/json") == true, comment)
        return b
    }

    @Test func anUploadWithAnUnknownItemIsItsCodeAtItsLineAndColumn() async throws {
        let s = try await ServerTests.setup()
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/api/scenarios", method: .post, headers: [.authorization: "Bearer \(s.token)"],
                                     body: ServerTests.json(["id": "x", "yaml": Self.badPolicyYAML])) { r in
                let b = Self.expect(r, .unprocessableContent, "unknown_item", field: "yaml")
                #expect(b.message?.hasPrefix("scenario x:11:53: unknown item 'atacms'") == true, "\(b.message ?? "")")
            }
        }
    }

    @Test func decodedBodiesGiveTheirCodeFieldAndLineAndColumn() async throws {
        let s = try await ServerTests.setup()
        let auth: HTTPFields = [.authorization: "Bearer \(s.token)"]
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/api/scenarios", method: .post, headers: auth, body: ServerTests.json(["id": "ukraine-2024", "yaml": ServerTests.flagshipYAML])) { r in
                #expect(r.status == .created)
            }
            for route in ["reach", "timeline", "compare"] {
                let uri = "/api/scenarios/ukraine-2024/\(route)"
                try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: "{\"item\": \"gmlrs\",\n  \"date\" 2024}")) { r in
                    let b = Self.expect(r, .badRequest, "invalid_syntax", "\(route): a syntax error")
                    #expect(b.message?.contains("line 2, column 10") == true, "\(b.message ?? "")")
                }
                try await client.execute(uri: uri, method: .post, body: ServerTests.json(["date": "2024-09-12"])) { r in
                    _ = Self.expect(r, .badRequest, "missing_key", field: "item", "\(route): no item")
                }
                try await client.execute(uri: uri, method: .post, body: ServerTests.json(["item": "gmlrs", "date": "2024-09-12", "tolerance_m": "ten"])) { r in
                    let b = Self.expect(r, .badRequest, "invalid_type", field: "tolerance_m", "\(route): a string for a number")
                    #expect(b.message == "request body: tolerance_m must be a number", "\(b.message ?? "")")
                }
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/reach", method: .post,
                                     body: ServerTests.json(["item": "gmlrs", "date": "2024-09-12", "sites": ["count": "many"]])) { r in
                _ = Self.expect(r, .badRequest, "invalid_type", field: "sites.count", "a nested member")
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/reach", method: .post, body: ServerTests.json(["item": "taurus", "date": "2024-09-12"])) { r in
                _ = Self.expect(r, .badRequest, "unknown_item", field: "item", "the analysis's own request check")
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024", method: .put, headers: auth, body: ByteBuffer(string: "[]")) { r in
                _ = Self.expect(r, .badRequest, "invalid_type", "an update that is not an object")
            }
            try await client.execute(uri: "/api/scenarios/ukraine-2024/consents?item=GMLRS&recipient=UA", method: .get) { r in
                let b = Self.expect(r, .badRequest, "unknown_item", field: "item", "consents: the kernel's check and its suggestion")
                #expect(b.message?.contains("did you mean 'gmlrs'?") == true, "\(b.message ?? "")")
            }
        }
    }

    @Test func theFrameworksOwnRefusalsHaveTheShape() async throws {
        let s = try await ServerTests.setup()
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/no/such/page", method: .get) { r in _ = Self.expect(r, .notFound, "not_found", "unrouted") }
            try await client.execute(uri: "/api/health", method: .post) { r in
                _ = Self.expect(r, .methodNotAllowed, "method_not_allowed", "health is GET only")
                #expect(r.headers[.allow] == "GET")
            }
            try await client.execute(uri: "/api/scenarios/x/decide", method: .get) { r in
                _ = Self.expect(r, .methodNotAllowed, "method_not_allowed", "a parameterised path")
                #expect(r.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/api/scenarios/x/decide", method: .post, body: ByteBuffer(repeating: 0x20, count: (1 << 20) + 1)) { r in
                _ = Self.expect(r, .contentTooLarge, "content_too_large")
            }
            try await client.execute(uri: "/api/health?" + String(repeating: "q", count: 9000), method: .get) { r in
                _ = Self.expect(r, .uriTooLong, "uri_too_long")
            }
        }
    }

    /// A `Content-Length` the HTTP parser refuses never reaches the router: this needs a socket.
    @Test func aBadContentLengthGetsTheJSONError() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-\(UUID().uuidString).sqlite").path
        let configuration = ServerConfiguration()
        let services = ServerServices(database: try GreenlightDatabase(path: path))
        let app = Application(router: buildRouter(services: services, configuration: configuration), server: buildHTTPServer(configuration: configuration),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // A bad Content-Length, two of them, a header block over the parser's limit (80 KB), a NUL in a header.
            for head in ["POST /api/scenarios/x/decide HTTP/1.1\r\nHost: localhost\r\nContent-Length: nine\r\n\r\n",
                         "POST /api/scenarios/x/decide HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello",
                         "GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Big: \(String(repeating: "a", count: 200 * 1024))\r\n\r\n",
                         "GET /api/health HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ab\u{0}cd\r\n\r\n"] {
                let received = await ReadTimeoutTests.trickled(port: port, prefix: head, trickle: "", giveUp: 3).received
                #expect(received.hasPrefix("HTTP/1.1 400"), "\(received)")
                #expect(received.lowercased().contains("content-type: application/json"), "\(received)")
                #expect(received.contains(#""code":"malformed_request""#) && received.contains(#""status":400"#), "\(received)")
            }
        }
    }

    /// The spec's enum of `code` is exactly the codes the server can answer with.
    @Test func theSpecListsEveryCode() throws {
        let url = ServerTests.packageRoot.appendingPathComponent("Sources/GreenlightServer/Web/openapi.json")
        let spec = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let error = ((((spec?["components"] as? [String: Any])?["schemas"] as? [String: Any])?["Error"] as? [String: Any])?["properties"] as? [String: Any])?["error"] as? [String: Any]
        let code = (error?["properties"] as? [String: Any])?["code"] as? [String: Any]
        let listed = try #require(code?["enum"] as? [String])
        #expect(Set(listed) == Set(APIErrorCode.allCases.map(\.rawValue)) && listed.count == APIErrorCode.allCases.count)
        // And docs/errors.md has a row for each.
        let table = try String(contentsOf: ServerTests.packageRoot.appendingPathComponent("docs/errors.md"), encoding: .utf8)
        for c in listed { #expect(table.contains("| `\(c)` |"), "docs/errors.md: \(c)") }
    }
}
