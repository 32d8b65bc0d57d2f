import Foundation

extension ScenarioLoader {
    static let questionKeys: Set = ["id", "name", "area", "within", "item", "range_km", "launch_area", "date", "variant", "share_of", "published", "notes"]
    static let publishedKeys: Set = ["value", "qualifier", "unit", "source", "date", "title", "url", "quote", "definition"]
}

extension ScenarioLoader.Context {
    /// The scenario's `questions:` (after items and variants, which they name). A question under a
    /// variant may name the items and areas that variant adds. `share_of` must name another question,
    /// without a cycle.
    mutating func questions(_ node: YAMLValue, variants: [String: Variant]) -> [ScenarioQuestion] {
        guard let list = attempt({ (_: inout Self) throws(InputError) in try node.list("questions") }) else { return [] }
        var questions: [ScenarioQuestion] = []
        var ids: [String: SourceLocation] = [:]
        var shareNodes: [String: YAMLValue] = [:]
        for value in list {
            attempt { (c: inout Self) throws(InputError) in
                let (q, share) = try c.question(value, variants: variants, ids: &ids)
                questions.append(q)
                if let share { shareNodes[q.id] = share }
            }
        }
        // share_of: a known question, and no cycle (a share of a share is fine).
        let known = Set(ids.keys)
        var valid: [String: String] = [:]
        for q in questions {
            guard let target = q.shareOf, let at = shareNodes[q.id] else { continue }
            if target == q.id { errors.append(at.fail(.referenceCycle, "question \(q.id) is a share of itself")); continue }
            guard known.contains(target) else {
                errors.append(at.fail(.unknownReference, "share_of names unknown question '\(EchoedText.capped(target))' (questions: \(questions.map(\.id).joined(separator: ", ")))"))
                continue
            }
            valid[q.id] = target
        }
        var reported = Set<String>()
        for q in questions where valid[q.id] != nil && !reported.contains(q.id) {
            var chain = [q.id], next = valid[q.id]
            while let n = next, !chain.contains(n) { chain.append(n); next = valid[n] }
            if let n = next, n == q.id {
                reported.formUnion(chain)
                errors.append(shareNodes[q.id]!.fail(.referenceCycle, "share_of forms a cycle: \((chain + [n]).joined(separator: " → "))"))
            }
        }
        return questions
    }

    /// One question and its `share_of` node (checked once all ids are known).
    private mutating func question(_ value: YAMLValue, variants: [String: Variant], ids: inout [String: SourceLocation]) throws(InputError) -> (ScenarioQuestion, YAMLValue?) {
        let f = try value.fields("a question", allowed: ScenarioLoader.questionKeys, required: ["id", "name"])
        let idValue = try f.required("id")
        let id = try idValue.nonEmptyText("a question id")
        if let previous = ids[id] { throw idValue.fail(.duplicateId, "duplicate question id '\(EchoedText.capped(id))' (first defined at \(previous))") }
        ids[id] = value.location
        var q = ScenarioQuestion(id: id, name: try localizedText(try f.required("name"), "a question name"), location: value.location)
        // Under a variant, its items and areas are visible to the question (as to the variant's own policies).
        var c = self
        var variantItems: [String: Item] = [:]
        if let v = f["variant"] {
            let name = try v.nonEmptyText("a variant name")
            guard let variant = variants[name] else {
                throw v.fail(.unknownVariant, "unknown variant '\(EchoedText.capped(name))' (variants: \(variants.isEmpty ? "none" : variants.keys.sorted().joined(separator: ", ")))")
            }
            q.variant = name
            for (area, predicate) in variant.addAreas { c.areas[area] = predicate }
            for item in variant.addItems { variantItems[item.id] = item }
        }
        if let v = f["item"] {
            let item = try v.nonEmptyText("an item id")
            if failedItems.contains(item) { throw v.followOn() }
            guard let known = items[item] ?? variantItems[item] else {
                let hint = q.variant == nil ? "; an item a variant adds needs the question's variant" : ""
                throw v.fail(.unknownItem, "unknown item '\(EchoedText.capped(item))' (items: \((Array(items.keys) + Array(variantItems.keys)).sorted().joined(separator: ", "))\(hint))")
            }
            q.item = item
            if known.rangeKm == nil && f["range_km"] == nil { throw v.fail(.missingKey, "item \(item) has no range_km: give the question a range_km") }
        }
        if let r = f["range_km"] {
            let km = try r.number("range_km")
            guard km > 0 else { throw r.fail(.outOfRange, "range_km must be greater than 0, found \(km)") }
            q.rangeKm = km
        }
        if q.item == nil && q.rangeKm == nil { throw value.fail(.missingKey, "question \(id) needs 'item' (its range) or 'range_km'") }
        if let v = f["launch_area"] {
            let launch = try c.areaReference(v)
            guard launch.predicate.supportsBuffer else { throw v.fail("the launch area must be a country, region, circle, buffer or union of them") }
            q.launchArea = launch
        } else if q.item == nil {
            throw value.fail(.missingKey, "question \(id) has a range_km but no item: give it a launch_area to measure the range from")
        }
        if let v = f["within"] { q.within = try c.areaReference(v) }
        if let v = f["area"] { q.area = try c.areaReference(v) }
        referencedAreas.formUnion(c.referencedAreas)
        if let v = f["date"] { q.date = try v.calendarDay("the question's date") }
        if let v = f["notes"] { q.notes = try localizedTexts(v, "notes") }
        if let v = f["published"] {
            for entry in try v.list("published") { q.published.append(try publishedFigure(entry)) }
        }
        let share = f["share_of"]
        if let share { q.shareOf = try share.nonEmptyText("a question id") }
        return (q, share)
    }

