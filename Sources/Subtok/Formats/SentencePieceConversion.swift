/// The `tokenizer.json` form of a tokenizer read from a SentencePiece `.model`, as the Hugging
/// Face converters write it, so `tokenizers` (and `transformers`) load what they would have
/// produced themselves:
/// - Unigram models as `tokenizers`' `SentencePieceUnigramTokenizer.from_spm`: the Unigram
///   model with every piece and score, a `Precompiled` normalizer (when the model has a
///   charsmap) followed by `Replace(" {2,}", " ")` (when it removes extra white space), and
///   `Metaspace` pre-tokenizer and decoder (`prepend_scheme` "always", or "never" without the
///   dummy prefix).
/// - BPE models as `transformers`' `LlamaConverter`: merges generated from the pieces and scores
///   (`generate_merges`), `byte_fallback` and `fuse_unk`, `Metaspace` with `prepend_scheme`
///   "first" and no split, the unknown, control and user-defined pieces as added tokens, a
///   `<s> $A` template when the model has a `<s>` control piece, and the decoder sequence
///   Replace(▁, " "), ByteFallback, Fuse, Strip(" ", 1, 0).
/// A tokenizer that has its own post-processor (a GGUF file's BOS/EOS template) keeps it in
/// place of these.
/// The converted file follows `tokenizers`' semantics, which differ from `sentencepiece`'s on
/// some inputs (runs of white space around control tokens, the charsmap on added tokens): the
/// `.model` stays the exact form.
enum SentencePieceConversion {
    /// The converted document of `tokenizer`, whose normalizer is `normalizer`; throws
    /// `unsupported` for options `Metaspace` cannot express (white space as a suffix, spaces not
    /// escaped).
    static func document(_ tokenizer: Tokenizer, _ normalizer: SentencePieceNormalizer) throws(SubtokError) -> JSON {
        guard !normalizer.treatWhitespaceAsSuffix, normalizer.escapeWhitespaces else {
            throw SubtokError(
                .unsupported,
                "a SentencePiece model with treat_whitespace_as_suffix or without escape_whitespaces has no tokenizer.json form"
            )
        }
        var normalizers: [JSON] = []
        if let charsmap = normalizer.charsmap { normalizers.append(Precompiled(charsmap: charsmap).json) }
        let prefix = normalizer.addDummyPrefix
        let replacement: JSON = .string("\u{2581}")
        switch tokenizer.model {
        case let unigram as Unigram:
            if normalizer.removeExtraWhitespaces {
                normalizers.append(
                    .object([
                        ("type", .string("Replace")), ("pattern", .object([("Regex", .string(" {2,}"))])),
                        ("content", .string(" ")),
                    ]))
            }
            let metaspace: JSON = .object([
                ("type", .string("Metaspace")), ("replacement", replacement),
                ("prepend_scheme", .string(prefix ? "always" : "never")), ("split", .bool(true)),
            ])
            return document(
                addedTokens: [],
                normalizer: .object([("type", .string("Sequence")), ("normalizers", .array(normalizers))]),
                preTokenizer: metaspace, postProcessor: tokenizer.postProcessor?.json ?? .null, decoder: metaspace,
                model: unigram.json)
        case let bpe as SentencePieceBPE:
            let added = bpe.vocabulary.tokens.indices.filter {
                [.unknown, .control, .userDefined].contains(bpe.types[$0])
            }.map {
                AddedToken(
                    id: UInt32($0), content: bpe.vocabulary.tokens[$0], normalized: false,
                    special: bpe.types[$0] == .control)
            }
            var decoders: [JSON] = [
                .object([
                    ("type", .string("Replace")), ("pattern", .object([("String", replacement)])),
                    ("content", .string(" ")),
                ]),
                .object([("type", .string("ByteFallback"))]), .object([("type", .string("Fuse"))]),
            ]
            if prefix {
                decoders.append(
                    .object([
                        ("type", .string("Strip")), ("content", .string(" ")), ("start", .number(1)),
                        ("stop", .number(0)),
                    ]))
            }
            var postProcessor: JSON = tokenizer.postProcessor?.json ?? .null
            if tokenizer.postProcessor == nil, let bos = bpe.vocabulary.id(for: "<s>"), bpe.types[Int(bos)] == .control
            {
                let special: JSON = .object([
                    ("SpecialToken", .object([("id", .string("<s>")), ("type_id", .number(0))]))
                ])
                func sequence(_ name: String) -> JSON {
                    .object([("Sequence", .object([("id", .string(name)), ("type_id", .number(0))]))])
                }
                postProcessor = .object([
                    ("type", .string("TemplateProcessing")), ("single", .array([special, sequence("A")])),
                    ("pair", .array([special, sequence("A"), special, sequence("B")])),
                    (
                        "special_tokens",
                        .object([
                            (
                                "<s>",
                                .object([
                                    ("id", .string("<s>")), ("ids", .array([.number(Double(bos))])),
                                    ("tokens", .array([.string("<s>")])),
                                ])
                            )
                        ])
                    ),
                ])
            }
            return document(
                addedTokens: added,
                normalizer: normalizers.isEmpty
                    ? .null : .object([("type", .string("Sequence")), ("normalizers", .array(normalizers))]),
                preTokenizer: .object([
                    ("type", .string("Metaspace")), ("replacement", replacement),
                    ("prepend_scheme", .string(prefix ? "first" : "never")), ("split", .bool(false)),
                ]),
                postProcessor: postProcessor,
                decoder: .object([("type", .string("Sequence")), ("decoders", .array(decoders))]),
                model: .object([
                    ("type", .string("BPE")), ("dropout", .null),
                    ("unk_token", .string(bpe.vocabulary.tokens[Int(bpe.unknownID)])),
                    ("continuing_subword_prefix", .null), ("end_of_word_suffix", .null), ("fuse_unk", .bool(true)),
                    ("byte_fallback", .bool(bpe.byteFallback)), ("ignore_merges", .bool(false)),
                    ("vocab", .object(bpe.vocabulary.tokens.enumerated().map { ($1, .number(Double($0))) })),
                    ("merges", .array(merges(bpe).map { .array([.string($0.0), .string($0.1)]) })),
                ]))
        default:
            throw SubtokError(.unsupported, "this SentencePiece model has no tokenizer.json form")
        }
    }

