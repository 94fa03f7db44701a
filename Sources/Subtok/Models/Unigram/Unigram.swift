/// The unigram language model of SentencePiece (Kudo 2018): the segmentation of the normalized
/// text with the highest total piece score, found by Viterbi without building a lattice, as
/// SentencePiece's `EncodeOptimized` does (best path ending at each byte position, pieces found
/// by one trie walk per character start; O(n · longest piece)).
///
/// A character no piece starts with becomes the unknown token (score: lowest score − 10);
/// consecutive unknown characters merge into one unknown token, or with byte fallback become
/// `<0xNN>` byte tokens. User-defined pieces score `length · highest score − 0.1`, so they win.
public final class Unigram: Model {
    /// SentencePiece's piece types.
    public enum PieceType: UInt8, Sendable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    /// The pieces, by id.
    public let vocabulary: Vocabulary
    /// The score of each piece.
    public let scores: [Double]
    /// Whose rules to follow: `sentencepiece` (float arithmetic, user-defined pieces scored
    /// `length · highest score − 0.1`, control and byte pieces outside the search) or
    /// `tokenizers` (double arithmetic, every piece searchable, lowest score over all pieces).
    public let sentencePieceRules: Bool
    /// The type of each piece.
    public let types: [PieceType]
    /// The unknown piece's id.
    public let unknownID: UInt32
    /// Encode unknown characters as byte pieces.
    public let byteFallback: Bool

    let trie: TokenTrie
    let unknownScore: Double
    let maxScore: Double
    let unknowns: UnknownPieces

    /// Builds the model; throws a format error for a missing unknown piece, missing byte pieces
    /// with byte fallback, or scores that are not finite.
    public init(pieces: [(String, Double, PieceType)], unknownID: UInt32, byteFallback: Bool, sentencePieceRules: Bool = true) throws(SubtokError) {
        guard Int(unknownID) < pieces.count else { throw SubtokError(.format, "the unknown piece id \(unknownID) is outside the \(pieces.count) pieces") }
        for (k, piece) in pieces.enumerated() where !piece.1.isFinite {
            throw SubtokError(.format, "piece \(k) (\(quoted(piece.0))) has a score that is not a finite number")
        }
        vocabulary = try Vocabulary(tokens: pieces.map(\.0))
        scores = pieces.map(\.1)
        types = pieces.map(\.2)
        self.sentencePieceRules = sentencePieceRules
        self.unknownID = unknownID
        self.byteFallback = byteFallback
        var keys: [([UInt8], UInt32, UInt32)] = []
        var minScore = Double.greatestFiniteMagnitude
        var maxScore = sentencePieceRules ? Double(Float.leastNormalMagnitude) : -Double.greatestFiniteMagnitude
        for (id, piece) in pieces.enumerated() {
            if !sentencePieceRules || piece.2 == .normal || piece.2 == .userDefined || piece.2 == .unused {
                keys.append((Array(piece.0.utf8), TokenTrie.initialRoot, UInt32(id)))
            }
            if !sentencePieceRules || piece.2 == .normal {
                minScore = min(minScore, piece.1)
                maxScore = max(maxScore, piece.1)
            }
        }
        trie = TokenTrie(keys: keys)
        unknownScore = sentencePieceRules ? Double(Float(minScore) - 10) : minScore - 10
        self.maxScore = maxScore
        unknowns = try UnknownPieces(unknownID: unknownID, byteFallback: byteFallback, vocabulary: vocabulary)
    }

    /// With `tokenizers`' rules, an unknown token shows the text it covers.
    public var unknownIDShowingText: UInt32? { sentencePieceRules ? nil : unknownID }

    /// The number of pieces.
    public var vocabularySize: Int { vocabulary.count }
    /// "Unigram".
    public var typeName: String { "Unigram" }
    /// The id of `token`, or nil.
    public func id(for token: String) -> UInt32? { vocabulary.id(for: token) }
    /// The piece of `id`, or nil.
    public func token(for id: UInt32) -> String? { vocabulary.token(for: id) }

    private struct Node {
        var score: Double = 0
        var start: Int32 = -1
        var id: UInt32 = 0
    }

    /// Tokenizes `text[start ..< end]` with Viterbi, or draws a segmentation when
    /// `output.sampling` is on (see `tokenizeSampled`).
    public func tokenize(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into output: inout ModelOutput) {
        let n = end - start
        guard n > 0, let base = text.baseAddress else { return }
        let p = base + start
        if let sampling = output.sampling {
            tokenizeSampled(p, n, base: start, sampling, into: &output)
            return
        }
        var best = [Node](repeating: Node(), count: n + 1)
        best[0].start = 0
        let trie = self.trie
        let maxScore = self.maxScore
        let unknownScore = self.unknownScore
        let sentencePieceRules = self.sentencePieceRules
        let unknownID = self.unknownID
        scores.withUnsafeBufferPointer { scores in
            types.withUnsafeBufferPointer { types in
                best.withUnsafeMutableBufferPointer { best in
                    var at = 0
                    while at < n {
                        let here = best[at].score
                        let characterLength = min(UTF8Bytes.sequenceLength(lead: p[at]), n - at)
                        var hasSingle = false
                        trie.forEachPrefix(p, at, n, from: TokenTrie.initialRoot) { id, length in
                            let type = types[Int(id)]
                            if type == .unused { return }
                            let candidate: Double
                            if !sentencePieceRules {
                                candidate = scores[Int(id)] + here
                            } else if type == .userDefined {
                                // sentencepiece: user-defined scores are doubles, the sum is stored as a float.
                                candidate = Double(Float(Double(Float(length) * Float(maxScore)) - 0.1 + here))
                            } else {
                                candidate = Double(Float(scores[Int(id)]) + Float(here))
                            }
                            let target = at + length
                            if best[target].start == -1 || candidate > best[target].score {
                                best[target] = Node(score: candidate, start: Int32(at), id: id)
                            }
                            if length == characterLength { hasSingle = true }
                        }
                        if !hasSingle {
                            let candidate = sentencePieceRules ? Double(Float(unknownScore) + Float(here)) : unknownScore + here
                            let target = at + characterLength
                            if best[target].start == -1 || candidate > best[target].score {
                                best[target] = Node(score: candidate, start: Int32(at), id: unknownID)
                            }
                        }
                        at += characterLength
                    }
                }
            }
        }
        var path: [(id: UInt32, from: Int, to: Int)] = []
        var stop = n
        while stop > 0 {
            let node = best[stop]
            path.append((node.id, Int(node.start), stop))
            stop = Int(node.start)
        }
        var previousUnknown = false
        for piece in path.reversed() {
            unknowns.append(piece.id, p, piece.from, piece.to, base: start, previousUnknown: &previousUnknown, into: &output)
        }
    }

    /// `{"type": "Unigram", "unk_id": ..., "vocab": [[piece, score], ...], "byte_fallback": ...}`.
    public var json: JSON {
        .object([
            ("type", .string("Unigram")), ("unk_id", .number(Double(unknownID))),
            ("vocab", .array(zip(vocabulary.tokens, scores).map { .array([.string($0.0), .number(Double($0.1))]) })),
            ("byte_fallback", .bool(byteFallback)),
        ])
    }
}
