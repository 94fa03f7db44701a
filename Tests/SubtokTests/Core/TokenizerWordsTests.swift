import Foundation
import Testing

@testable import Subtok

/// Word ranges and word ids, against what `tokenizers` reports for the same files and texts
/// (`Encoding.word_ids`, taken once from tokenizers 0.23).
@Suite struct TokenizerWordsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func load(_ relative: String) throws -> Tokenizer {
        try Tokenizer(contentsOfFile: root.appendingPathComponent(relative).path)
    }

    static func words(_ tokenizer: Tokenizer, _ text: String, pair: String? = nil) throws -> [Int?] {
        let encoding = pair.map { tokenizer.encode(text, pair: $0) } ?? tokenizer.encode(text)
        let textBytes = Array(text.utf8), pairBytes = pair.map { Array($0.utf8) }
        return try textBytes.withUnsafeBufferPointer { t in
            guard let pairBytes else { return try tokenizer.wordIDs(of: encoding, text: t) }
            return try pairBytes.withUnsafeBufferPointer { try tokenizer.wordIDs(of: encoding, text: t, pair: $0) }
        }
    }

    @Test func bertWordsAreWhiteSpaceAndPunctuationPieces() throws {
        let tokenizer = try Self.load("vocab-samples/wordpiece.json")
        var text = "Hello, world!"
        let ranges = try text.withUTF8 { try tokenizer.wordRanges(utf8: $0) }
        #expect(
            ranges == [
                TokenOffset(start: 0, end: 5), TokenOffset(start: 5, end: 6), TokenOffset(start: 7, end: 12),
                TokenOffset(start: 12, end: 13),
            ])
        #expect(try Self.words(tokenizer, "Hello, world!") == [nil, 0, 0, 1, 2, 3, nil])
    }

    @Test func addedTokensAreWordsAndEachSequenceCountsFromZero() throws {
        let tokenizer = try Self.load("Tests/fixtures/tiny-bytelevel.json")
        #expect(try Self.words(tokenizer, "hello world<|end|>", pair: "hi") == [0, 1, 2, 0, 0])
    }

    @Test func invalidUTF8IsAnError() throws {
        let tokenizer = try Self.load("Tests/fixtures/tiny-bytelevel.json")
        let bad: [UInt8] = [0x68, 0xFF]
        #expect(throws: SubtokError.self) { try bad.withUnsafeBufferPointer { try tokenizer.wordRanges(utf8: $0) } }
    }
}
