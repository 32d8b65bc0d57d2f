import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// How the sites of two files, matched by id, moved relative to one reach question
/// (`greenlight reach … --sites after.csv --sites-before before.csv`).
///
/// Each file is classified exactly as `reach --sites` classifies it alone (``SiteClassifier``, the
/// same zones and verdicts), so the figures add up to those of the two single-file runs:
/// - a site in both files falls, for each of the two questions "in range?" and "in the permitted
///   zone?", in exactly one of `left`, `came_in`, `stayed_in`, `stayed_out`;
/// - a site in one file only is counted apart, as `added` (after only) or `removed` (before only).
///
/// "In range" is what `reach` counts as `in_range` (within range of the launch area and inside the
/// measured territory); "in the permitted zone" is `permitted_in_range` (in range and permitted by
/// every required authority: the green zone of the map). So for every category,
/// `in_range` of the before file = `range.left + range.stayed_in + removed.in_range`, and
/// `in_range` of the after file = `range.came_in + range.stayed_in + added.in_range`.
///
/// A site keeps its category: an id whose category differs between the files is an error.
public struct SiteMoves: Sendable, Encodable {
    /// Sites in both files, by whether they were in a zone before and are after.
    public struct Crossings: Sendable, Codable, Equatable {
        /// In before, not after.
        public var left = 0
        /// Not in before, in after.
        public var cameIn = 0
        public var stayedIn = 0
        public var stayedOut = 0

        public init(left: Int = 0, cameIn: Int = 0, stayedIn: Int = 0, stayedOut: Int = 0) {
            self.left = left; self.cameIn = cameIn; self.stayedIn = stayedIn; self.stayedOut = stayedOut
        }

        enum CodingKeys: String, CodingKey { case left, cameIn = "came_in", stayedIn = "stayed_in", stayedOut = "stayed_out" }

        mutating func count(before: Bool, after: Bool) {
            switch (before, after) {
            case (true, false): left += 1
            case (false, true): cameIn += 1
            case (true, true): stayedIn += 1
            case (false, false): stayedOut += 1
            }
        }

        mutating func add(_ o: Crossings) { left += o.left; cameIn += o.cameIn; stayedIn += o.stayedIn; stayedOut += o.stayedOut }
    }

    /// Sites in one file only.
    public struct Unmatched: Sendable, Codable, Equatable {
        public var total = 0
        public var inRange = 0
        public var permittedInRange = 0

        public init(total: Int = 0, inRange: Int = 0, permittedInRange: Int = 0) {
            self.total = total; self.inRange = inRange; self.permittedInRange = permittedInRange
        }

        enum CodingKeys: String, CodingKey { case total, inRange = "in_range", permittedInRange = "permitted_in_range" }

        mutating func count(_ s: SiteStanding) {
            total += 1
            if s.isInRange { inRange += 1 }
            if s.isInPermittedZone { permittedInRange += 1 }
        }

        mutating func add(_ o: Unmatched) { total += o.total; inRange += o.inRange; permittedInRange += o.permittedInRange }
    }

    /// The figures of all sites, or of one category.
    public struct Counts: Sendable, Codable, Equatable {
        /// Ids in both files.
        public var matched = 0
        /// Of those, the sites whose position changed.
        public var moved = 0
        public var range = Crossings()
        public var permittedZone = Crossings()
        /// Ids in the after file only.
        public var added = Unmatched()
        /// Ids in the before file only.
        public var removed = Unmatched()

        public init() {}

        enum CodingKeys: String, CodingKey { case matched, moved, range, permittedZone = "permitted_zone", added, removed }

        mutating func add(_ o: Counts) {
            matched += o.matched; moved += o.moved; range.add(o.range); permittedZone.add(o.permittedZone)
            added.add(o.added); removed.add(o.removed)
        }
    }

    /// One site in both files: where it was, where it is, and how it stood in each.
    public struct Move: Sendable {
        public var id: String
        public var category: String
        public var from: GeoPoint
        public var to: GeoPoint
        public var before: SiteStanding
        public var after: SiteStanding
    }

    public var beforeFile: String
    public var afterFile: String
    public var all = Counts()
    public var byCategory: [String: Counts] = [:]
    /// The before file's counts, as `reach --sites BEFORE` prints them (the after file's are the report's `sites`).
    public var sitesBefore: SiteCounts
    public var sitesAfter: SiteCounts
    /// Every site in both files, in the after file's order (for maps).
    public var moves: [Move] = []

    enum CodingKeys: String, CodingKey {
        case beforeFile = "before_file", afterFile = "after_file", all, byCategory = "by_category", sitesBefore = "sites_before"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(beforeFile, forKey: .beforeFile)
        try c.encode(afterFile, forKey: .afterFile)
        try c.encode(all, forKey: .all)
        try c.encode(byCategory, forKey: .byCategory)
        try c.encode(sitesBefore, forKey: .sitesBefore)
    }

