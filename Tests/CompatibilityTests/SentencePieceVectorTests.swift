import Subtok
import Testing

/// SentencePiece `.model` files against the vectors `sentencepiece` produced (ids, pieces, decode).
@Suite struct SentencePieceVectorTests {
    static let cases: [(file: String, vectors: String)] = [
        ("sentencepiece/test_model.model", "sentencepiece-test_model.model"),
        ("sentencepiece/test_ja_model.model", "sentencepiece-test_ja_model.model"),
        ("spm-trained/t5-style-unigram.model", "t5-style-unigram.model"),
        ("spm-trained/llama-style-bpe.model", "llama-style-bpe.model"),
        ("spm-trained/t5-style-unigram.tokenizer.json", "t5-style-unigram.tokenizer.json"),
        ("spm-trained/llama-style-bpe.tokenizer.json", "llama-style-bpe.tokenizer.json"),
    ]

    @Test(arguments: cases)
    func matchesReference(file: String, vectors: String) throws {
        guard Reference.available else { return }
        let tokenizer = try Tokenizer(contentsOfFile: Reference.path(file))
        let lines = try Reference.vectors(vectors)
        let failures = try Reference.mismatches(tokenizer, lines, name: vectors, offsets: !file.hasSuffix(".model"))
        #expect(failures == 0, "\(failures) of \(lines.count) vectors differ")
    }
}
