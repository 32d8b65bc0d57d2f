// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Greenlight",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "greenlight", targets: ["greenlight"]),
        .executable(name: "greenlight-bench", targets: ["GreenlightBench"]),
        .library(name: "GreenlightGeodesy", targets: ["GreenlightGeodesy"]),
        .library(name: "GreenlightPolicy", targets: ["GreenlightPolicy"]),
        .library(name: "GreenlightAnalysis", targets: ["GreenlightAnalysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CProj", path: "Sources/CProj"),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),
        .systemLibrary(name: "CGEOS", path: "Sources/CGEOS"),
        .target(
            name: "GreenlightGeodesy",
            dependencies: ["CProj", "CGEOS", "CCrypto"],
            resources: [.copy("Resources/naturalearth")]
        ),
        .target(
            name: "GreenlightPolicy",
            dependencies: ["GreenlightGeodesy", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "GreenlightAnalysis",
            dependencies: ["GreenlightGeodesy", "GreenlightPolicy", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "GreenlightServer",
            dependencies: [
                "GreenlightGeodesy", "GreenlightPolicy", "GreenlightAnalysis", "CCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Web")]
        ),
        .executableTarget(
            name: "greenlight",
            dependencies: [
                "GreenlightGeodesy", "GreenlightPolicy", "GreenlightAnalysis", "GreenlightServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "GreenlightBench",
            dependencies: ["GreenlightGeodesy", "GreenlightPolicy", "GreenlightAnalysis", "GreenlightServer"],
            path: "bench/Sources/GreenlightBench"
        ),
        .testTarget(
            name: "GreenlightGeodesyTests",
            dependencies: ["GreenlightGeodesy"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "GreenlightAnalysisTests",
            dependencies: ["GreenlightAnalysis"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "GreenlightServerTests",
            dependencies: ["GreenlightServer", "GreenlightAnalysis", .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(
            name: "GreenlightPolicyTests",
            // GreenlightAnalysis for the diff tests, which hold `diff` against the reference evaluator.
            dependencies: ["GreenlightPolicy", "GreenlightAnalysis"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
