import Foundation
import GreenlightServer
import Hummingbird
import HummingbirdTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 13's reproducers: 200 slowloris connections were kept open for 20 s, and a body sent at one
/// byte per second was never answered or dropped. With deadlines of a fraction of a second here, both
/// kinds of connection are closed quickly, and a prompt client is served as before.
@Suite(.serialized) struct ReadTimeoutTests {
    /// A server with short deadlines (`headerTimeout` for a request's head, and for the next one on an
    /// idle keep-alive connection; `bodyTimeout` for its body).
    static func app(headerTimeout: Duration = .milliseconds(300), bodyTimeout: Duration = .milliseconds(600)) throws -> some ApplicationProtocol {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-\(UUID().uuidString).sqlite").path
        var configuration = ServerConfiguration()
        configuration.headerTimeout = headerTimeout
        configuration.bodyTimeout = bodyTimeout
        let services = ServerServices(database: try GreenlightDatabase(path: path))
        return Application(router: buildRouter(services: services, configuration: configuration),
                           server: buildHTTPServer(configuration: configuration),
                           configuration: .init(address: .hostname("127.0.0.1", port: 0)), services: services.lifecycle)
    }

    /// ``trickle(port:prefix:trickle:giveUp:)`` on a thread of its own: it blocks for seconds, and on
    /// a 2-core machine Swift's cooperative pool has two threads, which the server under test and the
    /// suites running beside this one need meanwhile.
    static func trickled(port: Int, prefix: String, trickle text: String, giveUp: Double = 5) async -> (received: String, closedAfter: Double?) {
        await withCheckedContinuation { done in
            Thread { done.resume(returning: trickle(port: port, prefix: prefix, trickle: text, giveUp: giveUp)) }.start()
        }
    }

    /// A raw client that sends `prefix`, then one byte of `trickle` every 50 ms, and reads what comes
    /// back until the server closes the connection (or `giveUp` seconds pass).
    static func trickle(port: Int, prefix: String, trickle: String, giveUp: Double = 5) -> (received: String, closedAfter: Double?) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return ("connect failed", nil) }
        func send(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count }
        let start = Date()
        var received: [UInt8] = []
        _ = send(Array(prefix.utf8))
        var pending = Array(trickle.utf8)[...]
        while Date().timeIntervalSince(start) < giveUp {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 50) > 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 { return (String(decoding: received, as: UTF8.self), Date().timeIntervalSince(start)) }
                received += buffer[..<n]
                continue
            }
            if let next = pending.popFirst(), !send([next]) {
                return (String(decoding: received, as: UTF8.self), Date().timeIntervalSince(start))
            }
        }
        return (String(decoding: received, as: UTF8.self), nil)
    }

    @Test func aSlowlorisHeaderIsDropped() async throws {
        try await Self.app().test(.live) { client in
            let port = try #require(client.port)
            let result = await Self.trickled(port: port, prefix: "GET /api/health HTTP/1.1\r\nHost: localhost\r\n",
                                      trickle: String(repeating: "X-Slow: aaaaaaaaaaaaaaaaaaaa\r\n", count: 20))
            let closedAfter = try #require(result.closedAfter, "the connection was still open after 5 s")
            #expect(closedAfter < 2, "closed after \(closedAfter) s")
            #expect(!result.received.contains("200 OK"))
        }
    }

    @Test func aOneByteASecondBodyGetsA408AndIsDropped() async throws {
        try await Self.app().test(.live) { client in
            let port = try #require(client.port)
            let head = "POST /api/scenarios/x/decide HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"
            let result = await Self.trickled(port: port, prefix: head, trickle: String(repeating: " ", count: 199))
            let closedAfter = try #require(result.closedAfter, "the connection was still open after 5 s")
            #expect(closedAfter < 3, "closed after \(closedAfter) s")
            #expect(result.received.hasPrefix("HTTP/1.1 408"), "\(result.received)")
            #expect(result.received.contains(#""code":"request_timeout""#) && result.received.contains(#""status":408"#), "\(result.received)")
            #expect(result.received.lowercased().contains("content-type: application/json"))
        }
    }

    @Test func promptClientsAreServedOnOneConnection() async throws {
        // Deadlines of 2 s: a test client on a loaded machine (CI building beside it) may take more
        // than 300 ms between two requests on its keep-alive connection, and is then rightly dropped.
        try await Self.app(headerTimeout: .seconds(2), bodyTimeout: .seconds(2)).test(.live) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/api/health", method: .get) { r in #expect(r.status == .ok) }
            }
            let port = try #require(client.port)
            // A whole request at once, well inside both deadlines, is answered.
            let result = await Self.trickled(port: port, prefix: "GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n", trickle: "")
            #expect(result.received.hasPrefix("HTTP/1.1 200"), "\(result.received)")
        }
    }
}
