import Testing

@testable import Subtok

@Suite struct WhitespaceWordsTests {
    private func words(_ style: WhitespaceWords, _ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var out: [String] = []
        bytes.withUnsafeBufferPointer { b in
            style.forEachWord(b.baseAddress!, b.count) { from, to in
                out.append(String(decoding: b[from..<to], as: UTF8.self))
            }
        }
        return out
    }

    @Test func styleFollowsThePieces() {
        let prefix = ["▁the", "▁", "▁▁", "ing", "a"].map { Array($0.utf8) }
        let suffix = ["the▁", "▁", "ing", "a▁▁"].map { Array($0.utf8) }
        #expect(WhitespaceWords.allowed(by: prefix) == .beforeWhitespace)
        #expect(WhitespaceWords.allowed(by: suffix) == .afterWhitespace)
        #expect(WhitespaceWords.allowed(by: prefix + [Array("e▁t".utf8)]) == nil)
        #expect(WhitespaceWords.allowed(by: prefix + [Array("a▁".utf8)]) == nil)
        #expect(WhitespaceWords.allowed(by: [Array("▁a▁".utf8)]) == nil)
    }

    @Test func cutsBeforeOrAfterRunsOfWhitespace() {
        #expect(words(.beforeWhitespace, "▁Hello▁▁world▁x") == ["▁Hello", "▁▁world", "▁x"])
        #expect(words(.beforeWhitespace, "Hello▁") == ["Hello", "▁"])
        #expect(words(.beforeWhitespace, "東京") == ["東京"])
        #expect(words(.afterWhitespace, "Hello▁▁world▁x▁") == ["Hello▁▁", "world▁", "x▁"])
        #expect(words(.afterWhitespace, "▁▁a") == ["▁▁", "a"])
        #expect(words(.afterWhitespace, "ab") == ["ab"])
        for style in [WhitespaceWords.beforeWhitespace, .afterWhitespace] {
            for text in ["", "▁", "a▁b▁▁c▁", "▁▁▁", "x\u{2581}\u{2582}y"] {
                #expect(words(style, text).joined() == text)
                #expect(!words(style, text).contains(""))
            }
        }
    }

    /// Random texts of `▁`, look-alikes sharing its lead byte (`…`, `▂`), ASCII and kana, at
    /// every alignment, against cuts found one character at a time.
    @Test func eightBytesAtATimeFindsEveryRun() {
        var random = SplitMix64(seed: 11)
        let parts = ["▁", "▁", "a", "bc", "…", "▂", "あ", "xyz12345", "é"]
        for _ in 0..<2_000 {
            let text = (0..<Int(random.next() % 12)).map { _ in parts[Int(random.next() % UInt64(parts.count))] }
                .joined()
            let characters = text.map(String.init)
            var before: [String] = [], after: [String] = []
            for (k, c) in characters.enumerated() {
                let isSpace = c == "▁", previous = k > 0 && characters[k - 1] == "▁"
                if before.isEmpty || (isSpace && !previous) { before.append(c) } else { before[before.count - 1] += c }
                if after.isEmpty || (!isSpace && previous) { after.append(c) } else { after[after.count - 1] += c }
            }
            #expect(words(.beforeWhitespace, text) == before, "\(text)")
            #expect(words(.afterWhitespace, text) == after, "\(text)")
        }
    }
}
