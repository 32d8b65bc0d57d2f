import Foundation
import GreenlightGeodesy

extension ScenarioLoader {
    /// The keys of one event.
    static let eventKeys: Set = ["id", "date", "claim", "claimed_by", "item", "place", "evidence", "status", "source", "note"]
}

extension ScenarioLoader.Context {
    /// The scenario's `events:`: dated claims of parties (strikes reported by a general staff or a
    /// ministry). They are checked here and shown on timelines; nothing decides by them.
    mutating func events(_ node: YAMLValue) -> [ScenarioEvent] {
        guard let list = attempt({ (_: inout Self) throws(InputError) in try node.list("events") }) else { return [] }
        var events: [ScenarioEvent] = []
        var ids: [String: SourceLocation] = [:]
        for value in list {
            if let e = attempt({ (c: inout Self) throws(InputError) in try c.event(value, ids: &ids) }) { events.append(e) }
        }
        return events
    }

    mutating func event(_ value: YAMLValue, ids: inout [String: SourceLocation]) throws(InputError) -> ScenarioEvent {
        let f = try value.fields("an event", allowed: ScenarioLoader.eventKeys, required: ["id", "date", "claim", "claimed_by"])
        let idValue = try f.required("id")
        let id = try idValue.nonEmptyText("an event id")
        if let previous = ids[id] { throw idValue.fail(.duplicateId, "duplicate event id '\(id)' (first defined at \(previous))") }
        let date = try f.required("date").calendarDay("the event date")
        let claim = try f.required("claim").nonEmptyText("the claim, in neutral words")
        let byValue = try f.required("claimed_by")
        let claimedBy: [String]
        if case .sequence = byValue.node { claimedBy = try byValue.textList("claimed_by") } else { claimedBy = [try byValue.nonEmptyText("who reported the event (claimed_by)")] }
        var item: String?
        if let v = f["item"] {
            let text = try v.nonEmptyText("an item id")
            if failedItems.contains(text) { throw v.followOn() }
            guard items[text] != nil else { throw v.fail(.unknownItem, "unknown item '\(text)' in event \(id) (items: \(items.keys.sorted().joined(separator: ", ")))") }
            item = text
        }
        let place = try f["place"].map { v throws(InputError) in try eventPlace(v, event: id) }
        guard f["evidence"] != nil || f["source"] != nil || f["status"] != nil else {
            throw value.fail(.missingEvidence, "event \(id) needs 'evidence': who published the claim, when, with a status")
        }
        let evidence = try factEvidence(f, of: "event \(id)")
        ids[id] = idValue.location
        return ScenarioEvent(id: id, date: date, claim: claim, claimedBy: claimedBy, item: item, place: place, evidence: evidence, location: value.location)
    }

    /// An event's place: the name of one of the scenario's areas, or a point `{lat, lon}`.
    mutating func eventPlace(_ value: YAMLValue, event id: String) throws(InputError) -> ScenarioEvent.Place {
        if case .scalar = value.node {
            let name = try value.nonEmptyText("an area name")
            referencedAreas.insert(name)
            if failedAreas.contains(name) || tooDeepAreas.contains(name) { throw value.followOn() }
            guard areas[name] != nil else {
                throw value.fail(.unknownArea, "unknown area '\(name)' as the place of event \(id) (areas: \(areaNodes.keys.sorted().joined(separator: ", ")); or a point {lat, lon})")
            }
            return .area(name)
        }
        let f = try value.fields("the place of event \(id) (an area name or {lat, lon})", allowed: ["lat", "lon"], required: ["lat", "lon"])
        let lat = try f.required("lat").number("lat"), lon = try f.required("lon").number("lon")
        if let problem = GeoPoint.problem(latitude: lat, longitude: lon) { throw value.fail(.outOfRange, problem) }
        return .point(latitude: lat, longitude: lon)
    }
}
