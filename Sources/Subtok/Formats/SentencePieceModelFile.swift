/// Reads SentencePiece `.model` files (the `ModelProto` protocol buffer: pieces with scores and
/// types, trainer spec, normalizer spec with its precompiled charsmap) and builds a tokenizer
/// that encodes and decodes as the `sentencepiece` library does. Unigram and BPE models are
/// supported; WORD and CHAR models are an `unsupported` error naming them.
public enum SentencePieceModelFile {
    /// Builds the tokenizer from the file's bytes.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(SubtokError) -> Tokenizer {
        var reader = ProtobufReader(bytes)
        var pieces: [(String, Double, Unigram.PieceType)] = []
        var modelType: UInt64 = 1
        var byteFallback = false
        var treatWhitespaceAsSuffix = false
        var unknownSurface = " \u{2047} "
        var charsmap: [UInt8] = []
        var addDummyPrefix = true
        var removeExtraWhitespaces = true
        var escapeWhitespaces = true
        var denormalizer = false
        while let (number, wireType) = try reader.field() {
            switch (number, wireType) {
            case (1, 2):
                var piece = reader.nested(try reader.lengthDelimited())
                var text: String?
                var score: Float = 0
                var type = Unigram.PieceType.normal
                while let (n, w) = try piece.field() {
                    switch (n, w) {
                    case (1, 2): text = try piece.string(try piece.lengthDelimited())
                    case (2, 5): score = try piece.float()
                    case (3, 0):
                        let raw = try piece.varint()
                        guard let t = UInt8(exactly: raw).flatMap(Unigram.PieceType.init(rawValue:)) else {
                            throw SubtokError(.format, "piece \(pieces.count) has an unknown type \(raw)")
                        }
                        type = t
                    default: try piece.skip(w)
                    }
                }
                guard let text, !text.isEmpty else { throw SubtokError(.format, "piece \(pieces.count) is empty") }
                pieces.append((text, Double(score), type))
                guard pieces.count <= Limits.maximumVocabularySize else {
                    throw SubtokError(.limitExceeded, "more than \(Limits.maximumVocabularySize) pieces")
                }
            case (2, 2):
                var trainer = reader.nested(try reader.lengthDelimited())
                while let (n, w) = try trainer.field() {
                    switch (n, w) {
                    case (3, 0): modelType = try trainer.varint()
                    case (24, 0): treatWhitespaceAsSuffix = try trainer.varint() != 0
                    case (35, 0): byteFallback = try trainer.varint() != 0
                    case (44, 2): unknownSurface = try trainer.string(try trainer.lengthDelimited())
                    default: try trainer.skip(w)
                    }
                }
            case (3, 2):
                var spec = reader.nested(try reader.lengthDelimited())
                while let (n, w) = try spec.field() {
                    switch (n, w) {
                    case (2, 2): charsmap = spec.bytes(try spec.lengthDelimited())
                    case (3, 0): addDummyPrefix = try spec.varint() != 0
                    case (4, 0): removeExtraWhitespaces = try spec.varint() != 0
                    case (5, 0): escapeWhitespaces = try spec.varint() != 0
                    default: try spec.skip(w)
                    }
                }
            case (5, 2):
                var spec = reader.nested(try reader.lengthDelimited())
                while let (n, w) = try spec.field() {
                    if n == 2 && w == 2 {
                        denormalizer = !(try spec.lengthDelimited()).isEmpty
                    } else {
                        try spec.skip(w)
                    }
                }
            default:
                try reader.skip(wireType)
            }
        }
        guard modelType == 1 || modelType == 2 else {
            let name = [3: "WORD", 4: "CHAR"][modelType] ?? "type \(modelType)"
            throw SubtokError(.unsupported, "SentencePiece \(name) models are not supported yet")
        }
        guard !denormalizer else {
            throw SubtokError(.unsupported, "SentencePiece denormalization rules are not supported yet")
        }
        return try tokenizer(
            Spec(
                pieces: pieces, unigram: modelType == 1, byteFallback: byteFallback, charsmap: charsmap,
                addDummyPrefix: addDummyPrefix,
                removeExtraWhitespaces: removeExtraWhitespaces, escapeWhitespaces: escapeWhitespaces,
                treatWhitespaceAsSuffix: treatWhitespaceAsSuffix, unknownSurface: unknownSurface))
    }

    /// What a SentencePiece model is made of: from a `.model` file, or from a GGUF file's
    /// tokenizer metadata (`GGUFTokenizer`).
    struct Spec {
        /// Each piece's text, score and type, by id.
        var pieces: [(String, Double, Unigram.PieceType)]
        /// Unigram, else BPE.
        var unigram: Bool
        var byteFallback: Bool
        /// The normalizer's precompiled charsmap (empty: none).
        var charsmap: [UInt8] = []
        var addDummyPrefix = true
        var removeExtraWhitespaces = true
        var escapeWhitespaces = true
        var treatWhitespaceAsSuffix = false
        /// What decoding the unknown piece gives.
        var unknownSurface = " \u{2047} "
    }

    /// The tokenizer `spec` describes, encoding and decoding as `sentencepiece` does, with no
    /// post-processor; throws a `format` error for a model without exactly one unknown piece or
    /// with byte pieces but no byte fallback. O(pieces).
    static func tokenizer(_ spec: Spec) throws(SubtokError) -> Tokenizer {
        let (pieces, byteFallback, charsmap) = (spec.pieces, spec.byteFallback, spec.charsmap)
        let (addDummyPrefix, removeExtraWhitespaces, unknownSurface) = (
            spec.addDummyPrefix, spec.removeExtraWhitespaces, spec.unknownSurface
        )
        guard !pieces.isEmpty else { throw SubtokError(.format, "the model has no pieces") }
        let unknowns = pieces.indices.filter { pieces[$0].2 == .unknown }
        guard unknowns.count == 1 else {
            throw SubtokError(.format, "the model must have exactly one unknown piece, found \(unknowns.count)")
        }
        if !byteFallback, let k = pieces.firstIndex(where: { $0.2 == .byte }) {
            throw SubtokError(.format, "byte piece \(pieces[k].0) found although byte_fallback is off")
        }
        let model: any Model =
            spec.unigram
            ? try Unigram(pieces: pieces, unknownID: UInt32(unknowns[0]), byteFallback: byteFallback)
            : try SentencePieceBPE(pieces: pieces, unknownID: UInt32(unknowns[0]), byteFallback: byteFallback)
        let normalizer = SentencePieceNormalizer(
            charsmap: charsmap.isEmpty ? nil : try PrecompiledCharsmap(charsmap), addDummyPrefix: addDummyPrefix,
            removeExtraWhitespaces: removeExtraWhitespaces, escapeWhitespaces: spec.escapeWhitespaces,
            treatWhitespaceAsSuffix: spec.treatWhitespaceAsSuffix,
            userDefined: pieces.filter { $0.2 == .userDefined }.map(\.0))
        var bytePieces: [String: UInt8] = [:]
        for b in 0..<256 where byteFallback { bytePieces[UnknownPieces.bytePiece(UInt8(b))] = UInt8(b) }
        let decoder = SentencePieceDecoder(
            control: Set(pieces.filter { $0.2 == .control }.map(\.0)), unknown: pieces[unknowns[0]].0,
            unknownSurface: unknownSurface, bytePieces: bytePieces,
            stripLeadingSpace: addDummyPrefix || removeExtraWhitespaces, removeExtraWhitespaces: removeExtraWhitespaces)
        let controls = pieces.indices.filter { pieces[$0].2 == .control }.map {
            AddedToken(id: UInt32($0), content: pieces[$0].0, special: true)
        }
        return try Tokenizer(
            normalizer: normalizer, model: model, decoder: decoder, addedTokens: controls, specialTokensAsText: true)
    }
}
