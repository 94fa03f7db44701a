/// A parsed JSON document. Objects keep their key order so that a file written back reads the
/// same way; look-ups by key are linear, which suits the small objects of a tokenizer file
/// (the large vocabulary object is iterated, not searched).
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(key: String, value: JSON)])

    /// Structural equality; objects compare key by key in order.
    public static func == (a: JSON, b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The value of `key` in an object, or nil (also for non-objects). O(number of keys).
    public subscript(key: String) -> JSON? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The type name used in error messages.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// Typed access to a JSON object's fields with errors that name the field and its path.
struct JSONFields {
    let value: JSON
    let path: String

    init(_ value: JSON, path: String) throws(SubtokError) {
        guard case .object = value else {
            throw SubtokError(.format, "\(path) must be an object, found \(value.typeName)")
        }
        self.value = value
        self.path = path
    }

    /// The `[token, id]` pair at `key` (a post-processor's `sep` or `cls`).
    func tokenAndID(_ key: String) throws(SubtokError) -> (String, UInt32) {
        let pair = try array(key)
        guard pair.count == 2, case let .string(token) = pair[0] else {
            throw SubtokError(.format, "\(path).\(key) must be [token, id]")
        }
        return (token, try JSONFields.uint32(pair[1], at: "\(path).\(key)[1]"))
    }

    /// A Replace normalizer's or decoder's fields: its `pattern` (`{"Regex": ...}` or
    /// `{"String": ...}`), whether that is a regex, and its `content`.
    func replaceFields() throws(SubtokError) -> (pattern: String, isRegex: Bool, content: String) {
        let pattern = try JSONFields(optional("pattern") ?? .null, path: "\(path).pattern")
        let content = try string("content")
        if let regex = try pattern.optionalString("Regex") { return (regex, true, content) }
        return (try pattern.string("String"), false, content)
    }

    /// The array at `key`, each element read by `read` with its path (a Sequence's members).
    func members<Member>(
        _ key: String, _ read: (JSON, String) throws(SubtokError) -> Member
    ) throws(SubtokError) -> [Member] {
        var out: [Member] = []
        for (k, item) in try array(key).enumerated() { out.append(try read(item, "\(path).\(key)[\(k)]")) }
        return out
    }

    /// The raw value of `key`, nil when absent or JSON null.
    func optional(_ key: String) -> JSON? {
        guard let v = value[key], v != .null else { return nil }
        return v
    }

    func string(_ key: String) throws(SubtokError) -> String {
        guard let s = try optionalString(key) else { throw missing(key, "a string") }
        return s
    }

    func optionalString(_ key: String) throws(SubtokError) -> String? {
        guard let v = optional(key) else { return nil }
        guard case let .string(s) = v else { throw wrong(key, v, "a string") }
        return s
    }

    func bool(_ key: String, default d: Bool) throws(SubtokError) -> Bool {
        guard let v = optional(key) else { return d }
        guard case let .bool(b) = v else { throw wrong(key, v, "a boolean") }
        return b
    }

    func uint32(_ key: String) throws(SubtokError) -> UInt32 {
        guard let v = optional(key) else { throw missing(key, "an integer") }
        return try JSONFields.uint32(v, at: "\(path).\(key)")
    }

    func optionalDouble(_ key: String) throws(SubtokError) -> Double? {
        guard let v = optional(key) else { return nil }
        guard case let .number(d) = v else { throw wrong(key, v, "a number") }
        return d
    }

    func array(_ key: String) throws(SubtokError) -> [JSON] {
        guard let v = optional(key) else { throw missing(key, "an array") }
        guard case let .array(a) = v else { throw wrong(key, v, "an array") }
        return a
    }

    static func uint32(_ v: JSON, at path: String) throws(SubtokError) -> UInt32 {
        guard case let .number(d) = v, let n = UInt32(exactly: d) else {
            throw SubtokError(.format, "\(path) must be an integer between 0 and \(UInt32.max), found \(v.typeName)")
        }
        return n
    }

    private func missing(_ key: String, _ type: String) -> SubtokError {
        SubtokError(.format, "\(path).\(key) is missing (expected \(type))")
    }

    private func wrong(_ key: String, _ v: JSON, _ type: String) -> SubtokError {
        SubtokError(.format, "\(path).\(key) must be \(type), found \(v.typeName)")
    }
}

extension JSON {
    /// Parses one JSON document from UTF-8 bytes; throws a format error with the byte offset.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(SubtokError) -> JSON {
        try JSONParser.parse(bytes)
    }

    /// The value as compact JSON text (one line).
    public func serialized() -> String { JSONWriter.string(self, pretty: false) }
}
