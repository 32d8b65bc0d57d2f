import Foundation
import GreenlightGeodesy

/// Reads and validates a scenario file (format version 1). Every problem is reported with its
/// file:line:column and what was expected; the loader collects all of them before failing.
public enum ScenarioLoader {
    /// How deep named areas may refer to one another (inline expressions have their own limit).
    public static let maximumAreaReferenceDepth = 100

    static let topKeys: Set = ["greenlight", "name", "view", "areas", "states", "items", "transfers", "jurisdiction", "policies", "variants", "events", "positions", "description", "source", "sources", "notes",
                                "questions", "site_files"]
    static let policyKeys: Set = ["id", "authority", "effect", "uses", "recipients", "items", "item_origin", "target_in", "target_not_in",
                                  "categories", "from", "until", "status", "source", "evidence", "note", "description", "destinations"]

    public static func load(contentsOf url: URL, geography: ReferenceGeography = .shared) throws(InputErrors) -> Scenario {
        let root: YAMLValue
        do { root = try YAMLValue.parse(contentsOf: url) } catch { throw InputErrors(errors: [error]) }
        return try load(root, file: url.path, fileReferences: .local(directory: url.deletingLastPathComponent()), geography: geography)
    }

    /// Loads a scenario from text (e.g. an upload); `file` names it in error messages. The files it
    /// names are read as `fileReferences` allows: by default, none.
    public static func load(yaml: String, file: String, fileReferences: FileReferences = .none, geography: ReferenceGeography = .shared) throws(InputErrors) -> Scenario {
        let root: YAMLValue
        do { root = try YAMLValue.parse(yaml, file: file) } catch { throw InputErrors(errors: [error]) }
        return try load(root, file: file, fileReferences: fileReferences, geography: geography)
    }

    static func load(_ root: YAMLValue, file: String, fileReferences: FileReferences, geography: ReferenceGeography) throws(InputErrors) -> Scenario {
        var context = Context(file: file, fileReferences: fileReferences, geography: geography)
        var scenario = context.scenario(root)
        let siteFiles = context.siteFiles(in: root)   // ScenarioLoader+SiteFiles.swift
        if !context.errors.isEmpty { throw InputErrors(errors: context.errors) }
        scenario!.siteFiles = siteFiles
        scenario!.warnings = context.warnings
        return scenario!
    }

    /// Loading state: collected errors and what has been declared so far.
    struct Context {
        let file: String
        /// Where `{geojson: PATH}` may read from.
        let fileReferences: FileReferences
        let geography: ReferenceGeography
        var errors: [InputError] = []
        var states: [String: StateInfo] = [:]
        var items: [String: Item] = [:]
        var view: BorderView = .deJure
        var areaNodes: [String: YAMLValue] = [:]
        var areas: [String: AreaPredicate] = [:]
        /// Named areas in a reference chain too deep to resolve (reported once, for the chain's first name).
        var tooDeepAreas: Set<String> = []
        /// Named areas referred to by a policy, a variant or another area (for lint's unused areas).
        var referencedAreas: Set<String> = []
        /// Export-control regimes components may name: the two US regimes, and any a jurisdiction rule names.
        var regimes: Set<String> = ["ITAR", "EAR"]
        var itemLocations: [String: SourceLocation] = [:]
        /// States, items, areas and policies whose definition failed to load: references to them are
        /// follow-on errors and are not reported (one fault, one error).
        var failedStates: Set<String> = [], failedItems: Set<String> = [], failedAreas: Set<String> = [], failedPolicies: Set<String> = []
        /// Problems that do not make the scenario invalid (printed by `validate`, fatal with `--strict`).
        var warnings: [InputError] = []
        /// Where each state group is first named, and every group a de-minimis threshold names (for warnings).
        var groupLocations: [String: SourceLocation] = [:]
        var thresholdGroups: [(group: String, location: SourceLocation)] = []
        /// While a variant's additions load: its name (what it adds is marked as added by it).
        var addingVariant: String?

        /// Runs one part of the loading; its error is recorded and loading goes on with the next part.
        mutating func attempt<T>(_ body: (inout Context) throws(InputError) -> T) -> T? {
            do { return try body(&self) } catch {
                if !error.isFollowOn { errors.append(error) }
                return nil
            }
        }

