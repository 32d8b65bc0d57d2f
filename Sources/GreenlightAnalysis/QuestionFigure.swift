import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// The figure of a question a scenario declares (`questions:`): the geodesic area of its zone, with
/// the bound that contains the true area. One computation per question in a process, so the same
/// question prints the same km² wherever it appears.
public struct QuestionFigure: Sendable {
    public var question: ScenarioQuestion
    /// The reach question of the territory in range: its in-range zone is the one `greenlight reach`
    /// and `zones` build for the same item, range, launch area and territory.
    public var territory: ReachAnalysis
    public var date: CalendarDay
    /// The zone measured: the territory in range, cut to the question's area when it has one.
    public var zone: ZonePolygons
    public var km2: Double { zone.areaKm2 }
    public var boundKm2: Double { zone.areaBoundKm2 }
    public var rangeKm: Double { territory.rangeKm }
}

extension ScenarioQuestion {
    /// The reach question of the territory this question measures in: its item (or range alone), the
    /// holder's country as launch area unless it names one, its territory, on its date (else `keyDate`).
    /// `engine` must be the engine of the question's variant.
    public func territoryAnalysis(engine: PolicyEngine, keyDate: CalendarDay) throws(InputError) -> ReachAnalysis {
        let s = engine.scenario
        let itemId = item ?? ""
        let holder = s.defaultRecipient(of: itemId)
        let launch: AreaPredicate, launchLabel: String
        if let launchArea {
            (launch, launchLabel) = (launchArea.predicate, launchArea.label)
        } else {
            do { launch = try AreaLookup.resolve(holder, in: s) } catch { throw InputError(location, "question \(id): \(error.message)", field: "launch_area", code: error.code) }
            launchLabel = holder
        }
        let q = ReachQuestion(recipient: holder, item: itemId, date: date ?? keyDate, variant: engine.variant, category: "military",
                              launchArea: launch, launchAreaLabel: launchLabel, within: within?.predicate, withinLabel: within?.label, rangeKm: rangeKm)
        do { return try ReachAnalysis(engine: engine, question: q) } catch { throw InputError(location, "question \(id): \(error.message)", field: error.field, code: error.code) }
    }

    /// The question's figure: the in-range zone of `territoryAnalysis` (from the process cache), cut to
    /// the question's area inside it when it has one (built once per question, tolerance and engine).
    public func figure(engine: PolicyEngine, keyDate: CalendarDay, toleranceMeters: Double) throws -> QuestionFigure {
        let territory = try territoryAnalysis(engine: engine, keyDate: keyDate)
        let inRange = try territory.zones(toleranceMeters: toleranceMeters).inRange
        guard let area else { return QuestionFigure(question: self, territory: territory, date: territory.question.date, zone: inRange) }
        let key = QuestionZoneKey(engine: ObjectIdentifier(engine), question: id, area: area.label, date: territory.question.date,
                                  rangeKm: territory.rangeKm, launchArea: territory.question.launchAreaLabel, within: within?.label, tolerance: toleranceMeters)
        let zone = try questionZones.value(key, keeping: [engine]) { () throws(GeometryError) -> ZonePolygons in
            // Inside the territory's in-range zone, on the same domain: the area's part of it.
            let g = ZoneGeometry(domain: territory.domain, toleranceMeters: toleranceMeters, within: territory.territory)
            var fields = RegionFormula.ZoneMemo()
            return try g.zone(try RegionFormula(area.predicate).shape(within: try g.shape(inRange), g, fields: &fields))
        }
        return QuestionFigure(question: self, territory: territory, date: territory.question.date, zone: zone)
    }
}

/// A question's area zone by what it depends on (the in-range zone it is cut from, and the area).
struct QuestionZoneKey: Hashable, Sendable {
    var engine: ObjectIdentifier
    var question: String
    var area: String
    var date: CalendarDay
    var rangeKm: Double
    var launchArea: String
    var within: String?
    var tolerance: Double
}
let questionZones = ProcessCache<QuestionZoneKey, ZonePolygons>(limit: 256)
