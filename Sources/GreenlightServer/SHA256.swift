import GreenlightGeodesy

/// The server's hashes (audit chain, tokens, scenario texts) are the geodesy layer's SHA-256, which the
/// content hash of a decision's citation needs below the server too (the CLI's `decide` gives it).
typealias SHA256 = GreenlightGeodesy.SHA256
