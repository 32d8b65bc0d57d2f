import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// What a reach analysis asks: for one item in the recipient's hands on a date (under a variant),
/// which territory is within range of the launch area, and which part of it each required authority
/// permits for a target category.
public struct ReachQuestion: Sendable {
    public var recipient: String
    public var item: String
    public var use: String
    public var date: CalendarDay
    public var variant: String?
    public var category: String
    /// Where launches happen (default: the recipient's country).
    public var launchArea: AreaPredicate
    public var launchAreaLabel: String
    /// The territory measured (e.g. RU); nil measures everything in range.
    public var within: AreaPredicate?
    public var withinLabel: String?
    /// A range that replaces the item's; with it, `item` may name no item of the scenario (a question
    /// about a range alone, which nothing permits).
    public var rangeKm: Double?

    public init(recipient: String, item: String, use: String = "strike", date: CalendarDay, variant: String? = nil, category: String,
                launchArea: AreaPredicate, launchAreaLabel: String, within: AreaPredicate?, withinLabel: String?, rangeKm: Double? = nil) {
        self.recipient = recipient; self.item = item; self.use = use; self.date = date; self.variant = variant; self.category = category
        self.launchArea = launchArea; self.launchAreaLabel = launchAreaLabel; self.within = within; self.withinLabel = withinLabel
        self.rangeKm = rangeKm
    }

    /// The policy question for a target category (the question's own by default).
    public func policyQuestion(category: String? = nil) -> PolicyQuestion {
        PolicyQuestion(recipient: recipient, item: item, use: use, date: date, category: category ?? self.category)
    }

    /// The request a site in this question stands for (its point replaced per site).
    func request(at point: GeoPoint, category: String? = nil) -> UseRequest {
        UseRequest(recipient: recipient, item: item, use: use, date: date,
                   target: .init(point: point, category: category ?? self.category), variant: variant)
    }
}

extension ReachAnalysis {
    /// A reach question given by names, as users write them: the recipient defaults to the state the
    /// item was first transferred to (else UA), the launch area to the recipient's country; areas are
    /// resolved with `AreaLookup`. The variant is the engine's. Errors name the field at fault.
    public init(engine: PolicyEngine, item: String, date: CalendarDay, use: String = "strike", category: String = "military",
                recipient: String? = nil, launchArea: String? = nil, within: String? = nil, launchAreaFiles: Bool = false) throws(InputError) {
        let s = engine.scenario
        let here = SourceLocation(file: s.file, line: 0, column: 0)
        try engine.names.checkItem(item)
        let holder = recipient ?? s.defaultRecipient(of: item)
        try engine.names.checkRecipient(holder)
        try engine.names.checkUse(use)
        try engine.names.checkCategory(category)
        let launchName = launchArea ?? holder
        let launch: AreaPredicate, territory: AreaPredicate?
        do { launch = try AreaLookup.resolve(launchName, in: s, allowingFiles: launchAreaFiles) } catch {
            throw InputError(error.location.file == s.file ? here : error.location, error.message, field: "launch_area", code: error.code)
        }
        do { territory = try within.map { name throws(InputError) in try AreaLookup.resolve(name, in: s) } } catch {
            throw InputError(here, error.message, field: "within", code: error.code)
        }
        if let line = territory?.linealOutsideWithin { throw InputError(here, AreaPredicate.linealContainmentMessage(line), field: "within", code: .invalidGeometry) }
        let q = ReachQuestion(recipient: holder, item: item, use: use, date: date, variant: engine.variant, category: category,
                              launchArea: launch, launchAreaLabel: launchName, within: territory, withinLabel: within)
        do { try self.init(engine: engine, question: q) } catch { throw InputError(here, error.message, field: error.field ?? "item", code: error.code) }
    }
}

extension Scenario {
    /// The recipient a question about an item means when none is named: the state the item was first
    /// transferred to, else UA.
    public func defaultRecipient(of item: String) -> String {
        transfers.first { $0.item == item }?.to ?? "UA"
    }
}

/// Resolves the names users give for areas on the command line: an area named in the scenario, a
/// country code (alpha-2) or a region code (ISO 3166-2), in the scenario's view.
public enum AreaLookup {
    /// With `allowingFiles`, a name ending in .geojson or .json is read as a GeoJSON file (relative to
    /// the working directory): polygons, or lines and points (for launch areas, which are buffered).
    /// Only the command line allows files; a server never reads paths from requests.
    public static func resolve(_ name: String, in scenario: Scenario, allowingFiles: Bool = false) throws(InputError) -> AreaPredicate {
        if let named = scenario.areas[name] { return named }
        let here = SourceLocation(file: scenario.file, line: 0, column: 0)
        if allowingFiles && (name.hasSuffix(".geojson") || name.hasSuffix(".json")) {
            do { return .polygon(try GeoJSONReader.geometry(contentsOf: URL(fileURLWithPath: name)), label: name) } catch {
                throw InputError(SourceLocation(file: name, line: 0, column: 0), error.location.map { "\($0): \(error.message)" } ?? error.message, code: .invalidGeometry)
            }
        }
        do {
            if name.count == 2, let country = try ReferenceGeography.shared.country(name, view: scenario.view) { return .polygon(country, label: name) }
            if name.contains("-"), let region = try ReferenceGeography.shared.region(name) { return .polygon(region, label: name) }
        } catch { throw InputError(here, "reference data: \(error)") }
        throw InputError(here, "unknown area '\(name)': not an area of the scenario (\(scenario.areaOrder.joined(separator: ", "))), a country code or an ISO 3166-2 region", code: .unknownArea)
    }
}
