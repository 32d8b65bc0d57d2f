import Foundation
import Hummingbird

/// Every error leaves the server in one JSON shape, `{"error": {"code", "status", "message", "field"}}`:
/// the framework's own errors (unrouted paths and methods: 404, bodies over the limit: 413, decoding
/// failures: 400) are turned into `APIError`s here, so that no 4xx goes out with an empty body.
/// Added first, so that it wraps every other middleware and route.
struct JSONErrorMiddleware: RouterMiddleware {
    typealias Context = GreenlightRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError {
            throw APIError(error.status, error.body ?? error.status.reasonPhrase)
        } catch let error as HTTPResponseError {
            throw APIError(error.status, error.status == .contentTooLarge ? "the request body is larger than \(context.maxUploadSize) bytes" : error.status.reasonPhrase)
        } catch let error as DecodingError {
            throw APIError.badRequest("the request body is not the JSON expected: \(error.summary)", field: error.field)
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

    var summary: String {
        switch self {
        case let .keyNotFound(key, _): return "missing key '\(key.stringValue)'"
        case let .typeMismatch(type, c): return "expected \(type) (\(c.debugDescription))"
        case let .valueNotFound(type, c): return "expected \(type), found null (\(c.debugDescription))"
        case let .dataCorrupted(c): return c.debugDescription
        @unknown default: return "\(self)"
        }
    }
}
