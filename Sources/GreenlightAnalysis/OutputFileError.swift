/// Why an output cannot be written, naming the path: a folder where a file was asked for, a missing
/// folder, or features a format cannot represent (an unclosed ring, a non-finite number, properties
/// that differ between features in a GeoPackage…).
public struct OutputFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): \(message)" }
}
