import CCrypto

/// SHA-256 (FIPS 180-4), for the audit log's hash chain, for storing tokens hashed, and for the content
/// hash a decision is cited by (scenario bytes and reference borders): OpenSSL's libcrypto, which uses
/// the CPU's SHA extensions (the audit writer hashes every decision served).
/// Tested against the standard's test vectors and Debian's sha256sum.
public enum SHA256 {
    public static func digest(_ message: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(message)
        return [UInt8](unsafeUninitializedCapacity: 32) { out, count in
            bytes.withUnsafeBufferPointer { _ = CCrypto.SHA256($0.baseAddress, $0.count, out.baseAddress) }
            count = 32
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    public static func hex(_ message: some Collection<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest(message) { out.append(hexDigits[Int(byte >> 4)]); out.append(hexDigits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }
}
