import Foundation
import Hummingbird
import NIOCore
import NIOHTTPTypes

/// Gives the 400 that Hummingbird sends for a request its HTTP parser refuses (a bad `Content-Length`,
/// headers over the limit, an invalid header byte) the JSON error body, code `malformed_request`.
///
/// That answer is written by the framework's connection loop, past every middleware, as a bare head
/// with `Content-Length: 0` and `Connection: close`; no route or middleware answers a 400 without a
/// body, so that head is recognised by its status and empty length and given the body here.
final class MalformedRequestBody: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Set between the rewritten head and its end: the body goes before the end.
    private var owesBody = false

    static let body = APIError(.malformedRequest, "the request could not be read as HTTP/1.1 (a bad Content-Length, headers over the limit or an invalid header)").jsonBody

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status == .badRequest && head.headerFields[.contentLength] == "0":
            head.headerFields[.contentLength] = String(Self.body.count)
            head.headerFields[.contentType] = "application/json; charset=utf-8"
            owesBody = true
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end where owesBody:
            owesBody = false
            context.write(wrapOutboundOut(.body(ByteBuffer(bytes: Self.body))), promise: nil)
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }
}
