import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The claim of one `greenlight serve` on a SQLite file: an exclusive `flock` on `FILE-serve.lock`,
/// held while the process lives (the kernel drops it when the process dies, `kill -9` included).
///
/// A serving ``SQLiteStore`` is then the only process that writes the file's scenarios, so it can
/// keep each scenario's current version in memory instead of reading it on every request. A second
/// server on the same file would make that stale without either knowing, so it is refused; several
/// instances share a PostgreSQL database instead.
public final class SQLiteServingLock: Sendable {
    /// Another process holds the lock: what `serve` reports (exit 2) instead of starting.
    public struct Held: Error, Sendable, CustomStringConvertible {
        public let databasePath: String
        public var description: String {
            "--database \(databasePath): another greenlight serve is using this SQLite file; "
                + "several server instances need a PostgreSQL database (--database postgres://USER@HOST:PORT/DB)"
        }
    }

    /// The lock file could not be opened or locked for another reason than a holder.
    public struct Failed: Error, Sendable, CustomStringConvertible {
        public let lockPath: String, reason: String
        public var description: String { "\(lockPath): cannot take the serving lock: \(reason)" }
    }

    private let descriptor: Int32

    /// Takes the lock for the SQLite file at `databasePath`, or throws ``Held`` at once (no waiting).
    public init(databasePath: String) throws {
        let lockPath = databasePath + "-serve.lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failed(lockPath: lockPath, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { throw Held(databasePath: databasePath) }
            throw Failed(lockPath: lockPath, reason: String(cString: strerror(code)))
        }
        descriptor = fd
    }

    deinit { close(descriptor) }
}
