@testable import Subtok
import Testing

/// BPE against a slow, obviously-correct reference: repeatedly merge the lowest-ranked adjacent
/// pair (leftmost on ties) over byte strings.
@Suite struct BPETests {
    /// A small byte-level vocabulary: all bytes plus merges over a few letters.
    static func model() throws -> (BPE, [(String, String)]) {
        var tokens = (0..<256).map { ByteLevelAlphabet.token(of: [UInt8($0)]) }
        var merges: [(String, String)] = []
        for (a, b) in [("a", "b"), ("b", "a"), ("ab", "a"), ("a", "a"), ("aa", "a"), ("ba", "b"), ("ab", "ab"), ("c", "ab"), ("aa", "aa")] {
            merges.append((a, b))
            if !tokens.contains(a + b) { tokens.append(a + b) }
        }
        return (try BPE(vocabulary: try Vocabulary(tokens: tokens), merges: merges, byteLevel: true), merges)
    }

    static func reference(_ bytes: [UInt8], _ merges: [(String, String)]) -> [String] {
        var symbols = bytes.map { ByteLevelAlphabet.token(of: [$0]) }
        let rank = Dictionary(merges.enumerated().map { ($0.element.0 + " " + $0.element.1, $0.offset) }, uniquingKeysWith: { a, _ in a })
        while symbols.count > 1 {
            var best: (rank: Int, at: Int)?
            for k in 0..<(symbols.count - 1) {
                if let r = rank[symbols[k] + " " + symbols[k + 1]], best == nil || r < best!.rank { best = (r, k) }
            }
            guard let (_, at) = best else { break }
            symbols[at] += symbols[at + 1]
            symbols.remove(at: at + 1)
        }
        return symbols
    }

    func tokenize(_ model: BPE, _ bytes: [UInt8]) -> [String] {
        var output = ModelOutput()
        bytes.withUnsafeBufferPointer { model.tokenize($0, 0, $0.count, into: &output) }
        return output.ids.map { model.token(for: $0)! }
    }

    @Test func matchesTheReferenceOnShortAndLongPieces() throws {
        let (model, merges) = try Self.model()
        var generator = SplitMix64(seed: .random(in: .min ... .max))
        for length in [1, 2, 3, 7, 20, 63, 64, 65, 200, 1000] {
            for _ in 0..<40 {
                let bytes = (0..<length).map { _ in Array("abc".utf8)[Int.random(in: 0..<3, using: &generator)] }
                #expect(tokenize(model, bytes) == Self.reference(bytes, merges), "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }

    @Test func offsetsCoverThePieceInOrder() throws {
        let (model, _) = try Self.model()
        let bytes = Array("abaabcab".utf8) + Array(repeating: UInt8(ascii: "a"), count: 100)
        var output = ModelOutput()
        bytes.withUnsafeBufferPointer { model.tokenize($0, 0, $0.count, into: &output) }
        #expect(output.starts.first == 0)
        #expect(output.ends.last == bytes.count)
        for k in 1..<output.ids.count { #expect(output.starts[k] == output.ends[k - 1]) }
    }

    @Test func rejectsMergesOutsideTheVocabulary() throws {
        let vocabulary = try Vocabulary(tokens: ["a", "b", "ab"])
        #expect(throws: SubtokError.self) { try BPE(vocabulary: vocabulary, merges: [("a", "c")], byteLevel: true) }
        #expect(throws: SubtokError.self) { try BPE(vocabulary: vocabulary, merges: [("b", "a")], byteLevel: true) }
        #expect(throws: SubtokError.self) {
            try BPE(vocabulary: vocabulary, merges: [], options: BPE.Options(unknownToken: "<unk>"), byteLevel: false)
        }
    }

    @Test func aLaterDuplicateMergeTakesItsRank() throws {
        let tokens = (0..<256).map { ByteLevelAlphabet.token(of: [UInt8($0)]) } + ["ab", "bc"]
        let model = try BPE(vocabulary: try Vocabulary(tokens: tokens), merges: [("a", "b"), ("b", "c"), ("a", "b")], byteLevel: true)
        #expect(tokenize(model, Array("abc".utf8)) == ["a", "bc"])
    }
}
