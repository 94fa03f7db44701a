import Foundation
import Subtok
import Testing

/// Properties of the real tokenizers of every family over random valid UTF-8: offsets inside the
/// input and never going backwards, ids inside the vocabulary, the ids-only path and batches equal
/// to single encodes, and decode(encode(x)) == x for the byte-level ones.
@Suite struct ReferencePropertyTests {
    static let files: [(file: String, lossless: Bool)] = [
        ("gpt2/tokenizer.json", true), ("tiktoken/cl100k_base.tiktoken", true), ("tiktoken/o200k_base.tiktoken", true),
        ("bert-base-uncased/vocab.txt", false), ("bert-base-uncased/tokenizer.json", false),
        ("spm-trained/t5-style-unigram.model", false), ("spm-trained/t5-style-unigram.tokenizer.json", false),
        ("spm-trained/llama-style-bpe.model", false), ("spm-trained/llama-style-bpe.tokenizer.json", false),
    ]

    /// Random text from pools that stress normalizers and splitters: ASCII, controls, Latin with
    /// combining marks, CJK, emoji, general punctuation and spaces.
    static func randomText(_ generator: inout some RandomNumberGenerator) -> String {
        let pools: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0x20...0x7E, 0x00...0x1F, 0xA0...0x24F, 0x300...0x36F, 0x3040...0x30FF,
            0x4E00...0x4E80, 0x1F600...0x1F64F, 0x2000...0x206F, 0xFF00...0xFFEF,
        ]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...120, using: &generator) {
            let pool = pools.randomElement(using: &generator)!
            if let s = Unicode.Scalar(UInt32.random(in: pool, using: &generator)) { scalars.append(s) }
        }
        return String(scalars)
    }

    @Test(arguments: files.map(\.file))
    func encodingsKeepTheirInvariants(_ file: String) throws {
        guard Reference.available else { return }
        let lossless = Self.files.first { $0.file == file }!.lossless
        let tokenizer = try Tokenizer(contentsOfFile: Reference.path(file))
        var generator = SplitMix64(seed: .random(in: .min ... .max))
        let texts = (0..<600).map { _ in Self.randomText(&generator) }
        var failures = 0
        for text in texts where failures < 5 {
            let encoding = tokenizer.encode(text)
            let size = text.utf8.count
            var previous = 0
            for offset in encoding.offsets {
                if !(offset.start >= 0 && offset.start <= offset.end && offset.end <= size)
                    || (offset.start < previous && offset.start != offset.end)
                {
                    Issue.record(
                        "\(file): offset \(offset) of \(encoding.offsets) breaks order or bounds in \(text.debugDescription)"
                    )
                    failures += 1
                }
                previous = max(previous, offset.start)
            }
            if !encoding.ids.allSatisfy({ tokenizer.token(for: $0) != nil }) {
                Issue.record("\(file): an id outside the vocabulary for \(text.debugDescription)")
                failures += 1
            }
            var bytes = Array(text.utf8)
            let ids = try bytes.withUnsafeMutableBufferPointer {
                try tokenizer.encodeIDs(utf8: UnsafeBufferPointer($0))
            }
            if ids != encoding.ids {
                Issue.record("\(file): encodeIDs differs from encode for \(text.debugDescription)")
                failures += 1
            }
            if lossless, try tokenizer.decode(encoding.ids, skipSpecialTokens: false) != text {
                Issue.record("\(file): decode(encode(x)) != x for \(text.debugDescription)")
                failures += 1
            }
        }
        let batch = tokenizer.encodeBatch(texts, threads: 3)
        #expect(
            zip(batch, texts).allSatisfy {
                $0.ids == tokenizer.encode($1).ids && $0.offsets == tokenizer.encode($1).offsets
            })
    }
}
