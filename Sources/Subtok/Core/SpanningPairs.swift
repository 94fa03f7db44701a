/// The pairs of adjacent characters that some piece holds: a merge can never join two
/// characters no piece holds together, so a text falls apart there into parts whose merges are
/// independent (as at `WhitespaceWords`' cuts). Chinese and Japanese text, which no space cuts,
/// so falls into short parts that the piece caches keep. Characters are keyed by their UTF-8
/// bytes packed into a `UInt32` (injective: a lead byte gives the length).
///
/// Where consecutive unknown characters become one unknown token (no byte fallback), a text is
/// never cut between two characters that are not pieces themselves, so a run of them stays in
/// one part. O(total piece bytes) to build; O(1) per character boundary (one `PairTable`
/// look-up, most of them answered by its filter).
struct SpanningPairs: Sendable {
    private let pairs: PairTable
    /// Consecutive unknown characters form one token: characters that are pieces themselves
    /// are kept as (character, `single`) pairs.
    private let fusesUnknowns: Bool
    private static let single = UInt32.max

    /// The pairs of `pieces` (the texts merges can produce); with `fusesUnknowns`, also which
    /// characters are pieces of their own.
    init(pieces: [[UInt8]], fusesUnknowns: Bool) {
        var keys: [(UInt32, UInt32)] = []
        for piece in pieces {
            piece.withUnsafeBufferPointer { b in
                guard let p = b.baseAddress else { return }
                var i = 0
                var previous: UInt32?
                while i < b.count {
                    let length = min(UTF8Bytes.sequenceLength(lead: p[i]), b.count - i)
                    let character = Self.character(p + i, length)
                    if let previous { keys.append((previous, character)) }
                    if fusesUnknowns && length == b.count { keys.append((character, Self.single)) }
                    previous = character
                    i += length
                }
            }
        }
        var pairs = PairTable(count: keys.count + 1)
        for (left, right) in keys { pairs.insert(left, right, value: 0) }
        self.pairs = pairs
        self.fusesUnknowns = fusesUnknowns
    }

    /// The character of `length` bytes at `p`, its bytes packed little-endian.
    @inline(__always)
    private static func character(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt32 {
        var packed: UInt32 = 0
        for k in 0..<length { packed |= UInt32(p[k]) << (8 * UInt32(k)) }
        return packed
    }

    /// Calls `body(end)` for the end of each part of the valid UTF-8 `p[0 ..< n]`, in order (the
    /// last is `n`). O(n): a character is one unaligned load where four bytes remain.
    @inline(__always)
    func forEachPart(_ p: UnsafePointer<UInt8>, _ n: Int, _ body: (Int) -> Void) {
        guard n > 0 else { return }
        let raw = UnsafeRawPointer(p)
        /// The character at `i` and its length.
        @inline(__always) func character(at i: Int) -> (UInt32, Int) {
            let lead = p[i]
            let length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            guard i + 4 <= n else { return (Self.character(p + i, min(length, n - i)), min(length, n - i)) }
            let word = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self))
            return (word & (UInt32.max >> UInt32(32 - 8 * length)), length)
        }
        var (previous, length) = character(at: 0)
        var i = length
        while i < n {
            let (current, currentLength) = character(at: i)
            if pairs.lookup(previous, current) == UInt64.max,
                !fusesUnknowns || pairs.lookup(previous, Self.single) != UInt64.max
                    || pairs.lookup(current, Self.single) != UInt64.max
            {
                body(i)
            }
            previous = current
            i += currentLength
        }
        body(n)
    }
}

/// `WhitespaceWords` with each word longer than `minimumCutBytes` cut further where no piece
/// spans two characters (`SpanningPairs`), when `spanning` is given.
struct SegmentedWords: WordBoundaries {
    let whitespace: WhitespaceWords
    /// Where long words may be cut; nil keeps words whole (a model that emits a whole word that
    /// is a token as it is, `ignore_merges`, would not emit a part the same way).
    let spanning: SpanningPairs?
    /// Words up to this long are kept whole: the piece caches take them as they are (the medium
    /// cache up to 48 bytes), and cutting English words of 17 to 48 bytes cost 7% measured.
    static let minimumCutBytes = 48

    /// The words of `whitespace`, long ones in parts. O(n).
    @inline(__always)
    func forEachWord(_ p: UnsafePointer<UInt8>, _ n: Int, _ body: (Int, Int) -> Void) {
        whitespace.forEachWord(p, n) { from, to in
            guard to - from > Self.minimumCutBytes, let spanning else { return body(from, to) }
            var partStart = from
            spanning.forEachPart(p + from, to - from) { end in
                body(partStart, from + end)
                partStart = from + end
            }
        }
    }
}
