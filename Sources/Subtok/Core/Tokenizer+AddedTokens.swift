extension Tokenizer {
    /// This tokenizer with `tokens` added, as `tokenizers`' `add_tokens` (or with `special`,
    /// `add_special_tokens`, which marks each special): an empty token, or one equal in text and
    /// flags to an added token, is skipped; one whose text is an added token's replaces that
    /// token's flags (a special token stays special, as `tokenizers` keeps it in its special
    /// set); one the model has keeps the model's id; any other gets the next id after the
    /// model's vocabulary and the added tokens. The `id` of each given token is ignored. Returns
    /// the tokenizer and how many tokens were not skipped. O(added tokens).
    public func adding(
        _ tokens: [AddedToken], special: Bool = false
    ) throws(SubtokError) -> (tokenizer: Tokenizer, added: Int) {
        var all = addedVocabulary.tokens
        var index = [String: Int](uniqueKeysWithValues: all.enumerated().map { ($0.element.content, $0.offset) })
        let modelSize = UInt32(model.vocabularySize)
        var highest = all.map(\.id).max()
        var added = 0
        for var token in tokens {
            if special { token.special = true }
            guard !token.content.isEmpty else { continue }
            if let k = index[token.content] {
                token.id = all[k].id
                guard token != all[k] else { continue }
                token.special = token.special || all[k].special
                all[k] = token
            } else {
                if let id = model.id(for: token.content) {
                    token.id = id
                } else if let highest {
                    token.id = highest >= modelSize || modelSize == 0 ? highest + 1 : modelSize
                } else {
                    token.id = modelSize
                }
                highest = max(highest ?? token.id, token.id)
                index[token.content] = all.count
                all.append(token)
            }
            added += 1
        }
        return (
            try rebuilt(
                truncation: truncation, padding: padding, samplingSeed: samplingSeed, sampling: sampling,
                addedTokens: all), added
        )
    }
}
