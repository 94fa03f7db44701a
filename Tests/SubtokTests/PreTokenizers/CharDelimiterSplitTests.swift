import Testing

@testable import Subtok

/// Expected pieces are `tokenizers`' `CharDelimiterSplit(...).pre_tokenize_str` on the same texts.
@Suite struct CharDelimiterSplitTests {
    @Test func removesTheDelimiterAndSplitsThere() {
        #expect(pieceTexts(CharDelimiterSplit(delimiter: "e"), "theee end") == ["th", " ", "nd"])
        #expect(pieceTexts(CharDelimiterSplit(delimiter: "の"), "日本のテキストの") == ["日本", "テキスト"])
        #expect(pieceTexts(CharDelimiterSplit(delimiter: "x"), "") == [])
    }
}
