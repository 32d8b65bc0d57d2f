import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// `--target LAT,LON[,CATEGORY]` and `--launch LAT,LON`: blanks around the commas are ignored
/// (`51.9, 37.0, military/airfield` is `51.9,37.0,military/airfield`); anything else wrong ends the
/// command with exit 2 naming the option.
enum PointOption {
    /// A target point with its optional category.
    static func target(_ text: String, option: String = "--target") throws -> UseRequest.Target {
        let parts = text.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count >= 2 else { throw exitInvalid("\(option): expected LAT,LON[,CATEGORY], found '\(text)'") }
        let point = try parsePoint(parts[0], parts[1], option: option)
        guard parts.count == 3 else { return UseRequest.Target(point: point, category: nil) }
        guard !parts[2].isEmpty else { throw exitInvalid("\(option): expected a category after the second comma, found '\(text)' (omit the comma for no category)") }
        return UseRequest.Target(point: point, category: parts[2])
    }

    /// A launch point.
    static func launch(_ text: String, option: String = "--launch") throws -> GeoPoint {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { throw exitInvalid("\(option): expected LAT,LON, found '\(text)'") }
        return try parsePoint(parts[0], parts[1], option: option)
    }
}
