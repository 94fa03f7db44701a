import Subtok

/// The CLI's JSON-lines shapes: input lines holding a JSON string or an object with `"text"`
/// (or `"ids"` for decode), output objects with ids, tokens and byte offsets.
enum JSONLines {
    /// The text (and the optional `"pair"` text) of an input line: a JSON string or an object
    /// with `"text"` (and `"pair"`).
    static func text(_ line: [UInt8]) throws(SubtokError) -> (text: [UInt8], pair: [UInt8]?) {
        let value = try parse(line)
        switch value {
        case let .string(s): return (Array(s.utf8), nil)
        case .object:
            guard case let .string(s)? = value["text"] else {
                throw SubtokError(.format, "expected an object with a \"text\" string")
            }
            var pair: [UInt8]?
            if let p = value["pair"], p != .null {
                guard case let .string(text) = p else { throw SubtokError(.format, "\"pair\" must be a string") }
                pair = Array(text.utf8)
            }
            return (Array(s.utf8), pair)
        default:
            throw SubtokError(.format, "expected a JSON string or an object with \"text\"")
        }
    }

    /// The ids of a decode input line: `{"ids": [...]}` or a bare array.
    static func ids(_ line: [UInt8]) throws(SubtokError) -> [UInt32] {
        let value = try parse(line)
        let list: JSON? = if case .array = value { value } else { value["ids"] }
        guard case let .array(items)? = list else {
            throw SubtokError(.format, "expected an object with an \"ids\" array")
        }
        var ids: [UInt32] = []
        for item in items {
            guard case let .number(d) = item, let id = UInt32(exactly: d) else {
                throw SubtokError(.format, "ids must be integers from 0 to \(UInt32.max)")
            }
            ids.append(id)
        }
        return ids
    }

    private static func parse(_ line: [UInt8]) throws(SubtokError) -> JSON {
        try line.withUnsafeBufferPointer { (b) throws(SubtokError) in try JSON.parse(utf8: b) }
    }

    /// Writes `{"ids":[...],"tokens":[...],"offsets":[[s,e],...]}` for one encoding, plus
    /// `"type_ids"` and `"attention_mask"` when they carry information (pairs, padding), straight
    /// into `out`: a few bytes of output per token and nothing else (a JSON tree of a 20 MB line
    /// took a gigabyte).
    static func writeEncodingLine(_ e: Encoding, to out: inout Output) {
        func list(_ key: String, _ count: Int, first: Bool = false, _ element: (Int, inout Output) -> Void) {
            out.write(first ? "{\"\(key)\":[" : "],\"\(key)\":[")
            for k in 0..<count {
                if k > 0 { out.write(byte: 0x2C) }
                element(k, &out)
            }
        }
        list("ids", e.ids.count, first: true) { k, out in out.write(number: Int(e.ids[k])) }
        list("tokens", e.ids.count) { k, out in out.write(jsonString: e.token(at: k)) }
        list("offsets", e.offsets.count) { k, out in
            out.write(byte: 0x5B)
            out.write(number: e.offsets[k].start)
            out.write(byte: 0x2C)
            out.write(number: e.offsets[k].end)
            out.write(byte: 0x5D)
        }
        if e.typeIDs.contains(where: { $0 != 0 }) {
            list("type_ids", e.typeIDs.count) { k, out in out.write(number: Int(e.typeIDs[k])) }
        }
        if e.attentionMask.contains(0) {
            list("attention_mask", e.attentionMask.count) { k, out in out.write(number: Int(e.attentionMask[k])) }
        }
        out.write("]}")
    }
}
