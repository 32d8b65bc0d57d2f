/// Where in an input file something is: file, line and column (1-based).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) { self.file = file; self.line = line; self.column = column }
    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}

/// An invalid input (scenario, cases or request): where it is and what was expected.
/// Every such error ends a command with exit status 2.
public struct InputError: Error, Sendable, CustomStringConvertible {
    /// What kind of fault (see ``Code``): the CLI's exit status and the API's status and `code` follow it.
    public var code: Code
    public var location: SourceLocation
    public var message: String
    /// The request field at fault, when the input is a request rather than a file (for API errors).
    public var field: String?
    /// Set when the error only follows from an earlier one (a reference to an item, area, state or
    /// policy that failed to load): the loader drops it, so that one fault gives one error.
    var isFollowOn = false
    public init(_ location: SourceLocation, _ message: String, field: String? = nil, code: Code = .invalid) {
        self.code = code
        self.location = location
        // A backstop for values echoed without `EchoedText`: no message runs to megabytes.
        self.message = message.utf8.count > Self.maximumMessageLength ? EchoedText.truncated(message, limit: Self.maximumMessageLength) : message
        self.field = field
    }
    public var description: String { "\(location): \(message)" }

    /// Characters of a message past which it is cut (values in it are capped far below this).
    public static let maximumMessageLength = 1000
}

/// All problems found in one input, reported together so that one run shows every mistake.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [InputError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }

    /// The first error with `code`, if any.
    public func first(_ code: InputError.Code) -> InputError? { errors.first { $0.code == code } }

    /// The code of the first error: what the whole input is answered with (HTTP status and `code`).
    public var code: InputError.Code { errors.first?.code ?? .invalid }
}
