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
        let failures = try Reference.mismatches(tokenizer, lines, name: vectors, offsets: true)
        #expect(failures == 0, "\(failures) of \(lines.count) vectors differ")
    }
}
