import ArgumentParser
import Foundation
import GreenlightAnalysis
import GreenlightPolicy

extension DiffGate: ExpressibleByArgument {}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two policy sets over space and time: equivalent, narrower, wider or incomparable, with witnesses.",
        discussion: """
            A and B are two scenario files (e.g. two revisions), or one file under two variants or at two dates.
            One row per item × recipient × use class × category class × interval between change dates of either
            side; each difference is measured in km² (certified zones within the item's reach from the recipient)
            and comes with a witness request at least 1 km inside it where one exists, re-decided on both sides.
              greenlight diff Scenarios/ukraine-2024-2025/scenario.yaml --variant-b full-lift --item atacms-m39a1
              greenlight diff new.yaml old.yaml --fail-if wider     # exit 1 if the edit permits anything new
            """
    )

    @Argument(help: "Scenario A.") var a: String
    @Argument(help: "Scenario B (default: A).") var b: String?
    @Option(help: "A variant of A.") var variantA: String?
    @Option(help: "A variant of B.") var variantB: String?
    @Option(help: "Compare A at this date (default: every interval between change dates).") var dateA: String?
    @Option(help: "Compare B at this date (default: --date-a).") var dateB: String?
    @Option(help: "Only this item (repeatable; default: every item of either side).") var item: [String] = []
    @Option(help: "Only this target category (repeatable; default: the classes the policies distinguish).") var category: [String] = []
    @Option(help: "Only this use (repeatable; default: the classes the policies distinguish).") var use: [String] = []
    @Option(help: "Limit the measured territory to this area, e.g. RU.") var within: String?
    @OptionGroup var tolerance: ToleranceOption
    @Option(help: "Exit 1 when A is wider than B, narrower, or different (a review gate).") var failIf: DiffGate?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func validate() throws {
        if b == nil && variantA == variantB && dateA == dateB { throw ValidationError("comparing a scenario with itself: give B, --variant-a/--variant-b or --date-a/--date-b") }
    }

    func run() throws {
        let dayA = try dateA.map { try parseDay($0, option: "--date-a") }
        let dayB = try dateB.map { try parseDay($0, option: "--date-b") } ?? dayA
        let scenarioA = try loadScenario(a), scenarioB = try b.map(loadScenario) ?? scenarioA
        let diff: PolicyDiff
        do {
            let sideA = DiffSide(engine: try PolicyEngine(scenario: scenarioA, variant: variantA), date: dayA ?? dayB,
                                 label: DiffCommand.label(a, variantA, dayA ?? dayB))
            let sideB = DiffSide(engine: try PolicyEngine(scenario: scenarioB, variant: variantB), date: dayB,
                                 label: DiffCommand.label(b ?? a, variantB, dayB))
            let progress = ProgressBar("comparing")
            var scope = DiffScope(items: item.isEmpty ? nil : item, categories: category.isEmpty ? nil : category, within: within)
            if !use.isEmpty { scope.useNames = use }
            diff = try PolicyDiff.compare(sideA, sideB, scope: scope, toleranceMeters: tolerance.toleranceM, progress: progress.update)
            progress.finish()
        } catch { throw exitInvalid(error) }
        if format == .json { try printJSON(diff) } else { print(DiffText.render(diff)) }
        if let failIf, diff.fails(failIf) { throw ExitCode(1) }
    }

    static func label(_ file: String, _ variant: String?, _ date: CalendarDay?) -> String {
        file + (variant.map { " (variant \($0))" } ?? "") + (date.map { " at \($0)" } ?? "")
    }
}

/// The text form of a diff: the overall verdict, then the rows that differ.
enum DiffText {
    static func render(_ d: PolicyDiff) -> String {
        var lines = ["A: \(d.a)", "B: \(d.b)", d.verdict == .equivalent ? "verdict: A is equivalent to B, \(d.equivalence)"
                     : "verdict: A is \(d.verdict.rawValue) than B (zones certified to \(d.toleranceM) m: differences thinner than that are not counted)"]
        let differing = d.rows.filter { $0.verdict != .equivalent }
        lines.append("\(d.rows.count) rows compared (item × recipient × use class × category class × interval), \(differing.count) differ")
        for r in differing {
            let when = r.from == nil && r.until == nil ? "" : " \(r.from.map(\.description) ?? "…") to \(r.until.map(\.description) ?? "…")"
            lines.append("- \(r.item) → \(r.recipient), use \(r.use.description), category \(r.category.description)\(when): \(r.verdict.rawValue); A only \(String(format: "%.1f", r.aOnlyKm2)) km², B only \(String(format: "%.1f", r.bOnlyKm2)) km²")
            for (side, w) in [("A only", r.aOnlyWitness), ("B only", r.bOnlyWitness)] {
                guard let w else { continue }
                lines.append("    witness (\(side)): --target \(String(format: "%.6f,%.6f", w.lat, w.lon)),\(w.category) --date \(w.date)\(w.dateB.map { " (B: \($0))" } ?? "") --use \(w.use): A \(w.a.decision.rawValue), B \(w.b.decision.rawValue)")
            }
            for n in r.notes { lines.append("    note: \(n)") }
        }
        for s in d.skipped { lines.append("skipped: \(s)") }
        return lines.joined(separator: "\n")
    }
}
