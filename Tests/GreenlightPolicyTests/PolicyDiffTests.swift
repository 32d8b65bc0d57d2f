import Foundation
import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy
import Testing

/// `diff` held against an independent brute-force sampler: random requests within the item's reach,
/// decided by the reference evaluator (written from the decision semantics, not calling the kernel)
/// under both sides. The sampler's relation must be the diff's verdict, every witness must re-decide
/// as claimed (by `decide` and by the reference), and equivalent pairs must show no difference.
@Suite struct PolicyDiffTests {
    static let constructed = ProjectPaths.fixture("diff/constructed.yaml")
    static let flagship = ProjectPaths.packageRoot.appendingPathComponent("Scenarios/ukraine-2024-2025/scenario.yaml")

    /// What the sampler saw: requests where only A permits, only B permits, and how many were compared.
    struct Tally { var aOnly = 0, bOnly = 0, compared = 0 }

    /// Random requests (point within `rangeKm` of the recipient's country by the reference's own
    /// distance, date, category, use), decided by the reference under both variants.
    static func sample(_ scenario: Scenario, a: String?, b: String?, item: String, recipient: String, count: Int, seed: UInt64) throws -> Tally {
        let ra = try ReferenceEvaluator(scenario: scenario, variant: a), rb = try ReferenceEvaluator(scenario: scenario, variant: b)
        let range = scenario.items[item]!.rangeKm! * 1000
        let launch = try #require(try ReferenceGeography.shared.country(recipient, view: scenario.view))
        let box = launch.boundingBox.expanded(byMeters: range)
        let categories = Set(scenario.policies.flatMap { $0.categories ?? [] } + scenario.variants.values.flatMap { $0.add.flatMap { $0.categories ?? [] } }).sorted()
            + ["civilian/energy", "unlisted"]
        var days = [CalendarDay("2023-12-01")!]
        while days.last! < CalendarDay("2026-03-01")! { days.append(days.last!.next) }
        var rng = SplitMix64(seed: seed)
        var tally = Tally()
        while tally.compared < count {
            let p = GeoPoint(latitude: box.south + (box.north - box.south) * rng.unit(), longitude: box.west + (box.east - box.west) * rng.unit())
            guard ReferenceEvaluator.distance(.polygon(launch, label: recipient), p) <= range else { continue }
            let day = days[rng.below(days.count)]
            let request = UseRequest(recipient: recipient, item: item, use: rng.next() % 8 == 0 ? "other-use" : "strike", date: day,
                                     target: .init(point: p, category: categories[rng.below(categories.count)]))
            let pa = permits(ra.evaluate(request)), pb = permits(rb.evaluate(request))
            if pa && !pb { tally.aOnly += 1 }
            if pb && !pa { tally.bOnly += 1 }
            tally.compared += 1
        }
        return tally
    }

    static func permits(_ a: ReferenceEvaluator.Answer) -> Bool {
        if case let .decided(_, missing) = a.outcome { return missing.isEmpty }
        return false
    }

    /// The diff of two variants, its verdict against the sampler's, and every witness re-decided.
    static func check(_ url: URL, a: String?, b: String?, items: [String], expected: DiffVerdict, samples: Int) throws {
        let scenario = try ScenarioLoader.load(contentsOf: url)
        let ea = try PolicyEngine(scenario: scenario, variant: a), eb = try PolicyEngine(scenario: scenario, variant: b)
        let diff = try PolicyDiff.compare(DiffSide(engine: ea, date: nil, label: a ?? "as written"), DiffSide(engine: eb, date: nil, label: b ?? "as written"),
                                          scope: DiffScope(items: items))
        #expect(diff.verdict == expected, "\(url.lastPathComponent) \(a ?? "-") vs \(b ?? "-")")
        // Every witness differs as claimed, re-decided by the kernel and by the reference evaluator.
        let ra = try ReferenceEvaluator(scenario: scenario, variant: a), rb = try ReferenceEvaluator(scenario: scenario, variant: b)
        var witnesses = 0
        for row in diff.rows {
            #expect(row.notes.isEmpty, "\(row.notes)")
            for (w, aPermits) in [(row.aOnlyWitness, true), (row.bOnlyWitness, false)] {
                guard let w else { continue }
                witnesses += 1
                let request = UseRequest(recipient: w.recipient, item: w.item, use: w.use, date: w.date,
                                         target: .init(point: GeoPoint(latitude: w.lat, longitude: w.lon), category: w.category))
                #expect(try ea.decide(request).decision == (aPermits ? .permit : .deny))
                #expect(try eb.decide(request).decision == (aPermits ? .deny : .permit))
                #expect(permits(ra.evaluate(request)) == aPermits && permits(rb.evaluate(request)) == !aPermits, "witness \(w.lat),\(w.lon) \(w.date)")
                #expect(w.insetM >= 1_000, "witness only \(w.insetM) m inside")
            }
            #expect((row.aOnlyWitness != nil) == (row.aOnlyKm2 > 0) && (row.bOnlyWitness != nil) == (row.bOnlyKm2 > 0))
        }
        #expect((witnesses > 0) == (expected != .equivalent))
        // The sampler's relation.
        var tally = Tally()
        for item in items {
            let recipients = Set(scenario.transfers.filter { $0.item == item }.map(\.to)).sorted()
            for r in recipients {
                let t = try sample(scenario, a: a, b: b, item: item, recipient: r, count: samples / (items.count * recipients.count), seed: 0x5eed + UInt64(item.count))
                tally.aOnly += t.aOnly; tally.bOnly += t.bOnly; tally.compared += t.compared
            }
        }
        print("diff \(url.lastPathComponent) \(a ?? "as written") vs \(b ?? "as written"): \(diff.verdict.rawValue), \(diff.rows.count) rows, \(witnesses) witnesses; sampler \(tally.compared) requests: A only \(tally.aOnly), B only \(tally.bOnly)")
        #expect(DiffVerdict.from(aOnly: tally.aOnly > 0, bOnly: tally.bOnly > 0) == expected, "sampler: A only \(tally.aOnly), B only \(tally.bOnly)")
    }