    /// Matches the two files' sites by id and classifies both for the question. Site categories are
    /// checked against the scenario's vocabulary as `reach --sites` checks them; an error names the
    /// file and line.
    public init(before: IdentifiedSites, after: IdentifiedSites, analysis: ReachAnalysis) throws {
        beforeFile = before.file
        afterFile = after.file
        let defaultCategory = analysis.question.category
        try Self.checkCategories(before, analysis)
        try Self.checkCategories(after, analysis)
        var beforeIndex: [String: Int] = [:]
        beforeIndex.reserveCapacity(before.sites.count)
        for (i, site) in before.sites.enumerated() { beforeIndex[site.id] = i }
        // A moved site keeps its category: anything else is not a move, and is refused rather than guessed at.
        var recategorised = SiteFileErrors(file: after.file)
        for site in after.sites {
            guard let i = beforeIndex[site.id] else { continue }
            let was = before.sites[i].category ?? defaultCategory, now = site.category ?? defaultCategory
            if was != now {
                recategorised.add(InputError(SourceLocation(file: after.file, line: site.line, column: site.column),
                                             "site '\(EchoedText.capped(site.id))' has category '\(EchoedText.capped(now))' here and '\(EchoedText.capped(was))' in \(before.file) (line \(before.sites[i].line)): a moved site keeps its category", code: .conflictingValues))
            }
        }
        if !recategorised.isEmpty { throw recategorised }

        let classifier = SiteClassifier(analysis: analysis)
        let old = classifier.classify(before.sites, measure: false)
        let new = classifier.classify(after.sites, measure: false)
        sitesBefore = old.counts
        sitesAfter = new.counts
        var matchedInBefore = [Bool](repeating: false, count: before.sites.count)
        for verdict in new.verdicts {
            let site = verdict.site
            let category = site.category ?? defaultCategory
            let now = SiteStanding(verdict)
            guard let i = beforeIndex[site.id] else {
                byCategory[category, default: Counts()].added.count(now)
                continue
            }
            matchedInBefore[i] = true
            let was = SiteStanding(old.verdicts[i])
            var c = byCategory[category, default: Counts()]
            c.matched += 1
            if before.sites[i].point != site.point { c.moved += 1 }
            c.range.count(before: was.isInRange, after: now.isInRange)
            c.permittedZone.count(before: was.isInPermittedZone, after: now.isInPermittedZone)
            byCategory[category] = c
            moves.append(Move(id: site.id, category: category, from: before.sites[i].point, to: site.point, before: was, after: now))
        }
        for (i, verdict) in old.verdicts.enumerated() where !matchedInBefore[i] {
            byCategory[verdict.site.category ?? defaultCategory, default: Counts()].removed.count(SiteStanding(verdict))
        }
        for counts in byCategory.values { all.add(counts) }
    }

    /// Refuses a category in other capitals than the scenario's, naming the site's file and line.
    static func checkCategories(_ file: IdentifiedSites, _ analysis: ReachAnalysis) throws {
        var checked = Set<String>()
        for site in file.sites {
            guard let c = site.category, checked.insert(c).inserted else { continue }
            do throws(InputError) { try analysis.engine.names.checkCategory(c) } catch {
                throw InputError(SourceLocation(file: file.file, line: site.line, column: site.column), "site \(EchoedText.capped(site.id)): \(error.message)", code: error.code)
            }
        }
    }

    /// Readable text: the totals, then one line per category.
    public var text: String {
        func crossings(_ c: Crossings) -> String { "left \(c.left), came in \(c.cameIn), stayed in \(c.stayedIn), stayed out \(c.stayedOut)" }
        func unmatched(_ u: Unmatched) -> String { "\(u.total) (\(u.inRange) in range, \(u.permittedInRange) permitted in range)" }
        var lines = ["sites matched by id, \(beforeFile) → \(afterFile): \(all.matched) in both files (\(all.moved) moved), \(all.added.total) added, \(all.removed.total) removed"]
        lines.append("  range:          \(crossings(all.range))")
        lines.append("  permitted zone: \(crossings(all.permittedZone))")
        if all.added.total > 0 { lines.append("  only in the after file (added): \(unmatched(all.added))") }
        if all.removed.total > 0 { lines.append("  only in the before file (removed): \(unmatched(all.removed))") }
        for (category, c) in byCategory.sorted(by: { $0.key < $1.key }) {
            var line = "  \(category): \(c.matched) in both — range: \(crossings(c.range)); permitted zone: \(crossings(c.permittedZone))"
            if c.added.total > 0 || c.removed.total > 0 { line += "; added \(c.added.total), removed \(c.removed.total)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
