import Foundation
import GreenlightPolicy
import Hummingbird

/// Decisions and consents over HTTP. Every decision served is written to the audit log (group
/// commit) before the answer is sent, and the answer carries its citation: the record's `seq`, the
/// scenario version and its content hash.
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
        let served = try await engines.engine(scenario: id, variant: useRequest.variant)
        let decision: Decision
        do { decision = try served.engine.decide(useRequest) } catch {
            throw APIError(error)
        }
        // The record holds the request in full and the answer's hash, so that `greenlight audit replay`
        // can decide it again; the answer then cites the record it was logged as.
        let answer = decision.jsonBytes
        let detail = LoggedDecision.detail(request: useRequest, decision: decision, version: served.version, content: served.content,
                                           answerBytes: answer)
        let seq = try await audit.record(actor: context.actor, action: "decide", subject: id, detail: detail, resumeOn: context.eventLoop)
        let citation = DecisionCitation(auditRecord: seq, scenario: id, scenarioVersion: served.version, content: served.content)
        return RawJSONResponse(bytes: Decision.citing(answer, with: citation))
    }

    struct ConsentsResponse: Encodable, Sendable {
        var item: String, recipient: String, date: String?, transferred: Bool, suppliers: [String], required: [RequiredAuthority]
    }

    @Sendable func consents(_ request: Request, context: GreenlightRequestContext) async throws -> JSONBody<ConsentsResponse> {
        let id = try context.parameters.require("id")
        let q = request.uri.queryParameters
        guard let item = q.get("item") else { throw APIError(.input(.missingKey), "query parameter 'item' is required", field: "item") }
        guard let recipient = q.get("recipient") else { throw APIError(.input(.missingKey), "query parameter 'recipient' is required", field: "recipient") }
        let day = try q.get("date").map { try apiDay($0, field: "date") }
        let engine = try await engines.engine(scenario: id, variant: q.get("variant")).engine
        let s = engine.scenario
        // The kernel's own checks, so that the code, field and suggestion are those of a decision.
        do throws(InputError) {
            try engine.names.checkItem(item)
            try engine.names.checkRecipient(recipient)
        } catch { throw APIError(error) }
        let d = s.requiredAuthorities(item: item, recipient: recipient, date: day)
        return JSONBody(ConsentsResponse(item: item, recipient: recipient, date: day?.description, transferred: d.transferred, suppliers: d.suppliers, required: d.authorities))
    }
}

