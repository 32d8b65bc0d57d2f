import GreenlightGeodesy

/// What a decision was computed from, as hashes: the scenario's bytes and the reference borders.
///
/// `contentHash` is the hex SHA-256 of the UTF-8 text
/// `greenlight-content-hash-1\nscenario SCENARIO_SHA256\nreference REFERENCE_IDENTITY\n`, where
/// SCENARIO_SHA256 is the hex SHA-256 of the scenario's bytes exactly as stored (the file's bytes on the
/// command line; the uploaded YAML text, as UTF-8, on the server) and REFERENCE_IDENTITY is
/// ``ReferenceGeography/identity()``. The same file decided by the CLI and uploaded to a server gives
/// the same hash; an edit of one byte, or other border files, gives another (docs/decision-json.md).
public struct ScenarioContentHash: Sendable, Equatable, Codable {
    /// The hex SHA-256 of the scenario's bytes.
    public var scenarioSHA256: String
    /// The reference borders' identity (`naturalearth-sha256:…`).
    public var referenceGeography: String
    /// The hash of the two together, by which a decision is cited.
    public var contentHash: String

    /// The prefix that names this definition, so that another definition can never collide with it.
    public static let scheme = "greenlight-content-hash-1"

    public init(scenarioSHA256: String, referenceGeography: String) {
        self.scenarioSHA256 = scenarioSHA256
        self.referenceGeography = referenceGeography
        contentHash = SHA256.hex("\(Self.scheme)\nscenario \(scenarioSHA256)\nreference \(referenceGeography)\n")
    }

    /// The hashes of scenario bytes read with the given reference borders.
    public init(scenarioBytes: some Collection<UInt8>, geography: ReferenceGeography = .shared) throws {
        self.init(scenarioSHA256: SHA256.hex(scenarioBytes), referenceGeography: try geography.identity())
    }
}
