import Foundation
import GreenlightPolicy
import Synchronization

/// Loaded scenarios and their engines, per scenario version and variant. A new version is loaded once;
/// requests afterwards share it.
public final class EngineCache: Sendable {
    private let store: ScenarioStore
    private struct Key: Hashable { var id: String; var version: Int; var variant: String? }
    private let engines = Mutex<[Key: PolicyEngine]>([:])
    /// Current version per scenario: this process is the only writer, so it is kept here and
    /// refreshed on every write instead of being read from the database per request.
    private let versions = Mutex<[String: Int]>([:])

    private let fileReferences: FileReferences

    public init(store: ScenarioStore, fileReferences: FileReferences = .none) {
        self.store = store
        self.fileReferences = fileReferences
    }

    /// Called after a scenario was written.
    public func scenarioChanged(_ id: String, version: Int) { versions.withLock { $0[id] = version } }

    /// The engine for the current version of a scenario under a variant.
    public func engine(scenario id: String, variant: String?) throws -> (engine: PolicyEngine, version: Int) {
        if let version = versions.withLock({ $0[id] }), let cached = engines.withLock({ $0[Key(id: id, version: version, variant: variant)] }) {
            return (cached, version)
        }
        guard let stored = try store.get(id) else { throw APIError.notFound("no scenario '\(id)'") }
        versions.withLock { $0[id] = stored.summary.version }
        let key = Key(id: id, version: stored.summary.version, variant: variant)
        if let cached = engines.withLock({ $0[key] }) { return (cached, stored.summary.version) }
        let base = Key(id: id, version: stored.summary.version, variant: nil)
        let scenario: Scenario
        if let loaded = engines.withLock({ $0[base] }) {
            scenario = loaded.scenario
        } else {
            do { scenario = try UploadedScenario.load(yaml: stored.yaml, id: id, fileReferences: fileReferences) } catch {
                throw APIError(error.status, "stored scenario no longer loads: \(error.message)")
            }
        }
        let engine: PolicyEngine
        do { engine = try PolicyEngine(scenario: scenario, variant: variant) } catch {
            throw APIError.badRequest(error.message, field: "variant")
        }
        engines.withLock { cache in
            cache[key] = engine
            if cache[base] == nil, let plain = try? PolicyEngine(scenario: scenario) { cache[base] = plain }
        }
        return (engine, stored.summary.version)
    }
}
