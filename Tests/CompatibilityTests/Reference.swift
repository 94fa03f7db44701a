import Foundation
import Subtok
import Testing

/// Access to `../shared/reference/` (tokenizer files and vectors made by the reference libraries).
/// Absent in a user's clone: tests skip then; under `CI=true` its absence is a failure.
enum Reference {
    /// The reference folder, or nil when absent.
    static let directory: String? = {
        if let env = ProcessInfo.processInfo.environment["SUBTOK_REFERENCE"] { return env }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.deletingLastPathComponent().appendingPathComponent("shared/reference").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()

    /// True when the folder exists; records a failure under CI when it does not.
    static var available: Bool {
        if directory != nil { return true }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("../shared/reference is missing under CI=true")
        }
        return false
    }

    /// The path of a file inside the reference folder.
    static func path(_ relative: String) -> String { directory! + "/" + relative }

    /// One line of a vectors file.
    struct Vector {
        let text: String
        let ids: [UInt32]
        let tokens: [String]
        let offsets: [[Int]]?
        let decoded: String
    }

    /// The vectors of `vectors/NAME.jsonl`.
    static func vectors(_ name: String) throws -> [Vector] {
        let data = try String(contentsOfFile: path("vectors/\(name).jsonl"), encoding: .utf8)
        return try data.split(separator: "\n").map { line in
            var line = String(line)
            let json = try line.withUTF8 { try JSON.parse(utf8: $0) }
            guard case let .string(text)? = json["text"], case let .array(ids)? = json["ids"],
                case let .array(tokens)? = json["tokens"], case let .string(decoded)? = json["decoded"]
            else {
                throw SubtokError(.format, "bad vector line")
            }
            var offsets: [[Int]]?
            if case let .array(list)? = json["offsets"] {
                offsets = list.map { pair in
                    guard case let .array(p) = pair, case let .number(a) = p[0], case let .number(b) = p[1] else {
                        return []
                    }
                    return [Int(a), Int(b)]
                }
            }
            return Vector(
                text: text,
                ids: ids.map { if case let .number(d) = $0 { UInt32(d) } else { UInt32.max } },
                tokens: tokens.map { if case let .string(s) = $0 { s } else { "" } },
                offsets: offsets, decoded: decoded)
        }
    }

    /// Byte offsets into `text` converted to character (Unicode scalar) offsets, as Python reports them.
    static func characterOffsets(_ offsets: [TokenOffset], in text: String) -> [[Int]] {
        var scalarAtByte = [Int](repeating: 0, count: text.utf8.count + 1)
        var byte = 0
        var index = 0
        for scalar in text.unicodeScalars {
            let n = String(scalar).utf8.count
            for k in 0..<n { scalarAtByte[byte + k] = index }
            byte += n
            index += 1
        }
        scalarAtByte[byte] = index
        return offsets.map { [scalarAtByte[$0.start], scalarAtByte[$0.end]] }
    }

    /// Encodes every vector's text with `tokenizer` and compares ids, tokens, decoded text and
    /// (with `offsets`) character offsets; records the first few differences and returns how
    /// many vectors differ.
    static func mismatches(_ tokenizer: Tokenizer, _ vectors: [Vector], name: String, offsets: Bool) throws -> Int {
        var failures = 0
        for v in vectors {
            let e = tokenizer.encode(v.text)
            let decoded = try tokenizer.decode(e.ids, skipSpecialTokens: false)
            let got = characterOffsets(e.offsets, in: v.text)
            guard e.ids != v.ids || e.tokens != v.tokens || decoded != v.decoded || (offsets && got != v.offsets) else {
                continue
            }
            failures += 1
            if failures <= 3 {
                Issue.record(
                    "\(name): \(v.text.debugDescription)\n ids \(e.ids)\n ref \(v.ids)\n tok \(e.tokens)\n ref \(v.tokens)\n off \(got)\n ref \(v.offsets ?? [])\n dec \(decoded.debugDescription)\n ref \(v.decoded.debugDescription)"
                )
            }
        }
        return failures
    }
}
