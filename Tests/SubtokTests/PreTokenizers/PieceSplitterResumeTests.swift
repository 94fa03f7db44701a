import Testing

@testable import Subtok

/// Every splitter resumes at piece ends: splitting a few pieces at a time, each call going on
/// from the last end written, gives the pieces of one pass over the whole text.
@Suite struct PieceSplitterResumeTests {
    static let splitters: [(String, any PieceSplitter)] = [
        ("GPT-2", GPT2Split()), ("cl100k", CL100KSplit(numberRunLimit: 3)),
        ("cl100k (tokenizers)", CL100KSplit(numberRunLimit: nil)),
        ("Llama 3", Split.KnownPattern.llama3.splitter(oniguruma: true)),
        ("Qwen2", Split.KnownPattern.qwen2.splitter(oniguruma: true)),
        ("DeepSeek V3", DeepSeekV3Split()),
        ("o200k", O200KSplit()), ("whole text", WholeText()),
    ]

    @Test(arguments: splitters.map(\.0))
    func chunksGiveTheWholePassPieces(_ name: String) {
        let splitter = Self.splitters.first { $0.0 == name }!.1
        let atoms = [
            "the", " The", "don't", " I'm", "123", "4567", " ", "  ", "\n", "\r\n", " \n ", "café", "e\u{301}", "日本語",
            "😀", "!!", " ?", "x²", "\u{a0}", "CamelCase", "'ll", "'S", "\n  ", " \n\t", "中文", "ひらがな", "(x", "\u{1}",
        ]
        var random = SplitMix64(seed: 11)
        for _ in 0..<300 {
            let text = (0..<Int(random.next() % 40)).map { _ in atoms[Int(random.next() % UInt64(atoms.count))] }
                .joined()
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { b in
                guard let p = b.baseAddress else { return }
                var whole: [Int] = []
                splitter.splitPieces(p, 0, b.count, into: &whole)
                for capacity in [1, 2, 3, 7, 512] {
                    var chunked: [Int] = []
                    var s = 0
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { buffer in
                        while s < b.count {
                            let count = splitter.splitPieces(
                                p, s, b.count, into: buffer.baseAddress!, capacity: capacity)
                            #expect(count > 0 && count <= capacity)
                            guard count > 0 else { return }
                            chunked += buffer[..<count]
                            s = buffer[count - 1]
                        }
                    }
                    #expect(chunked == whole, "\(name), capacity \(capacity): \(text.debugDescription)")
                }
            }
        }
    }
}
