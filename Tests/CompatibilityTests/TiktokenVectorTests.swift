import Subtok
import Testing

/// tiktoken encodings (rank files, oracle tiktoken) and cl100k's `tokenizer.json` (oracle
/// `tokenizers`) against their vectors.
@Suite struct TiktokenVectorTests {
    static let cases: [(file: String, vectors: String)] = [
        ("tiktoken/cl100k_base.tiktoken", "cl100k_base.tiktoken"),
        ("tiktoken/o200k_base.tiktoken", "o200k_base.tiktoken"),
        ("tiktoken/cl100k_base.tokenizer.json", "cl100k_base.tokenizer.json"),
    ]

    static func hex(_ token: String, _ t: Tokenizer, _ id: UInt32) -> String {
        let bytes = Array(try! t.decodeBytes([id]))
        return bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
    }

    @Test(arguments: cases)
    func matchesReference(file: String, vectors: String) throws {
        guard Reference.available else { return }
        let tokenizer = try Tokenizer(contentsOfFile: Reference.path(file))
        let lines = try Reference.vectors(vectors)
        let isRankFile = file.hasSuffix(".tiktoken")
        var failures = 0
        for v in lines {
            let e = tokenizer.encode(v.text)
            let decoded = try tokenizer.decode(e.ids, skipSpecialTokens: false)
            var ok = e.ids == v.ids && decoded == v.decoded
            if isRankFile {
                ok = ok && e.ids.map { Self.hex("", tokenizer, $0) } == v.tokens
            } else {
                ok = ok && e.tokens == v.tokens && Reference.characterOffsets(e.offsets, in: v.text) == v.offsets
            }
            if !ok {
                failures += 1
                if failures <= 4 {
                    Issue.record(
                        "\(vectors): \(v.text.debugDescription)\n ids \(e.ids)\n ref \(v.ids)\n dec \(decoded.debugDescription)"
                    )
                }
            }
        }
        #expect(failures == 0, "\(failures) of \(lines.count) vectors differ")
    }
}