    @Test func constructedPairs() throws {
        // An area split into two permits with the same union: equivalent, and no difference on 100,000 requests.
        try Self.check(Self.constructed, a: "split", b: nil, items: ["rocket"], expected: .equivalent, samples: 100_000)
        try Self.check(Self.constructed, a: "shorter", b: nil, items: ["rocket"], expected: .narrower, samples: 20_000)
        try Self.check(Self.constructed, a: nil, b: "shorter", items: ["rocket"], expected: .wider, samples: 20_000)
        try Self.check(Self.constructed, a: "elsewhere", b: nil, items: ["rocket"], expected: .incomparable, samples: 60_000)
        try Self.check(Self.constructed, a: "forbid", b: nil, items: ["rocket"], expected: .narrower, samples: 60_000)
    }

    @Test func flagshipVariantPairs() throws {
        let items = ["atacms-m39a1", "storm-shadow"]
        try Self.check(Self.flagship, a: nil, b: "full-lift", items: items, expected: .narrower, samples: 20_000)
        try Self.check(Self.flagship, a: "kursk-only-2024-09", b: nil, items: items, expected: .wider, samples: 20_000)
        try Self.check(Self.flagship, a: "us-lift-atacms-only", b: "full-lift", items: items, expected: .narrower, samples: 20_000)
        // The contested readings of 2024: the wider area, the later UK consent, Barrot read broadly.
        // GB's later consent permits nothing less: before 2024-11-20 the US permitted Storm Shadow in
        // Ukraine only, where GB consented from the delivery, so the two readings differ only in who
        // is missing from a refusal.
        try Self.check(Self.flagship, a: "kursk-and-around", b: nil, items: items, expected: .wider, samples: 5_000)
        try Self.check(Self.flagship, a: "gb-from-november", b: nil, items: ["storm-shadow"], expected: .equivalent, samples: 5_000)
        try Self.check(Self.flagship, a: "barrot-broad", b: nil, items: ["scalp-eg"], expected: .wider, samples: 5_000)
    }

    @Test func reviewGate() throws {
        let scenario = try ScenarioLoader.load(contentsOf: Self.constructed)
        let base = try PolicyEngine(scenario: scenario), forbid = try PolicyEngine(scenario: scenario, variant: "forbid")
        let diff = try PolicyDiff.compare(DiffSide(engine: forbid, date: nil, label: "forbid"), DiffSide(engine: base, date: nil, label: "as written"))
        #expect(!diff.fails(.wider) && diff.fails(.narrower) && diff.fails(.different))
        // One file at two dates: the permit from 2024-03-01 is wider than nothing before it.
        let dates = try PolicyDiff.compare(DiffSide(engine: base, date: CalendarDay("2024-04-01")!, label: "April"),
                                           DiffSide(engine: base, date: CalendarDay("2024-02-01")!, label: "February"))
        #expect(dates.verdict == .wider && dates.rows.allSatisfy { $0.from == nil && $0.until == nil })
        #expect(dates.rows.contains { $0.aOnlyWitness?.dateB == CalendarDay("2024-02-01")! })
    }
}

extension DiffVerdict {
    static func from(aOnly: Bool, bOnly: Bool) -> DiffVerdict {
        switch (aOnly, bOnly) {
        case (false, false): return .equivalent
        case (false, true): return .narrower
        case (true, false): return .wider
        case (true, true): return .incomparable
        }
    }
}