        mutating func scenario(_ root: YAMLValue) -> Scenario? {
            guard let top = attempt({ (_: inout Context) throws(InputError) in try root.fields("the scenario", allowed: ScenarioLoader.topKeys) }) else { return nil }
            attempt { (_: inout Context) throws(InputError) in
                let version = try top.required("greenlight")
                guard try version.text("the format version") == "1" else { throw version.fail(.unsupportedVersion, "unsupported format version '\(try version.text("a version"))': this Greenlight reads 'greenlight: 1'") }
            }
            let localizedName = attempt { (c: inout Context) throws(InputError) in try top["name"].map { n throws(InputError) in try c.localizedText(n, "the scenario name") } } ?? nil
            let name = localizedName?.en
            if let v = top["view"] {
                attempt { (c: inout Context) throws(InputError) in
                    let text = try v.text("a view")
                    guard let view = BorderView(rawValue: text) else { throw v.fail("expected view de-jure or de-facto, found '\(text)'") }
                    c.view = view
                }
            }
            // States.
            var stateOrder: [String] = []
            if let node = top["states"], let entries = attempt({ (_: inout Context) throws(InputError) in try node.mapping("states") }) {
                for entry in entries {
                    attempt { (c: inout Context) throws(InputError) in stateOrder.append(try c.declareState(entry.key, entry.keyValue, entry.value).code) }
                }
            }
            // Jurisdiction first: it declares the regimes that components may name.
            var jurisdiction: [JurisdictionRule] = []
            if let node = top["jurisdiction"], let rules = attempt({ (_: inout Context) throws(InputError) in try node.list("jurisdiction") }) {
                for rule in rules {
                    if let r = attempt({ (c: inout Context) throws(InputError) in try c.jurisdictionRule(rule) }) { jurisdiction.append(r) }
                }
            }
            // Items.
            var itemOrder: [String] = []
            if let node = top["items"], let entries = attempt({ (_: inout Context) throws(InputError) in try node.mapping("items") }) {
                for entry in entries {
                    attempt { (c: inout Context) throws(InputError) in
                        c.failedItems.insert(entry.key)
                        let item = try c.item(id: entry.key, entry.value)
                        c.failedItems.remove(entry.key)
                        c.items[item.id] = item
                        c.itemLocations[item.id] = entry.keyValue.location
                        itemOrder.append(item.id)
                    }
                }
            }
            // De minimis needs values wherever it can apply.
            for id in itemOrder { checkDeMinimisValues(items[id]!, jurisdiction: jurisdiction) }
            // Transfers.
            var transfers: [Transfer] = []
            if let node = top["transfers"], let list = attempt({ (_: inout Context) throws(InputError) in try node.list("transfers") }) {
                var transferIds: [String: SourceLocation] = [:]
                for value in list {
                    if let t = attempt({ (c: inout Context) throws(InputError) in try c.transfer(value, ids: &transferIds) }) { transfers.append(t) }
                }
            }
            // Areas: compile every named area (references, cycles and data lookups are checked here).
            var areaOrder: [String] = []
            if let node = top["areas"], let entries = attempt({ (_: inout Context) throws(InputError) in try node.mapping("areas") }) {
                for entry in entries { areaNodes[entry.key] = entry.value; areaOrder.append(entry.key) }
                for name in areaOrder where !tooDeepAreas.contains(name) {
                    attempt { (c: inout Context) throws(InputError) in _ = try c.namedArea(name, at: c.areaNodes[name]!, resolving: []) }
                }
            }
            // Policies and variants.
            var policies: [Policy] = []
            var ids: [String: SourceLocation] = [:]
            if let node = top["policies"], let list = attempt({ (_: inout Context) throws(InputError) in try node.list("policies") }) {
                for value in list {
                    if let p = attempt({ (c: inout Context) throws(InputError) in try c.policy(value, ids: &ids) }) { policies.append(p) }
                }
            }
            var variants: [String: Variant] = [:], variantOrder: [String] = []
            if let node = top["variants"], let entries = attempt({ (_: inout Context) throws(InputError) in try node.mapping("variants") }) {
                let baseIds = Set(policies.map(\.id))
                for entry in entries {
                    attempt { (c: inout Context) throws(InputError) in
                        variants[entry.key] = try c.variant(entry.key, entry.value, policyIds: ids, basePolicyIds: baseIds,
                                                            transfers: transfers, jurisdiction: jurisdiction)
                        variantOrder.append(entry.key)
                    }
                }
            }
            // Events, positions and questions refer to items, areas, variants and policies: read them last.
            var scenarioEvents: [ScenarioEvent] = [], scenarioPositions: [Position] = []
            if let node = top["events"] { scenarioEvents = events(node) }
            if let node = top["positions"] { scenarioPositions = positions(node, variants: variants, policies: policies) }
            var questions: [ScenarioQuestion] = []
            if let node = top["questions"] { questions = self.questions(node, variants: variants) }
            guard errors.isEmpty else { return nil }
            groupWarnings()
            var scenario = Scenario(file: file, name: name ?? URL(fileURLWithPath: file).lastPathComponent, view: view, states: states, stateOrder: stateOrder,
                                    items: items, itemOrder: itemOrder, transfers: transfers, jurisdiction: jurisdiction, policies: policies,
                                    variants: variants, variantOrder: variantOrder, areas: areas, areaOrder: areaOrder,
                                    referencedAreas: referencedAreas, warnings: warnings)
            scenario.nameTranslations = localizedName?.translations ?? [:]
            scenario.events = scenarioEvents
            scenario.positions = scenarioPositions
            scenario.questions = questions
            return scenario
        }

