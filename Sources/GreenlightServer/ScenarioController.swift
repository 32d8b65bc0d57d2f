import Foundation
import GreenlightPolicy
import Hummingbird

/// /api/scenarios: list, get, create, update, versions. Writes are validated with the same loader as
/// the CLI; errors come back as JSON with file:line:column in the message.
struct ScenarioController: Sendable {
    let store: any GreenlightStore
    let engines: EngineCache
    let fileReferences: FileReferences

    func addReadRoutes(to group: RouterGroup<GreenlightRequestContext>) {
        group.get(use: list)
        group.get(":id", use: get)
        group.get(":id/versions", use: versions)
    }

    func addWriteRoutes(to group: RouterGroup<GreenlightRequestContext>) {
        group.post(use: create)
        group.put(":id", use: update)
    }

    @Sendable func list(_ request: Request, context: GreenlightRequestContext) async throws -> JSONBody<[ScenarioStore.Summary]> {
        JSONBody(try await store.list())
    }

    struct Detail: Encodable, Sendable {
        var id: String, name: String, version: Int, view: String
        var states: [String], items: [ItemInfo], variants: [VariantInfo], areas: [String], dates: [String]
        var yaml: String
        struct ItemInfo: Encodable, Sendable { var id: String; var name: String; var rangeKm: Double?; var recipients: [String]
            enum CodingKeys: String, CodingKey { case id, name, rangeKm = "range_km", recipients } }
        struct VariantInfo: Encodable, Sendable { var name: String; var description: String? }
    }

    @Sendable func get(_ request: Request, context: GreenlightRequestContext) async throws -> JSONBody<Detail> {
        let id = try context.parameters.require("id")
        let version = try request.uri.queryParameters.get("version").map { v -> Int in
            guard let n = Int(v), n > 0 else { throw APIError(.input(.invalidNumber), "version must be a positive integer", field: "version") }
            return n
        }
        guard let stored = try await store.get(id, version: version) else { throw APIError.notFound("no scenario '\(id)'\(version.map { " version \($0)" } ?? "")") }
        // The version asked for, not the current one: its states, items and dates go with its text.
        let s = try await engines.engine(scenario: id, version: stored.summary.version, variant: nil).engine.scenario
        var dates = Set<String>()
        for p in s.policies + s.variants.values.flatMap(\.add) {
            if let f = p.from { dates.insert(f.description) }
            if let u = p.until { dates.insert(u.next.description) }
        }
        for t in s.transfers { dates.insert(t.date.description) }
        return JSONBody(Detail(id: id, name: s.name, version: stored.summary.version, view: s.view.rawValue, states: s.stateOrder,
                               items: s.itemOrder.map { i in .init(id: i, name: s.items[i]!.name, rangeKm: s.items[i]!.rangeKm,
                                                                    recipients: Array(Set(s.transfers.filter { $0.item == i }.map(\.to))).sorted()) },
                               variants: s.variantOrder.map { .init(name: $0, description: s.variants[$0]!.description) },
                               areas: s.areaOrder, dates: dates.sorted(), yaml: stored.yaml))
    }


    static func validID(_ id: String?) throws -> String {
        guard let id, id.range(of: "^[a-z0-9][a-z0-9-]{0,63}$", options: .regularExpression) != nil else {
            throw APIError(.input(.invalid), "id must be 1-64 characters of a-z, 0-9 and '-', starting with a letter or digit", field: "id")
        }
        return id
    }

    @Sendable func create(_ request: Request, context: GreenlightRequestContext) async throws -> JSONBody<ScenarioStore.Summary> {
        let body = try await decodedBody(ScenarioBody.self, from: request, context: context)
        let id = try Self.validID(body.id)
        let scenario = try UploadedScenario.load(yaml: body.yaml, id: id, fileReferences: fileReferences)
        switch try await store.write(id: id, name: scenario.name, yaml: body.yaml, author: context.actor, message: body.message ?? "created", create: true) {
        case .created(let s):
            return JSONBody(s, status: .created)
        case .conflict(let m): throw APIError(.conflict, m, field: "id")
        default: throw APIError(.conflict, "could not create '\(id)'", field: "id")
        }
    }

    @Sendable func update(_ request: Request, context: GreenlightRequestContext) async throws -> JSONBody<ScenarioStore.Summary> {
        let id = try context.parameters.require("id")
        let body = try await decodedBody(ScenarioBody.self, from: request, context: context)
        let scenario = try UploadedScenario.load(yaml: body.yaml, id: id, fileReferences: fileReferences)
        switch try await store.write(id: id, name: scenario.name, yaml: body.yaml, author: context.actor, message: body.message ?? "updated", create: false) {
        case .updated(let s):
            return JSONBody(s)
        case .notFound: throw APIError.notFound("no scenario '\(id)': create it with POST /api/scenarios")
        default: throw APIError(.conflict, "could not update '\(id)'")
        }
    }

    @Sendable func versions(_ request: Request, context: GreenlightRequestContext) async throws -> JSONBody<[ScenarioStore.Version]> {
        let id = try context.parameters.require("id")
        let v = try await store.versions(id)
        if v.isEmpty { throw APIError.notFound("no scenario '\(id)'") }
        return JSONBody(v)
    }
}
