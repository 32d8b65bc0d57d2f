import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the files that a scenario names (`{geojson: PATH}`) may be read from.
///
/// The CLI reads a scenario on the user's own machine, so its references may lead anywhere
/// (``local(directory:)``). A server reads scenarios that its users upload: their references are
/// confined to a data directory that the operator chose (``confined(to:)``), or refused
/// (``none``). A confined reference that fails gets one message whatever the reason (missing,
/// outside the directory, not a regular file, unreadable), so that an upload cannot probe which
/// server paths exist.
public enum FileReferences: Sendable {
    /// Paths relative to `directory` (the scenario's folder), or absolute.
    case local(directory: URL)
    /// Paths relative to `directory` that stay inside it, after symbolic links are followed.
    case confined(to: URL)
    /// No file may be referred to.
    case none

    /// The bytes of the referenced file, and the name to give it in messages (the path as written:
    /// a confined reference never shows where the data directory is).
    public func read(_ path: String) throws(FileReferenceError) -> (data: Data, name: String) {
        switch self {
        case .local(let directory):
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
            do { return (try Data(contentsOf: url), url.path) } catch {
                throw FileReferenceError(.fileUnreadable, path: path, "cannot read the file (\(error.localizedDescription))")
            }
        case .confined(let directory):
            guard let url = Self.confinedURL(path, in: directory), let data = try? Data(contentsOf: url) else {
                throw FileReferenceError(.fileReferenceRefused, path: path,
                                         "no such file in the server's data directory (a reference is a path relative to that directory, and may not leave it)")
            }
            return (data, path)
        case .none:
            throw FileReferenceError(.fileReferenceRefused, path: path,
                                     "this server reads no files for uploaded scenarios (its operator can allow paths inside one directory with `greenlight serve --data-dir DIR`)")
        }
    }

    /// Where the referenced file is, for a reader that streams it (site files), and the name to give it
    /// in messages; the same rules as ``read(_:)``, without reading the file. A local reference is not
    /// checked (the file may be written later: its reader reports it missing); a confined one must lead
    /// to a regular file inside the directory.
    public func locate(_ path: String) throws(FileReferenceError) -> (url: URL, name: String) {
        switch self {
        case .local(let directory):
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
            return (url, url.path)
        case .confined(let directory):
            guard let url = Self.confinedURL(path, in: directory), FileManager.default.isReadableFile(atPath: url.path) else {
                throw FileReferenceError(.fileReferenceRefused, path: path,
                                         "no such file in the server's data directory (a reference is a path relative to that directory, and may not leave it)")
            }
            return (url, path)
        case .none:
            throw FileReferenceError(.fileReferenceRefused, path: path,
                                     "this server reads no files for uploaded scenarios (its operator can allow paths inside one directory with `greenlight serve --data-dir DIR`)")
        }
    }

    /// The real location of `path` when it is a regular file inside `directory`, else nil.
    static func confinedURL(_ path: String, in directory: URL) -> URL? {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\0"),
              let root = realPath(directory.path),
              let resolved = realPath(directory.appendingPathComponent(path).path),
              resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") else { return nil }
        var status = stat()
        guard stat(resolved, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return URL(fileURLWithPath: resolved)
    }

    /// The absolute path with every symbolic link, `.` and `..` resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A file reference that could not be followed.
public struct FileReferenceError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for programs: ``InputError/Code/fileReferenceRefused`` (the reference is not
    /// allowed here or, on a server, does not lead to a readable file inside its data directory: the two
    /// are not told apart) or ``InputError/Code/fileUnreadable`` (a local file that cannot be read).
    public var code: InputError.Code
    /// The path as written.
    public var path: String
    public var message: String

    public init(_ code: InputError.Code, path: String, _ message: String) {
        self.code = code; self.path = path; self.message = message
    }

    public var description: String { "'\(EchoedText.capped(path))': \(message)" }
}
