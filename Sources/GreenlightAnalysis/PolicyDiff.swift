import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// How policy set A relates to policy set B on one question, or overall.
public enum DiffVerdict: String, Sendable, Encodable {
    /// The same region permitted, up to the certified tolerance.
    case equivalent
    /// A permits a strict subset of what B permits.
    case narrower
    /// A permits a strict superset.
    case wider
    /// Each permits somewhere the other does not.
    case incomparable

    init(aOnly: Bool, bOnly: Bool) {
        switch (aOnly, bOnly) {
        case (false, false): self = .equivalent
        case (false, true): self = .narrower
        case (true, false): self = .wider
        case (true, true): self = .incomparable
        }
    }

    /// The verdict of several rows together.
    static func combined(_ verdicts: [DiffVerdict]) -> DiffVerdict {
        DiffVerdict(aOnly: verdicts.contains { $0 == .wider || $0 == .incomparable }, bOnly: verdicts.contains { $0 == .narrower || $0 == .incomparable })
    }
}

/// One side of a diff: a scenario under a variant, and optionally one date for every question
/// (else each question is asked over every interval between change dates).
public struct DiffSide: Sendable {
    public var engine: PolicyEngine
    public var date: CalendarDay?
    public var label: String
    public init(engine: PolicyEngine, date: CalendarDay?, label: String) { self.engine = engine; self.date = date; self.label = label }
}

/// A concrete request inside a difference, with both sides' explained decisions (which differ).
public struct DiffWitness: Sendable, Encodable {
    public var lat: Double, lon: Double
    public var date: CalendarDay
    /// B's date when the sides are compared at different dates.
    public var dateB: CalendarDay?
    public var category: String, recipient: String, item: String, use: String
    /// How far inside the difference region the point was chosen (a local-plane offset), metres.
    public var insetM: Double
    public var a: Decision, b: Decision
    enum CodingKeys: String, CodingKey { case lat, lon, date, dateB = "date_b", category, recipient, item, use, insetM = "inset_m", a, b }
}

/// One row of a diff: an item, recipient, use class, category class and date interval.
public struct DiffRow: Sendable, Encodable {
    public var item: String, recipient: String
    public var use: RequestClasses.Class
    public var category: RequestClasses.Class
    /// The interval (both days inclusive; nil: open) the row holds for, when the sides are compared over time.
    public var from: CalendarDay?, until: CalendarDay?
    public var verdict: DiffVerdict
    public var aOnlyKm2: Double, bOnlyKm2: Double
    public var aOnlyWitness: DiffWitness?, bOnlyWitness: DiffWitness?
    public var notes: [String]
    enum CodingKeys: String, CodingKey {
        case item, recipient, use, category, from, until, verdict, aOnlyKm2 = "a_only_km2", bOnlyKm2 = "b_only_km2"
        case aOnlyWitness = "a_only_witness", bOnlyWitness = "b_only_witness", notes
    }
    /// Open interval ends and absent witnesses are written as null, not left out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(item, forKey: .item); try c.encode(recipient, forKey: .recipient); try c.encode(use, forKey: .use); try c.encode(category, forKey: .category)
        try c.encode(from, forKey: .from); try c.encode(until, forKey: .until); try c.encode(verdict, forKey: .verdict)
        try c.encode(aOnlyKm2, forKey: .aOnlyKm2); try c.encode(bOnlyKm2, forKey: .bOnlyKm2)
        try c.encode(aOnlyWitness, forKey: .aOnlyWitness); try c.encode(bOnlyWitness, forKey: .bOnlyWitness); try c.encode(notes, forKey: .notes)
    }
}

/// Compares two policy sets over space and time: for every item, recipient, use class, category class
/// and interval between change dates (of either side), the regions each permits within the item's
/// reach from the recipient, as certified zones; their differences in km², each with a witness.
public struct PolicyDiff: Sendable, Encodable {
    public var verdict: DiffVerdict
    public var toleranceM: Double
    /// "equal up to 10 m": what `equivalent` means here.
    public var equivalence: String
    public var a: String, b: String
    public var rows: [DiffRow]
    /// Items left out, with the reason.
    public var skipped: [String]
    enum CodingKeys: String, CodingKey { case verdict, toleranceM = "tolerance_m", equivalence, a, b, rows, skipped }

