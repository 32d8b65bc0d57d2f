import Foundation
import GreenlightServer
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 13: messages echoed unbounded input. A request value of 100,000 characters comes back in a
/// message of a few hundred, with its full length.
@Suite(.serialized) struct EchoCapTests {
    @Test func aHugeRequestValueIsEchoedCapped() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-\(UUID().uuidString).sqlite").path
        let services = ServerServices(database: try GreenlightDatabase(path: path))
        let token = try await services.store.createToken(name: "tester")
        let yaml = try String(contentsOf: ServerTests.packageRoot.appendingPathComponent("Scenarios/ukraine-2024-2025/scenario.yaml"), encoding: .utf8)
        let app = Application(router: buildRouter(services: services, configuration: ServerConfiguration()), services: services.lifecycle)
        let huge = String(repeating: "Q", count: 100_000)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/scenarios", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                     body: ServerTests.json(["id": "ukraine-2024", "yaml": yaml])) { r in #expect(r.status == .created) }
            for body: [String: Any] in [["recipient": huge, "item": "gmlrs", "use": "strike", "date": "2024-06-10"],
                                        ["recipient": "UA", "item": "gmlrs", "use": "strike", "date": huge]] {
                try await client.execute(uri: "/api/scenarios/ukraine-2024/decide", method: .post, body: ServerTests.json(body)) { r in
                    #expect(r.status == .badRequest)
                    let message = ((ServerTests.parse(r.body) as? [String: Any])?["error"] as? [String: Any])?["message"] as? String ?? ""
                    #expect(message.count < 600, "\(message.count) characters: \(message.prefix(300))")
                    #expect(message.contains("(100000 characters in all)"), "\(message.prefix(400))")
                }
            }
        }
    }
}