    private static func document(
        addedTokens: [AddedToken], normalizer: JSON, preTokenizer: JSON, postProcessor: JSON, decoder: JSON, model: JSON
    ) -> JSON {
        .object([
            ("version", .string("1.0")), ("truncation", .null), ("padding", .null),
            ("added_tokens", .array(addedTokens.map(\.json))),
            ("normalizer", normalizer), ("pre_tokenizer", preTokenizer), ("post_processor", postProcessor),
            ("decoder", decoder),
            ("model", model),
        ])
    }

    /// The merges `transformers`' `generate_merges` derives from pieces and scores: every way to
    /// cut a piece into two pieces (by code point), ordered by the piece's score, then the left
    /// and right lengths, all descending; ties keep piece order, then (left id, right id).
    /// O(total piece length · log).
    static func merges(_ bpe: SentencePieceBPE) -> [(String, String)] {
        var merges: [(left: String, right: String, score: Float, leftLength: Int, rightLength: Int)] = []
        for (k, piece) in bpe.vocabulary.tokens.enumerated() {
            let scalars = Array(piece.unicodeScalars)
            var local: [(left: String, right: String, leftID: UInt32, rightID: UInt32)] = []
            for cut in scalars.indices.dropFirst() {
                var left = String.UnicodeScalarView(), right = String.UnicodeScalarView()
                left.append(contentsOf: scalars[..<cut])
                right.append(contentsOf: scalars[cut...])
                if let l = bpe.vocabulary.id(for: String(left)), let r = bpe.vocabulary.id(for: String(right)) {
                    local.append((String(left), String(right), l, r))
                }
            }
            local.sort { ($0.leftID, $0.rightID) < ($1.leftID, $1.rightID) }
            merges += local.map {
                ($0.left, $0.right, bpe.scores[k], $0.left.unicodeScalars.count, $0.right.unicodeScalars.count)
            }
        }
        let order = merges.indices.sorted {
            let a = merges[$0], b = merges[$1]
            if a.score != b.score { return a.score > b.score }
            if a.leftLength != b.leftLength { return a.leftLength > b.leftLength }
            if a.rightLength != b.rightLength { return a.rightLength > b.rightLength }
            return $0 < $1
        }
        return order.map { (merges[$0].left, merges[$0].right) }
    }
}
