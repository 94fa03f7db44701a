import Foundation
import Testing

@testable import Subtok

/// `BacktrackingMerger` (linear BPE of long pieces) against `ByteMerger`'s rank-ordered merge,
/// which `BPETests` and `FlatMergeTests` hold to the slow rule: the same ids and byte ranges.
@Suite struct BacktrackingMergerTests {
    /// The tokens (`ByteMerger` then `BacktrackingMerger`) of `bytes`, with their byte ranges.
    static func both(
        _ model: BPE, _ linear: BacktrackingMerger, _ bytes: [UInt8]
    ) -> ([UInt32], [TokenOffset], [UInt32], [TokenOffset]) {
        var expected = ModelOutput(), got = ModelOutput()
        bytes.withUnsafeBufferPointer { b in
            model.merger.mergePiece(b.baseAddress!, 7, b.count, into: &expected)
            linear.mergePiece(b.baseAddress!, 7, b.count, into: &got)
        }
        return (expected.ids, expected.offsets, got.ids, got.offsets)
    }

    /// `count` random strings over `alphabet`, of lengths up to `maximum` bytes.
    static func texts(_ alphabet: [String], count: Int, maximum: Int, _ generator: inout SplitMix64) -> [[UInt8]] {
        (0..<count).map { _ in
            let length = Int.random(in: 1...maximum, using: &generator)
            var bytes: [UInt8] = []
            while bytes.count < length {
                bytes += Array(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)].utf8)
            }
            return bytes
        }
    }

    /// Tokens made as a BPE trainer makes them: each merge joins two tokens already made from
    /// `letters` (up to 8 bytes), some results made twice by different merges.
    static func trained(
        _ letters: [String], merges count: Int, _ generator: inout SplitMix64
    ) -> (tokens: [String], merges: [(String, String)]) {
        var made = letters
        var merges: [(String, String)] = []
        var seen = Set<String>()
        while merges.count < count {
            let left = made[Int.random(in: 0..<made.count, using: &generator)]
            let right = made[Int.random(in: 0..<made.count, using: &generator)]
            guard (left + right).utf8.count <= 8, seen.insert(left + " " + right).inserted else { continue }
            merges.append((left, right))
            if !made.contains(left + right) { made.append(left + right) }
        }
        return (Array(made.dropFirst(letters.count)), merges)
    }

    @Test func equalsTheRankedMergeOnTheByteLevelSample() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("vocab-samples")
        let tokenizer = try Tokenizer(contentsOfFile: samples.appendingPathComponent("byte-bpe.json").path)
        let model = try #require(tokenizer.model as? BPE)
        let linear = try #require(model.backtrackingMerger())
        var generator = SplitMix64(seed: 11)
        let alphabets = [
            ["the", "and", "ing", "tion", "e", "s", "t", "a", "r"],
            Array("abcdefghijklmnopqrstuvwxyz").map(String.init),
            ["é", "ü", "日", "本", "語", "😀", "a\u{0301}"], (0..<256).map { String(UnicodeScalar(UInt8($0))) },
            ["=", "-", "_", "#"],
        ]
        for alphabet in alphabets {
            for bytes in Self.texts(alphabet, count: 40, maximum: 600, &generator) {
                let (ids, offsets, gotIDs, gotOffsets) = Self.both(model, linear, bytes)
                #expect(gotIDs == ids, "\(alphabet.prefix(3)) \(bytes.count) bytes")
                #expect(gotOffsets == offsets)
            }
        }
    }

    @Test func equalsTheRankedMergeOnTrainedVocabularies() throws {
        let letters = ["a", "b", "c", "d"]
        var built = 0
        for seed in 1...30 {
            var generator = SplitMix64(seed: UInt64(seed))
            let (tokens, merges) = Self.trained(letters, merges: 60, &generator)
            let bytes = (0..<256).map { ByteLevelAlphabet.token(of: [UInt8($0)]) }
            let models = [
                try BPE(vocabulary: try Vocabulary(tokens: bytes + tokens), merges: merges, byteLevel: true),
                try BPE(rankedTokens: (0..<256).map { [UInt8($0)] } + tokens.map { Array($0.utf8) }),
            ]
            for model in models {
                // A vocabulary whose merges rank a token before its parts has no linear encoder.
                guard let linear = model.backtrackingMerger() else { continue }
                built += 1
                for text in Self.texts(letters, count: 60, maximum: 300, &generator) {
                    let (ids, offsets, gotIDs, gotOffsets) = Self.both(model, linear, text)
                    #expect(gotIDs == ids, "seed \(seed): \(String(decoding: text, as: UTF8.self))")
                    #expect(gotOffsets == offsets)
                }
            }
        }
        #expect(built >= 30)
    }

    @Test func tokensTheirOwnBytesDoNotReachAreNeverProduced() throws {
        // "abc" is merged from ("a", "bc"), but BPE of its bytes merges "ab" first and ends at
        // ["ab", "c"]: no text encodes to it, and the walk must not take it as the longest match.
        let tokens = (0..<256).map { ByteLevelAlphabet.token(of: [UInt8($0)]) } + ["ab", "bc", "abc"]
        let model = try BPE(
            vocabulary: try Vocabulary(tokens: tokens), merges: [("a", "b"), ("b", "c"), ("a", "bc")], byteLevel: true)
        let linear = try #require(model.backtrackingMerger())
        for text in ["abc", "abcabc", "aabcc", "babc", String(repeating: "abc", count: 5000)] {
            let (ids, _, gotIDs, _) = Self.both(model, linear, Array(text.utf8))
            #expect(gotIDs == ids, "\(text.prefix(12))")
            #expect(!gotIDs.contains(258))
        }
    }

    @Test func mergesRankedBeforeTheirPartsHaveNoLinearEncoder() throws {
        // "abc" is made by merge 0 from "ab", which merge 1 makes: the rank order is not the
        // order in which BPE can make the tokens, so long pieces keep the ranked merge.
        let tokens = (0..<256).map { ByteLevelAlphabet.token(of: [UInt8($0)]) } + ["ab", "abc"]
        let model = try BPE(
            vocabulary: try Vocabulary(tokens: tokens), merges: [("ab", "c"), ("a", "b")], byteLevel: true)
        #expect(model.backtrackingMerger() == nil)
        let text = Array(String(repeating: "abcab", count: 4000).utf8)
        var output = ModelOutput()
        text.withUnsafeBufferPointer { model.tokenize($0, 0, $0.count, into: &output) }
        #expect(output.ids == Array(repeating: [257, 256], count: 4000).flatMap { $0 })
    }

    @Test func bpeTakesTheLinearMergeForLongPieces() throws {
        let letters = ["a", "b", "c", "d"]
        var generator = SplitMix64(seed: 5)
        let (tokens, merges) = Self.trained(letters, merges: 60, &generator)
        let model = try BPE(
            vocabulary: try Vocabulary(tokens: (0..<256).map { ByteLevelAlphabet.token(of: [UInt8($0)]) } + tokens),
            merges: merges, byteLevel: true)
        let long = (0..<(BacktrackingMerger.minimumPieceBytes + 100)).map { _ in
            UInt8(ascii: "a") + UInt8.random(in: 0..<4, using: &generator)
        }
        var output = ModelOutput()
        long.withUnsafeBufferPointer { model.tokenize($0, 0, $0.count, into: &output) }
        var expected = ModelOutput()
        long.withUnsafeBufferPointer { model.merger.mergePiece($0.baseAddress!, 0, $0.count, into: &expected) }
        #expect(long.count >= BacktrackingMerger.minimumPieceBytes)
        #expect(output.ids == expected.ids)
        #expect(output.offsets == expected.offsets)
    }
}
