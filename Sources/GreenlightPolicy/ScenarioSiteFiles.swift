import Foundation

/// The scenario's `site_files:` — the same sites at two times, for the report's section on sites that
/// moved: which left or came into range and the permitted zone. Paths are relative to the scenario
/// file and followed as its other file references are (``FileReferences``); the files are read when
/// the report is written, not when the scenario loads.
public struct ScenarioSiteFiles: Sendable {
    public var before: URL
    public var after: URL
    /// The paths as the scenario writes them (what the report shows).
    public var beforePath: String
    public var afterPath: String
    /// Whether the author declares the sites synthetic (the report says which they are).
    public var synthetic: Bool
    /// Where the key is, for messages about the files.
    public var location: SourceLocation

    public init(before: URL, after: URL, beforePath: String, afterPath: String, synthetic: Bool, location: SourceLocation) {
        self.before = before; self.after = after; self.beforePath = beforePath; self.afterPath = afterPath
        self.synthetic = synthetic; self.location = location
    }
}
