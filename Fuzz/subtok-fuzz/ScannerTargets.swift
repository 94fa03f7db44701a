import Subtok

/// Each hand-written scanner against ICU running the same patterns: a pattern wrapped in
/// `(?:...)` means the same, and no scanner recognizes it.
let scannerTargets = [
    FuzzTarget(
        name: "scanners",
        summary: "bytes as text split by every scanner and by ICU on the same patterns; pieces compared"
    ) { bytes in
        guard !bytes.isEmpty, UTF8Validation.isValid(bytes) else { return }
        let capacity = Int(bytes[0] % 7) + 1
        for (name, scanned, onICU) in ScannerPairs.all {
            guard let splitter = scanned.pieceSplitter else { fatalError("\(name): no scanner for its own patterns") }
            var ends: [Int] = []
            splitter.splitPieces(bytes.baseAddress!, 0, bytes.count, into: &ends)
            var text = PreTokenizedString(
                normalized: NormalizedString(original: Array(bytes)), splits: [.init(start: 0, end: bytes.count)])
            onICU.preTokenize(&text)
            require(ends == text.splits.map(\.end), "\(name): scanner \(ends) ICU \(text.splits.map(\.end))")
            var chunked: [Int] = []
            withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { buffer in
                var s = 0
                while s < bytes.count {
                    let count = splitter.splitPieces(
                        bytes.baseAddress!, s, bytes.count, into: buffer.baseAddress!, capacity: capacity)
                    require(count > 0 && count <= capacity, "\(name): \(count) pieces for capacity \(capacity)")
                    chunked += buffer[..<count]
                    s = buffer[count - 1]
                }
            }
            require(chunked == ends, "\(name): chunked splitting differs from one pass")
        }
    }
]

/// The scanners' patterns as `tokenizer.json` files write them, each as a pre-tokenizer on its
/// scanner and the same on ICU.
enum ScannerPairs {
    static let patterns: [(String, [String])] = [
        ("GPT-2", [#"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#]),
        (
            "cl100k",
            [
                #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#
            ]
        ),
        (
            "Llama 3",
            [
                #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
            ]
        ),
        (
            "Qwen2",
            [
                #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
            ]
        ),
        ("Qwen3.5", [Split.KnownPattern.qwen35.regex[0]]),
        ("o200k", [Split.KnownPattern.o200k.regex[0]]),
        ("tekken", [Split.KnownPattern.tekken.regex[0]]),
        (
            "DeepSeek V3",
            [
                #"\p{N}{1,3}"#, "[一-龥぀-ゟ゠-ヿ]+",
                ##"[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"##,
            ]
        ),
    ]

    /// (name, on the scanner, on ICU), built once.
    static let all: [(String, PreTokenizerSequence, PreTokenizerSequence)] = patterns.map { name, regexes in
        do {
            let scanned = try regexes.map { regex throws(SubtokError) in try Split(regex: regex) as any PreTokenizer }
            let onICU = try regexes.map { regex throws(SubtokError) in
                try Split(regex: "(?:" + regex + ")") as any PreTokenizer
            }
            return (name, PreTokenizerSequence(scanned), PreTokenizerSequence(onICU))
        } catch {
            fatalError("\(name): \(error)")
        }
    }
}
