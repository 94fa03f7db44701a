@testable import Subtok

/// The text `text` normalizes to under the normalizer `json` (as `tokenizer.json` writes it).
func normalizedText(_ json: String, _ text: String) throws -> String {
    let normalizer = try TokenizerJSON.readNormalizer(try JSONParser.parse(json))
    var s = NormalizedString(original: Array(text.utf8))
    normalizer.normalize(&s)
    return String(decoding: s.bytes, as: UTF8.self)
}

/// The pieces (text and byte range) the pre-tokenizer `json` makes of `text`.
func preTokenized(_ json: String, _ text: String) throws -> [(String, Int, Int)] {
    pieces(try TokenizerJSON.readPreTokenizer(try JSONParser.parse(json), path: "pre_tokenizer"), text)
}

/// The text the decoder `json` makes of `tokens`.
func decoded(_ json: String, _ tokens: [String]) throws -> String {
    try TokenizerJSON.readDecoder(try JSONParser.parse(json)).decode(tokens)
}
