/// Learns a BPE vocabulary and merges from word counts, as `tokenizers`' `BpeTrainer` does:
/// special tokens first, then the alphabet (sorted), then one token per merge of the most
/// frequent adjacent pair (ties: the pair of smaller ids). Pair counts are updated incrementally:
/// a merge touches only the words that contain its pair, and a heap with lazy invalidation
/// picks the next one, so training costs O(corpus words + merges × touched words × log pairs).
///
/// With `byteLevel`, words are raw bytes, the 256 bytes are the alphabet and tokens are
/// written in GPT-2's byte alphabet; otherwise symbols are Unicode characters.
public struct BPETrainer: Sendable {
    /// `tokenizers`' `BpeTrainer` options.
    public struct Options: Sendable {
        /// The vocabulary size to reach (special tokens and alphabet included).
        public var vocabularySize: Int
        /// Pairs seen fewer times than this are never merged.
        public var minimumFrequency: UInt64
        /// Tokens placed first, in this order.
        public var specialTokens: [String]
        /// Keep at most this many characters of the alphabet (the most frequent), if set.
        public var limitAlphabet: Int?
        /// Characters always in the alphabet, seen or not.
        public var initialAlphabet: [Unicode.Scalar]
        /// Prefix of symbols that continue a word (`##` for WordPiece).
        public var continuingSubwordPrefix: String?
        /// Suffix of the symbol that ends a word (`</w>`).
        public var endOfWordSuffix: String?
        /// Tokens never exceed this many characters (bytes with `byteLevel`), if set.
        public var maximumTokenLength: Int?
        /// Byte-level BPE: raw bytes as symbols, all 256 in the alphabet.
        public var byteLevel: Bool

        /// Options with `tokenizers`' defaults beside the vocabulary size.
        public init(
            vocabularySize: Int = 30000, minimumFrequency: UInt64 = 0, specialTokens: [String] = [],
            limitAlphabet: Int? = nil, initialAlphabet: [Unicode.Scalar] = [], continuingSubwordPrefix: String? = nil,
            endOfWordSuffix: String? = nil, maximumTokenLength: Int? = nil, byteLevel: Bool = false
        ) {
            self.vocabularySize = vocabularySize
            self.minimumFrequency = minimumFrequency
            self.specialTokens = specialTokens
            self.limitAlphabet = limitAlphabet
            self.initialAlphabet = initialAlphabet
            self.continuingSubwordPrefix = continuingSubwordPrefix
            self.endOfWordSuffix = endOfWordSuffix
            self.maximumTokenLength = maximumTokenLength
            self.byteLevel = byteLevel
        }
    }

    /// What training produced: token strings in id order (as `tokenizer.json` stores them) and
    /// the merges in rank order.
    public struct Result: Sendable {
        /// Token strings by id.
        public var tokens: [String]
        /// Merges in rank order, as token strings.
        public var merges: [(String, String)]
    }

    /// The options.
    public let options: Options

    /// A trainer with `options`; throws `invalidArgument` for a special token given twice.
    public init(options: Options) throws(SubtokError) {
        var seen = Set<String>()
        for token in options.specialTokens where !seen.insert(token).inserted {
            throw SubtokError(.invalidArgument, "special token \(quoted(token)) is given twice")
        }
        if options.vocabularySize < 1 { throw SubtokError(.invalidArgument, "vocab_size must be positive") }
        self.options = options
    }

    /// Trains on `counts`. O(see the type), memory O(distinct word bytes + pairs).
    public func train(_ counts: WordCounts, progress: TrainingProgress = TrainingProgress(quiet: true)) -> Result {
        var state = State(options: options)
        let words = counts.sortedWords()
        state.addAlphabet(words)
        state.addWords(words)
        state.countPairs()
        progress.report(
            force: true,
            "BPE: \(words.count) words, alphabet and specials \(state.tokens.count) tokens, \(state.pairs.pairs.count) pairs"
        )
        if state.tokens.count > options.vocabularySize {
            progress.report(
                force: true,
                "BPE: the alphabet and special tokens alone exceed vocab_size \(options.vocabularySize); all are kept (as tokenizers does) so that every character encodes; set limit_alphabet to cap them"
            )
        }
        state.mergeAll(progress: progress)
        progress.report(
            force: true, phase: "merge", done: state.tokens.count, total: state.tokens.count,
            "BPE: \(state.merges.count) merges, \(state.tokens.count) tokens")
        let text = { (bytes: [UInt8]) in
            options.byteLevel ? ByteLevelAlphabet.token(of: bytes) : String(decoding: bytes, as: UTF8.self)
        }
        let specials = options.specialTokens
        return Result(
            tokens: state.tokens.enumerated().map {
                $0.offset < specials.count ? specials[$0.offset] : text($0.element)
            },
            merges: state.merges.map { (text(state.tokens[Int($0.0)]), text(state.tokens[Int($0.1)])) })
    }

