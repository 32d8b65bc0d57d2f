import GreenlightPolicy

/// Every bad line of a site file, found in one pass: the first `limit` with their line numbers, then
/// how many more there were. Nothing is classified or written from a file that has any.
public struct SiteFileErrors: Error, Sendable, CustomStringConvertible {
    public static let limit = 20
    public private(set) var errors: [InputError] = []
    /// Bad lines after the first `limit`.
    public private(set) var more = 0
    let file: String

    init(file: String) { self.file = file }

    var isEmpty: Bool { errors.isEmpty }

    mutating func add(_ error: InputError) {
        if errors.count < Self.limit { errors.append(error) } else { more += 1 }
    }

    public var description: String {
        let total = errors.count + more
        var lines = errors.map(\.description)
        if more > 0 { lines.append("\(file): \(more) more bad line\(more == 1 ? "" : "s") not shown (\(total) in all)") }
        return lines.joined(separator: "\n")
    }
}
