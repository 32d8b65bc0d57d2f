import ArgumentParser

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
}