    /// The trainer's working state.
    private struct State {
        let options: Options
        let prefix: [UInt8]
        let suffix: [UInt8]
        let maximumLength: Int
        var tokens: [[UInt8]] = []
        /// Characters (bytes with byteLevel) per token, for the length limit.
        var lengths: [Int] = []
        var index = ByteStringTable(capacity: 1 << 12)
        var merges: [(UInt32, UInt32)] = []
        var symbols: [UInt32] = []
        var wordStarts: [Int] = []
        var wordLengths: [Int] = []
        var wordCounts: [Int64] = []
        var pairs = PairIndex(capacity: 1 << 16)

        init(options: Options) {
            self.options = options
            self.prefix = Array((options.continuingSubwordPrefix ?? "").utf8)
            self.suffix = Array((options.endOfWordSuffix ?? "").utf8)
            self.maximumLength = options.maximumTokenLength ?? .max
            for token in options.specialTokens {
                guard options.byteLevel else {
                    _ = add(Array(token.utf8), length: 1)
                    continue
                }
                // A byte-level token spells its bytes in the byte alphabet: a special token is
                // filed under the bytes whose spelling it is, so that a merge spelling it reuses
                // its id (as in tokenizers); one no bytes spell is kept out of the index.
                let bytes = token.unicodeScalars.compactMap { ByteLevelAlphabet.byte(of: $0) }
                if bytes.count == token.unicodeScalars.count {
                    _ = add(bytes, length: 1)
                } else {
                    tokens.append(Array(token.utf8))
                    lengths.append(1)
                }
            }
        }

        /// The id of `bytes`, added when new.
        mutating func add(_ bytes: [UInt8], length: Int) -> UInt32 {
            let (e, inserted) = bytes.withNonNullBytes { index.entry(inserting: $0, $1, value: UInt32(tokens.count)) }
            if inserted {
                tokens.append(bytes)
                lengths.append(length)
            }
            return index.value(e)
        }

        func id(_ bytes: [UInt8]) -> UInt32? { index.lookup(bytes) }

        /// The alphabet: every byte (byte-level) or the characters seen, weighted by count, the
        /// initial alphabet always kept, the rarest dropped beyond `limitAlphabet`; added in
        /// character order.
        mutating func addAlphabet(_ words: [(word: [UInt8], count: UInt64)]) {
            var alphabet: [UInt32: UInt64] = [:]
            if options.byteLevel {
                for b in 0..<256 { alphabet[ByteLevelAlphabet.scalarOfByte[b]] = .max }
            } else {
                for (word, count) in words {
                    for scalar in String(decoding: word, as: UTF8.self).unicodeScalars {
                        alphabet[scalar.value, default: 0] &+= count
                    }
                }
            }
            for scalar in options.initialAlphabet { alphabet[scalar.value] = .max }
            var kept = alphabet.map { ($0.key, $0.value) }
            if let limit = options.limitAlphabet, kept.count > limit {
                kept.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
                kept.removeLast(kept.count - limit)
            }
            kept.sort { $0.0 < $1.0 }
            for (scalar, _) in kept {
                if options.byteLevel {
                    guard let b = ByteLevelAlphabet.byte(of: Unicode.Scalar(scalar)!) else { continue }
                    _ = add([b], length: 1)
                } else {
                    _ = add(Array(String(Unicode.Scalar(scalar)!).utf8), length: 1)
                }
            }
        }

        /// Each word as its initial symbols (characters outside the alphabet are dropped, as
        /// `tokenizers` does), with the prefix on all but the first and the suffix on the last.
        mutating func addWords(_ words: [(word: [UInt8], count: UInt64)]) {
            for (word, count) in words {
                let start = symbols.count
                var pieces: [[UInt8]] = []
                if options.byteLevel {
                    pieces = word.map { [$0] }
                } else {
                    var i = 0
                    while i < word.count {
                        let n = max(1, UTF8Bytes.sequenceLength(lead: word[i]))
                        pieces.append(Array(word[i..<min(i + n, word.count)]))
                        i += n
                    }
                }
                for (k, piece) in pieces.enumerated() where id(piece) != nil {
                    var symbol = piece
                    if k > 0 && !prefix.isEmpty { symbol = prefix + symbol }
                    if k == pieces.count - 1 && !suffix.isEmpty { symbol += suffix }
                    symbols.append(add(symbol, length: 1))
                }
                wordStarts.append(start)
                wordLengths.append(symbols.count - start)
                wordCounts.append(Int64(clamping: count))
            }
        }

