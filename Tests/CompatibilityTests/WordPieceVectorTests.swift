import Subtok
import Testing

/// BERT WordPiece tokenizers against the vectors `tokenizers` produced.
@Suite struct WordPieceVectorTests {
    static let cases: [(file: String, vectors: String, cased: Bool)] = [
        ("bert-base-uncased/vocab.txt", "bert-base-uncased.vocab.txt", false),
        ("bert-base-chinese/vocab.txt", "bert-base-chinese.vocab.txt", true),
        ("bert-base-uncased/tokenizer.json", "bert-base-uncased.tokenizer.json", false),
    ]

    @Test(arguments: cases)
    func matchesReference(file: String, vectors: String, cased: Bool) throws {
        guard Reference.available else { return }
        let tokenizer = try Tokenizer(contentsOfFile: Reference.path(file), cased: cased)
        let lines = try Reference.vectors(vectors)
        var failures = 0
        for v in lines {
            let e = tokenizer.encode(v.text)
            let decoded = try tokenizer.decode(e.ids, skipSpecialTokens: false)
            let offsets = Reference.characterOffsets(e.offsets, in: v.text)
            let ok = e.ids == v.ids && e.tokens == v.tokens && offsets == v.offsets && decoded == v.decoded
            if !ok {
                failures += 1
                if failures <= 4 {
                    Issue.record("\(vectors): \(v.text.debugDescription)\n ids \(e.ids)\n ref \(v.ids)\n tok \(e.tokens)\n ref \(v.tokens)\n off \(offsets)\n ref \(v.offsets ?? [])\n dec \(decoded.debugDescription)\n ref \(v.decoded.debugDescription)")
                }
            }
        }
        #expect(failures == 0, "\(failures) of \(lines.count) vectors differ")
    }
}