        /// Declares one state of `states` (or of a variant's `add_states`).
        mutating func declareState(_ code: String, _ key: YAMLValue, _ value: YAMLValue) throws(InputError) -> StateInfo {
            failedStates.insert(code)
            guard code.range(of: "^[A-Z][A-Z0-9]{1,2}$", options: .regularExpression) != nil else {
                throw key.fail("expected a state code of 2–3 capital letters (ISO 3166-1 alpha-2 such as GB), found '\(code)'")
            }
            var info = StateInfo(code: code, name: code, groups: [])
            if !value.isNull {
                let f = try value.fields("state \(code)", allowed: ["name", "groups", "source"])
                if let n = f["name"] { info.name = try n.nonEmptyText("a state name") }
                if let g = f["groups"] {
                    for v in try g.list("groups") {
                        let group = try v.nonEmptyText("a group name")
                        info.groups.append(group)
                        if groupLocations[group] == nil { groupLocations[group] = v.location }
                    }
                }
            }
            states[code] = info
            failedStates.remove(code)
            return info
        }

        /// De minimis needs values wherever it can apply: the item's, and each controlled component's.
        mutating func checkDeMinimisValues(_ item: Item, jurisdiction: [JurisdictionRule]) {
            for rule in jurisdiction {
                guard case let .deMinimis(regime, _, _) = rule else { continue }
                let id = item.id
                let controlled = item.components.filter { $0.regime == regime }
                if !controlled.isEmpty && item.value == nil {
                    errors.append(InputError(itemLocations[id]!, "item \(id) has \(regime) components but no 'value': the de-minimis rule over \(regime) needs the item's value"))
                }
                for component in controlled where component.value == nil {
                    errors.append(InputError(itemLocations[id]!, "component '\(component.name)' of item \(id) is under \(regime) but has no 'value': the de-minimis rule needs it"))
                }
            }
        }

        /// Groups are read only by de-minimis thresholds: a threshold for a group no state has never
        /// applies, and a group no threshold names changes nothing. Both are likely mistakes.
        mutating func groupWarnings() {
            let named = Set(thresholdGroups.map(\.group))
            for (group, location) in thresholdGroups where groupLocations[group] == nil {
                warnings.append(InputError(location, "warning: de-minimis threshold for group '\(group)', which no state belongs to (groups: \(groupLocations.keys.sorted().joined(separator: ", ")))", field: "group_percent"))
            }
            for (group, location) in groupLocations.sorted(by: { ($0.value.line, $0.key) < ($1.value.line, $1.key) }) where !named.contains(group) {
                warnings.append(InputError(location, "warning: group '\(group)' is named by no de-minimis threshold (group_percent), so it changes nothing", field: "groups"))
            }
        }

