import Foundation

/// Locations of the package, its fixtures and the shared material beside the checkout.
enum ProjectPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `shared/` beside the checkout (GREENLIGHT_SHARED overrides).
    static let shared = ProcessInfo.processInfo.environment["GREENLIGHT_SHARED"].map { URL(fileURLWithPath: $0) }
        ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    static func fixture(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name)
    }
}
