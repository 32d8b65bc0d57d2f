// swift-tools-version: 6.2
// libFuzzer targets for Greenlight's input readers, in a package of their own so that the main build
// is untouched: `swift build --package-path fuzz --scratch-path .build-fuzz -c release
// --sanitize=fuzzer --sanitize=address` instruments these targets and everything they link
// (scripts/fuzz.sh does this and runs them; docs/fuzzing.md).
import PackageDescription

// `-parse-as-library`: each target's file defines `LLVMFuzzerTestOneInput` and no top-level code;
// libFuzzer's own `main` drives it.
let fuzzTarget: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "GreenlightFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Greenlight", path: ".."),
    ],
    targets: [
        // Scenario files and case files (YAML): ScenarioLoader and CaseFile, every input to both.
        .executableTarget(
            name: "FuzzPolicyFiles",
            dependencies: [.product(name: "GreenlightPolicy", package: "Greenlight"), .product(name: "GreenlightGeodesy", package: "Greenlight")],
            swiftSettings: fuzzTarget
        ),
        // GeoJSON areas and lines: GeoJSONReader (fast and precise paths) and the geometry built from it.
        .executableTarget(
            name: "FuzzGeoJSON",
            dependencies: [.product(name: "GreenlightGeodesy", package: "Greenlight")],
            swiftSettings: fuzzTarget
        ),
        // The server's request-body parser (`JSONValue`, the decide hot path). The server module is not
        // a product and links Hummingbird, NIO and GRDB; this target compiles the parser's own file
        // (a symlink to Sources/GreenlightServer/JSONValue.swift, which imports nothing) instead.
        .executableTarget(
            name: "FuzzRequestBody",
            swiftSettings: fuzzTarget
        ),
        // Site files: SiteReader on CSV and on GeoJSON (the streamed reader), with and without ids required.
        .executableTarget(
            name: "FuzzSites",
            dependencies: [.product(name: "GreenlightAnalysis", package: "Greenlight")],
            swiftSettings: fuzzTarget
        ),
    ],
    swiftLanguageModes: [.v6]
)
