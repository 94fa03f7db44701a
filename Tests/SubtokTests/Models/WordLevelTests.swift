import Testing

@testable import Subtok

@Suite struct WordLevelTests {
    @Test func eachPieceIsOneTokenOrTheUnknownOne() throws {
        let model = try WordLevel(vocabulary: try Vocabulary(tokens: ["<unk>", "the", "cat"]))
        var output = ModelOutput()
        for (s, e) in [(0, 3), (3, 6), (6, 9)] {
            Array("thecatdog".utf8).withUnsafeBufferPointer { model.tokenize($0, s, e, into: &output) }
        }
        #expect(
            output.ids == [1, 2, 0] && output.offsets.map(\.start) == [0, 3, 6]
                && output.offsets.map(\.end) == [3, 6, 9])
        #expect(throws: SubtokError.self) { try WordLevel(vocabulary: try Vocabulary(tokens: ["a"])) }
    }
}
