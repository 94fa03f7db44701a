import Testing

@testable import Subtok

/// Expected pieces are those of `tokenizers`' `Sequence` of the three `Split(Regex(...),
/// "isolated")` of DeepSeek V3's file on the same texts.
@Suite struct DeepSeekV3SplitTests {
    func pieces(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var ends: [Int] = []
        bytes.withUnsafeBufferPointer { DeepSeekV3Split().splitPieces($0.baseAddress!, 0, $0.count, into: &ends) }
        var start = 0
        return ends.map { e in
            defer { start = e }
            return String(decoding: bytes[start..<e], as: UTF8.self)
        }
    }

    @Test func numbersGoThreeAtATimeAndCJKRunsStandAlone() {
        #expect(pieces("Hello world 12345 ok") == ["Hello", " world", " ", "123", "45", " ok"])
        #expect(pieces("日本語のテキスト、句読点。abc") == ["日本語のテキスト", "、", "句読点", "。", "abc"])
        #expect(pieces("foo 日本\u{3000}ひらがなカタカナー") == ["foo", " ", "日本", "\u{3000}", "ひらがなカタカナー"])
        #expect(pieces("$100.50, 'quote' ゠") == ["$", "100", ".", "50", ",", " '", "quote", "'", " ", "゠"])
    }

    @Test func theWordPatternSplitsCJKRunsToo() {
        #expect(pieces("サンドラ・ベロニ゠ーヿ") == ["サンドラ", "・", "ベロニ", "゠", "ーヿ"])
        #expect(pieces("ひらがな゛x") == ["ひらがな", "゛", "x"])
    }

    @Test func aStretchEndsBeforeANumberOrCJKCharacter() {
        #expect(pieces("a 1 b\n\n 2") == ["a", " ", "1", " b", "\n\n", " ", "2"])
        #expect(pieces("tab\t中 end  ") == ["tab", "\t", "中", " end", "  "])
    }

    @Test func punctuationTakesASCIILettersAndWhiteSpaceBacktracks() {
        #expect(pieces("(hello) x.y !!abc") == ["(hello", ")", " x", ".y", " !!", "abc"])
        #expect(pieces("  \n  x\t\t") == ["  \n", " ", " x", "\t\t"])
    }

    @Test func charactersNoAlternativeMatchesFormOnePiece() {
        #expect(pieces("\u{1}\u{2} e\u{301}\u{301}x") == ["\u{1}\u{2}", " e\u{301}\u{301}x"])
    }

    @Test func theSequenceOfItsThreeSplitsTakesTheScanner() throws {
        let splits = try DeepSeekV3Split.patterns.map { pattern throws(SubtokError) in
            try TokenizerJSON.readPreTokenizer(
                .object([
                    ("type", .string("Split")), ("pattern", .object([("Regex", .string(pattern))])),
                    ("behavior", .string("Isolated")), ("invert", .bool(false)),
                ]), path: "pre_tokenizer")
        }
        #expect(
            PreTokenizerSequence(splits + [ByteLevel(addPrefixSpace: false, useRegex: false)]).pieceSplitter?
                .scannerName == "DeepSeek V3 scanner")
        #expect(PreTokenizerSequence(Array(splits.reversed())).pieceSplitter == nil)
    }
}
