import Foundation
import Testing
import GreenlightGeodesy
@testable import GreenlightPolicy

/// Folding a region formula (constants out, nested and/or flattened, repeated fields dropped, shared
/// conjuncts factored out) must never change the region: the folded formula holds exactly where the
/// original does, for every assignment of signs to its fields.
@Suite struct FormulaSimplificationTests {
    /// Six distinct fields (circles about different centres, and one centre with two radii).
    static let fields: [RegionFormula] = [
        (50.0, 36.0, 84_000.0), (51.0, 35.0, 84_000), (50.0, 36.0, 120_000), (52.0, 34.0, 10_000), (49.0, 37.0, 300_000), (53.0, 33.0, 1_000),
    ].map { .field(RegionFormula.Field(shape: .circle(GeoPoint(latitude: $0.0, longitude: $0.1)), offsetMeters: $0.2)) }

    /// A random formula of the given depth over `fields`, with constants, repeats and shared conjuncts.
    static func randomFormula(depth: Int, _ rng: inout SplitMix64) -> RegionFormula {
        if depth == 0 || Int.random(in: 0..<4, using: &rng) == 0 {
            return Int.random(in: 0..<12, using: &rng) == 0 ? .constant(Bool.random(using: &rng)) : fields.randomElement(using: &rng)!
        }
        let parts = (0..<Int.random(in: 1...4, using: &rng)).map { _ in randomFormula(depth: depth - 1, &rng) }
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: return .not(parts[0])
        case 1, 2: return .and(parts)
        default:
            // Disjunctions of conjunctions that share a field: the case factoring rewrites.
            if Bool.random(using: &rng) {
                let shared = fields.randomElement(using: &rng)!
                return .or(parts.map { .and([shared, $0]) } + [parts[0]])
            }
            return .or(parts)
        }
    }

    static func occurrences(_ f: RegionFormula) -> Int {
        switch f {
        case .constant: return 0
        case .field: return 1
        case let .not(inner): return occurrences(inner)
        case let .and(parts), let .or(parts): return parts.map(occurrences).reduce(0, +)
        }
    }

    @Test func foldingNeverChangesTheRegion() {
        var rng = SplitMix64(seed: 20261202)
        var rewritten = 0
        for _ in 0..<3_000 {
            let original = Self.randomFormula(depth: 4, &rng)
            let folded = original.simplified { _ in nil }
            if Self.occurrences(folded) < Self.occurrences(original) { rewritten += 1 }
            // Every sign assignment of the six fields (2^6), each field's sign given by its key.
            for assignment in 0..<64 {
                let value: (RegionFormula.Field) -> Double = { f in
                    let k = Self.fields.firstIndex { if case let .field(g) = $0 { return g.key == f.key } else { return false } }!
                    return assignment & (1 << k) != 0 ? -1 : 1
                }
                #expect(folded.evaluate(value) == original.evaluate(value), "\(original) folded to \(folded), assignment \(assignment)")
            }
        }
        // The rewrites were exercised, not only the identity.
        #expect(rewritten > 1_000)
    }

    /// The flagship's shape: a permit in Ukraine, one within 84 km of Kharkiv in Russia, one within
    /// 84 km of Kharkiv or Sumy in Russia, one in Kursk. Folded, each field appears once.
    @Test func permitsThatNarrowOneTerritoryShareIt() {
        let ua = Self.fields[0], ru = Self.fields[1], kharkiv = Self.fields[2], sumy = Self.fields[3], kursk = Self.fields[4]
        let permits = RegionFormula.or([ua, .and([ru, kharkiv]), .and([ru, .or([kharkiv, sumy])]), kursk])
        let folded = permits.simplified { _ in nil }
        #expect(Self.occurrences(permits) == 7)
        #expect(Self.occurrences(folded) == 5, "\(folded)")
    }
}
