import ArgumentParser
import Foundation
import GreenlightPolicy
import GreenlightServer

struct AuditReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Decide logged decisions again and report those that come out differently. Exit 0 none differ, 1 some do.",
        discussion: """
            Each decision the server logged is decided again under the scenario version it names, and its answer (decision, reason, required, missing, in range) compared with the logged one. A record altered since it was written, or a stored version whose content hash is not the logged one, is reported too. 0 differences are expected.

              greenlight audit replay --database greenlight.sqlite
              greenlight audit replay --since 18000          # record 18000 on
              greenlight audit replay --against-current      # what edits changed

            With --against-current each decision is decided under the latest version of its scenario instead: the report lists the logged decisions that version would answer differently. Decisions logged before requests were recorded in full are counted, not replayed.
            """
    )
    @Option(help: ArgumentHelp("SQLite file or postgres://USER@HOST:PORT/DB.", valueName: "path-or-url")) var database = "greenlight.sqlite"
    @Option(help: ArgumentHelp("Start at this audit record (its seq).", valueName: "id")) var since: Int64?
    @Flag(name: .customLong("against-current"), help: "Decide under each scenario's latest version instead of the logged one.") var againstCurrent = false
    @Option(name: .customLong("data-dir"), help: ArgumentHelp("The server's --data-dir, for scenarios that name GeoJSON files.", valueName: "dir"))
    var dataDirectory: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() async throws {
        let location = try existingStoreLocation(database)
        if let since, since < 1 { throw exitInvalid("--since: expected a record id of 1 or more, found \(since)") }
        let references: FileReferences = dataDirectory.map { .confined(to: URL(fileURLWithPath: $0)) } ?? .none
        let bar = ProgressBar(againstCurrent ? "replaying under current versions" : "replaying")
        let (since, mode) = (since, againstCurrent ? AuditReplay.Mode.currentVersion : .loggedVersion)
        let report = try await withStore(location) { store in
            try await AuditReplay.run(store: store, fileReferences: references, since: since, mode: mode) { done, total in
                bar.update(total == 0 ? 1 : Double(done) / Double(total))
            }
        }
        bar.finish()
        if format == .json { try printJSON(report) } else { print(Self.text(report)) }
        if !report.differences.isEmpty { throw ExitCode(1) }
    }

    static func text(_ report: AuditReplay.Report) -> String {
        var lines: [String] = []
        for d in report.differences {
            var head = "record \(d.seq) (\(d.scenario)"
            if let v = d.loggedVersion { head += " version \(v)" }
            if let r = d.replayedVersion, r != d.loggedVersion { head += ", decided under version \(r)" }
            head += ")"
            if let request = d.request { head += ": \(request)" }
            lines.append(head)
            if let logged = d.logged { lines.append("  logged:   \(logged)") }
            if let replayed = d.replayed { lines.append("  replayed: \(replayed)") }
            for p in d.problems { lines.append("  \(p)") }
        }
        let under = report.mode == .loggedVersion ? "under their logged versions" : "under the current versions"
        var summary = "\(report.replayed) of \(report.decisions) logged decisions replayed \(under) (\(report.recordsRead) records read)"
        if report.notReplayable > 0 { summary += "; \(report.notReplayable) logged before requests were recorded in full, not replayed" }
        if report.wordingDiffers > 0 { summary += "; \(report.wordingDiffers) with the same outcome in other wording (another program version)" }
        summary += ": \(report.differences.count) differ"
        lines.append(summary)
        return lines.joined(separator: "\n")
    }
}
