extension InputError {
    /// What kind of fault an invalid input has, for programs: the CLI's exit status, the HTTP
    /// status, `field` and `code` of an API error, a test. Matched on, never read off the message.
    /// The raw values are the API's `code` strings (listed in `docs/errors.md`).
    public enum Code: String, Sendable, CaseIterable, Codable {
        /// The input does not follow the format in a way no other code names.
        case invalid
        /// The file cannot be read (missing, unreadable).
        case fileUnreadable = "file_unreadable"
        /// A file reference the reader may not follow (see ``FileReferences``).
        case fileReferenceRefused = "file_reference_refused"
        /// The bytes are not UTF-8 text.
        case invalidEncoding = "invalid_encoding"
        /// YAML or JSON syntax: the text cannot be parsed at all.
        case invalidSyntax = "invalid_syntax"
        /// A document without content.
        case emptyDocument = "empty_document"
        /// A value of the wrong kind: a list where a mapping is expected, a string for a number.
        case invalidType = "invalid_type"
        /// Text that is not a plain decimal number.
        case invalidNumber = "invalid_number"
        /// Text that is not a real calendar date YYYY-MM-DD.
        case invalidDate = "invalid_date"
        /// A number or coordinate outside its allowed range.
        case outOfRange = "out_of_range"
        /// An empty value or list where one is needed.
        case emptyValue = "empty_value"
        /// A key given twice in one mapping.
        case duplicateKey = "duplicate_key"
        /// A key the format does not know.
        case unknownKey = "unknown_key"
        /// A key (or request field) that must be given and is not.
        case missingKey = "missing_key"
        /// An id (event, question, site) given twice.
        case duplicateId = "duplicate_id"
        /// A name that is no item of the scenario.
        case unknownItem = "unknown_item"
        /// A state code that the scenario does not declare.
        case unknownState = "unknown_state"
        /// A name that is no area of the scenario, country or region.
        case unknownArea = "unknown_area"
        /// A name that is no variant of the scenario.
        case unknownVariant = "unknown_variant"
        /// A use that differs from a named one only in capitals.
        case unknownUse = "unknown_use"
        /// A category that differs from a named one only in capitals.
        case unknownCategory = "unknown_category"
        /// Any other name that refers to nothing (a policy id, a transfer id, a question, a subject).
        case unknownReference = "unknown_reference"
        /// References that go round in a cycle, or nest deeper than the reader allows.
        case referenceCycle = "reference_cycle"
        /// A fact without the dated public evidence that `--require-evidence` asks for.
        case missingEvidence = "missing_evidence"
        /// A request that lacks what a policy or option needs (a target point, a destination).
        case incompleteRequest = "incomplete_request"
        /// A request or entry whose parts contradict each other (a destination for a use that has none).
        case conflictingValues = "conflicting_values"
        /// A format version this Greenlight does not read.
        case unsupportedVersion = "unsupported_version"
        /// A geometry that cannot be used (a self-intersecting ring, a line where an area is needed).
        case invalidGeometry = "invalid_geometry"
    }
}
