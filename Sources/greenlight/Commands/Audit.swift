import ArgumentParser

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The audit log: verify its hash chain, replay its decisions.",
                                                    subcommands: [AuditVerify.self, AuditReplayCommand.self])
}
