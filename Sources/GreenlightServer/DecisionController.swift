import Foundation
import GreenlightPolicy
import Hummingbird

/// Decisions and consents over HTTP. Every decision served is written to the audit log (group
/// commit) before the answer is sent.
struct DecisionController: Sendable {
    let engines: EngineCache
    let audit: AuditWriter

    func addRoutes(to group: RouterGroup<GreenlightRequestContext>) {
        group.post(":id/decide", use: decide)
        group.get(":id/consents", use: consents)
    }

    @Sendable func decide(_ request: Request, context: GreenlightRequestContext) async throws -> RawJSONResponse {
        let id = try context.parameters.require("id")
        let body = try DecideBody(json: try await request.body.collect(upTo: context.maxUploadSize))

        let useRequest = try body.request()
        let (engine, version) = try engines.engine(scenario: id, variant: useRequest.variant)
        let decision: Decision
        do { decision = try engine.decide(useRequest) } catch {
            throw APIError.badRequest(error.message, field: error.field)
        }
        var detail = JSONWriter(capacity: 256)
        detail.beginObject()
        detail.key("version"); detail.number(Double(version))
        detail.key("recipient"); detail.string(useRequest.recipient)
        detail.key("item"); detail.string(useRequest.item)
        detail.key("use"); detail.string(useRequest.use)
        detail.key("date"); detail.string(useRequest.date.description)
        detail.key("target")
        if let t = useRequest.target {
            detail.beginArray(); detail.number(t.point.latitude); detail.number(t.point.longitude); detail.endArray()
        } else { detail.literal("null") }
        detail.key("variant"); if let v = useRequest.variant { detail.string(v) } else { detail.literal("null") }
        if let d = useRequest.destination { detail.key("destination"); detail.string(d) }
        if let s = useRequest.supplier { detail.key("supplier"); detail.string(s) }
        detail.key("decision"); detail.string(decision.decision.rawValue)
        detail.key("missing"); detail.strings(decision.missing)
        detail.endObject()
        try await audit.record(actor: context.actor, action: "decide", subject: id, detail: detail.text)
        return RawJSONResponse(bytes: decision.jsonBytes)
    }

    struct ConsentsResponse: Encodable, Sendable {
        var item: String, recipient: String, date: String?, transferred: Bool, suppliers: [String], required: [RequiredAuthority]
    }

    @Sendable func consents(_ request: Request, context: GreenlightRequestContext) async throws -> JSONBody<ConsentsResponse> {
        let id = try context.parameters.require("id")
        let q = request.uri.queryParameters
        guard let item = q.get("item") else { throw APIError.badRequest("query parameter 'item' is required", field: "item") }
        guard let recipient = q.get("recipient") else { throw APIError.badRequest("query parameter 'recipient' is required", field: "recipient") }
        let day = try q.get("date").map { try apiDay($0, field: "date") }
        let s = try engines.engine(scenario: id, variant: q.get("variant")).engine.scenario
        guard s.items[item] != nil else { throw APIError.badRequest("unknown item '\(item)'", field: "item") }
        guard s.states[recipient] != nil else { throw APIError.badRequest("undeclared state '\(recipient)'", field: "recipient") }
        let d = s.requiredAuthorities(item: item, recipient: recipient, date: day)
        return JSONBody(ConsentsResponse(item: item, recipient: recipient, date: day?.description, transferred: d.transferred, suppliers: d.suppliers, required: d.authorities))
    }
}