        func location(of value: YAMLValue?) -> SourceLocation { value?.location ?? SourceLocation(file: file, line: 0, column: 0) }

        func state(_ value: YAMLValue, _ what: String) throws(InputError) -> String {
            let code = try value.nonEmptyText(what)
            guard states[code] != nil else {
                if failedStates.contains(code) { throw value.followOn() }
                throw value.fail(.unknownState, "undeclared state '\(code)' as \(what) (declared: \(states.keys.sorted().joined(separator: ", ")))")
            }
            return code
        }

        /// A jurisdiction rule; a rule that fails still declares the regime it names, so that components
        /// under that regime give no follow-on "unknown regime" errors.
        mutating func jurisdictionRule(_ value: YAMLValue) throws(InputError) -> JurisdictionRule {
            do { return try jurisdictionRuleBody(value) } catch {
                if case let .mapping(m) = value.node, let r = m["regime"], case let .scalar(text) = r {
                    let regime = text.string.trimmingCharacters(in: .whitespaces)
                    if !regime.isEmpty { regimes.insert(regime) }
                }
                throw error
            }
        }

        mutating func jurisdictionRuleBody(_ value: YAMLValue) throws(InputError) -> JurisdictionRule {
            let f = try value.fields("a jurisdiction rule", allowed: ["rule", "regime", "percent", "group_percent", "source", "note"], required: ["rule"])
            let rule = try f.required("rule")
            switch try rule.text("a rule") {
            case "supplier": return .supplier
            case "origin": return .origin
            case "see-through":
                let regime = try f.required("regime").nonEmptyText("a regime")
                regimes.insert(regime)
                return .seeThrough(regime: regime)
            case "de-minimis":
                let regime = try f.required("regime").nonEmptyText("a regime")
                let percentValue = try f.required("percent")
                let percent = try percentValue.decimal("percent")
                guard percent >= 0 && percent <= 100 else { throw percentValue.fail(.outOfRange, "percent must be within [0, 100], found \(percent)") }
                var groups: [String: Decimal] = [:]
                if let g = f["group_percent"] {
                    for entry in try g.mapping("group_percent") {
                        thresholdGroups.append((entry.key, entry.keyValue.location))
                        let p = try entry.value.decimal("a group percent")
                        guard p >= 0 && p <= 100 else { throw entry.value.fail(.outOfRange, "group percent must be within [0, 100], found \(p)") }
                        groups[entry.key] = p
                    }
                }
                regimes.insert(regime)
                return .deMinimis(regime: regime, percent: percent, groupPercent: groups)
            case let other:
                throw rule.fail("unknown jurisdiction rule '\(other)' (expected supplier, origin, see-through or de-minimis)")
            }
        }

        mutating func item(id: String, _ value: YAMLValue) throws(InputError) -> Item {
            let f = try value.fields("item \(id)", allowed: ["name", "origin", "range_km", "value", "components", "status", "source", "evidence", "note"], required: ["origin"])
            var item = Item(id: id, name: try f["name"]?.nonEmptyText("an item name") ?? id, origin: try state(f.required("origin"), "the origin of item \(id)"),
                            rangeKm: nil, value: nil, components: [], source: try f["source"]?.text("a source"),
                            evidence: try factEvidence(f, of: "item \(id)", variant: addingVariant), location: value.location)
            if let r = f["range_km"] {
                let km = try r.number("range_km")
                guard km > 0 else { throw r.fail(.outOfRange, "range_km must be greater than 0, found \(km)") }
                item.rangeKm = km
            }
            if let v = f["value"] {
                let d = try v.decimal("value")
                guard d > 0 else { throw v.fail(.outOfRange, "value must be greater than 0, found \(d)") }
                item.value = d
            }
            if let list = f["components"] {
                for c in try list.list("components") {
                    let cf = try c.fields("a component of \(id)", allowed: ["name", "origin", "regime", "value", "status", "source", "evidence", "note"], required: ["origin"])
                    let componentName = try cf["name"]?.nonEmptyText("a component name") ?? "component"
                    var component = Component(name: componentName,
                                              origin: try state(cf.required("origin"), "a component origin"), regime: nil, value: nil,
                                              source: try cf["source"]?.text("a source"),
                                              evidence: try factEvidence(cf, of: "component '\(componentName)' of \(id)", variant: addingVariant), location: c.location)
                    if let r = cf["regime"] {
                        let regime = try r.nonEmptyText("a regime")
                        guard regimes.contains(regime) else {
                            throw r.fail("unknown regime '\(regime)' (known: \(regimes.sorted().joined(separator: ", ")); a jurisdiction rule may name others)")
                        }
                        component.regime = regime
                    }
                    if let v = cf["value"] {
                        let d = try v.decimal("a component value")
                        guard d >= 0 else { throw v.fail(.outOfRange, "a component value must not be negative, found \(d)") }
                        component.value = d
                    }
                    item.components.append(component)
                }
            }
            if let total = item.value {
                let sum = item.components.compactMap(\.value).reduce(Decimal(0), +)
                if sum > total { throw value.fail(.outOfRange, "the components of item \(id) are worth \(sum), more than the item's value \(total)") }
            }
            return item
        }

