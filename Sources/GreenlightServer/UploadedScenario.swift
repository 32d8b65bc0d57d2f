import Foundation
import GreenlightPolicy

/// Loads scenario text that came through the API (an upload, or a stored version), reading the files
/// it names only as the server's ``FileReferences`` allow.
enum UploadedScenario {
    /// The scenario, or the API error for its faults: 400 when it names a file it may not read
    /// (field `yaml`, the message at its line and column), 422 when it is otherwise invalid.
    static func load(yaml: String, id: String, fileReferences: FileReferences) throws(APIError) -> Scenario {
        do { return try ScenarioLoader.load(yaml: yaml, file: "scenario \(id)", fileReferences: fileReferences) } catch {
            throw APIError(uploaded: error, field: "yaml")
        }
    }
}
