import Foundation
import Hummingbird

/// Writes need a bearer token (stored hashed); reads are open unless the server is private. Also caps
/// the size of the request line (query) — bodies are capped by the request context.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = GreenlightRequestContext
    let store: ScenarioStore
    let isPrivate: Bool
    static let maximumURILength = 4096

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.description.utf8.count > Self.maximumURILength {
            throw APIError(.uriTooLong, "the request URI is longer than \(Self.maximumURILength) bytes")
        }
        var context = context
        let isWrite = request.method != .get && request.method != .head && request.method != .options
        let isReadOfAPI = request.uri.path.hasPrefix("/api/")
        // Decisions and analyses are reads even though they are POSTed (their bodies are queries).
        let isQuery = request.method == .post && ["/decide", "/reach", "/timeline", "/compare"].contains { request.uri.path.hasSuffix($0) }
        let needsToken = (isWrite && !isQuery) || (isPrivate && (isReadOfAPI || isQuery))
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "), let owner = try store.tokenOwner(String(header.dropFirst(7))) else {
                throw APIError(.unauthorized, "invalid bearer token", field: "Authorization")
            }
            context.actor = owner
        } else if needsToken {
            throw APIError(.unauthorized, "this request needs 'Authorization: Bearer TOKEN' (create one with greenlight token create)", field: "Authorization")
        }
        return try await next(request, context)
    }
}
