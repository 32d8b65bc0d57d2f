import Foundation
import GreenlightPolicy

/// Writes a map to the file a user named (`--map`), in the format its extension names: `.svg` the SVG,
/// `.html` a self-contained page, `.png` the SVG rendered by `rsvg-convert` at twice its pixel size.
/// Every format is written beside the destination and moved into place when complete.
public enum MapFile {
    public enum Format: String, Sendable, CaseIterable { case svg, html, png }

    /// The format a path asks for, or an input error naming `--map` and the accepted extensions.
    public static func format(ofPath path: String) throws(InputError) -> Format {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard let format = Format(rawValue: ext) else {
            let found = ext.isEmpty ? "no extension" : "extension '.\(ext)'"
            throw InputError(SourceLocation(file: path, line: 0, column: 0),
                             "--map: \(found) is not a map format: expected .svg, .html or .png", field: "map")
        }
        return format
    }

    /// Writes `svg` (or the page from `html`, built only when asked) to `path`; for `.png` converts the
    /// SVG with `rsvg-convert` and throws a `MapFileError` saying how to install it when it is missing or
    /// fails (an SVG is never written under a `.png` name).
    public static func write(svg: String, html: () -> String, to path: String) throws {
        try write(svg: svg, html: html, to: path, converter: rsvgConvertPath())
    }

    static func write(svg: String, html: () -> String, to path: String, converter: String?) throws {
        switch try format(ofPath: path) {
        case .svg: try writeText(svg, to: path)
        case .html: try writeText(html(), to: path)
        case .png: try writePNG(svg: svg, to: path, converter: converter)
        }
    }

    private static func writeText(_ text: String, to path: String) throws {
        let out = try AtomicOutputFile(path)
        out.write(text)
        try out.commit()
    }

    static let installHint = "install it with `apt-get install librsvg2-bin` (Debian, Ubuntu) or `brew install librsvg` (macOS), or write the map as .svg or .html"

    private static func writePNG(svg: String, to path: String, converter: String?) throws {
        guard let converter else {
            throw MapFileError(path: path, message: "cannot write a PNG map: rsvg-convert was not found in /usr/bin or on PATH; \(installHint)")
        }
        let destination = URL(fileURLWithPath: path)
        let folder = destination.deletingLastPathComponent()
        let stem = ".\(destination.lastPathComponent).partial-\(getpid())"
        let svgFile = folder.appendingPathComponent(stem + ".svg"), pngFile = folder.appendingPathComponent(stem + ".png")
        defer {
            try? FileManager.default.removeItem(at: svgFile)
            try? FileManager.default.removeItem(at: pngFile)
        }
        do { try Data(svg.utf8).write(to: svgFile) } catch {
            throw MapFileError(path: path, message: "cannot write in \(folder.path): \(error.localizedDescription)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: converter)
        process.arguments = ["--format", "png", "--zoom", "2", "--output", pngFile.path, svgFile.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw MapFileError(path: path, message: "cannot run \(converter) (\(error.localizedDescription)); \(installHint)")
        }
        let detail = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let head = (try? Data(contentsOf: pngFile)).map { Array($0.prefix(8)) } ?? []
        guard process.terminationStatus == 0, head == signature else {
            throw MapFileError(path: path, message: "\(converter) failed (exit status \(process.terminationStatus))\(detail.isEmpty ? "" : ": \(detail)"); the PNG was not written")
        }
        guard rename(pngFile.path, destination.path) == 0 else {
            throw MapFileError(path: path, message: "cannot move the PNG into place: \(String(cString: strerror(errno)))")
        }
    }

    /// `/usr/bin/rsvg-convert`, else the first `rsvg-convert` on PATH, else nil.
    static func rsvgConvertPath() -> String? {
        let fileManager = FileManager.default
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = ["/usr/bin"] + path.split(separator: ":").map(String.init)
        return candidates.map { URL(fileURLWithPath: $0).appendingPathComponent("rsvg-convert").path }
            .first { fileManager.isExecutableFile(atPath: $0) }
    }
}

/// A map that could not be written: the file and what went wrong, with how to fix it when we know.
public struct MapFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) { self.path = path; self.message = message }
    public var description: String { "\(path): \(message)" }
}
