import Testing

@testable import Subtok

/// Expected pieces are `tokenizers`' `UnicodeScripts().pre_tokenize_str` on the same texts.
@Suite struct UnicodeScriptsTests {
    @Test func splitsAtScriptChangesWithKanaAsHanAndSpacesBelongingToNone() {
        #expect(pieceTexts(UnicodeScripts(), " Hello 世界カタカナ abc.") == ["Hello ", "世界カタカナ ", "abc", "."])
    }

    @Test func charactersTokenizersTableLacksHaveNoScript() {
        // U+1F9D1 (Unicode 10) is not in tokenizers' table: like a leading space, it is dropped.
        #expect(pieceTexts(UnicodeScripts(), "\u{1F9D1}x") == ["x"])
        #expect(UnicodeScripts.withoutScript.count > 200)
        #expect(
            zip(UnicodeScripts.withoutScript, UnicodeScripts.withoutScript.dropFirst()).allSatisfy {
                $0.upperBound < $1.lowerBound
            })
    }
}
