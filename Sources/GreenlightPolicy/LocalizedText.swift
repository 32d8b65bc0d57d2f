/// A scenario text in English with optional translations (`nl`), written in the file either as a
/// plain string (English only, as every format-1 file does) or as `{en: …, nl: …}`.
/// The English is the default wherever a translation is missing.
public struct LocalizedText: Sendable, Hashable, Codable, CustomStringConvertible {
    public var en: String
    /// Translations by language code (`nl`).
    public var translations: [String: String]

    public init(_ en: String, translations: [String: String] = [:]) {
        self.en = en; self.translations = translations
    }

    /// The text in a language (`"en"`, `"nl"`), the English when it has no translation.
    public func text(_ language: String) -> String { translations[language] ?? en }

    public var description: String { en }

    /// The language codes a scenario text may carry besides `en`.
    public static let translatedLanguages: Set = ["nl"]
}
