/// A dated event that a party reported — a strike claimed by a general staff or a defence ministry:
/// a claim, not a policy. Events never change a decision; timelines and reports show them beside the
/// permitted areas (docs/scenario-format.md, "events").
public struct ScenarioEvent: Sendable, Encodable {
    /// Where the claim places the event: a named area of the scenario, or a point.
    public enum Place: Sendable, Encodable {
        case area(String)
        case point(latitude: Double, longitude: Double)

        enum CodingKeys: String, CodingKey { case area, lat, lon }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .area(let name): try c.encode(name, forKey: .area)
            case let .point(lat, lon): try c.encode(lat, forKey: .lat); try c.encode(lon, forKey: .lon)
            }
        }

        /// In words: the area's name, or "LAT,LON".
        public var text: String {
            switch self {
            case .area(let name): name
            case let .point(lat, lon): "\(lat),\(lon)"
            }
        }
    }

    public var id: String
    public var date: CalendarDay
    /// What was claimed, in neutral words.
    public var claim: String
    /// Who reported it (a general staff, a ministry), one or more.
    public var claimedBy: [String]
    /// The item the claim names, if any.
    public var item: String?
    public var place: Place?
    public var evidence: FactEvidence
    public var location: SourceLocation?

    enum CodingKeys: String, CodingKey { case id, date, claim, claimedBy = "claimed_by", item, place, evidence }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(date, forKey: .date)
        try c.encode(claim, forKey: .claim)
        try c.encode(claimedBy, forKey: .claimedBy)
        try c.encode(item, forKey: .item)
        try c.encode(place, forKey: .place)
        try c.encode(evidence.pieces, forKey: .evidence)
    }
}