    private func publishedFigure(_ value: YAMLValue) throws(InputError) -> PublishedFigure {
        let f = try value.fields("a published figure", allowed: ScenarioLoader.publishedKeys, required: ["value", "unit", "source", "date"])
        let v = try f.required("value")
        let number = try v.decimal("a published value")
        let raw = try v.text("a published value").trimmingCharacters(in: .whitespaces)
        let decimals = raw.split(separator: ".", maxSplits: 1).dropFirst().first.map { $0.prefix { $0.isNumber }.count } ?? 0
        var qualifier: PublishedFigure.Qualifier?
        if let q = f["qualifier"] {
            let text = try q.text("a qualifier")
            guard let parsed = PublishedFigure.Qualifier(rawValue: text) else {
                throw q.fail("expected qualifier \(PublishedFigure.Qualifier.allCases.map(\.rawValue).joined(separator: ", ")), found '\(EchoedText.capped(text))'")
            }
            qualifier = parsed
        }
        let d = try f.required("date")
        let dateText = try d.text("the publication date")
        guard let date = PublishedDate(dateText.trimmingCharacters(in: .whitespaces)) else {
            throw d.fail(.invalidDate, "expected the publication date as a real date YYYY-MM-DD, or a month YYYY-MM, found '\(EchoedText.capped(dateText))'")
        }
        return PublishedFigure(value: number, decimals: decimals, qualifier: qualifier, unit: try localizedText(try f.required("unit"), "a unit"),
                               source: try f.required("source").nonEmptyText("a source"), date: date,
                               title: try f["title"]?.nonEmptyText("a title"), url: try f["url"]?.nonEmptyText("a url"),
                               quote: try f["quote"]?.nonEmptyText("a quote"),
                               definition: try f["definition"].map { n throws(InputError) in try localizedTexts(n, "definition") } ?? [],
                               location: value.location)
    }

    /// A text as a plain string (English) or `{en: …, nl: …}`.
    func localizedText(_ value: YAMLValue, _ what: String) throws(InputError) -> LocalizedText {
        if case .scalar = value.node { return LocalizedText(try value.nonEmptyText(what)) }
        let f = try value.fields(what, allowed: Set(["en"]).union(LocalizedText.translatedLanguages), required: ["en"])
        var text = LocalizedText(try f.required("en").nonEmptyText("the English of \(what)"))
        for language in LocalizedText.translatedLanguages.sorted() {
            if let t = f[language] { text.translations[language] = try t.nonEmptyText("the \(language) of \(what)") }
        }
        return text
    }

    /// A list of texts, each a plain string or `{en, nl}`; a single text stands for a list of one.
    func localizedTexts(_ value: YAMLValue, _ what: String) throws(InputError) -> [LocalizedText] {
        guard case .sequence = value.node else { return [try localizedText(value, "a text of \(what)")] }
        var out: [LocalizedText] = []
        for entry in try value.list(what) { out.append(try localizedText(entry, "a text of \(what)")) }
        return out
    }
}
