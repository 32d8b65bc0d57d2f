import ArgumentParser
import Foundation
import GreenlightPolicy

/// A request the engine refused, printed with the option that gave the field at fault (exit 2).
func exitInvalid(_ error: InputError, options: [String: String]) -> ExitCode {
    guard let field = error.field, let option = options[field] else { return exitInvalid(error) }
    // A place in the scenario (the policy that needs a target) stays in the message; the file alone does not.
    return exitInvalid("\(option): \(error.location.line > 0 ? error.description : error.message)")
}

/// Warnings about a request that is valid but names what the scenario never refers to: a use no
/// policy names, a category no policy's filter covers. Printed on standard error; the answer stands.
func warnUnnamed(use: String, category: String?, names: ScenarioNames) {
    var lines: [String] = []
    if !names.uses.isEmpty && !names.uses.contains(use) {
        lines.append("warning: --use \(use): no policy of the scenario names this use (uses named: \(names.uses.sorted().joined(separator: ", "))); only policies without a uses filter can apply")
    }
    if let category, !names.categories.isEmpty, !names.isNamed(category: category) {
        lines.append("warning: category '\(category)' is covered by no policy's categories filter (named: \(names.categories.sorted().joined(separator: ", ")))")
    }
    for line in lines { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}
