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

extension Tokenizer {
    /// The bytes `ids` stand for, before any UTF-8 repair: for byte-level tokenizers the raw
    /// bytes (a token may hold part of a character, as tiktoken's `decode_bytes`), otherwise the
    /// decoded text's UTF-8. Special tokens are kept. Throws `outOfRange` for unknown ids.
    public func decodeBytes(_ ids: [UInt32]) throws(SubtokError) -> [UInt8] {
        guard let decoder, decoder.decodesTokensToBytes else {
            return Array(try decode(ids, skipSpecialTokens: false).utf8)
        }
        var bytes: [UInt8] = []
        for id in ids {
            guard let token = token(for: id) else {
                throw SubtokError(.outOfRange, "id \(id) is not in the vocabulary (size \(vocabularySize))")
            }
            decoder.appendBytes(of: token, to: &bytes)
        }
        return bytes
    }
}
