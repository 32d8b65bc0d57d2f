import GreenlightPolicy

/// The classes of uses and target categories that policies distinguish, derived exactly from their
/// filters: two categories fall into one class when every category filter of the policies matches
/// both or neither, so one representative decides for the whole class (likewise for uses).
public struct RequestClasses: Sendable {
    /// One class of values: a representative to ask with, and what the class is, in words.
    public struct Class: Sendable, Hashable, Encodable {
        public var representative: String
        public var description: String
    }

    public var uses: [Class]
    public var categories: [Class]

    /// The classes over the policies of every engine given (both sides of a diff), restricted to the
    /// categories asked for when `categories` is given (each then its own class).
    public init(engines: [PolicyEngine], categories asked: [String]? = nil) {
        let policies = engines.flatMap { e in e.scenario.policies(variantOrEmpty: e.variant) }
        let namedUses = Set(policies.flatMap { $0.uses ?? [] }).sorted()
        if namedUses.isEmpty {
            uses = [Class(representative: "strike", description: "any use (no policy filters on the use)")]
        } else {
            uses = namedUses.map { Class(representative: $0, description: $0) }
                + [Class(representative: RequestClasses.fresh("other-use", avoiding: Set(namedUses)), description: "any use not named by a policy")]
        }
        if let asked {
            categories = asked.map { Class(representative: $0, description: $0) }
            return
        }
        let filters = Set(policies.flatMap { $0.categories ?? [] })
        // A category's class is the set of filters it matches; a filter itself is the shortest category of
        // its class, so the filters are enough representatives, plus one category that matches none.
        var bySignature: [Set<String>: String] = [:]
        for f in filters.sorted() {
            let signature = Set(filters.filter { CategoryPath.matches(filter: $0, category: f) })
            if bySignature[signature] == nil { bySignature[signature] = f }
        }
        var classes = bySignature.values.sorted().map { Class(representative: $0, description: "\($0) (and below)") }
        let other = RequestClasses.fresh("other", avoiding: filters)
        classes.append(Class(representative: other, description: filters.isEmpty ? "any category (no policy filters on it)" : "any category no policy names"))
        categories = classes
    }

    /// A value that matches none of the given filters (as a category path or a use name).
    static func fresh(_ base: String, avoiding filters: Set<String>) -> String {
        var candidate = base, k = 1
        while filters.contains(where: { CategoryPath.matches(filter: $0, category: candidate) }) { k += 1; candidate = "\(base)-\(k)" }
        return candidate
    }
}
