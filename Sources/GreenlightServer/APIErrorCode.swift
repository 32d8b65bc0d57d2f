import GreenlightPolicy
import HTTPTypes

/// The `code` of an API error, which a client matches on: the code of the input error (the loader's,
/// the kernel's, the site reader's, the file-reference confinement's), or one of the server's own.
/// The HTTP status follows from it (``status``); the table is in `docs/errors.md`.
public enum APIErrorCode: Hashable, Sendable {
    /// An invalid request value or uploaded document, with the library's code.
    case input(InputError.Code)
    /// No such scenario or version, or no route for the path.
    case notFound
    /// A route exists for the path, but not for the method.
    case methodNotAllowed
    /// A missing or invalid bearer token.
    case unauthorized
    /// A scenario id that is already taken, or a write that lost a race.
    case conflict
    /// A request body over the server's limit (1 MiB).
    case contentTooLarge
    /// A request URI over the server's limit.
    case uriTooLong
    /// A request the HTTP layer could not read: a bad `Content-Length`, oversized or invalid headers.
    case malformedRequest
    /// A request body that did not arrive in time.
    case requestTimeout
    /// A fault of the server or its reference data, not of the request.
    case internalError

    /// The server's own codes (those that are no ``InputError/Code``).
    public static let serverCodes: [APIErrorCode] = [.notFound, .methodNotAllowed, .unauthorized, .conflict, .contentTooLarge, .uriTooLong,
                                                     .malformedRequest, .requestTimeout, .internalError]

    /// Every code an API error can carry.
    public static var allCases: [APIErrorCode] { InputError.Code.allCases.map(APIErrorCode.input) + serverCodes }

    /// The string in the JSON body's `code`.
    public var rawValue: String {
        switch self {
        case .input(let code): code.rawValue
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .unauthorized: "unauthorized"
        case .conflict: "conflict"
        case .contentTooLarge: "content_too_large"
        case .uriTooLong: "uri_too_long"
        case .malformedRequest: "malformed_request"
        case .requestTimeout: "request_timeout"
        case .internalError: "internal_error"
        }
    }

    /// The status an error with this code is answered with. Input errors are 400 (the request is
    /// wrong); an uploaded scenario that parses but is invalid is answered 422 instead, by
    /// ``APIError/init(uploaded:field:)``.
    public var status: HTTPResponse.Status {
        switch self {
        case .input: .badRequest
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .unauthorized: .unauthorized
        case .conflict: .conflict
        case .contentTooLarge: .contentTooLarge
        case .uriTooLong: .uriTooLong
        case .malformedRequest: .badRequest
        case .requestTimeout: .requestTimeout
        case .internalError: .internalServerError
        }
    }

    /// The code of an error the framework raised with only a status (an unrouted path, a body over
    /// the limit): the one place where a status leads to a code rather than the other way round.
    init(frameworkStatus status: HTTPResponse.Status) {
        switch status {
        case .notFound: self = .notFound
        case .methodNotAllowed: self = .methodNotAllowed
        case .unauthorized: self = .unauthorized
        case .conflict: self = .conflict
        case .contentTooLarge: self = .contentTooLarge
        case .uriTooLong: self = .uriTooLong
        case .requestTimeout: self = .requestTimeout
        default: self = status.kind == .serverError ? .internalError : .malformedRequest
        }
    }
}
