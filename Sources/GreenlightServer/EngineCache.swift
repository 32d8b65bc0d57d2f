import Foundation
import GreenlightPolicy
import Synchronization

/// Loaded scenarios and their engines, per scenario version and variant. A new version is loaded once;
/// requests afterwards share it.
public final class EngineCache: Sendable {
    private let store: ScenarioStore
    private let engines = Mutex<[String: PolicyEngine]>([:])

    public init(store: ScenarioStore) { self.store = store }

    /// The engine for the current version of a scenario under a variant.
    public func engine(scenario id: String, variant: String?) throws -> (engine: PolicyEngine, version: Int) {
        guard let stored = try store.get(id) else { throw APIError.notFound("no scenario '\(id)'") }
        let key = "\(id)@\(stored.summary.version)#\(variant ?? "")"
        if let cached = engines.withLock({ $0[key] }) { return (cached, stored.summary.version) }
        let base = "\(id)@\(stored.summary.version)#"
        let scenario: Scenario
        if let loaded = engines.withLock({ $0[base] }) {
            scenario = loaded.scenario
        } else {
            do { scenario = try ScenarioLoader.load(yaml: stored.yaml, file: "scenario \(id)") } catch {
                throw APIError(.unprocessableContent, "stored scenario no longer loads: \(error)")
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
