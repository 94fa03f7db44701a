import Testing

@testable import Subtok

/// BPE against a slow, obviously-correct reference: repeatedly merge the lowest-ranked adjacent
/// pair (leftmost on ties) over byte strings.
@Suite struct BPETests {
    /// A small byte-level vocabulary: all bytes plus merges over a few letters.
    static func model() throws -> (BPE, [(String, String)]) {
        var tokens = (0..<256).map { ByteLevelAlphabet.token(of: [UInt8($0)]) }
        var merges: [(String, String)] = []
        for (a, b) in [
            ("a", "b"), ("b", "a"), ("ab", "a"), ("a", "a"), ("aa", "a"), ("ba", "b"), ("ab", "ab"), ("c", "ab"),
            ("aa", "aa"),
        ] {
            merges.append((a, b))
            if !tokens.contains(a + b) { tokens.append(a + b) }
        }
        return (try BPE(vocabulary: try Vocabulary(tokens: tokens), merges: merges, byteLevel: true), merges)
    }

    static func reference(_ bytes: [UInt8], _ merges: [(String, String)]) -> [String] {
        reference(symbols: bytes.map { ByteLevelAlphabet.token(of: [$0]) }, merges)
    }

    /// Merges `symbols` by the slow rule: the lowest-ranked adjacent pair, leftmost on ties.
    static func reference(symbols start: [String], _ merges: [(String, String)]) -> [String] {
        var symbols = start
        let rank = Dictionary(
            merges.enumerated().map { ($0.element.0 + " " + $0.element.1, $0.offset) }, uniquingKeysWith: { a, _ in a })
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
                #expect(
                    tokenize(model, bytes) == Self.reference(bytes, merges), "\(String(decoding: bytes, as: UTF8.self))"
                )
            }
        }
    }

    @Test func offsetsCoverThePieceInOrder() throws {
        let (model, _) = try Self.model()
        let bytes = Array("abaabcab".utf8) + Array(repeating: UInt8(ascii: "a"), count: 100)
        var output = ModelOutput()
        bytes.withUnsafeBufferPointer { model.tokenize($0, 0, $0.count, into: &output) }
        #expect(output.offsets.first?.start == 0)
        #expect(output.offsets.last?.end == bytes.count)
        for k in 1..<output.ids.count { #expect(output.offsets[k].start == output.offsets[k - 1].end) }
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
        let model = try BPE(
            vocabulary: try Vocabulary(tokens: tokens), merges: [("a", "b"), ("b", "c"), ("a", "b")], byteLevel: true)
        #expect(tokenize(model, Array("abc".utf8)) == ["a", "bc"])
    }

    /// Tokenizes `piece` alone twice (a cache miss, then a hit where the piece is cached) and
    /// expects the reference's tokens and their ends both times.
    func expectColdAndWarm(_ model: BPE, _ piece: [UInt8], _ reference: [String]) {
        for _ in 0..<2 {
            var output = ModelOutput()
            piece.withUnsafeBufferPointer { model.tokenize($0, 0, $0.count, into: &output) }
            #expect(output.ids.map { model.token(for: $0)! } == reference, "\(String(decoding: piece, as: UTF8.self))")
            #expect(
                output.offsets.map(\.end)
                    == reference.reduce(into: [Int]()) {
                        $0.append(($0.last ?? 0) + ByteLevelAlphabet.bytes(of: $1)!.count)
                    })
        }
    }

    /// Pieces through the piece cache, cold and then warm, one at a time and through
    /// `tokenizePieces` (prefetching ahead, gathering hits, flushing past 256 ids): the ids and
    /// offsets of the reference merge every time.
    @Test func cachedPiecesMatchTheReferenceColdAndWarm() throws {
        let (model, merges) = try Self.model()
        var generator = SplitMix64(seed: .random(in: .min ... .max))
        var text: [UInt8] = []
        var ends: [Int] = []
        var expected: [String] = []
        var expectedEnds: [Int] = []
        for _ in 0..<3000 {
            let length = 1 + Int.random(in: 0..<20, using: &generator)
            let piece = (0..<length).map { _ in Array("abc".utf8)[Int.random(in: 0..<3, using: &generator)] }
            let reference = Self.reference(piece, merges)
            expectColdAndWarm(model, piece, reference)
            text += piece
            ends.append(text.count)
            for token in reference {
                expected.append(token)
                expectedEnds.append((expectedEnds.last ?? 0) + ByteLevelAlphabet.bytes(of: token)!.count)
            }
        }
        for withOffsets in [false, true] {
            var output = ModelOutput(withOffsets: withOffsets)
            text.withUnsafeBufferPointer { t in
                ends.withUnsafeBufferPointer { model.tokenizePieces(t, 0, $0, into: &output) }
            }
            #expect(output.ids.map { model.token(for: $0)! } == expected)
            if withOffsets { #expect(output.offsets.map(\.end) == expectedEnds) }
        }
    }

    /// Short pieces of more than four tokens (runs of "c", which merges with nothing before it)
    /// are kept in the medium-piece cache and marked in the piece cache: warm, through
    /// `tokenizePieces` among pieces of one token, their ids and offsets are the reference's.
    @Test func shortPiecesOfManyTokensMatchTheReferenceWarm() throws {
        let (model, merges) = try Self.model()
        var text: [UInt8] = []
        var ends: [Int] = []
        var expected: [String] = []
        for k in 0..<400 {
            let run = [UInt8](repeating: UInt8(ascii: "c"), count: 5 + k % 12)
            for piece in [run, Array("ab".utf8)] {
                text += piece
                ends.append(text.count)
                expected += Self.reference(piece, merges)
            }
        }
        let expectedEnds = expected.reduce(into: [Int]()) {
            $0.append(($0.last ?? 0) + ByteLevelAlphabet.bytes(of: $1)!.count)
        }
        for _ in 0..<3 {
            var output = ModelOutput(withOffsets: true)
            text.withUnsafeBufferPointer { t in
                ends.withUnsafeBufferPointer { model.tokenizePieces(t, 0, $0, into: &output) }
            }
            #expect(output.ids.map { model.token(for: $0)! } == expected)
            #expect(output.offsets.map(\.end) == expectedEnds)
        }
    }

    /// Pieces of 8 to 160 bytes (through the long-piece cache up to 128, merged beyond), cold
    /// and then warm, alone and through `tokenizePieces`: the reference merge every time.
    @Test func longPiecesMatchTheReferenceColdAndWarm() throws {
        let (model, merges) = try Self.model()
        var generator = SplitMix64(seed: .random(in: .min ... .max))
        var text: [UInt8] = []
        var ends: [Int] = []
        var expected: [String] = []
        for _ in 0..<300 {
            let length = Int.random(in: LongPieceCache.minimumPieceBytes...160, using: &generator)
            let piece = (0..<length).map { _ in Array("abc".utf8)[Int.random(in: 0..<3, using: &generator)] }
            let reference = Self.reference(piece, merges)
            expectColdAndWarm(model, piece, reference)
            text += piece
            ends.append(text.count)
            expected += reference
        }
        var output = ModelOutput(withOffsets: true)
        text.withUnsafeBufferPointer { t in
            ends.withUnsafeBufferPointer { model.tokenizePieces(t, 0, $0, into: &output) }
        }
        #expect(output.ids.map { model.token(for: $0)! } == expected)
        #expect(output.offsets.last?.end == text.count)
    }

    /// Character-level BPE over SentencePiece-escaped text, merged word by word where the
    /// vocabulary allows it, against merging the whole piece by the slow reference.
    @Test func characterLevelWordsMatchTheWholePieceMerge() throws {
        let space = "\u{2581}"
        let pairs: [(String, String)] = [
            (space, "a"), ("a", "b"), (space + "a", "b"), ("b", "a"), (space, space), ("a", "a"),
            (space + space, "b"), ("ab", "a"),
        ]
        func model(extra: [(String, String)]) throws -> BPE {
            let merges = pairs + extra
            var tokens = [space, "a", "b", "<unk>"]
            for (a, b) in merges where !tokens.contains(a + b) { tokens.append(a + b) }
            return try BPE(
                vocabulary: try Vocabulary(tokens: tokens), merges: merges,
                options: BPE.Options(unknownToken: "<unk>"), byteLevel: false)
        }
        func reference(_ text: String, _ merges: [(String, String)]) -> [String] {
            Self.reference(symbols: text.map(String.init), merges)
        }
        let split = try model(extra: [])
        let crossing = [(space, "b"), ("a", space + "b")]
        let whole = try model(extra: crossing)
        #expect(split.words?.whitespace == .beforeWhitespace)
        #expect(whole.words == nil)
        var generator = SplitMix64(seed: .random(in: .min ... .max))
        for _ in 0..<300 {
            let length = Int.random(in: 1..<80, using: &generator)
            let text = String(
                (0..<length).map { _ in [Character(space), "a", "b"][Int.random(in: 0..<3, using: &generator)] })
            for (bpe, extra) in [(split, [(String, String)]()), (whole, crossing)] {
                var output = ModelOutput()
                Array(text.utf8).withUnsafeBufferPointer { bpe.tokenize($0, 0, $0.count, into: &output) }
                #expect(output.ids.map { bpe.token(for: $0)! } == reference(text, pairs + extra), "\(text)")
                #expect(output.offsets.last?.end == text.utf8.count)
            }
        }
    }
}
