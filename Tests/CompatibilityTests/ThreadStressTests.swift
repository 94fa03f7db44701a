import Dispatch
import Foundation
import Subtok
import Synchronization
import Testing

/// Many threads share one loaded tokenizer of each family and encode, batch-encode and decode
/// at once; every result must equal the single-threaded one. Run under ThreadSanitizer by
/// `make sanitize`.
@Suite struct ThreadStressTests {
    static let files = [
        "gpt2/tokenizer.json", "tiktoken/cl100k_base.tiktoken", "bert-base-uncased/vocab.txt",
        "bert-base-uncased/tokenizer.json", "spm-trained/t5-style-unigram.model",
        "spm-trained/t5-style-unigram.tokenizer.json", "spm-trained/llama-style-bpe.model",
        "spm-trained/llama-style-bpe.tokenizer.json",
    ]

    /// English and Japanese lines from the reference corpora.
    static func texts() throws -> [String] {
        var texts: [String] = []
        for (name, skip) in [("big.txt", 2000), ("wagahaiwa_nekodearu.txt", 300)] {
            let text = try String(contentsOfFile: Reference.path("corpora/" + name), encoding: .utf8)
            texts += text.split(separator: "\n").dropFirst(skip).prefix(150).map(String.init)
        }
        return texts
    }

    @Test(arguments: files)
    func sharedTokenizerGivesSingleThreadedResults(_ file: String) throws {
        guard Reference.available else { return }
        let tokenizer = try Tokenizer(contentsOfFile: Reference.path(file))
        let texts = try Self.texts()
        let expected = texts.map { tokenizer.encode($0) }
        let decoded = try expected.map { try tokenizer.decode($0.ids) }
        let mismatches = Mutex(0)
        let workers = 8
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var wrong = 0
            for step in 0..<texts.count {
                let i = (step * 7 + worker * 31) % texts.count
                let encoding = tokenizer.encode(texts[i])
                if encoding.ids != expected[i].ids || encoding.offsets != expected[i].offsets { wrong += 1 }
                if (try? tokenizer.decode(encoding.ids)) != decoded[i] { wrong += 1 }
            }
            if worker % 2 == 0 {
                let batch = tokenizer.encodeBatch(texts, threads: 2)
                wrong += zip(batch, expected).filter { $0.ids != $1.ids }.count
            }
            mismatches.withLock { $0 += wrong }
        }
        #expect(mismatches.withLock { $0 } == 0, "\(file): results differ across threads")
    }
}
