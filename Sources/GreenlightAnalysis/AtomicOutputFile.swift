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
        let folder = destination.deletingLastPathComponent()
        temporary = folder.appendingPathComponent(".\(destination.lastPathComponent).partial-\(getpid())")
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw OutputFileError(path: path, message: "is a folder; give a file name")
        }
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw OutputFileError(path: path, message: "the folder \(folder.path) does not exist")
        }
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw OutputFileError(path: path, message: "cannot create a file in \(folder.path) (permission?)")
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
        // rename(2) replaces a file atomically and refuses to replace a folder.
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw OutputFileError(path: destination.path, message: "cannot be written: \(reason)")
        }
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

