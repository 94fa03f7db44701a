import Foundation
import Testing

@testable import Subtok

/// `Tokenizer.adding`, with the rules of `tokenizers`' `add_tokens` (ids checked against it on
/// the reference files by Tests/python/test_added_tokens.py).
@Suite struct TokenizerAddedTokensTests {
    @Test func newTokensTakeTheNextIdsAndDuplicatesAreSkipped() throws {
        let t = try Tokenizer(contentsOfFile: TokenizerTests.fixture)
        let (more, added) = try t.adding([
            AddedToken(id: 0, content: "zqx"), AddedToken(id: 0, content: "zqx"), AddedToken(id: 0, content: ""),
            AddedToken(id: 0, content: "hello"),
        ])
        #expect(added == 2)
        #expect(more.id(for: "zqx") == 266 && more.id(for: "hello") == 259 && more.vocabularySize == 267)
        let (special, count) = try more.adding([AddedToken(id: 0, content: "<sep>")], special: true)
        #expect(count == 1 && special.addedVocabulary.tokens.last?.special == true && special.id(for: "<sep>") == 267)
        let ids = try Array("hello<sep>zqx".utf8).withUnsafeBufferPointer { b in
            try Result { () throws(SubtokError) in try special.encodeIDs(utf8: b) }.get()
        }
        #expect(ids == [259, 267, 266])
        #expect(t.id(for: "zqx") == nil)
    }
}
