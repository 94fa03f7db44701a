/// Serializes `JSON` values as UTF-8 text in the layout Hugging Face `tokenizers` writes
/// (two-space indentation with `pretty`), escaping per RFC 8259. O(size of the output).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private let pretty: Bool

    /// Serializes `value` to a string.
    static func string(_ value: JSON, pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        w.write(value, indent: 0)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    private init(pretty: Bool) { self.pretty = pretty }

    private mutating func newline(_ indent: Int) {
        guard pretty else { return }
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: indent * 2))
    }

    private mutating func write(_ value: JSON, indent: Int) {
        switch value {
        case .null: bytes.append(contentsOf: "null".utf8)
        case let .bool(b): bytes.append(contentsOf: (b ? "true" : "false").utf8)
        case let .number(d):
            if d == d.rounded(), abs(d) < 1e15 {
                bytes.append(contentsOf: String(Int64(d)).utf8)
            } else {
                bytes.append(contentsOf: "\(d)".utf8)
            }
        case let .string(s): writeString(s)
        case let .array(items):
            bytes.append(UInt8(ascii: "["))
            for (k, item) in items.enumerated() {
                if k > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                write(item, indent: indent + 1)
            }
            if !items.isEmpty { newline(indent) }
            bytes.append(UInt8(ascii: "]"))
        case let .object(members):
            bytes.append(UInt8(ascii: "{"))
            for (k, member) in members.enumerated() {
                if k > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                writeString(member.key)
                bytes.append(UInt8(ascii: ":"))
                if pretty { bytes.append(0x20) }
                write(member.value, indent: indent + 1)
            }
            if !members.isEmpty { newline(indent) }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func writeString(_ s: String) { Self.appendQuoted(s, to: &bytes) }

    /// Appends `s` as a JSON string: quoted, with `"`, `\\` and control characters escaped.
    /// O(length).
    static func appendQuoted(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22, 0x5C: bytes.append(0x5C); bytes.append(b)
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(b)
            }
        }
        bytes.append(0x22)
    }
}

extension JSON {
    /// Appends `text` to `bytes` as a JSON string (quoted and escaped), for writers that stream
    /// their output instead of building a `JSON` value. O(length).
    public static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        JSONWriter.appendQuoted(text, to: &bytes)
    }
}