        func transfer(_ value: YAMLValue, ids: inout [String: SourceLocation]) throws(InputError) -> Transfer {
            let f = try value.fields("a transfer", allowed: ["id", "item", "from", "to", "date", "status", "source", "evidence", "note"], required: ["item", "from", "to", "date"])
            let itemValue = try f.required("item")
            let item = try itemValue.nonEmptyText("an item id")
            if failedItems.contains(item) { throw itemValue.followOn() }
            guard items[item] != nil else { throw itemValue.fail(.unknownItem, "unknown item '\(item)' (items: \(items.keys.sorted().joined(separator: ", ")))") }
            let id = try f["id"]?.nonEmptyText("a transfer id")
            if let id {
                if let previous = ids[id] { throw try f.required("id").fail(.duplicateId, "duplicate transfer id '\(id)' (first defined at \(previous))") }
                ids[id] = value.location
            }
            return Transfer(id: id, item: item,
                            from: try state(f.required("from"), "the supplier"), to: try state(f.required("to"), "the recipient"),
                            date: try f.required("date").calendarDay("the transfer date"), source: try f["source"]?.text("a source"),
                            evidence: try factEvidence(f, of: "the transfer of \(item)", variant: addingVariant), location: value.location)
        }

        mutating func policy(_ value: YAMLValue, ids: inout [String: SourceLocation]) throws(InputError) -> Policy {
            let f = try value.fields("a policy", allowed: ScenarioLoader.policyKeys, required: ["id", "authority", "effect"])
            let idValue = try f.required("id")
            let id = try idValue.nonEmptyText("a policy id")
            if let previous = ids[id] { throw idValue.fail(.duplicateId, "duplicate policy id '\(id)' (first defined at \(previous))") }
            failedPolicies.insert(id)
            let effectValue = try f.required("effect")
            guard let effect = PolicyEffect(rawValue: try effectValue.text("an effect")) else {
                throw effectValue.fail("expected effect permit or forbid, found '\(try effectValue.text("an effect"))'")
            }
            guard f["status"] != nil || f["evidence"] != nil else {
                throw value.fail(.missingEvidence, "policy \(id) needs 'status' (official, reported or hypothetical) or 'evidence'")
            }
            let evidence = try factEvidence(f, of: "policy \(id)")
            var policy = Policy(id: id, authority: try state(f.required("authority"), "the authority of policy \(id)"), effect: effect,
                                status: evidence.latestStatus ?? .hypothetical, source: try f["source"]?.text("a source"), evidence: evidence,
                                location: value.location)
            if let v = f["uses"] { policy.uses = try v.textList("uses") }
            if let v = f["recipients"] {
                policy.recipients = try v.textList("recipients")
                for (k, entry) in try v.list("recipients").enumerated() { _ = try state(entry, "recipient \(k + 1) of policy \(id)") }
            }
            if let v = f["items"] {
                policy.items = try v.textList("items")
                for entry in try v.list("items") {
                    let item = try entry.text("an item id")
                    if failedItems.contains(item) { throw entry.followOn() }
                    guard items[item] != nil else { throw entry.fail(.unknownItem, "unknown item '\(item)' in policy \(id) (items: \(items.keys.sorted().joined(separator: ", ")))") }
                }
            }
            if let v = f["item_origin"] {
                policy.itemOrigin = try v.textList("item_origin")
                for entry in try v.list("item_origin") { _ = try state(entry, "an item origin of policy \(id)") }
            }
            if let v = f["destinations"] { policy.destinations = try destinations(v, policy: policy) }
            if let v = f["categories"] { policy.categories = try v.textList("categories") }
            if let v = f["target_in"] { policy.targetIn = try areaReference(v) }
            if let v = f["target_not_in"] { policy.targetNotIn = try areaReference(v) }
            if let v = f["from"] { policy.from = try v.calendarDay("from") }
            if let v = f["until"] {
                let until = try v.calendarDay("until")
                if let from = policy.from, until < from { throw v.fail(.conflictingValues, "until \(until) is before from \(from)") }
                policy.until = until
            }
            ids[id] = value.location
            failedPolicies.remove(id)
            return policy
        }

