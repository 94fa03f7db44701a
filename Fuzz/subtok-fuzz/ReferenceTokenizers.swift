import Glibc
import Subtok

/// The real tokenizers the encode and decode targets run, one per model family and file form,
/// loaded once from the reference folder (`SUBTOK_REFERENCE`, default `../shared/reference`).
enum ReferenceTokenizers {
    /// A loaded tokenizer, its file and whether it is byte-level (decode inverts encode exactly).
    struct Entry: Sendable {
        let file: String
        let tokenizer: Tokenizer
        let lossless: Bool
    }

    static let files: [(file: String, lossless: Bool)] = [
        ("gpt2/tokenizer.json", true),
        ("tiktoken/cl100k_base.tiktoken", true),
        ("tiktoken/o200k_base.tiktoken", true),
        ("bert-base-uncased/vocab.txt", false),
        ("bert-base-uncased/tokenizer.json", false),
        ("bert-base-chinese/vocab.txt", false),
        ("spm-trained/t5-style-unigram.model", false),
        ("spm-trained/t5-style-unigram.tokenizer.json", false),
        ("spm-trained/llama-style-bpe.model", false),
        ("spm-trained/llama-style-bpe.tokenizer.json", false),
        ("sentencepiece/test_ja_model.model", false),
    ]

    /// Every reference tokenizer; stops the process when one fails to load.
    static let all: [Entry] = {
        let directory = getenv("SUBTOK_REFERENCE").map { String(cString: $0) } ?? "../shared/reference"
        return files.map { file, lossless in
            do throws(SubtokError) {
                return Entry(file: file, tokenizer: try Tokenizer(contentsOfFile: directory + "/" + file), lossless: lossless)
            } catch {
                fatalError("cannot load \(file) from \(directory): \(error.message); set SUBTOK_REFERENCE")
            }
        }
    }()

    /// The tokenizer the first byte of a fuzz input picks, and the rest of the input.
    static func pick(_ bytes: UnsafeBufferPointer<UInt8>) -> (Entry, UnsafeBufferPointer<UInt8>)? {
        guard let first = bytes.first else { return nil }
        return (all[Int(first) % all.count], UnsafeBufferPointer(rebasing: bytes[1...]))
    }
}
