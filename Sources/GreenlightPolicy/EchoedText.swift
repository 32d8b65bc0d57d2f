/// User input quoted back in a message, cut to a readable length.
///
/// Every value that an error message echoes (a token read from stdin, a YAML scalar, a path, a request
/// field) goes through ``capped(_:limit:)``, so that a hostile or mistaken input of megabytes gives a
/// message of a few hundred characters that still says how long the value was.
public enum EchoedText {
    /// How many characters of a value a message shows.
    public static let defaultLimit = 200

    /// `text` when it has at most `limit` characters; otherwise its first `limit` characters, an
    /// ellipsis and the full length ("abc… (8388608 characters in all)"). Control characters are
    /// shown escaped, so that a NUL or an escape sequence in the input cannot garble a terminal.
    public static func capped(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        var shown = ""
        var count = 0
        var truncated = false
        for character in text {
            if count == limit { truncated = true; break }
            shown += visible(character)
            count += 1
        }
        guard truncated else { return shown }
        return shown + "… (\(text.count) characters in all)"
    }

    /// `text` cut to `limit` characters with the same note, its characters kept as they are.
    public static func truncated(_ text: some StringProtocol, limit: Int) -> String {
        let count = text.count
        guard count > limit else { return String(text) }
        return String(text.prefix(limit)) + "… (\(count) characters in all)"
    }

    static func visible(_ character: Character) -> String {
        guard character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return String(character) }
        return character.unicodeScalars.map { scalar in
            switch scalar {
            case "\t": "\\t"
            case "\n": "\\n"
            case "\r": "\\r"
            default: scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
            }
        }.joined()
    }
}
