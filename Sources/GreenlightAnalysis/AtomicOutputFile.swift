import Foundation

/// An output file written beside its destination and moved into place only when complete, so that a
/// failed run never leaves a partial file at the path the user named.
public final class AtomicOutputFile {
    public let destination: URL
    private let temporary: URL
    private let handle: FileHandle
    private var buffer = Data()
    private var finished = false

    public init(_ path: String) throws {
        destination = URL(fileURLWithPath: path)
        temporary = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).partial-\(getpid())")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: temporary)
    }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        handle.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Moves the complete file into place.
    public func commit() throws {
        flush()
        try handle.close()
        if FileManager.default.fileExists(atPath: destination.path) { try FileManager.default.removeItem(at: destination) }
        try FileManager.default.moveItem(at: temporary, to: destination)
        finished = true
    }

    /// Throws the partial file away.
    public func discard() {
        guard !finished else { return }
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
        finished = true
    }

    deinit { discard() }
}
