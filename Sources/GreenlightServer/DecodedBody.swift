import Foundation
import GreenlightPolicy
import Hummingbird

/// A JSON request body decoded into `T`, with the API's errors instead of Foundation's text or
/// Hummingbird's bare 400: a syntax error gives its line and column (code `invalid_syntax`, from the
/// same parser as decide bodies); a missing member or one of the wrong kind gives its path as `field`
/// (codes `missing_key`, `invalid_type`).
func decodedBody<T: Decodable>(_ type: T.Type, from request: Request, context: GreenlightRequestContext) async throws -> T {
    let buffer = try await request.body.collect(upTo: context.maxUploadSize)
    _ = try JSONValue(requestBody: buffer)
    do {
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    } catch let error as DecodingError {
        throw APIError(.input(error.code), "request body: \(error.summary)", field: error.field)
    }
}
