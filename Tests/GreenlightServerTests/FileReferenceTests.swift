import Foundation
import GreenlightPolicy
import GreenlightServer
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 13's reproducer: an authenticated upload with `{geojson: /absolute/path}` was opened and parsed
/// on the server's filesystem, and the error told whether the path existed. Uploads may now name files
/// inside the server's data directory only, and every refusal reads the same.
@Suite(.serialized) struct FileReferenceTests {
    static let zone = #"{"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [31, 51], [30, 51], [30, 50]]]}"#

    /// A data directory with `zone.geojson` and a link out of it, beside a valid file outside it.
    static func folders() throws -> (data: URL, outside: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-refs-\(UUID().uuidString)")
        let data = root.appendingPathComponent("data"), outside = root.appendingPathComponent("outside.geojson")
        try FileManager.default.createDirectory(at: data.appendingPathComponent("zones"), withIntermediateDirectories: true)
        try zone.write(to: data.appendingPathComponent("zones/zone.geojson"), atomically: true, encoding: .utf8)
        try zone.write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: data.appendingPathComponent("link.geojson").path, withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: data.appendingPathComponent("passwd.geojson").path, withDestinationPath: "/etc/passwd")
        return (data, outside)
    }

    static func scenario(_ path: String) -> String {
        """
        greenlight: 1
        name: file references
        areas:
          zone: {geojson: "\(path)"}
        states:
          US: {name: United States}
          UA: {name: Ukraine}
        items:
          gmlrs: {name: GMLRS, origin: US}
        transfers:
          - {item: gmlrs, from: US, to: UA, date: 2024-01-01}
        jurisdiction:
          - {rule: supplier}
        policies:
          - {id: zone, authority: US, effect: permit, target_in: zone, status: hypothetical}
        """
    }

    struct Answer { var status: HTTPResponse.Status; var code: String?; var field: String?; var message: String? }

    static func upload(_ path: String, fileReferences: FileReferences, id: String = "refs") async throws -> Answer {
        let dbPath = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-\(UUID().uuidString).sqlite").path
        let services = ServerServices(database: try GreenlightDatabase(path: dbPath), fileReferences: fileReferences)
        let token = try await services.store.createToken(name: "tester")
        let app = Application(router: buildRouter(services: services, configuration: ServerConfiguration()), services: services.lifecycle)
        return try await app.test(.router) { client in
            let body = try JSONSerialization.data(withJSONObject: ["id": id, "yaml": scenario(path)])
            return try await client.execute(uri: "/api/scenarios", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                     body: ByteBuffer(bytes: body)) { r in
                let error = (try? JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any])?["error"] as? [String: Any]
                if error != nil { #expect(error?["status"] as? Int == Int(r.status.code)) }
                return Answer(status: r.status, code: error?["code"] as? String, field: error?["field"] as? String, message: error?["message"] as? String)
            }
        }
    }

    @Test func aFileInsideTheDataDirectoryLoads() async throws {
        let (data, _) = try Self.folders()
        let answer = try await Self.upload("zones/zone.geojson", fileReferences: .confined(to: data))
        #expect(answer.status == .created, "\(answer.message ?? "")")
        // Dot segments that stay inside are fine.
        #expect(try await Self.upload("zones/../zones/./zone.geojson", fileReferences: .confined(to: data)).status == .created)
    }

    @Test func absoluteEscapingLinkedAndMissingPathsAllGetOneMessage() async throws {
        let (data, outside) = try Self.folders()
        let refused = [outside.path, "/etc/passwd", "/dev/zero", "../outside.geojson", "zones/../../outside.geojson",
                       "link.geojson", "passwd.geojson", "missing.geojson", "zones", "/nonexistent/x.geojson"]
        var messages: Set<String> = []
        for path in refused {
            let answer = try await Self.upload(path, fileReferences: .confined(to: data))
            #expect(answer.status == .badRequest, "\(path): \(answer.status)")
            #expect(answer.code == "file_reference_refused" && answer.field == "yaml", "\(path)")
            let message = try #require(answer.message, "\(path)")
            // The line and column of the reference, and the path as written (never the data directory).
            #expect(message.hasPrefix("scenario refs:4:19: geojson '"), "\(path): \(message)")
            #expect(!message.contains(data.path), "\(path): \(message)")
            messages.insert(message.replacingOccurrences(of: EchoedText.capped(path), with: "PATH"))
        }
        // Whether the path exists, is readable, is a directory or a device: the message does not tell.
        #expect(messages.count == 1, "\(messages)")
    }

    @Test func withoutADataDirectoryNoFileIsRead() async throws {
        let (data, _) = try Self.folders()
        for path in [data.appendingPathComponent("zones/zone.geojson").path, "zone.geojson", "/etc/passwd"] {
            let answer = try await Self.upload(path, fileReferences: .none)
            #expect(answer.status == .badRequest && answer.field == "yaml", "\(path)")
            #expect(answer.message?.contains("reads no files for uploaded scenarios") == true, "\(answer.message ?? "")")
            #expect(answer.message?.contains("--data-dir") == true)
        }
    }

    /// The CLI keeps reading the user's own files, wherever they are.
    @Test func localReferencesStillReadAbsolutePaths() throws {
        let (_, outside) = try Self.folders()
        let scenario = try ScenarioLoader.load(yaml: Self.scenario(outside.path), file: "local.yaml",
                                               fileReferences: .local(directory: URL(fileURLWithPath: "/nonexistent")))
        #expect(scenario.areaOrder == ["zone"])
    }
}
