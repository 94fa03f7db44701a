import CICU

/// Splits where the Unicode script changes (`"type": "UnicodeScripts"`), as `tokenizers` does:
/// hiragana, katakana and U+30FC count as Han, and a space (U+0020) belongs to no script: it
/// neither starts a piece nor ends one. Scripts are ICU's, corrected to `tokenizers`' own older
/// table (`UnicodeScripts+Table.swift`, made by probing it): characters that table lacks have
/// no script either. As there, the characters without a script before the first one with a
/// script are dropped. O(n): for a non-ASCII character, a binary search of 238 ranges and one
/// ICU look-up.
public struct UnicodeScripts: PreTokenizer {
    /// Creates the pre-tokenizer.
    public init() {}

    /// ICU's numbers for the scripts folded into Han.
    private static let han: Int32 = 17, hiragana: Int32 = 20, katakana: Int32 = 22
    /// ICU's number for Latin, the script of ASCII letters.
    private static let latin: Int32 = 25
    /// ICU's number for unassigned code points (none has a script in `tokenizers` either).
    private static let unknown: Int32 = 103
    /// Stands for "no script" (the space).
    private static let none: Int32 = -1

    /// The script of `c` as `tokenizers` counts it.
    private static func script(_ c: UInt32) -> Int32 {
        if c == 0x20 { return none }
        if c == 0x30FC { return han }
        if c < 0x80 {
            let lower = c | 0x20
            return lower >= 0x61 && lower <= 0x7A ? latin : 0
        }
        if let theirs = scriptOverrides[c] { return theirs }
        if lacksScript(c) { return none }
        let s = cicu_script(c)
        if s == unknown { return none }
        return s == hiragana || s == katakana ? han : s
    }

    /// Whether `c` is in `withoutScript` (a binary search over its ranges).
    private static func lacksScript(_ c: UInt32) -> Bool {
        var low = 0, high = withoutScript.count
        while low < high {
            let mid = (low + high) / 2
            if withoutScript[mid].upperBound < c { low = mid + 1 } else { high = mid }
        }
        return low < withoutScript.count && withoutScript[low].contains(c)
    }

    /// Cuts the open splits at script changes.
    public func preTokenize(_ text: inout PreTokenizedString) {
        text.refine { p, start, end, out in
            var cuts: [Int] = []
            var last: Int32?
            var i = start
            while i < end {
                let (c, n) = UTF8Bytes.decode(p.baseAddress!, i, end)
                let s = Self.script(c)
                if s != Self.none {
                    if last != s { cuts.append(i) }
                    last = s
                }
                i += n
            }
            cuts.append(end)
            for k in 0..<(cuts.count - 1) where cuts[k + 1] > cuts[k] {
                out.append(.init(start: cuts[k], end: cuts[k + 1]))
            }
        }
    }

    /// `{"type": "UnicodeScripts"}`.
    public var json: JSON { .object([("type", .string("UnicodeScripts"))]) }
}

extension UnicodeScripts {
    /// Reads `{"type": "UnicodeScripts"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init()
    }
}
