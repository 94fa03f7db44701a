/// How `Tokenizer.tokenize` runs for one tokenizer: chosen once, when the tokenizer is built, from
/// what its components offer, and switched on for every text. From fastest to most general:
///
/// - `splitOnly`: no normalizer, and the pre-tokenizer is a scanner (`PieceSplitter`): added
///   tokens are cut out of the raw bytes and the scanner's pieces go straight to the model, which
///   writes ids and offsets into the caller's output. Nothing is allocated per piece.
/// - `splitWhereUnchanged`: the same for each text the normalizer's quick check says it leaves
///   as it is (NFC on text already in NFC); other texts take the plan it holds.
/// - `normalizedBytes`: no pre-tokenizer; for ids, the normalizer rewrites the whole text into
///   bytes without an alignment (`Normalizer.normalizedBytes`) and the model takes them as one
///   piece (a SentencePiece `.model`); for full encodings too on a text whose offsets the
///   normalizer maps back without an alignment (`normalizedBytesMappingOffsets`).
/// - `rewrittenPieces`: for ids, the pre-tokenizer writes the normalized pieces of a text in one
///   pass (`PreTokenizer.rewrittenPieces`: Metaspace, BERT), and, when it rewrites parts, the
///   parts between added tokens each on their own; for full encodings too when the pre-tokenizer
///   maps the model's offsets back (`mapRewrittenOffsets`: Metaspace), on each text without
///   added tokens that the normalizer leaves as it is.
/// - `general`: a `NormalizedString` with its alignment, added tokens cut out before and after
///   normalizing, the pre-tokenizer's splits (regex ones on ICU), then the model on each split.
///
/// Full encodings (offsets) take `general` under every plan but `splitOnly` (and
/// `splitWhereUnchanged`, `normalizedBytes` and `rewrittenPieces` for the texts they take), and so does any text a fast path declines
/// (an added token the normalizer must see, a normalizer without a byte form for that text).
enum EncodePlan: Sendable {
    /// Nothing rewrites the text; `splitter` cuts it into the model's pieces.
    case splitOnly(any PieceSplitter)
    /// `splitOnly` with `splitter` for the texts the normalizer leaves as they are, else `otherwise`.
    indirect case splitWhereUnchanged(any PieceSplitter, otherwise: EncodePlan)
    /// For ids, the normalizer's bytes go to the model as one piece.
    case normalizedBytes
    /// For ids, the pre-tokenizer's rewritten pieces go to the model; with `parts`, also for
    /// texts with added tokens, part by part; with `offsets`, also for full encodings of texts
    /// the normalizer leaves as they are.
    case rewrittenPieces(parts: Bool, offsets: Bool)
    /// The normalized string, its splits and the model on each.
    case general

    /// The plan for a tokenizer with these components. O(1) (each fast path is probed on an
    /// empty text).
    init(normalizer: (any Normalizer)?, preTokenizer: (any PreTokenizer)?, addedVocabulary: AddedVocabulary) {
        let splitter = preTokenizer?.pieceSplitter
        if let splitter, normalizer == nil {
            self = .splitOnly(splitter)
            return
        }
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var rest = EncodePlan.general
        if preTokenizer == nil, let normalizer, !addedVocabulary.hasNormalizedTokens,
            normalizer.normalizedBytes(empty) != nil
        {
            rest = .normalizedBytes
        } else if let preTokenizer, normalizer == nil || !addedVocabulary.hasNormalizedTokens,
            preTokenizer.rewrittenPieces(empty, normalizedBy: normalizer) != nil
        {
            var none: [TokenOffset] = []
            let offsets = none.withUnsafeMutableBufferPointer { preTokenizer.mapRewrittenOffsets($0, of: empty) }
            rest = .rewrittenPieces(parts: preTokenizer.rewritesParts, offsets: offsets)
        }
        if let splitter {
            self = .splitWhereUnchanged(splitter, otherwise: rest)
        } else {
            self = rest
        }
    }

    /// The plan in words, for `subtok info`; `cache` names the model's piece cache, if any.
    func description(cache: String?) -> String {
        let cached = cache.map { ", \($0)" } ?? ""
        switch self {
        case .splitOnly(let splitter):
            return "split only (\(splitter.scannerName)\(cached))"
        case .splitWhereUnchanged(let splitter, let otherwise):
            return
                "split only (\(splitter.scannerName)\(cached)) where the normalizer leaves the text as it is, else "
                + otherwise.description(cache: cache)
        case .normalizedBytes:
            return "normalized bytes, for full encodings where the normalizer maps offsets without an alignment"
        case .rewrittenPieces(_, let offsets):
            return offsets
                ? "rewritten pieces (Metaspace), for full encodings where the normalizer leaves the text as it is"
                : "rewritten pieces for ids (Metaspace, BERT), general for full encodings"
        case .general:
            return "general"
        }
    }
}
