import ArgumentParser

struct Geo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exact WGS84 geodesy: inverse problems, distances to areas, areas.",
        subcommands: [GeoInverse.self, GeoDistance.self, GeoArea.self]
    )
}
