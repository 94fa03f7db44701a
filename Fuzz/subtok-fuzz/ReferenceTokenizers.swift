import Foundation
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

    /// How a reference file is used: as loaded, with BPE-dropout, or with sampling (all seeded,
    /// so that a sample is a function of the text and the checks can compare paths).
    enum Variant: Sendable {
        case plain, dropout(Double), sampling(alpha: Double, nbestSize: Int)
    }

    static let files: [(file: String, lossless: Bool, variant: Variant)] = [
        ("gpt2/tokenizer.json", true, .plain),
        ("tiktoken/cl100k_base.tiktoken", true, .plain),
        ("tiktoken/o200k_base.tiktoken", true, .plain),
        ("bert-base-uncased/vocab.txt", false, .plain),
        ("bert-base-uncased/tokenizer.json", false, .plain),
        ("bert-base-chinese/vocab.txt", false, .plain),
        ("spm-trained/t5-style-unigram.model", false, .plain),
        ("spm-trained/t5-style-unigram.tokenizer.json", false, .plain),
        ("spm-trained/llama-style-bpe.model", false, .plain),
        ("spm-trained/llama-style-bpe.tokenizer.json", false, .plain),
        ("sentencepiece/test_ja_model.model", false, .plain),
        ("gpt2/tokenizer.json", true, .dropout(0.2)),
        ("spm-trained/llama-style-bpe.tokenizer.json", false, .dropout(0.2)),
        ("spm-trained/t5-style-unigram.model", false, .sampling(alpha: 0.2, nbestSize: -1)),
        ("spm-trained/t5-style-unigram.model", false, .sampling(alpha: 0.5, nbestSize: 8)),
        ("spm-trained/llama-style-bpe.model", false, .sampling(alpha: 0.2, nbestSize: -1)),
    ]

    /// Every reference tokenizer; stops the process when one fails to load.
    static let all: [Entry] = {
        let directory = getenv("SUBTOK_REFERENCE").map { String(cString: $0) } ?? "../shared/reference"
        return files.map { file, lossless, variant in
            do throws(SubtokError) {
                return Entry(file: file, tokenizer: try load(directory + "/" + file, variant), lossless: lossless)
            } catch {
                fatalError("cannot load \(file) from \(directory): \(error.message); set SUBTOK_REFERENCE")
            }
        }
    }()

    /// The tokenizer of `path` in `variant`, seeded.
    static func load(_ path: String, _ variant: Variant) throws(SubtokError) -> Tokenizer {
        switch variant {
        case .plain:
            return try Tokenizer(contentsOfFile: path)
        case let .sampling(alpha, nbestSize):
            return try Tokenizer(contentsOfFile: path).with(sampling: try Sampling(alpha: alpha, nbestSize: nbestSize))
                .with(samplingSeed: 1)
        case let .dropout(p):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw SubtokError(.io, "cannot read \(path)")
            }
            let edited = Array(
                text.replacingOccurrences(of: #""dropout": null"#, with: #""dropout": \#(p)"#)
                    .replacingOccurrences(of: #""dropout":null"#, with: #""dropout":\#(p)"#).utf8)
            return try edited.withUnsafeBufferPointer { (b) throws(SubtokError) in try Tokenizer.fromJSONBytes(b) }
                .with(samplingSeed: 1)
        }
    }

    /// The tokenizer the first byte of a fuzz input picks, and the rest of the input.
    static func pick(_ bytes: UnsafeBufferPointer<UInt8>) -> (Entry, UnsafeBufferPointer<UInt8>)? {
        guard let first = bytes.first else { return nil }
        return (all[Int(first) % all.count], UnsafeBufferPointer(rebasing: bytes[1...]))
    }
}
