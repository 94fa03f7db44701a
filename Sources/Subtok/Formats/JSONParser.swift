/// A strict RFC 8259 JSON parser over UTF-8 bytes with a nesting limit, so hostile files
/// (deep nesting, truncation, bad escapes, invalid UTF-8) give an error with a byte offset
/// instead of a crash. O(n) in the input size.
struct JSONParser {
    private let p: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0

    /// Parses one JSON document from `bytes` (surrounding white space allowed).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(SubtokError) -> JSON {
        var parser = JSONParser(p: bytes)
        parser.skipSpace()
        let value = try parser.parseValue()
        parser.skipSpace()
        if parser.i != bytes.count { throw parser.error("unexpected data after the JSON value") }
        return value
    }

    /// Parses one JSON document from a string.
    static func parse(_ text: String) throws(SubtokError) -> JSON {
        var text = text
        return try text.withUTF8 { b in Result { () throws(SubtokError) in try parse(b) } }.get()
    }

    private init(p: UnsafeBufferPointer<UInt8>) { self.p = p }

    private func error(_ what: String) -> SubtokError {
        SubtokError(.format, "invalid JSON at byte \(i): \(what)")
    }

    private mutating func skipSpace() {
        while i < p.count {
            switch p[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(SubtokError) -> JSON {
        guard i < p.count else { throw error("unexpected end of input") }
        switch p[i] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(SubtokError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= p.count else { throw error("unexpected end of input") }
        for k in 0..<n where p[i + k] != word.utf8Start[k] { throw error("invalid literal") }
        i += n
    }

    private mutating func enter() throws(SubtokError) {
        depth += 1
        if depth > Limits.maximumJSONDepth { throw error("nesting deeper than \(Limits.maximumJSONDepth)") }
    }

    private mutating func parseObject() throws(SubtokError) -> JSON {
        try enter()
        i += 1
        var members: [(key: String, value: JSON)] = []
        skipSpace()
        if i < p.count, p[i] == UInt8(ascii: "}") { i += 1; depth -= 1; return .object(members) }
        while true {
            skipSpace()
            guard i < p.count, p[i] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipSpace()
            guard i < p.count, p[i] == UInt8(ascii: ":") else { throw error("expected ':'") }
            i += 1
            skipSpace()
            members.append((key, try parseValue()))
            skipSpace()
            guard i < p.count else { throw error("unexpected end of input in an object") }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            if p[i] == UInt8(ascii: "}") { i += 1; break }
            throw error("expected ',' or '}'")
        }
        depth -= 1
        return .object(members)
    }

    private mutating func parseArray() throws(SubtokError) -> JSON {
        try enter()
        i += 1
        var items: [JSON] = []
        skipSpace()
        if i < p.count, p[i] == UInt8(ascii: "]") { i += 1; depth -= 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try parseValue())
            skipSpace()
            guard i < p.count else { throw error("unexpected end of input in an array") }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            if p[i] == UInt8(ascii: "]") { i += 1; break }
            throw error("expected ',' or ']'")
        }
        depth -= 1
        return .array(items)
    }

    private mutating func parseNumber() throws(SubtokError) -> JSON {
        let start = i
        if p[i] == UInt8(ascii: "-") { i += 1 }
        func digits(_ s: inout JSONParser) -> Int {
            let from = s.i
            while s.i < s.p.count, s.p[s.i] >= 0x30, s.p[s.i] <= 0x39 { s.i += 1 }
            return s.i - from
        }
        guard digits(&self) > 0 else { throw error("invalid number") }
        var integral = true
        if i < p.count, p[i] == UInt8(ascii: ".") {
            i += 1
            integral = false
            guard digits(&self) > 0 else { throw error("invalid number") }
        }
        if i < p.count, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            integral = false
            if i < p.count, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
            guard digits(&self) > 0 else { throw error("invalid number") }
        }
        if integral, i - start <= 18 {
            var v: Int64 = 0
            var k = start
            let negative = p[k] == UInt8(ascii: "-")
            if negative { k += 1 }
            while k < i { v = v * 10 + Int64(p[k] - 0x30); k += 1 }
            return .number(Double(negative ? -v : v))
        }
        guard let d = Self.serdeDouble(UnsafeBufferPointer(rebasing: p[start..<i])) else {
            throw error("number out of range")
        }
        return .number(d)
    }

    /// The value of a well-formed JSON number as `serde_json` reads it by default, which is how
    /// `tokenizers` reads its files: the digits as a 64-bit integer (digits past 2⁶⁴ ignored),
    /// converted to a double, then one multiplication or division by a power of ten. That is
    /// not always the correctly rounded value: `-9.244275093078613` reads one unit in the last
    /// place away, and Unigram ties between segmentations fall by such units. Nil when the
    /// number overflows. O(digits).
    static func serdeDouble(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var k = 0
        let negative = text[0] == UInt8(ascii: "-")
        if negative { k += 1 }
        var significand: UInt64 = 0
        var exponent = 0
        // Appends a digit unless that overflows; once one has, serde_json drops the rest of the
        // integer part (each still multiplying by ten) and of the fraction (each ignored).
        func append(_ b: UInt8) -> Bool {
            let (times, o1) = significand.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(b - 0x30))
            if o1 || o2 { return false }
            significand = sum
            return true
        }
        var full = false
        while k < text.count, text[k] >= 0x30, text[k] <= 0x39 {
            if full || !append(text[k]) { full = true; exponent += 1 }
            k += 1
        }
        if k < text.count, text[k] == UInt8(ascii: ".") {
            k += 1
            full = false
            while k < text.count, text[k] >= 0x30, text[k] <= 0x39 {
                if !full, append(text[k]) { exponent -= 1 } else { full = true }
                k += 1
            }
        }
        if k < text.count, text[k] | 0x20 == UInt8(ascii: "e") {
            k += 1
            var negativeExponent = false
            if text[k] == UInt8(ascii: "+") || text[k] == UInt8(ascii: "-") {
                negativeExponent = text[k] == UInt8(ascii: "-"); k += 1
            }
            var e = 0
            while k < text.count { e = min(e * 10 + Int(text[k] - 0x30), 1 << 30); k += 1 }
            exponent += negativeExponent ? -e : e
        }
        var f = Double(significand)
        while true {
            if exponent.magnitude < UInt(Self.powersOfTen.count) {
                if exponent >= 0 {
                    f *= Self.powersOfTen[exponent]
                    if f.isInfinite { return nil }
                } else {
                    f /= Self.powersOfTen[-exponent]
                }
                break
            }
            if f == 0 { break }
            if exponent >= 0 { return nil }
            f /= 1e308
            exponent += 308
        }
        return negative ? -f : f
    }

    /// 10⁰ ... 10³⁰⁸, each the double nearest to it.
    private static let powersOfTen: [Double] = (0...308).map { Double("1e\($0)")! }

    private mutating func parseString() throws(SubtokError) -> String {
        i += 1
        let start = i
        while i < p.count {
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: p[start..<i])
                if let bad = UTF8Bytes.firstInvalidOffset(slice) {
                    i = start + bad
                    throw error("invalid UTF-8 in a string")
                }
                i += 1
                return String(decoding: slice, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("control character in a string") }
            i += 1
        }
        var out = Array(UnsafeBufferPointer(rebasing: p[start..<i]))
        while true {
            guard i < p.count else { throw error("unterminated string") }
            let b = p[i]
            if b == UInt8(ascii: "\"") { i += 1; break }
            if b < 0x20 { throw error("control character in a string") }
            if b != UInt8(ascii: "\\") { out.append(b); i += 1; continue }
            i += 1
            guard i < p.count else { throw error("unterminated escape") }
            let e = p[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var c = try hex4()
                if c >= 0xD800 && c < 0xDC00 {
                    guard i + 1 < p.count, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate escape")
                    }
                    i += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw error("unpaired surrogate escape") }
                    c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00)
                } else if c >= 0xDC00 && c < 0xE000 {
                    throw error("unpaired surrogate escape")
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(c)!)).utf8)
            default: throw error("invalid escape")
            }
        }
        if let bad = out.withUnsafeBufferPointer({ UTF8Bytes.firstInvalidOffset($0) }) {
            throw error("invalid UTF-8 in a string (byte \(bad) of the string)")
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func hex4() throws(SubtokError) -> UInt32 {
        guard i + 4 <= p.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = p[i]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw error("invalid \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}
