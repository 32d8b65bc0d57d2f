import Foundation
import GreenlightPolicy
import Synchronization

/// Loaded scenarios and their engines, per scenario version and variant, bounded. A new version is
/// loaded once; requests afterwards share it. Scenarios are loaded and engines built outside the
/// locks (two requests racing for a version not yet loaded may both build it; the first stored wins).
///
/// Which version is current is asked of the store on every request, not kept here: with several
/// server instances on one PostgreSQL database an edit made through another instance must be served
/// by this one's very next request, so PostgreSQL reads it (one indexed query). LISTEN/NOTIFY would
/// save the read but not give that: a notification arrives some time after the commit, and is lost
/// while its connection reconnects. A serving SQLite store is its file's only writer and answers from memory.
public final class EngineCache: Sendable {
    /// An engine with the scenario version it was built from and that version's content hash.
    public struct Served: Sendable {
        public let engine: PolicyEngine
        public let version: Int
        public let content: ScenarioContentHash
    }

    private let store: any GreenlightStore
    private struct Key: Hashable { var id: String; var version: Int; var variant: String? }
    private struct VersionKey: Hashable { var id: String; var version: Int }
    private struct Loaded: Sendable { var scenario: Scenario; var content: ScenarioContentHash }
    private let engines: Mutex<BoundedCache<Key, Served>>
    private let scenarios: Mutex<BoundedCache<VersionKey, Loaded>>
    private let fileReferences: FileReferences

    /// `limit`: how many engines (scenario version × variant) and loaded versions are kept.
    public init(store: any GreenlightStore, fileReferences: FileReferences = .none, limit: Int = 64) {
        self.store = store
        self.fileReferences = fileReferences
        engines = Mutex(BoundedCache(limit: limit))
        scenarios = Mutex(BoundedCache(limit: limit))
    }

    /// The engine for the current version of a scenario under a variant.
    public func engine(scenario id: String, variant: String?) async throws -> Served {
        guard let current = try await store.currentVersion(id) else { throw APIError.notFound("no scenario '\(id)'") }
        return try await engine(scenario: id, version: current, variant: variant)
    }

    /// The engine for one stored version of a scenario under a variant (replay reads old versions).
    public func engine(scenario id: String, version: Int, variant: String?) async throws -> Served {
        let key = Key(id: id, version: version, variant: variant)
        if let cached = engines.withLock({ $0[key] }) { return cached }
        let loaded = try await scenario(id, version: version)
        // Building an engine takes milliseconds to seconds: on NIO's thread pool, not on an event loop.
        let engine = try await offloaded { try Self.build(loaded.scenario, variant: variant) }
        let served = Served(engine: engine, version: version, content: loaded.content)
        return engines.withLock { cache in
            if let first = cache[key] { return first }
            cache[key] = served
            return served
        }
    }

    private func scenario(_ id: String, version: Int) async throws -> Loaded {
        let key = VersionKey(id: id, version: version)
        if let cached = scenarios.withLock({ $0[key] }) { return cached }
        guard let stored = try await store.get(id, version: version) else { throw APIError.notFound("no scenario '\(id)' version \(version)") }
        let fileReferences = fileReferences
        // Parsing and validating a stored version (the flagship: tens of milliseconds) runs off the loops too.
        let loaded = try await offloaded { try Self.load(stored.yaml, id: id, fileReferences: fileReferences) }
        scenarios.withLock { $0[key] = loaded }
        return loaded
    }

    private static func build(_ scenario: Scenario, variant: String?) throws -> PolicyEngine {
        do { return try PolicyEngine(scenario: scenario, variant: variant) } catch {
            throw APIError(.input(error.code), error.message, field: error.field ?? "variant")
        }
    }

    private static func load(_ yaml: String, id: String, fileReferences: FileReferences) throws -> Loaded {
        let scenario: Scenario
        do { scenario = try UploadedScenario.load(yaml: yaml, id: id, fileReferences: fileReferences) } catch {
            throw APIError(error.code, "stored scenario no longer loads: \(error.message)", field: error.field, status: error.status)
        }
        let content: ScenarioContentHash
        do { content = try ScenarioContentHash(scenarioBytes: yaml.utf8) } catch {
            throw APIError(.internalError, "reference data: \(error)")
        }
        return Loaded(scenario: scenario, content: content)
    }
}
