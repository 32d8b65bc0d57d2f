/// How a decision can be cited and re-run: the audit record it was logged as, the scenario version it
/// was decided under, and the content hash of that version with the reference borders
/// (``ScenarioContentHash``). The CLI, which keeps no log and no versions, gives only the hashes.
public struct DecisionCitation: Sendable, Equatable, Codable {
    /// The audit record (`seq`) the server logged the decision as; nil on the command line.
    public var auditRecord: Int64?
    /// The scenario's id on the server; nil on the command line.
    public var scenario: String?
    /// The scenario version decided under; nil on the command line.
    public var scenarioVersion: Int?
    public var content: ScenarioContentHash

    public init(auditRecord: Int64? = nil, scenario: String? = nil, scenarioVersion: Int? = nil, content: ScenarioContentHash) {
        self.auditRecord = auditRecord; self.scenario = scenario; self.scenarioVersion = scenarioVersion; self.content = content
    }

    enum CodingKeys: String, CodingKey {
        case auditRecord = "audit_record", scenario, scenarioVersion = "scenario_version", contentHash = "content_hash",
             scenarioSHA256 = "scenario_sha256", referenceGeography = "reference_geography"
    }

    /// Every key is written, null when unknown, so that a reader finds the same keys from the CLI and the server.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(auditRecord, forKey: .auditRecord)
        try c.encode(content.contentHash, forKey: .contentHash)
        try c.encode(content.referenceGeography, forKey: .referenceGeography)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(content.scenarioSHA256, forKey: .scenarioSHA256)
        try c.encode(scenarioVersion, forKey: .scenarioVersion)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        auditRecord = try c.decodeIfPresent(Int64.self, forKey: .auditRecord)
        scenario = try c.decodeIfPresent(String.self, forKey: .scenario)
        scenarioVersion = try c.decodeIfPresent(Int.self, forKey: .scenarioVersion)
        content = ScenarioContentHash(scenarioSHA256: try c.decode(String.self, forKey: .scenarioSHA256),
                                      referenceGeography: try c.decode(String.self, forKey: .referenceGeography))
    }
}
