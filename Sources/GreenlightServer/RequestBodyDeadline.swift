import Foundation
import Hummingbird
import NIOCore
import NIOHTTPTypes

/// Drops a connection whose request body does not arrive in time.
///
/// Hummingbird's idle timeout closes a connection that sends no complete request head (a slowloris
/// client trickling header bytes), but every body part counts as activity, so a body sent at one byte
/// per second would hold a connection for ever. This handler gives the whole body one deadline from
/// its head: past it, a request that has no answer yet gets a JSON 408 and the connection is closed.
final class RequestBodyDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    /// Whether the response to the request being read has begun (then no 408 can be sent).
    private var isAnswering = false
    private var hasTimedOut = false

    init(timeout: TimeAmount) { self.timeout = timeout }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            isAnswering = false
            deadline?.cancel()
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
                timedOut(context: context)
            }
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if hasTimedOut {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        if case .head = unwrapOutboundIn(data) { isAnswering = true }
        context.write(data, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    private func timedOut(context: ChannelHandlerContext) {
        deadline = nil
        guard context.channel.isActive, !hasTimedOut else { return }
        if !isAnswering {
            let seconds = Double(timeout.nanoseconds) / 1e9
            let body = ByteBuffer(bytes: APIError(.requestTimeout, "the request body did not arrive within \(seconds) s").jsonBody)
            let head = HTTPResponse(status: .requestTimeout, headerFields: [.contentType: "application/json; charset=utf-8",
                                                                             .contentLength: String(body.readableBytes), .connection: "close"])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(body)), promise: nil)
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
        }
        hasTimedOut = true
        context.flush()
        context.close(promise: nil)
    }
}
