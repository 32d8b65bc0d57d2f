import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy

/// The exit status of an error that ends a command, as `greenlight --help` documents it: 0 success,
/// 1 a check failed, 2 invalid input. Decided by the error's type and code, never by its message.
enum ExitStatus {
    /// Invalid input: a file, option or request that does not follow the format or names nothing.
    static let invalidInput: Int32 = 2

    /// The status for an input error that reached the top of a command; nil for any other error
    /// (ArgumentParser's own handling: 1, or its usage errors, which ``Greenlight/main()`` makes 2).
    static func of(_ error: any Error) -> Int32? {
        switch error {
        case let e as InputError: e.code.exitStatus
        case let e as InputErrors: e.code.exitStatus
        case let e as FileReferenceError: e.code.exitStatus
        case let e as SiteFileErrors: e.errors.first?.code.exitStatus ?? invalidInput
        case is GeoJSONError, is GeometryError, is InvalidInput: invalidInput
        default: nil
        }
    }
}

extension InputError.Code {
    /// Every input code is bad input (exit 2): what differs between codes is the message, and for a
    /// server the HTTP status and field; a check that ran and failed is exit 1, which no input code is.
    var exitStatus: Int32 { ExitStatus.invalidInput }
}