        /// A `destinations` filter: declared states, on a policy that can apply to a retransfer (a
        /// destination belongs to retransfer requests alone, so a filter beside other uses matches nothing).
        func destinations(_ value: YAMLValue, policy: Policy) throws(InputError) -> [String] {
            let codes = try value.textList("destinations")
            for (k, entry) in try value.list("destinations").enumerated() { _ = try state(entry, "destination \(k + 1) of policy \(policy.id)") }
            if let uses = policy.uses, !uses.contains(UseRequest.retransferUse) {
                throw value.fail(.conflictingValues, "policy \(policy.id) filters on destinations but its uses [\(uses.joined(separator: ", "))] do not include '\(UseRequest.retransferUse)': only a retransfer has a destination")
            }
            return codes
        }

        mutating func areaReference(_ value: YAMLValue) throws(InputError) -> AreaReference {
            let reference: AreaReference
            if case .scalar = value.node {
                let name = try value.nonEmptyText("an area name")
                reference = AreaReference(label: name, predicate: try areaNamed(name, at: value, resolving: []))
            } else {
                reference = AreaReference(label: AreaExpressionText.render(value.node), predicate: try area(value, resolving: []))
            }
            if let line = reference.predicate.linealOutsideWithin { throw value.fail(AreaPredicate.linealContainmentMessage(line)) }
            return reference
        }

        mutating func areaNamed(_ name: String, at value: YAMLValue, resolving: [String]) throws(InputError) -> AreaPredicate {
            referencedAreas.insert(name)
            if let done = areas[name] { return done }
            if failedAreas.contains(name) { throw value.followOn() }
            guard let node = areaNodes[name] else {
                throw value.fail(.unknownArea, "unknown area '\(name)' (areas: \(areaNodes.keys.sorted().joined(separator: ", ")); or write an expression such as {country: RU})")
            }
            return try namedArea(name, at: node, resolving: resolving)
        }

        mutating func namedArea(_ name: String, at node: YAMLValue, resolving: [String]) throws(InputError) -> AreaPredicate {
            if let done = areas[name] { return done }
            if failedAreas.contains(name) { throw node.followOn() }
            if resolving.contains(name) {
                throw node.fail(.referenceCycle, "areas form a cycle: \((resolving + [name]).joined(separator: " → "))")
            }
            // A long chain of names (c0: c1, c1: c2, …) would otherwise recurse until the stack overflows.
            if resolving.count >= ScenarioLoader.maximumAreaReferenceDepth {
                // Mark the rest of the chain too (walked without recursion), so that it gives this one error.
                var next: String? = name
                while let n = next, !tooDeepAreas.contains(n) {
                    tooDeepAreas.insert(n)
                    if let node = areaNodes[n], case .scalar = node.node { next = try? node.nonEmptyText("an area name") } else { next = nil }
                }
                tooDeepAreas.formUnion(resolving)
                throw node.fail(.referenceCycle, "named areas refer to one another more than \(ScenarioLoader.maximumAreaReferenceDepth) deep (\(resolving.prefix(3).joined(separator: " → ")) → …): flatten the chain")
            }
            let predicate: AreaPredicate
            do {
                if case .scalar = node.node {
                    predicate = try areaNamed(try node.nonEmptyText("an area name"), at: node, resolving: resolving + [name])
                } else {
                    predicate = try area(node, resolving: resolving + [name])
                }
            } catch {
                // Every area on the way to the fault failed with it; references to them follow from it.
                failedAreas.insert(name)
                throw error
            }
            areas[name] = predicate
            return predicate
        }

