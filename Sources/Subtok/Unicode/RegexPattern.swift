import CICU

/// A regular expression run by ICU over UTF-8 bytes: the fallback for `Split` patterns that have
/// no hand-written scanner. `tokenizers` uses Oniguruma, whose `X{n,m}+` means `(?:X{n,m})+`
/// where ICU reads a possessive quantifier; patterns are rewritten to Oniguruma's meaning first.
/// ICU expressions are not thread-safe, so each search works on its own clone.
final class RegexPattern: @unchecked Sendable {
    /// The pattern as written in the file.
    let source: String
    // Immutable after init and only cloned, never matched directly: safe to share.
    private let compiled: OpaquePointer

    /// Compiles `source`; throws a format error naming the pattern and ICU's complaint.
    init(_ source: String) throws(SubtokError) {
        self.source = source
        let translated = Array(Self.onigurumaToICU(source).utf8)
        var message = [CChar](repeating: 0, count: 256)
        let regex = translated.withNonNullBytes { p, n in
            message.withUnsafeMutableBufferPointer { cicu_regex_compile(p, Int32(n), $0.baseAddress, 256) }
        }
        guard let regex else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw SubtokError(.format, "the regex \(quoted(source)) does not compile: \(text)")
        }
        compiled = regex
    }

    deinit { cicu_regex_close(compiled) }

    /// The non-overlapping matches in `p[start ..< end]`, as absolute byte ranges (empty ones
    /// dropped). O(n) for the patterns tokenizers use.
    func matches(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> [(Int, Int)] {
        guard let regex = cicu_regex_clone(compiled) else { return [] }
        defer { cicu_regex_close(regex) }
        guard cicu_regex_reset(regex, p + start, Int64(end - start)) == 0 else { return [] }
        var out: [(Int, Int)] = []
        var s: Int64 = 0, e: Int64 = 0
        while cicu_regex_next(regex, &s, &e) == 1 {
            if e > s { out.append((start + Int(s), start + Int(e))) }
        }
        return out
    }

    /// Rewrites Oniguruma's `X{n,m}+` (one or more repetitions of `X{n,m}`) as `(?:X{n,m})+`.
    static func onigurumaToICU(_ pattern: String) -> String {
        let b = Array(pattern.utf8)
        var out: [UInt8] = []
        var atomStart = 0
        var i = 0
        var inClass = false
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\\") && i + 1 < b.count {
                if !inClass { atomStart = out.count }
                out.append(c); out.append(b[i + 1]); i += 2
                if (b[i - 1] == UInt8(ascii: "p") || b[i - 1] == UInt8(ascii: "P")) && i < b.count
                    && b[i] == UInt8(ascii: "{")
                {
                    while i < b.count && b[i] != UInt8(ascii: "}") { out.append(b[i]); i += 1 }
                    if i < b.count { out.append(b[i]); i += 1 }
                }
                continue
            }
            if inClass {
                out.append(c); i += 1
                if c == UInt8(ascii: "]") { inClass = false }
                continue
            }
            if c == UInt8(ascii: "[") {
                atomStart = out.count
                inClass = true
                out.append(c); i += 1
                if i < b.count && b[i] == UInt8(ascii: "^") { out.append(b[i]); i += 1 }
                if i < b.count && b[i] == UInt8(ascii: "]") { out.append(b[i]); i += 1 }
                continue
            }
            if c == UInt8(ascii: "{"), let close = b[i...].firstIndex(of: UInt8(ascii: "}")),
                b[(i + 1)..<close].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ",") }),
                close + 1 < b.count, b[close + 1] == UInt8(ascii: "+")
            {
                let atom = Array(out[atomStart...])
                out.removeSubrange(atomStart...)
                out.append(contentsOf: Array("(?:".utf8) + atom + Array(b[i...close]) + Array(")+".utf8))
                i = close + 2
                continue
            }
            if c == UInt8(ascii: ")") {
                out.append(c); i += 1
                var depth = 0
                var k = out.count - 1
                while k >= 0 {
                    if out[k] == UInt8(ascii: ")") && (k == 0 || out[k - 1] != UInt8(ascii: "\\")) { depth += 1 }
                    if out[k] == UInt8(ascii: "(") && (k == 0 || out[k - 1] != UInt8(ascii: "\\")) {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    k -= 1
                }
                atomStart = max(k, 0)
                continue
            }
            if c != UInt8(ascii: "*") && c != UInt8(ascii: "+") && c != UInt8(ascii: "?") && c != UInt8(ascii: "{")
                && c != UInt8(ascii: "|") && c != UInt8(ascii: "(")
            {
                atomStart = out.count
            }
            out.append(c); i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
