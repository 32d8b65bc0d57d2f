import Foundation
import GreenlightGeodesy

/// A scenario (format version 1, see DESIGN.md): states, items and their components, transfers,
/// jurisdiction rules, each state's dated policies, and hypothetical variants.
public struct Scenario: Sendable {
    public var file: String
    public var name: String
    /// Translations of the name by language code (`nl`), when the file gives `{en, nl}`.
    public var nameTranslations: [String: String] = [:]
    /// The name with its translations.
    public var localizedName: LocalizedText { LocalizedText(name, translations: nameTranslations) }
    public var view: BorderView
    public var states: [String: StateInfo]
    public var stateOrder: [String]
    public var items: [String: Item]
    public var itemOrder: [String]
    public var transfers: [Transfer]
    public var jurisdiction: [JurisdictionRule]
    public var policies: [Policy]
    public var variants: [String: Variant]
    public var variantOrder: [String]
    /// Named areas, compiled to exact predicates.
    public var areas: [String: AreaPredicate]
    public var areaOrder: [String]
    /// The named areas that a policy, a variant or another area refers to.
    public var referencedAreas: Set<String> = []
    /// Problems that do not make the scenario invalid (a group no threshold names, a threshold for a
    /// group no state has): `greenlight validate` prints them, and fails on them with `--strict`.
    public var warnings: [InputError] = []
    /// The questions its report measures (`questions:`), in file order.
    public var questions: [ScenarioQuestion] = []
    /// The variant whose changes this scenario already carries (see `applying(variant:)`); nil as written.
    public var appliedVariant: String?
    /// Dated events that parties reported (claims, not policies): shown on timelines, never decisive.
    public var events: [ScenarioEvent] = []
    /// Stated positions of states on the debate, a variant or a policy: shown beside decisions, never in them.
    public var positions: [Position] = []
    /// Two site files, before and after, for the report's section on sites that moved (`site_files:`).
    public var siteFiles: ScenarioSiteFiles?

    /// The policies in force under a variant (nil: the scenario as written).
    public func policies(variant: String?) throws(InputError) -> [Policy] {
        guard let variant, variant != appliedVariant else { return policies }
        let v = try self.variant(named: variant)
        let removed = Set(v.remove)
        return policies.filter { !removed.contains($0.id) } + v.add
    }

    /// The variant of that name, or an error listing the variants.
    public func variant(named variant: String) throws(InputError) -> Variant {
        guard let v = variants[variant] else {
            throw InputError(SourceLocation(file: file, line: 0, column: 0),
                             "unknown variant '\(EchoedText.capped(variant))' (variants: \(variantOrder.isEmpty ? "none" : variantOrder.joined(separator: ", ")))",
                             field: "variant", code: .unknownVariant)
        }
        return v
    }
}

public struct StateInfo: Sendable, Codable {
    public var code: String
    public var name: String
    public var groups: [String]
}

public struct Component: Sendable, Codable {
    public var name: String
    public var origin: String
    public var regime: String?
    public var value: Decimal?
    public var source: String?
    /// Its evidence (a legacy `status:`/`source:` is one undated piece).
    public var evidence = FactEvidence()
    public var location: SourceLocation?
}

public struct Item: Sendable, Codable {
    public var id: String
    public var name: String
    public var origin: String
    public var rangeKm: Double?
    public var value: Decimal?
    public var components: [Component]
    public var source: String?
    /// Its evidence (a legacy `status:`/`source:` is one undated piece).
    public var evidence = FactEvidence()
    public var location: SourceLocation?
}

public struct Transfer: Sendable, Codable {
    /// Optional; a variant's `remove_transfers` names transfers by it.
    public var id: String?
    public var item: String
    public var from: String
    public var to: String
    public var date: CalendarDay
    public var source: String?
    /// Its evidence and status (a legacy `status:`/`source:` is one undated piece); a transfer a
    /// variant adds is hypothetical unless its evidence says otherwise.
    public var evidence = FactEvidence()
    public var location: SourceLocation?
}

/// Who must consent to a use, besides no one.
public enum JurisdictionRule: Sendable {
    /// Every state that transferred the item to the recipient on or before the date.
    case supplier
    /// The item's manufacturing state.
    case origin
    /// The origin state of every component controlled under the regime, whatever its share.
    case seeThrough(regime: String)
    /// Origin states whose controlled content under the regime exceeds the threshold share of the item's value.
    case deMinimis(regime: String, percent: Decimal, groupPercent: [String: Decimal])
}

public enum PolicyEffect: String, Sendable, Codable { case permit, forbid }
public enum PolicyStatus: String, Sendable, Codable, CaseIterable { case official, reported, hypothetical }

/// One state's policy: an effect, filters (an absent filter matches everything) and a validity window.
public struct Policy: Sendable {
    public var id: String
    public var authority: String
    public var effect: PolicyEffect
    public var uses: [String]?
    public var recipients: [String]?
    public var items: [String]?
    public var itemOrigin: [String]?
    /// For retransfers: the destinations it covers (a request without a destination never matches).
    public var destinations: [String]?
    public var targetIn: AreaReference?
    public var targetNotIn: AreaReference?
    public var categories: [String]?
    public var from: CalendarDay?
    public var until: CalendarDay?
    /// The strongest status of its evidence, whatever the date (the status in force on a date is `evidence.standing(on:)`).
    public var status: PolicyStatus
    public var source: String?
    /// Its dated evidence; the legacy `status:` and `source:` are one undated piece.
    public var evidence = FactEvidence()
    public var location: SourceLocation

    /// Whether the policy has any filter that needs a target point.
    var needsTarget: Bool { targetIn != nil || targetNotIn != nil || categories != nil }
}

/// An area used by a policy: its label (a name from `areas`, or the inline expression) and its predicate.
public struct AreaReference: Sendable {
    public var label: String
    public var predicate: AreaPredicate
}

/// A hypothetical change of the scenario: policies added and removed, and new facts — states, areas,
/// items and transfers — added, and transfers (by id) removed. What it adds is hypothetical unless its
/// own evidence says otherwise.
public struct Variant: Sendable {
    public var name: String
    public var description: String?
    /// Translations of the description by language code (`nl`), when the file gives `{en, nl}`.
    public var descriptionTranslations: [String: String] = [:]
    /// The description with its translations.
    public var localizedDescription: LocalizedText? { description.map { LocalizedText($0, translations: descriptionTranslations) } }
    public var add: [Policy]
    public var remove: [String]
    public var addStates: [StateInfo] = []
    /// Named areas it adds, in file order.
    public var addAreas: [(name: String, predicate: AreaPredicate)] = []
    /// Items it adds, in file order.
    public var addItems: [Item] = []
    public var addTransfers: [Transfer] = []
    /// Ids of the scenario's transfers it leaves out.
    public var removeTransfers: [String] = []
}
