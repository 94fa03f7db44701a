import Testing

@testable import Subtok

/// The ids path's `normalizedBytes` (no alignment) must give the bytes `normalize` gives.
@Suite struct NormalizedBytesTests {
    static let texts = [
        "", "a  b   c", "  lead and trail  ", "no doubles", "日本  語\u{3000}\u{3000}x", "ab ab ab", "a\u{301}  b",
    ]

    func both(_ normalizer: any Normalizer, _ text: String) -> (fast: [UInt8]?, general: [UInt8]) {
        let bytes = Array(text.utf8)
        var normalized = NormalizedString(original: bytes)
        normalizer.normalize(&normalized)
        return (bytes.withUnsafeBufferPointer { normalizer.normalizedBytes($0) }, normalized.bytes)
    }

    @Test(arguments: texts)
    func replaceOfARegexAndOfAString(text: String) throws {
        for replace in [
            try Replace(regex: " {2,}", content: " "), try Replace(pattern: "ab", content: "[x]"),
            try Replace(pattern: " ", content: ""),
        ] {
            let (fast, general) = both(replace, text)
            #expect(fast == general, "\(replace.pattern) on \(text)")
        }
    }

    /// ` {2,}` is scanned without ICU; `[ ]{2,}` (the same language) goes through ICU.
    @Test(arguments: texts + ["   ", " ", "a ", "  a", "x\u{2581}  \u{2581}"])
    func aRepeatedCharacterMatchesAsICUDoes(text: String) throws {
        let scanned = try Replace(regex: " {2,}", content: "#"), icu = try Replace(regex: "[ ]{2,}", content: "#")
        #expect(both(scanned, text).general == both(icu, text).general)
        #expect(
            both(try Replace(regex: "a{3,}", content: "-"), text + "aaaa aa").fast
                == both(try Replace(regex: "[a]{3,}", content: "-"), text + "aaaa aa").fast)
    }

    /// Random texts long enough for the eight-positions-a-step scan, with runs of every length
    /// at every alignment.
    @Test func aRepeatedCharacterMatchesAsICUDoesOnLongTexts() throws {
        var random = SplitMix64(seed: 13)
        let parts = [" ", "  ", "   ", "a", "aa", "aaa", "bcdefghij", "é", "日"]
        for _ in 0..<400 {
            let text = (0..<Int(random.next() % 30)).map { _ in parts[Int(random.next() % UInt64(parts.count))] }
                .joined()
            for (byte, minimum) in [(" ", 2), ("a", 3), (" ", 1)] {
                let scanned = try Replace(regex: "\(byte){\(minimum),}", content: "#"),
                    icu = try Replace(regex: "[\(byte)]{\(minimum),}", content: "#")
                #expect(
                    both(scanned, text).fast == both(icu, text).general,
                    "\(byte){\(minimum),} on \(text.debugDescription)")
            }
        }
    }

    /// Every form, on random texts of ASCII, combining marks (which compose with the ASCII
    /// letter before them), compatibility characters, Hangul jamo and syllables, CJK and emoji:
    /// the stretch-by-stretch bytes equal the whole-text normalization's.
    @Test func unicodeNormalizationStretchByStretch() {
        var random = SplitMix64(seed: 17)
        let parts = [
            "a", "e", "ab ", "  ", "\u{301}", "\u{327}\u{301}", "\u{316}", "é", "ﬁ", "①", "Å", "\u{1100}", "\u{1161}",
            "\u{11A8}",
            "한", "日本", "🙂", "x\u{338}", "\u{FF21}", "\n", "\u{212B}",
        ]
        for form in [UnicodeNormalization.Form.nfc, .nfd, .nfkc, .nfkd] {
            for _ in 0..<300 {
                let text = (0..<Int(random.next() % 20)).map { _ in parts[Int(random.next() % UInt64(parts.count))] }
                    .joined()
                let (fast, general) = both(UnicodeNormalization(form), text)
                #expect(fast == general, "\(form) on \(text.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
    }

    @Test func stripOfBothEnds() {
        for text in ["", "  ", " a ", "\u{3000}a b\u{3000}", "ab", "\t\nab  "] {
            for strip in [Strip(), Strip(left: false), Strip(right: false)] {
                let (fast, general) = both(strip, text)
                #expect(fast == general, "\(text.debugDescription)")
            }
        }
    }

    @Test func replaceByHand() throws {
        #expect(both(try Replace(regex: " {2,}", content: " "), "a  b   c").fast == Array("a b c".utf8))
        #expect(both(try Replace(pattern: "ab", content: "[x]"), "abcab").fast == Array("[x]c[x]".utf8))
    }

    @Test(arguments: texts)
    func aSequenceChainsItsMembers(text: String) throws {
        let sequence = NormalizerSequence([
            try Replace(regex: " {2,}", content: " "), try Replace(pattern: " ", content: "_"),
        ])
        let (fast, general) = both(sequence, text)
        #expect(fast == general)
    }

    @Test func aSequenceWithAMemberWithoutTheFastPathHasNone() throws {
        let sequence = NormalizerSequence([try Replace(pattern: "a", content: "b"), Lowercase()])
        #expect(both(sequence, "Abc").fast == nil)
    }
}
