@testable import Subtok

/// The text `text` normalizes to under the normalizer `json` (as `tokenizer.json` writes it).
func normalizedText(_ json: String, _ text: String) throws -> String {
    let normalizer = try TokenizerJSON.readNormalizer(try JSONParser.parse(json))
    var s = NormalizedString(original: Array(text.utf8))
    normalizer.normalize(&s)
    return String(decoding: s.bytes, as: UTF8.self)
}

/// The pieces the pre-tokenizer `json` makes of `text`: each piece's bytes and its byte range
/// in `text` (the original text, through the alignments of any text the pre-tokenizer adds).
func preTokenized(_ json: String, _ text: String) throws -> [(String, Int, Int)] {
    let preTokenizer = try TokenizerJSON.readPreTokenizer(try JSONParser.parse(json), path: "pre_tokenizer")
    let bytes = Array(text.utf8)
    var pre = PreTokenizedString(
        normalized: NormalizedString(original: bytes), splits: [.init(start: 0, end: bytes.count)])
    preTokenizer.preTokenize(&pre)
    return pre.splits.map { split in
        let range = pre.normalized.originalRange(split.start, split.end)
        return (String(decoding: pre.normalized.bytes[split.start..<split.end], as: UTF8.self), range.start, range.end)
    }
}

/// The text the decoder `json` makes of `tokens`.
func decoded(_ json: String, _ tokens: [String]) throws -> String {
    try TokenizerJSON.readDecoder(try JSONParser.parse(json)).decode(tokens)
}

/// The encoding of `text` (and `pair`) by the tokenizer `json` (a whole `tokenizer.json`).
func encodedThrough(_ json: String, _ text: String, _ pair: String?) throws -> Encoding {
    let tokenizer = try TokenizerJSON.read(try JSONParser.parse(json))
    guard let pair else { return tokenizer.encode(text) }
    return tokenizer.encode(text, pair: pair)
}
