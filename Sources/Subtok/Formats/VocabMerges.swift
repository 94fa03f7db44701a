/// Reads GPT-2-style `vocab.json` + `merges.txt` pairs as `tokenizers`' `ByteLevelBPETokenizer`
/// builds them: byte-level pre-tokenizer without a prefix space, byte-level decoder, a
/// `ByteLevel` post-processor without offset trimming, no added tokens.
public enum VocabMerges {
    /// Builds the tokenizer from the two files' contents.
    public static func read(
        vocab: UnsafeBufferPointer<UInt8>, merges: UnsafeBufferPointer<UInt8>
    ) throws(SubtokError) -> Tokenizer {
        guard case let .object(members) = try JSONParser.parse(vocab) else {
            throw SubtokError(.format, "vocab.json must be an object of token -> id")
        }
        var pairs: [(String, UInt32)] = []
        pairs.reserveCapacity(members.count)
        for member in members {
            pairs.append((member.key, try JSONFields.uint32(member.value, at: "vocab.json[\(quoted(member.key))]")))
        }
        let vocabulary = try Vocabulary(pairs: pairs)
        let mergeList = try readMerges(merges)
        let model = try BPE(vocabulary: vocabulary, merges: mergeList, byteLevel: true)
        return try Tokenizer(
            preTokenizer: ByteLevel(addPrefixSpace: false), model: model,
            postProcessor: ByteLevelProcessing(trimOffsets: false), decoder: ByteLevelDecoder())
    }

    /// The merges of a `merges.txt`: one `left right` pair per line; a first line starting with
    /// `#version` and empty lines are skipped.
    static func readMerges(_ bytes: UnsafeBufferPointer<UInt8>) throws(SubtokError) -> [(String, String)] {
        if let bad = UTF8Bytes.firstInvalidOffset(bytes) {
            throw SubtokError(.format, "merges.txt is not valid UTF-8 at byte \(bad)")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        var merges: [(String, String)] = []
        for (n, rawLine) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let bytes = rawLine.last == 0x0D ? rawLine.dropLast() : rawLine[...]
            let line = Substring(String(decoding: bytes, as: UTF8.self))
            if line.isEmpty || (n == 0 && line.utf8.starts(with: "#version".utf8)) { continue }
            guard let pair = ByteStrings.splitPair(line) else {
                throw SubtokError(
                    .format, "merges.txt line \(n + 1) must be \"left right\", found \(quoted(String(line)))")
            }
            merges.append(pair)
        }
        return merges
    }
}
