extension Tokenizer {
    /// This tokenizer with a template adding `bos` before and `eos` after each text (either may
    /// be nil), as `transformers`' SentencePiece tokenizers build it: `<s> $A </s>`, and
    /// `<s> $A </s> <s> $B:1 </s>:1` for pairs; after the byte-level post-processor's offset
    /// trimming where there is one, in place of any other post-processor. For GGUF files and
    /// model directories whose `tokenizer_config.json` asks for these tokens. O(vocabulary).
    func withBoundaryTokens(
        bos: (id: UInt32, text: String)?, eos: (id: UInt32, text: String)?
    ) throws(SubtokError) -> Tokenizer {
        var specials: [TemplateProcessing.SpecialToken] = []
        var single: [TemplateProcessing.Piece] = [], pair: [TemplateProcessing.Piece] = []
        for (index, typeID) in [(0, UInt32(0)), (1, 1)] {
            var pieces: [TemplateProcessing.Piece] = []
            if let bos { pieces.append(.special(name: bos.text, typeID: typeID)) }
            pieces.append(.sequence(index: index, typeID: typeID))
            if let eos { pieces.append(.special(name: eos.text, typeID: typeID)) }
            if index == 0 { single = pieces }
            pair += pieces
        }
        for token in [bos, eos].compactMap({ $0 }) where !specials.contains(where: { $0.name == token.text }) {
            specials.append(TemplateProcessing.SpecialToken(name: token.text, ids: [token.id], tokens: [token.text]))
        }
        var processor: any PostProcessor = try TemplateProcessing(single: single, pair: pair, specialTokens: specials)
        if let trimmers = postProcessor?.offsetTrimmers, !trimmers.isEmpty {
            processor = try PostProcessorSequence(trimmers + [processor])
        }
        return try Tokenizer(
            normalizer: normalizer, preTokenizer: preTokenizer, model: model, postProcessor: processor,
            decoder: decoder,
            addedTokens: addedVocabulary.tokens, truncation: truncation, padding: padding,
            specialTokensAsText: specialTokensAsText,
            samplingSeed: samplingSeed, sampling: sampling)
    }

    /// `withBoundaryTokens` of the tokens spelled `bos` and `eos` (either may be nil), as
    /// `spm_encode --extra_options=bos:eos` adds them; throws `invalidArgument` naming a token the
    /// vocabulary lacks. O(vocabulary).
    public func withBoundaryTokens(bos: String?, eos: String?) throws(SubtokError) -> Tokenizer {
        func token(_ text: String?, _ role: String) throws(SubtokError) -> (id: UInt32, text: String)? {
            guard let text else { return nil }
            guard let id = id(for: text) else {
                throw SubtokError(.invalidArgument, "the \(role) token \(text) is not in the vocabulary")
            }
            return (id, text)
        }
        return try withBoundaryTokens(bos: try token(bos, "BOS"), eos: try token(eos, "EOS"))
    }
}
