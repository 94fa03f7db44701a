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
        let failures = try Reference.mismatches(tokenizer, lines, name: vectors, offsets: true)
        #expect(failures == 0, "\(failures) of \(lines.count) vectors differ")
    }
}
