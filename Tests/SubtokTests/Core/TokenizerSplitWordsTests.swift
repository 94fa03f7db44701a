import Foundation
import Testing

@testable import Subtok

/// Input already split into words, against what `tokenizers` gives with `is_pretokenized` for
/// the same file (taken once from tokenizers 0.23).
@Suite struct TokenizerSplitWordsTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/tiny-bytelevel.json").path

    /// `words` (and `pair`) as buffers into one joined array, encoded while it lives.
    static func encode(_ tokenizer: Tokenizer, _ words: [String], pair: [String]? = nil) throws -> Encoding {
        let all = words + (pair ?? [])
        let joined = all.flatMap { Array($0.utf8) }
        return try joined.withUnsafeBufferPointer { base in
            var buffers: [UnsafeBufferPointer<UInt8>] = []
            var start = 0
            for word in all {
                buffers.append(UnsafeBufferPointer(rebasing: base[start..<(start + word.utf8.count)]))
                start += word.utf8.count
            }
            let pairBuffers = pair.map { _ in Array(buffers[words.count...]) }
            return try tokenizer.encode(words: Array(buffers[..<words.count]), pair: pairBuffers)
        }
    }

    @Test func eachWordIsEncodedOnItsOwnWithOffsetsWithinIt() throws {
        let tokenizer = try Tokenizer(contentsOfFile: Self.fixture)
        let encoding = try Self.encode(tokenizer, ["hello", "world"])
        #expect(encoding.ids == [259, 119, 261, 263])
        #expect(
            encoding.offsets == [
                TokenOffset(start: 0, end: 5), TokenOffset(start: 0, end: 1), TokenOffset(start: 1, end: 3),
                TokenOffset(start: 3, end: 5),
            ])
        #expect(encoding.wordIDs == [0, 1, 1, 1])
        let pair = try Self.encode(tokenizer, ["hello"], pair: ["world"])
        #expect(pair.wordIDs == [0, 0, 0, 0])
        #expect(pair.sequenceIDs == [0, 1, 1, 1])
    }

    @Test func emptyWordsHoldNoTokensAndAWordOfBadUTF8IsNamed() throws {
        let tokenizer = try Tokenizer(contentsOfFile: Self.fixture)
        #expect(try Self.encode(tokenizer, ["", "hello", ""]).wordIDs == [1])
        let bad: [UInt8] = [0x6F, 0xFF]
        let error = #expect(throws: SubtokError.self) {
            try bad.withUnsafeBufferPointer { b in try tokenizer.encode(words: [b, b]) }
        }
        #expect(error?.message.hasPrefix("word 0") == true)
    }
}
