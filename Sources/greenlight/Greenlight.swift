import ArgumentParser
import Foundation

@main
struct Greenlight: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "greenlight",
        abstract: "Who must say yes to a proposed use of a supplied weapon, and what does each policy put within reach?",
        discussion: """
            Greenlight reasons about policy, provenance and public geography. It models no weapon effects,
            trajectories or defences, and it never proposes targets: sites are data you bring.
            Exit status: 0 success, 1 a check failed, 2 invalid input.
            """,
        subcommands: [Geo.self, Init.self, Validate.self, Decide.self, Consents.self, Check.self, Reach.self, ZonesCommand.self, TimelineCommand.self, Compare.self, WhereCommand.self, WhenCommand.self, DiffCommand.self, LintCommand.self, Sites.self, Report.self, Serve.self, Token.self, Audit.self]
    )

    /// Runs the command; every misuse of the command line (a missing or unknown option, a bad value)
    /// exits 2 like any other invalid input, not ArgumentParser's 64, and so does every typed input
    /// error a command lets through (see ``ExitStatus``).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand { try await asyncCommand.run() } else { try command.run() }
        } catch {
            // An input error that no command caught ends with its code's status and its message.
            if let status = ExitStatus.of(error) {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                Foundation.exit(status)
            }
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
