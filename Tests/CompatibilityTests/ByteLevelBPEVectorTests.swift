import Subtok
import Testing

/// GPT-2 and RoBERTa byte-level BPE against the vectors `tokenizers` produced: ids, tokens,
/// character offsets and decoded text for every line.
@Suite struct ByteLevelBPEVectorTests {
    static let cases: [(file: String, vectors: String)] = [
        ("gpt2/tokenizer.json", "gpt2.tokenizer.json"),
        ("gpt2/vocab.json", "gpt2.vocab-merges"),
        ("gpt2/roberta-style.tokenizer.json", "roberta-style.tokenizer.json"),
    ]

    @Test(arguments: cases)
    func matchesReference(file: String, vectors: String) throws {
        guard Reference.available else { return }
        let tokenizer = try Tokenizer(contentsOfFile: Reference.path(file))
        let lines = try Reference.vectors(vectors)
        #expect(lines.count == 348)
        var failures = 0
        for v in lines {
            let e = tokenizer.encode(v.text)
            let decoded = try tokenizer.decode(e.ids, skipSpecialTokens: false)
            let offsets = Reference.characterOffsets(e.offsets, in: v.text)
            let ok = e.ids == v.ids && e.tokens == v.tokens && offsets == v.offsets && decoded == v.decoded
            if !ok {
                failures += 1
                if failures <= 3 {
                    Issue.record("\(vectors): \(v.text.debugDescription)\n ids \(e.ids)\n ref \(v.ids)\n off \(offsets)\n ref \(v.offsets ?? [])\n dec \(decoded.debugDescription)")
                }
            }
        }
        #expect(failures == 0, "\(failures) of \(lines.count) vectors differ")
    }
}
