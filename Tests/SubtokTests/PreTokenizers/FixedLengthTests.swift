import Testing

@testable import Subtok

/// Expected pieces are `tokenizers`' `FixedLength(...).pre_tokenize_str` on the same texts.
@Suite struct FixedLengthTests {
    @Test func cutsEveryLengthCharactersNotBytes() {
        #expect(pieceTexts(FixedLength(length: 2), "abcdé") == ["ab", "cd", "é"])
        #expect(pieces(FixedLength(length: 2), "éé日").map { [$0.1, $0.2] } == [[0, 4], [4, 7]])
        #expect(pieceTexts(FixedLength(length: 5), "") == [])
    }
}