        /// Compiles an area expression (see DESIGN.md for the forms).
        mutating func area(_ value: YAMLValue, resolving: [String]) throws(InputError) -> AreaPredicate {
            if case .scalar = value.node { return try areaNamed(try value.nonEmptyText("an area name"), at: value, resolving: resolving) }
            let entries = try value.mapping("an area expression")
            let forms = "country, region, geojson, circle, within_km (with of), any, all or not"
            if entries.count == 2, Set(entries.map(\.key)) == ["within_km", "of"] {
                let f = try value.fields("within_km", allowed: ["within_km", "of"])
                let kmValue = try f.required("within_km")
                let km = try kmValue.number("within_km")
                guard km > 0 else { throw kmValue.fail(.outOfRange, "within_km must be greater than 0, found \(km)") }
                let inner = try area(try f.required("of"), resolving: resolving)
                guard inner.supportsBuffer else { throw value.fail("within_km of an 'all' or 'not' expression is not supported (distances to intersections and complements are not exact)") }
                return .within(meters: km * 1000, of: inner)
            }
            guard entries.count == 1, let entry = entries.first else {
                throw value.fail("expected exactly one of \(forms), found keys \(entries.map(\.key).joined(separator: ", "))")
            }
            switch entry.key {
            case "country":
                let code = try entry.value.nonEmptyText("an ISO 3166-1 alpha-2 code")
                let shape: GeodesicMultiPolygon?
                do { shape = try geography.country(code, view: view) } catch { throw entry.value.fail("reference data: \(error)") }
                guard let shape else { throw entry.value.fail(.unknownArea, "no country '\(code)' in the reference data (\(view.rawValue) view)") }
                return .polygon(shape, label: code)
            case "region":
                let code = try entry.value.nonEmptyText("an ISO 3166-2 code")
                let shape: GeodesicMultiPolygon?
                do { shape = try geography.region(code) } catch { throw entry.value.fail("reference data: \(error)") }
                guard let shape else { throw entry.value.fail(.unknownArea, "no region '\(code)' in the reference data (ISO 3166-2 codes such as UA-63, RU-BEL)") }
                return .polygon(shape, label: code)
            case "geojson":
                let path = try entry.value.nonEmptyText("a GeoJSON path")
                let file: (data: Data, name: String)
                do { file = try fileReferences.read(path) } catch {
                    var refused = entry.value.fail("geojson \(error)")
                    refused.code = error.code
                    throw refused
                }
                // Lines and points are accepted here and refused where containment is asked (see areaReference).
                do { return .polygon(try GeoJSONReader.geometry(data: file.data, file: file.name), label: path) } catch { throw entry.value.fail(.invalidGeometry, "\(error)") }
            case "circle":
                let f = try entry.value.fields("a circle", allowed: ["lat", "lon", "radius_km"], required: ["lat", "lon", "radius_km"])
                let lat = try f.required("lat").number("lat"), lon = try f.required("lon").number("lon")
                if let problem = GeoPoint.problem(latitude: lat, longitude: lon) { throw entry.value.fail(.outOfRange, problem) }
                let rValue = try f.required("radius_km")
                let r = try rValue.number("radius_km")
                guard r > 0 else { throw rValue.fail(.outOfRange, "radius_km must be greater than 0, found \(r)") }
                return .circle(center: GeoPoint(latitude: lat, longitude: lon), radiusMeters: r * 1000)
            case "any", "all":
                let list = try entry.value.list(entry.key)
                if list.isEmpty { throw entry.value.fail(.emptyValue, "\(entry.key) needs at least one area") }
                var parts: [AreaPredicate] = []
                for part in list { parts.append(try area(part, resolving: resolving)) }
                return entry.key == "any" ? .any(parts) : .all(parts)
            case "not":
                return .not(try area(entry.value, resolving: resolving))
            case "within_km":
                throw value.fail(.missingKey, "within_km needs 'of': {within_km: R, of: AREA}")
            default:
                throw entry.keyValue.fail("unknown area form '\(entry.key)' (expected \(forms))")
            }
        }
    }
}
