import Foundation
import GreenlightPolicy

/// A whole site file whose sites each carry their own, unique id: what matching sites between two
/// files (`reach --sites-before`) and relocating them (`sites synth --relocate-from`) need.
///
/// The file is read into memory (matching needs every id at once). A site without an id, a duplicate
/// id and every other bad line are errors naming the file and line (`SiteFileErrors`: all of them in
/// one pass, the first 20 shown).
public struct IdentifiedSites: Sendable {
    /// The file's sites in file order.
    public let sites: [Site]
    /// The file as named in messages.
    public let file: String

    /// `name` is how messages and reports name the file (default: its path).
    public init(url: URL, name: String? = nil) throws {
        var all: [Site] = []
        try SiteReader(url: url, requiringIds: true).forEachBatch { all += $0 }
        var firstSeen: [String: Site] = [:]
        firstSeen.reserveCapacity(all.count)
        var duplicates = SiteFileErrors(file: url.path)
        for site in all {
            if let first = firstSeen[site.id] {
                duplicates.add(InputError(SourceLocation(file: url.path, line: site.line, column: site.column),
                                          "duplicate site id '\(EchoedText.capped(site.id))' (first at line \(first.line)\(first.column > 1 ? ", column \(first.column)" : "")): matching sites by id needs each id once", code: .duplicateId))
            } else {
                firstSeen[site.id] = site
            }
        }
        if !duplicates.isEmpty { throw duplicates }
        sites = all
        file = name ?? url.path
    }
}
