import Testing

@testable import Subtok

@Suite struct WordPieceTests {
    static func model(maxCharacters: Int = 100) throws -> WordPiece {
        let tokens = ["[UNK]", "un", "##aff", "##able", "a", "##b", "##bc", "abc", "##c", "x", "东", "##京"]
        return try WordPiece(vocabulary: try Vocabulary(tokens: tokens), maxInputCharactersPerWord: maxCharacters)
    }

    func tokenize(_ model: WordPiece, _ word: String) -> [String] {
        var output = ModelOutput()
        let bytes = Array(word.utf8)
        bytes.withUnsafeBufferPointer { model.tokenize($0, 0, $0.count, into: &output) }
        return output.ids.map { model.token(for: $0)! }
    }

    @Test func greedyLongestMatchFirst() throws {
        let m = try Self.model()
        #expect(tokenize(m, "unaffable") == ["un", "##aff", "##able"])
        #expect(tokenize(m, "abc") == ["abc"])
        #expect(tokenize(m, "abcc") == ["abc", "##c"])
        #expect(tokenize(m, "abbc") == ["a", "##b", "##bc"])
        #expect(tokenize(m, "东京") == ["东", "##京"])
    }

    @Test func unknownWordsBecomeOneUnknownToken() throws {
        let m = try Self.model()
        #expect(tokenize(m, "abd") == ["[UNK]"])
        #expect(tokenize(m, "d") == ["[UNK]"])
        var output = ModelOutput()
        Array("xabd".utf8).withUnsafeBufferPointer { m.tokenize($0, 0, $0.count, into: &output) }
        #expect(output.offsets == [TokenOffset(start: 0, end: 4)])
    }

    @Test func longWordsAreUnknownInBoundedTime() throws {
        let m = try Self.model(maxCharacters: 5)
        #expect(tokenize(m, "abcabc") == ["[UNK]"])
        #expect(tokenize(m, "东京东京东") == ["[UNK]"])
        let big = try Self.model()
        let megabyte = String(repeating: "a", count: 1 << 20)
        #expect(tokenize(big, megabyte) == ["[UNK]"])
    }

    @Test func unknownTokenMustExist() {
        #expect(throws: SubtokError.self) { try WordPiece(vocabulary: try Vocabulary(tokens: ["a"])) }
    }
}
