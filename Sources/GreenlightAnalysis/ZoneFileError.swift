/// Why zones cannot be written as a file: features the format cannot represent (unclosed ring,
/// non-finite number, properties that differ between features in a GeoPackage…).
public struct ZoneFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): \(message)" }
}
