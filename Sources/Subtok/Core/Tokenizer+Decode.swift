extension Tokenizer {
    /// Decodes ids back into text through the decoder (tokens joined by spaces without one).
    /// With `skipSpecialTokens`, special added tokens are left out. Throws `outOfRange` naming
    /// the first unknown id. O(total token length).
    public func decode(_ ids: [UInt32], skipSpecialTokens: Bool = true) throws(SubtokError) -> String {
        var tokens: [String] = []
        tokens.reserveCapacity(ids.count)
        for id in ids {
            if let added = addedVocabulary.token(for: id) {
                if skipSpecialTokens && added.special { continue }
                tokens.append(added.content)
            } else if let token = model.token(for: id) {
                tokens.append(token)
            } else {
                throw SubtokError(.outOfRange, "id \(id) is not in the vocabulary (size \(vocabularySize))")
            }
        }
        if let decoder { return decoder.decode(tokens) }
        return tokens.joined(separator: " ")
    }
}
