import Foundation
import GreenlightPolicy
import Hummingbird
import NIOCore

/// An error answered as JSON: `{"error": {"code", "status", "message", "field"}}` — every invalid
/// request gets a 4xx with a matchable ``APIErrorCode`` and, when one value is at fault, its `field`;
/// both come from the typed error, never from its message.
public struct APIError: HTTPResponseError, Sendable {
    public var code: APIErrorCode
    public var status: HTTPResponse.Status
    public var message: String
    public var field: String?

    /// An error with `code`, answered with the code's status unless `status` is given.
    public init(_ code: APIErrorCode, _ message: String, field: String? = nil, status: HTTPResponse.Status? = nil) {
        self.code = code
        self.status = status ?? code.status
        // Room for every error of one scenario, never megabytes of echoed input.
        self.message = message.utf8.count > Self.maximumMessageLength ? EchoedText.truncated(message, limit: Self.maximumMessageLength) : message
        self.field = field.map { EchoedText.capped($0) }
    }

    /// An invalid request value (the kernel's request validation, a request's area or date): 400
    /// with the error's code and field, and its message (the scenario's place in it when it has one,
    /// such as the policy that needs a target).
    public init(_ error: InputError) {
        self.init(.input(error.code), error.location.line > 0 ? error.description : error.message, field: error.field)
    }

    /// An uploaded scenario (field `field`) that does not load: 422 with the first error's code and
    /// every error at its line and column, or 400 when it names a file the server may not read (the
    /// request itself asks for what is refused).
    public init(uploaded errors: InputErrors, field: String) {
        let refused = errors.first(.fileReferenceRefused) != nil
        self.init(.input(refused ? .fileReferenceRefused : errors.code), errors.description, field: field,
                  status: refused ? .badRequest : .unprocessableContent)
    }

    /// Characters of a message past which it is cut.
    public static let maximumMessageLength = 8000

    /// No such scenario or version (code `not_found`, 404).
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }

    /// The JSON body, `{"error": {"code", "status", "message", "field"}}` (no `field` when none is at fault).
    public var jsonBody: Data {
        var error: [String: Any] = ["code": code.rawValue, "status": Int(status.code), "message": message]
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
    /// The event loop of the request's connection: work finished elsewhere for this request (its audit
    /// record) resumes it there, so that its answer is written on the connection's own loop.
    public let eventLoop: any EventLoop
    public init(source: Source) {
        coreContext = .init(source: source)
        eventLoop = source.channel.eventLoop
    }
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
