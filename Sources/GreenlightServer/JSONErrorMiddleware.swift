import Foundation
import GreenlightPolicy
import Hummingbird

/// Every error leaves the server in one JSON shape, `{"error": {"code", "status", "message", "field"}}`:
/// the framework's own errors (unrouted paths and methods: 404, bodies over the limit: 413, decoding
/// failures: 400, methods not routed for a path: 405) are turned into `APIError`s here, so that no 4xx
/// goes out with an empty body.
/// Added first, so that it wraps every other middleware and route.
struct JSONErrorMiddleware: RouterMiddleware {
    typealias Context = GreenlightRequestContext
    /// The routes' methods by path, for 405s.
    let routes: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError where error.status == .notFound && !routes.methods(forPath: request.uri.path).isEmpty {
            let allowed = routes.methods(forPath: request.uri.path).map(\.rawValue).joined(separator: ", ")
            var refused = try APIError(.methodNotAllowed, "\(request.method.rawValue) is not routed for \(EchoedText.capped(request.uri.path)) (allowed: \(allowed))")
                .response(from: request, context: context)
            refused.headers[.allow] = allowed
            return refused
        } catch let error as HTTPError {
            throw APIError(APIErrorCode(frameworkStatus: error.status), error.body ?? error.status.reasonPhrase, status: error.status)
        } catch let error as HTTPResponseError {
            throw APIError(APIErrorCode(frameworkStatus: error.status), error.status == .contentTooLarge ? "the request body is larger than \(context.maxUploadSize) bytes" : error.status.reasonPhrase,
                           status: error.status)
        } catch let error as DecodingError {
            throw APIError(.input(error.code), "the request body is not the JSON expected: \(error.summary)", field: error.field)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // Anything else is the server's fault (a database error): the JSON shape, without its text.
            context.logger.warning("request failed: \(String(describing: error))")
            throw APIError(.internalError, "the server could not answer this request")
        }
    }
}

extension DecodingError {
    /// The JSON path of the value at fault, when the decoder knows it.
    var field: String? {
        let path: [any CodingKey]
        switch self {
        case let .keyNotFound(key, c): path = c.codingPath + [key]
        case let .typeMismatch(_, c), let .valueNotFound(_, c), let .dataCorrupted(c): path = c.codingPath
        @unknown default: return nil
        }
        return path.isEmpty ? nil : path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// The input code: a missing member, a value of the wrong kind, or text that is not JSON.
    var code: InputError.Code {
        switch self {
        case .keyNotFound: .missingKey
        case .typeMismatch, .valueNotFound: .invalidType
        case .dataCorrupted(let c): c.codingPath.isEmpty ? .invalidSyntax : .invalid
        @unknown default: .invalid
        }
    }

    /// What is wrong, in the words the decide body's parser uses ("item is required", "sites.count
    /// must be a whole number").
    var summary: String {
        let name = field ?? "the body"
        switch self {
        case .keyNotFound: return "\(name) is required"
        case let .typeMismatch(type, _): return "\(name) must be \(Self.kind(type))"
        case let .valueNotFound(type, _): return "\(name) must be \(Self.kind(type)), found null"
        case let .dataCorrupted(c): return field.map { "\($0): \(c.debugDescription)" } ?? c.debugDescription
        @unknown default: return "\(self)"
        }
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type, is UInt64.Type: "a whole number"
        case is Bool.Type: "true or false"
        default: "an object or list of the documented form"
        }
    }
}
