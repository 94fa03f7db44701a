import Subtok

/// The CLI's JSON-lines shapes: input lines holding a JSON string or an object with `"text"`
/// (or `"ids"` for decode), output objects with ids, tokens and byte offsets.
enum JSONLines {
    /// The text (and the optional `"pair"` text) of each input line.
    static func texts(_ lines: [[UInt8]], firstLine: Int) throws(SubtokError) -> [(text: [UInt8], pair: [UInt8]?)] {
        var out: [(text: [UInt8], pair: [UInt8]?)] = []
        out.reserveCapacity(lines.count)
        for (k, line) in lines.enumerated() {
            let value = try parse(line, lineNumber: firstLine + k)
            switch value {
            case let .string(s): out.append((Array(s.utf8), nil))
            case .object:
                guard case let .string(s)? = value["text"] else {
                    throw SubtokError(.format, "line \(firstLine + k): expected an object with a \"text\" string")
                }
                var pair: [UInt8]?
                if let p = value["pair"], p != .null {
                    guard case let .string(text) = p else { throw SubtokError(.format, "line \(firstLine + k): \"pair\" must be a string") }
                    pair = Array(text.utf8)
                }
                out.append((Array(s.utf8), pair))
            default:
                throw SubtokError(.format, "line \(firstLine + k): expected a JSON string or an object with \"text\"")
            }
        }
        return out
    }

    /// The ids of each decode input line: `{"ids": [...]}` or a bare array.
    static func ids(_ line: [UInt8], lineNumber: Int) throws(SubtokError) -> [UInt32] {
        let value = try parse(line, lineNumber: lineNumber)
        let list: JSON? = if case .array = value { value } else { value["ids"] }
        guard case let .array(items)? = list else {
            throw SubtokError(.format, "line \(lineNumber): expected an object with an \"ids\" array")
        }
        var ids: [UInt32] = []
        for item in items {
            guard case let .number(d) = item, let id = UInt32(exactly: d) else {
                throw SubtokError(.format, "line \(lineNumber): ids must be integers from 0 to \(UInt32.max)")
            }
            ids.append(id)
        }
        return ids
    }

    private static func parse(_ line: [UInt8], lineNumber: Int) throws(SubtokError) -> JSON {
        do {
            return try line.withUnsafeBufferPointer { b in Result { () throws(SubtokError) in try JSON.parse(utf8: b) } }.get()
        } catch {
            throw SubtokError(error.kind, "line \(lineNumber): \(error.message)")
        }
    }

    /// `{"ids":[...],"tokens":[...],"offsets":[[s,e],...]}` for one encoding, plus
    /// `"type_ids"` and `"attention_mask"` when they carry information (pairs, padding).
    static func encodingLine(_ e: Encoding) -> String {
        var members: [(key: String, value: JSON)] = [
            ("ids", .array(e.ids.map { .number(Double($0)) })),
            ("tokens", .array(e.tokens.map { .string($0) })),
            ("offsets", .array(e.offsets.map { .array([.number(Double($0.start)), .number(Double($0.end))]) })),
        ]
        if e.typeIDs.contains(where: { $0 != 0 }) { members.append(("type_ids", .array(e.typeIDs.map { .number(Double($0)) }))) }
        if e.attentionMask.contains(0) { members.append(("attention_mask", .array(e.attentionMask.map { .number(Double($0)) }))) }
        return JSON.object(members).serialized()
    }
}
