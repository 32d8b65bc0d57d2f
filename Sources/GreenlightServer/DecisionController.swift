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
            let field = error.message.contains("recipient") ? "recipient" : (error.message.contains("item") ? "item" : (error.message.contains("target") ? "target" : nil))
            throw APIError.badRequest(error.message, field: field)
        }
        let detail = "{\"version\":\(version),\"recipient\":\"\(useRequest.recipient)\",\"item\":\(jsonQuoted(useRequest.item)),\"use\":\(jsonQuoted(useRequest.use)),\"date\":\"\(useRequest.date)\",\"target\":\(useRequest.target.map { "[\($0.point.latitude),\($0.point.longitude)]" } ?? "null"),\"variant\":\(useRequest.variant.map(jsonQuoted) ?? "null"),\"decision\":\"\(decision.decision.rawValue)\",\"missing\":[\(decision.missing.map(jsonQuoted).joined(separator: ","))]}"
        try await audit.record(actor: context.actor, action: "decide", subject: id, detail: detail)
        return RawJSONResponse(text: decision.jsonText)
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
        let s = try engines.engine(scenario: id, variant: nil).engine.scenario
        guard s.items[item] != nil else { throw APIError.badRequest("unknown item '\(item)'", field: "item") }
        guard s.states[recipient] != nil else { throw APIError.badRequest("undeclared state '\(recipient)'", field: "recipient") }
        let d = s.requiredAuthorities(item: item, recipient: recipient, date: day)
        return JSONBody(ConsentsResponse(item: item, recipient: recipient, date: day?.description, transferred: d.transferred, suppliers: d.suppliers, required: d.authorities))
    }
}

