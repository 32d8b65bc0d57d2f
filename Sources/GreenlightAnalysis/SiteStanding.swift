/// Where one site stands for one reach question, exactly as `reach --sites` counts it: outside the
/// measured territory (counted nowhere else), out of range, in range but not permitted, or in range
/// and permitted by every required authority (inside the map's green permitted zone).
public enum SiteStanding: String, Sendable, Codable {
    case outsideTerritory = "outside_territory"
    case outOfRange = "out_of_range"
    case inRangeNotPermitted = "in_range_not_permitted"
    case permittedInRange = "permitted_in_range"

    /// The standing of a classified site.
    public init(_ verdict: SiteVerdict) {
        if !verdict.inTerritory { self = .outsideTerritory }
        else if !verdict.inRange { self = .outOfRange }
        else { self = verdict.permitted ? .permittedInRange : .inRangeNotPermitted }
    }

    /// In range and inside the measured territory: what `in_range` of `reach --sites` counts.
    public var isInRange: Bool { self == .inRangeNotPermitted || self == .permittedInRange }

    /// In the permitted zone (in range, in the territory, permitted): what `permitted_in_range` counts.
    public var isInPermittedZone: Bool { self == .permittedInRange }
}