    /// The diff over the rows `scope` keeps. `progress` is told the share of rows done.
    public static func compare(_ a: DiffSide, _ b: DiffSide, scope: DiffScope = DiffScope(), toleranceMeters: Double = ReachZones.defaultToleranceMeters,
                               progress: (Double) -> Void = { _ in }) throws -> PolicyDiff {
        let items = scope.items, within = scope.within
        var classes = RequestClasses(engines: [a.engine, b.engine], categories: scope.categories)
        if let uses = scope.uses { classes.uses = classes.uses.filter { uses.contains($0.representative) } }
        if let names = scope.useNames { classes.uses = names.map { RequestClasses.Class(representative: $0, description: $0) } }
        if let under = scope.categoriesUnder {
            classes.categories = classes.categories.filter { c in under.contains { CategoryPath.matches(filter: $0, category: c.representative) } }
        }
        var skipped: [String] = []
        let allItems = items ?? (a.engine.scenario.itemOrder + b.engine.scenario.itemOrder.filter { a.engine.scenario.items[$0] == nil })
        for id in items ?? [] where a.engine.scenario.items[id] == nil && b.engine.scenario.items[id] == nil {
            throw InputError(SourceLocation(file: a.engine.scenario.file, line: 0, column: 0), "unknown item '\(id)' in both scenarios", field: "item", code: .unknownItem)
        }
        // The questions: item × recipient × interval, then × use × category.
        var questions: [(item: String, recipient: String, from: CalendarDay?, until: CalendarDay?)] = []
        for item in allItems {
            let itemA = a.engine.scenario.items[item], itemB = b.engine.scenario.items[item]
            guard (itemA ?? itemB)?.rangeKm != nil else { skipped.append("\(item): no range_km, so its zones cannot be measured"); continue }
            let recipients = Set((a.engine.scenario.transfers + b.engine.scenario.transfers).filter { $0.item == item }.map(\.to)).sorted()
            if recipients.isEmpty { skipped.append("\(item): transferred to no one in either scenario"); continue }
            for recipient in recipients {
                if a.date != nil || b.date != nil { questions.append((item, recipient, nil, nil)); continue }
                for interval in DiffIntervals.between([a.engine, b.engine], item: item, recipient: recipient) where scope.overlaps(interval) {
                    questions.append((item, recipient, interval.from, interval.until))
                }
            }
        }
        let total = Double(max(1, questions.count * classes.uses.count * classes.categories.count))
        var rows: [DiffRow] = [], done = 0.0
        var differences: [String: (ZoneDifference, ZoneDifference)] = [:]
        for q in questions {
            let representative = q.from ?? q.until ?? CalendarDay("2000-01-01")!
            let dateA = a.date ?? representative, dateB = b.date ?? representative
            for use in classes.uses {
                for category in classes.categories {
                    var row = DiffRow(item: q.item, recipient: q.recipient, use: use, category: category, from: q.from, until: q.until,
                                      verdict: .equivalent, aOnlyKm2: 0, bOnlyKm2: 0, aOnlyWitness: nil, bOnlyWitness: nil, notes: [])
                    let sideA = try DiffSideZone(a.engine, item: q.item, recipient: q.recipient, use: use.representative, category: category.representative,
                                                 date: dateA, within: within, tolerance: toleranceMeters)
                    let sideB = try DiffSideZone(b.engine, item: q.item, recipient: q.recipient, use: use.representative, category: category.representative,
                                                 date: dateB, within: within, tolerance: toleranceMeters)
                    let key = "\(q.item)|\(q.recipient)|\(sideA.key)|\(sideB.key)"
                    let (aOnly, bOnly): (ZoneDifference, ZoneDifference)
                    if let hit = differences[key] { (aOnly, bOnly) = hit } else {
                        let g = ZoneGeometry(domain: sideA.domain.union(sideB.domain), toleranceMeters: toleranceMeters)
                        (aOnly, bOnly) = (try g.difference(sideA.zone, minus: sideB.zone), try g.difference(sideB.zone, minus: sideA.zone))
                        differences[key] = (aOnly, bOnly)
                    }
                    row.aOnlyKm2 = aOnly.zone.areaKm2
                    row.bOnlyKm2 = bOnly.zone.areaKm2
                    row.verdict = DiffVerdict(aOnly: !aOnly.isEmpty, bOnly: !bOnly.isEmpty)
                    func witness(_ d: ZoneDifference, aPermits: Bool) -> DiffWitness? {
                        for candidate in d.candidates {
                            let request = { (day: CalendarDay) in
                                UseRequest(recipient: q.recipient, item: q.item, use: use.representative, date: day,
                                           target: .init(point: candidate.point, category: category.representative))
                            }
                            // Re-decided exactly: a witness is kept only if the two decisions differ as claimed.
                            guard let da = try? a.engine.decide(request(dateA)), let db = try? b.engine.decide(request(dateB)),
                                  (da.decision == .permit) == aPermits, (db.decision == .permit) == !aPermits else { continue }
                            return DiffWitness(lat: candidate.point.latitude, lon: candidate.point.longitude, date: dateA, dateB: dateB == dateA ? nil : dateB,
                                               category: category.representative, recipient: q.recipient, item: q.item, use: use.representative,
                                               insetM: candidate.insetMeters, a: da, b: db)
                        }
                        return nil
                    }
                    if !aOnly.isEmpty {
                        row.aOnlyWitness = witness(aOnly, aPermits: true)
                        if row.aOnlyWitness == nil { row.notes.append("no candidate point inside the A-only region re-decided as a difference") }
                    }
                    if !bOnly.isEmpty {
                        row.bOnlyWitness = witness(bOnly, aPermits: false)
                        if row.bOnlyWitness == nil { row.notes.append("no candidate point inside the B-only region re-decided as a difference") }
                    }
                    rows.append(row)
                    done += 1
                    progress(done / total)
                }
            }
        }
        let tolerance = toleranceMeters == toleranceMeters.rounded() ? String(Int(toleranceMeters)) : String(toleranceMeters)
        return PolicyDiff(verdict: DiffVerdict.combined(rows.map(\.verdict)), toleranceM: toleranceMeters,
                          equivalence: "equal up to \(tolerance) m (each zone's boundary within \(tolerance) m of the true one)",
                          a: a.label, b: b.label, rows: rows, skipped: skipped)
    }