        mutating func countPairs() {
            for w in 0..<wordStarts.count {
                let s = wordStarts[w], n = wordLengths[w]
                guard n >= 2 else { continue }
                for k in s..<(s + n - 1) where lengths[Int(symbols[k])] + lengths[Int(symbols[k + 1])] <= maximumLength
                {
                    _ = pairs.add(symbols[k], symbols[k + 1], wordCounts[w], word: UInt32(w))
                }
            }
        }

        mutating func mergeAll(progress: TrainingProgress) {
            var queue = MergeQueue()
            for s in 0..<pairs.pairs.count where pairs.counts[s] > 0 {
                queue.push(.init(count: pairs.counts[s], pair: pairs.pairs[s], slot: Int32(s)))
            }
            let minimum = Int64(clamping: max(options.minimumFrequency, 1))
            var stamp = [Int32](repeating: -1, count: wordStarts.count)
            var created: [Int] = []
            while tokens.count < options.vocabularySize, let top = queue.pop() {
                let slot = Int(top.slot)
                let live = pairs.counts[slot]
                if live != top.count {
                    if live > 0 { queue.push(.init(count: live, pair: top.pair, slot: top.slot)) }
                    continue
                }
                if live < minimum { break }
                let left = UInt32(truncatingIfNeeded: top.pair >> 32), right = UInt32(truncatingIfNeeded: top.pair)
                var rightBytes = tokens[Int(right)]
                if !prefix.isEmpty && rightBytes.starts(with: prefix) { rightBytes.removeFirst(prefix.count) }
                let merged = add(tokens[Int(left)] + rightBytes, length: lengths[Int(left)] + lengths[Int(right)])
                merges.append((left, right))
                pairs.counts[slot] = 0
                let iteration = Int32(truncatingIfNeeded: merges.count)
                created.removeAll(keepingCapacity: true)
                let occurrences = pairs.words[slot]
                pairs.words[slot] = []
                for w in occurrences where stamp[Int(w)] != iteration {
                    stamp[Int(w)] = iteration
                    merge(word: Int(w), left, right, into: merged, created: &created)
                }
                pairs.counts[slot] = 0
                for s in created where pairs.counts[s] > 0 {
                    queue.push(.init(count: pairs.counts[s], pair: pairs.pairs[s], slot: Int32(s)))
                }
                progress.report(
                    phase: "merge", done: tokens.count, total: options.vocabularySize,
                    "BPE: \(merges.count) merges, \(tokens.count) / \(options.vocabularySize) tokens, last count \(live)"
                )
            }
        }

        /// Replaces each occurrence of (left, right) in word `w` by `merged`, left to right,
        /// updating the counts of the neighbouring pairs; notes the slots of new pairs.
        @inline(__always)
        mutating func merge(word w: Int, _ left: UInt32, _ right: UInt32, into merged: UInt32, created: inout [Int]) {
            let s = wordStarts[w]
            var n = wordLengths[w]
            let count = wordCounts[w]
            let word = UInt32(w)
            let mergedLength = lengths[Int(merged)]
            var i = s
            while i < s + n - 1 {
                guard symbols[i] == left && symbols[i + 1] == right else { i += 1; continue }
                if i > s {
                    let before = symbols[i - 1]
                    if lengths[Int(before)] + lengths[Int(left)] <= maximumLength {
                        _ = pairs.add(before, left, -count, word: word)
                    }
                    if lengths[Int(before)] + mergedLength <= maximumLength {
                        created.append(pairs.add(before, merged, count, word: word))
                    }
                }
                if i + 2 < s + n {
                    let after = symbols[i + 2]
                    if lengths[Int(right)] + lengths[Int(after)] <= maximumLength {
                        _ = pairs.add(right, after, -count, word: word)
                    }
                    if lengths[Int(after)] + mergedLength <= maximumLength {
                        created.append(pairs.add(merged, after, count, word: word))
                    }
                }
                symbols[i] = merged
                let tail = s + n
                var k = i + 1
                while k + 1 < tail { symbols[k] = symbols[k + 1]; k += 1 }
                n -= 1
                i += 1
            }
            wordLengths[w] = n
        }
    }
}
