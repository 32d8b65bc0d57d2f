import Foundation
import Hummingbird

/// Identifies who asks: a request that carries `Authorization: Bearer TOKEN` must name a valid token
/// (stored hashed), whose owner becomes the request's actor. A request without one stays anonymous;
/// whether that is enough is for the route group to say (``RequireTokenMiddleware``).
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = GreenlightRequestContext
    let store: any GreenlightStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.hasPrefix("Bearer "), let owner = try await store.tokenOwner(String(header.dropFirst(7))) else {
            throw APIError(.unauthorized, "invalid bearer token", field: "Authorization")
        }
        var context = context
        context.isAuthenticated = true
        context.actor = owner
        return try await next(request, context)
    }
}

/// The middleware of the route groups that need a token: every write, and every read of a private
/// server. Which routes those are is decided where the routes are grouped, not from the path's text.
struct RequireTokenMiddleware: RouterMiddleware {
    typealias Context = GreenlightRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.isAuthenticated else {
            throw APIError(.unauthorized, "this request needs 'Authorization: Bearer TOKEN' (create one with greenlight token create)", field: "Authorization")
        }
        return try await next(request, context)
    }
}

/// Caps the size of the request line (query): bodies are capped by the request context.
struct URILengthMiddleware: RouterMiddleware {
    typealias Context = GreenlightRequestContext
    static let maximumURILength = 4096

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.description.utf8.count > Self.maximumURILength {
            throw APIError(.uriTooLong, "the request URI is longer than \(Self.maximumURILength) bytes")
        }
        return try await next(request, context)
    }
}
