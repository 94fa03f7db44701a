import Testing

@testable import Subtok

@Suite struct AddedVocabularyTests {
    func splits(_ tokens: [AddedToken], _ text: String) throws -> [String] {
        let vocabulary = try AddedVocabulary(tokens)
        var bytes = Array(text.utf8)
        let result = bytes.withUnsafeMutableBufferPointer { vocabulary.splitUnchanged($0.baseAddress!, $0.count) }
        return result.map { split in
            let piece = String(decoding: bytes[split.start..<split.end], as: UTF8.self)
            return split.isOpen ? piece : "[\(split.token):\(piece)]"
        }
    }

    @Test func matchesLeftmostLongest() throws {
        let tokens = [
            AddedToken(id: 1, content: "<a>", special: true), AddedToken(id: 2, content: "<a><b>", special: true),
        ]
        #expect(try splits(tokens, "x<a><b>y<a>") == ["x", "[2:<a><b>]", "y", "[1:<a>]"])
    }

    @Test func singleWordTokensNeedWordBoundaries() throws {
        let tokens = [AddedToken(id: 1, content: "cat", singleWord: true)]
        #expect(try splits(tokens, "cat concat cats cat.") == ["[1:cat]", " concat cats ", "[1:cat]", "."])
    }

    @Test func stripFlagsSwallowWhiteSpace() throws {
        let tokens = [AddedToken(id: 1, content: "<m>", leftStrip: true, rightStrip: true, special: true)]
        #expect(try splits(tokens, "a  <m>\t b") == ["a", "[1:  <m>\t ]", "b"])
    }

    @Test func rawTokensAreMatchedBeforeNormalizedOnes() throws {
        let tokens = [
            AddedToken(id: 1, content: "ab", normalized: true), AddedToken(id: 2, content: "bc", normalized: false),
        ]
        #expect(try splits(tokens, "abc") == ["a", "[2:bc]"])
    }

    @Test func rejectsDuplicatesAndEmptyContent() {
        #expect(throws: SubtokError.self) {
            try AddedVocabulary([AddedToken(id: 1, content: "a"), AddedToken(id: 1, content: "b")])
        }
        #expect(throws: SubtokError.self) {
            try AddedVocabulary([AddedToken(id: 1, content: "a"), AddedToken(id: 2, content: "a")])
        }
        #expect(throws: SubtokError.self) { try AddedVocabulary([AddedToken(id: 1, content: "")]) }
    }
}
