/// The names a scenario defines or uses — state codes, item ids, and the uses and categories its
/// policies name (the scenario's and every variant's) — and how a request's names are checked against
/// them. Names are matched exactly; a name that matches only when capitals are ignored is refused with
/// a suggestion, never given a different answer silently (docs/scenario-format.md, "How values are read").
public struct ScenarioNames: Sendable {
    public let states: [String]
    public let items: [String]
    /// Every use a policy's `uses` filter names.
    public let uses: Set<String>
    /// Every category path a policy's `categories` filter names.
    public let categories: Set<String>
    let file: String

    public init(_ s: Scenario) {
        let policies = s.policies + s.variantOrder.flatMap { s.variants[$0]?.add ?? [] }
        states = s.stateOrder
        items = s.itemOrder
        uses = Set(policies.flatMap { $0.uses ?? [] })
        categories = Set(policies.flatMap { $0.categories ?? [] })
        file = s.file
    }

    var here: SourceLocation { SourceLocation(file: file, line: 0, column: 0) }

    /// The declared name that equals `name` but for capitals, if any.
    static func twin(of name: String, among names: some Sequence<String>) -> String? {
        let folded = name.lowercased()
        return names.first { $0 != name && $0.lowercased() == folded }
    }

    /// A declared recipient state, or an error (field `recipient`) with a suggestion when one differs only in capitals.
    public func checkRecipient(_ code: String) throws(InputError) {
        guard !states.contains(code) else { return }
        let hint = Self.twin(of: code, among: states).map { "; did you mean '\($0)'?" } ?? " (declared: \(states.joined(separator: ", ")))"
        throw InputError(here, "recipient '\(EchoedText.capped(code))' is not a state declared in the scenario\(hint)", field: "recipient", code: .unknownState)
    }

    /// A known item, or an error (field `item`) with a suggestion when one differs only in capitals.
    public func checkItem(_ id: String) throws(InputError) {
        guard !items.contains(id) else { return }
        let hint = Self.twin(of: id, among: items).map { "; did you mean '\($0)'?" } ?? " (items: \(items.joined(separator: ", ")))"
        throw InputError(here, "unknown item '\(EchoedText.capped(id))'\(hint)", field: "item", code: .unknownItem)
    }

    /// Refuses (field `use`) a use that no policy names but one names with other capitals. Any other
    /// use is valid: uses are open-ended, and only filters without `uses` can apply to it.
    public func checkUse(_ use: String) throws(InputError) {
        guard !uses.contains(use), use != UseRequest.retransferUse,
              let twin = Self.twin(of: use, among: uses.union([UseRequest.retransferUse]).sorted()) else { return }
        throw InputError(here, "unknown use '\(EchoedText.capped(use))'; did you mean '\(twin)'?", field: "use", code: .unknownUse)
    }

    /// A retransfer's destination and a named supplier: declared states (fields `destination` and `supplier`).
    /// A destination needs `use: retransfer`, a retransfer needs a destination other than the recipient.
    public func checkTransferFields(use: String, recipient: String, destination: String?, supplier: String?) throws(InputError) {
        for (field, code) in [("destination", destination), ("supplier", supplier)] {
            guard let code, !states.contains(code) else { continue }
            let hint = Self.twin(of: code, among: states).map { "; did you mean '\($0)'?" } ?? " (declared: \(states.joined(separator: ", ")))"
            throw InputError(here, "\(field) '\(EchoedText.capped(code))' is not a state declared in the scenario\(hint)", field: field, code: .unknownState)
        }
        let retransfer = UseRequest.retransferUse
        if use == retransfer {
            guard let destination else { throw InputError(here, "use '\(retransfer)' needs a destination: the state the recipient would pass the item to", field: "destination", code: .incompleteRequest) }
            if destination == recipient { throw InputError(here, "destination \(destination) is the recipient itself: a retransfer passes the item to another state", field: "destination", code: .conflictingValues) }
        } else if let destination {
            throw InputError(here, "destination \(destination) is given for use '\(use)': only use '\(retransfer)' has a destination", field: "destination", code: .conflictingValues)
        }
    }

    /// Refuses (field `category`) a category that a policy's filter would match if capitals were
    /// ignored but does not match as written. Any other category is valid: categories are open-ended paths.
    public func checkCategory(_ category: String) throws(InputError) {
        let folded = category.lowercased()
        for filter in categories.sorted() where !CategoryPath.matches(filter: filter, category: category) {
            let f = filter.lowercased()
            guard CategoryPath.matches(filter: f, category: folded) else { continue }
            // The filter's spelling for the part it covers, the request's for the rest.
            let rest = folded == f ? "" : String(category.split(separator: "/", omittingEmptySubsequences: false)
                .dropFirst(filter.split(separator: "/", omittingEmptySubsequences: false).count).joined(separator: "/"))
            let tail = filter == f ? rest.lowercased() : rest   // a lower-case vocabulary suggests lower case throughout
            throw InputError(here, "unknown category '\(category)'; did you mean '\(filter)\(tail.isEmpty ? "" : "/" + tail)'?", field: "category", code: .unknownCategory)
        }
    }

    /// Whether any policy's filter covers the category (for warnings: a category nothing refers to).
    public func isNamed(category: String) -> Bool {
        categories.contains { CategoryPath.matches(filter: $0, category: category) }
    }
}
