import Foundation
import GreenlightPolicy
import Hummingbird

/// An error answered as JSON: `{"error": {"status", "message", "field"}}` — every invalid request gets
/// a 4xx naming the field, never a 5xx.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var field: String?

    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil) {
        self.status = status
        // Room for every error of one scenario, never megabytes of echoed input.
        self.message = message.utf8.count > Self.maximumMessageLength ? EchoedText.truncated(message, limit: Self.maximumMessageLength) : message
        self.field = field.map { EchoedText.capped($0) }
    }

    /// Characters of a message past which it is cut.
    public static let maximumMessageLength = 8000

    /// A code a client can match: the status's reason in snake case ("bad_request", "not_found",
    /// "content_too_large", "unauthorized").
    public var code: String {
        status.reasonPhrase.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    public static func badRequest(_ message: String, field: String? = nil) -> APIError { APIError(.badRequest, message, field: field) }
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }

    /// The JSON body, `{"error": {"code", "status", "message", "field"}}` (no `field` when none is at fault).
    public var jsonBody: Data {
        var error: [String: Any] = ["code": code, "status": Int(status.code), "message": message]
        if let field { error["field"] = field }
        // Only strings and an integer: serialisation cannot fail.
        return try! JSONSerialization.data(withJSONObject: ["error": error], options: [.sortedKeys, .withoutEscapingSlashes])
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: jsonBody)))
    }
}

/// Request context with the server's body size limit.
public struct GreenlightRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who is asking: the token's owner, or "anonymous" for open reads.
    public var actor = "anonymous"
    /// Whether the request carried a valid bearer token (set by ``BearerTokenMiddleware``).
    public var isAuthenticated = false
    public var maxUploadSize: Int { 1 << 20 }
    public init(source: Source) { coreContext = .init(source: source) }
}

/// JSON responses from Encodable values.
struct JSONBody<T: Encodable & Sendable>: ResponseGenerator, Sendable {
    var value: T
    var status: HTTPResponse.Status = .ok
    init(_ value: T, status: HTTPResponse.Status = .ok) { self.value = value; self.status = status }
    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
