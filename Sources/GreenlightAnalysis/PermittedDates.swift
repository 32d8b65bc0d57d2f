import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// When a use at one place is permitted (`greenlight when`): the date intervals between change dates,
/// each with its verdict, the deciding policies (or, when not permitted, the nearest misses).
/// Neighbouring intervals decided the same way by the same policies are merged.
public struct PermittedDates: Sendable, Encodable {
    public struct Interval: Sendable, Encodable {
        /// First and last day (inclusive); nil: open (before the first change, after the last).
        public var from: CalendarDay?, until: CalendarDay?
        public var verdict: Decision.Verdict
        /// `not-transferred` when the recipient does not hold the item then.
        public var reason: String?
        public var required: [String], missing: [String]
        /// Each required authority's verdict, deciding policies and nearest misses, as `decide` gives them
        /// on the interval's first day (its last when the interval is open before).
        public var authorities: [AuthorityVerdict]
        public var decidedOn: CalendarDay
        enum CodingKeys: String, CodingKey { case from, until, verdict, reason, required, missing, authorities, decidedOn = "decided_on" }
        /// Open ends are written as null, not left out.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(from, forKey: .from); try c.encode(until, forKey: .until); try c.encode(verdict, forKey: .verdict)
            try c.encode(reason, forKey: .reason); try c.encode(required, forKey: .required); try c.encode(missing, forKey: .missing)
            try c.encode(authorities, forKey: .authorities); try c.encode(decidedOn, forKey: .decidedOn)
        }
    }

    public var intervals: [Interval]

    /// The intervals for a request whose date is ignored (every date is asked).
    public static func build(engine: PolicyEngine, request: UseRequest) throws(InputError) -> PermittedDates {
        var intervals: [Interval] = []
        var lastSignature = ""
        for span in DiffIntervals.between([engine], item: request.item, recipient: request.recipient) {
            var r = request
            r.date = span.from ?? span.until ?? CalendarDay("2000-01-01")!
            let d = try engine.decide(r)
            // Merge with the previous interval when nothing that decides has changed.
            let signature = "\(d.decision)|\(d.reason ?? "")|\(d.required)|\(d.missing)|" + d.authorities.map { a in
                "\(a.state):\(a.verdict):\(a.deciding.map(\.id)):\(a.nearestMisses.map(\.policy.id))"
            }.joined(separator: ";")
            if signature == lastSignature, !intervals.isEmpty {
                intervals[intervals.count - 1].until = span.until
                continue
            }
            lastSignature = signature
            intervals.append(Interval(from: span.from, until: span.until, verdict: d.decision, reason: d.reason, required: d.required,
                                      missing: d.missing, authorities: d.authorities, decidedOn: r.date))
        }
        return PermittedDates(intervals: intervals)
    }
}