    /// Whether the review gate fails: A permits something B does not (`wider`), B something A does
    /// not (`narrower`), or either (`different`).
    public func fails(_ gate: DiffGate) -> Bool {
        let aOnly = rows.contains { $0.verdict == .wider || $0.verdict == .incomparable }
        let bOnly = rows.contains { $0.verdict == .narrower || $0.verdict == .incomparable }
        switch gate {
        case .wider: return aOnly
        case .narrower: return bOnly
        case .different: return aOnly || bOnly
        }
    }
}

/// Which rows a diff asks: by default every item, use class, category class and interval.
public struct DiffScope: Sendable {
    /// Only these items.
    public var items: [String]?
    /// Only these categories, each its own class.
    public var categories: [String]?
    /// Only the category classes under these filters.
    public var categoriesUnder: [String]?
    /// Only the use classes represented by these uses.
    public var uses: [String]?
    /// Only these uses, each its own class.
    public var useNames: [String]?
    /// Only the intervals that meet this window (both days inclusive; nil: open).
    public var window: (from: CalendarDay?, until: CalendarDay?)?
    /// The measured territory (an area name or code, as for `reach`); nil: all in reach.
    public var within: String?

    public init(items: [String]? = nil, categories: [String]? = nil, categoriesUnder: [String]? = nil, uses: [String]? = nil,
                window: (from: CalendarDay?, until: CalendarDay?)? = nil, within: String? = nil) {
        self.items = items; self.categories = categories; self.categoriesUnder = categoriesUnder; self.uses = uses; self.window = window; self.within = within
    }

    func overlaps(_ interval: (from: CalendarDay?, until: CalendarDay?)) -> Bool {
        guard let window else { return true }
        if let wFrom = window.from, let iUntil = interval.until, iUntil < wFrom { return false }
        if let wUntil = window.until, let iFrom = interval.from, wUntil < iFrom { return false }
        return true
    }
}

/// A diff's review gate (`--fail-if`): which kind of difference fails it.
public enum DiffGate: String, Sendable, CaseIterable { case wider, narrower, different }

/// One side's permitted zone for one question of a diff (empty when the side does not know the item).
struct DiffSideZone {
    var zone: ZonePolygons
    var domain: GeoBox
    /// What the zone depends on, for sharing differences between rows.
    var key: String

    init(_ engine: PolicyEngine, item: String, recipient: String, use: String, category: String, date: CalendarDay, within: String?, tolerance: Double) throws {
        guard engine.scenario.items[item] != nil, engine.scenario.states[recipient] != nil else {
            zone = ZonePolygons(polygons: [], toleranceMeters: tolerance)
            domain = GeoBox(south: 0, north: 0.001, west: 0, east: 0.001)
            key = "absent"
            return
        }
        let analysis = try ReachAnalysis(engine: engine, item: item, date: date, use: use, category: category, recipient: recipient, within: within)
        zone = try analysis.zones(toleranceMeters: tolerance).permitted
        domain = analysis.domain
        key = "\(analysis.rangeKm)|" + analysis.compiled.regionSignature
    }
}

/// The intervals a diff asks each question over: split at every change date of every engine, the
/// first open before the earliest change and the last open after the latest.
enum DiffIntervals {
    static func between(_ engines: [PolicyEngine], item: String, recipient: String) -> [(from: CalendarDay?, until: CalendarDay?)] {
        var dates = Set<CalendarDay>()
        for e in engines where e.scenario.items[item] != nil {
            for (day, _) in TimelineDates.changePoints(engine: e, item: item, recipient: recipient, from: nil, to: nil) { dates.insert(day) }
        }
        return CalendarDay.intervals(splitAt: dates)
    }
}
