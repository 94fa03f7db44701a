/// Text as the pipeline sees it after normalization, with an alignment from every byte back to
/// the caller's original input, so that every token carries offsets into that input.
///
/// As in Hugging Face `tokenizers`, each normalized byte is aligned to the whole original
/// character it came from; a token covering normalized bytes `a ..< b` spans the original bytes
/// from the start of byte `a`'s character to the end of byte `b - 1`'s character. When nothing
/// has changed the text, the alignment is implicit (no per-byte storage).
public struct NormalizedString: Sendable {
    /// The normalized UTF-8 bytes.
    public private(set) var bytes: [UInt8]
    /// Two entries per normalized byte: the original start and end of its character;
    /// nil while the bytes are the original text unchanged.
    private var alignment: [Int]?

    /// Wraps original text; the alignment stays implicit until something changes the bytes.
    public init(original: [UInt8]) {
        self.bytes = original
        self.alignment = nil
    }

    /// The number of normalized bytes.
    public var count: Int { bytes.count }

    /// True while the bytes are still the original text.
    public var isIdentity: Bool { alignment == nil }

    /// The original byte range of normalized bytes `start ..< end` (see the type's note).
    /// An empty range maps to the empty range at its position. O(1) (O(4) byte steps when implicit).
    public func originalRange(_ start: Int, _ end: Int) -> TokenOffset {
        guard let alignment else {
            return bytes.withUnsafeBufferPointer { Self.characterRange(start, end, in: $0) }
        }
        if start < end { return TokenOffset(start: alignment[2 * start], end: alignment[2 * (end - 1) + 1]) }
        if start < bytes.count { return TokenOffset(start: alignment[2 * start], end: alignment[2 * start]) }
        let last = bytes.isEmpty ? 0 : alignment[2 * bytes.count - 1]
        return TokenOffset(start: last, end: last)
    }

    /// The range `start ..< end` of unchanged text widened to whole characters (the implicit
    /// alignment). O(1): at most three continuation bytes are stepped over at each end.
    @inline(__always)
    static func characterRange(_ start: Int, _ end: Int, in p: UnsafeBufferPointer<UInt8>) -> TokenOffset {
        guard start < end else { return TokenOffset(start: start, end: start) }
        var s = start
        while s > 0, UTF8Bytes.isContinuation(p[s]) { s -= 1 }
        var e = end
        while e < p.count, UTF8Bytes.isContinuation(p[e]) { e += 1 }
        return TokenOffset(start: s, end: e)
    }

    /// The implicit alignment made explicit. O(n).
    private func explicitAlignment() -> [Int] {
        if let alignment { return alignment }
        var out = [Int](repeating: 0, count: bytes.count * 2)
        var i = 0
        while i < bytes.count {
            let n = min(UTF8Bytes.sequenceLength(lead: bytes[i]), bytes.count - i)
            for k in 0..<n { out[2 * (i + k)] = i; out[2 * (i + k) + 1] = i + n }
            i += n
        }
        return out
    }

    /// Replaces every character by the scalars `body` appends for it (none removes it); each new
    /// scalar is aligned to the character it came from, as `tokenizers`' per-character
    /// transforms are. O(n) plus `body`'s cost.
    public mutating func mapScalars(_ body: (UInt32, inout [UInt32]) -> Void) {
        let source = bytes
        let sourceAlignment = alignment
        var newBytes: [UInt8] = []
        newBytes.reserveCapacity(source.count + source.count / 8 + 4)
        var newAlignment: [Int] = []
        newAlignment.reserveCapacity(2 * newBytes.capacity)
        var replacement: [UInt32] = []
        var encoded: [UInt8] = []
        source.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                let (c, n) = UTF8Bytes.decode(p.baseAddress!, i, p.count)
                let start = sourceAlignment?[2 * i] ?? i
                let end = sourceAlignment?[2 * (i + n - 1) + 1] ?? i + n
                replacement.removeAll(keepingCapacity: true)
                body(c, &replacement)
                for r in replacement {
                    encoded.removeAll(keepingCapacity: true)
                    UTF8Bytes.append(r, to: &encoded)
                    newBytes.append(contentsOf: encoded)
                    for _ in encoded { newAlignment.append(start); newAlignment.append(end) }
                }
                i += n
            }
        }
        bytes = newBytes
        alignment = newAlignment
    }

    /// Rebuilds the text from characters with change counts, as `tokenizers`'
    /// `NormalizedString::transform`: a change of 0 or less replaces the next input character
    /// (and a negative change also consumes that many more), taking its alignment; a positive
    /// change inserts a character aligned like the input byte before it. O(n).
    public mutating func transform(_ items: [(UInt32, Int)]) {
        let source = bytes
        let sourceAlignment = explicitAlignment()
        var newBytes: [UInt8] = []
        newBytes.reserveCapacity(source.count + 8)
        var newAlignment: [Int] = []
        newAlignment.reserveCapacity(2 * source.count + 16)
        var offset = 0
        func advance() {
            guard offset < source.count else { return }
            offset += min(UTF8Bytes.sequenceLength(lead: source[offset]), source.count - offset)
        }
        var encoded: [UInt8] = []
        for (c, change) in items {
            let start: Int, end: Int
            if change > 0 {
                if offset < 1 {
                    start = 0; end = 0
                } else {
                    start = sourceAlignment[2 * (offset - 1)]; end = sourceAlignment[2 * (offset - 1) + 1]
                }
            } else {
                let at = min(offset, max(source.count - 1, 0))
                if source.isEmpty {
                    start = 0; end = 0
                } else {
                    start = sourceAlignment[2 * at]; end = sourceAlignment[2 * at + 1]
                }
                advance()
                if change < 0 { for _ in 0..<(-change) { advance() } }
            }
            encoded.removeAll(keepingCapacity: true)
            UTF8Bytes.append(c, to: &encoded)
            newBytes.append(contentsOf: encoded)
            for _ in encoded { newAlignment.append(start); newAlignment.append(end) }
        }
        bytes = newBytes
        alignment = newAlignment
    }

    /// Replaces the text with `bytes`, byte `k` aligned to the original range `alignment[k]`.
    public mutating func replace(bytes newBytes: [UInt8], alignment newAlignment: [TokenOffset]) {
        var flat: [Int] = []
        flat.reserveCapacity(2 * newAlignment.count)
        for a in newAlignment { flat.append(a.start); flat.append(a.end) }
        bytes = newBytes
        alignment = flat
    }

    /// Replaces the bytes and the alignment, given as two words per new byte (original start,
    /// end), taking the array over without a copy.
    mutating func replace(bytes newBytes: [UInt8], flatAlignment: [Int]) {
        precondition(flatAlignment.count == 2 * newBytes.count, "an alignment needs two entries per byte")
        bytes = newBytes
        alignment = flatAlignment
    }

    /// Rewrites ASCII bytes in place with `body` (which must map ASCII to ASCII), keeping the
    /// alignment: the fast path of normalizers on ASCII text.
    public mutating func mapASCIIInPlace(_ body: (UInt8) -> UInt8) {
        bytes.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count where p[i] < 0x80 { p[i] = body(p[i]) }
        }
    }

    /// Rebuilds the string from an edit script: `body` receives a builder and appends, in order,
    /// kept ranges of the current bytes and inserted text aligned to a current byte.
    /// `expectedCount` (the result's length, when the caller knows it) sizes the arrays once.
    /// O(n) in the result.
    public mutating func rebuild(expectedCount: Int? = nil, _ body: (inout Builder) -> Void) {
        var builder = Builder(source: bytes, alignment: explicitAlignment(), expectedCount: expectedCount)
        body(&builder)
        bytes = builder.bytes
        alignment = builder.alignment
    }

    /// Accumulates a new normalized string from pieces of an old one.
    public struct Builder {
        let source: [UInt8]
        let sourceAlignment: [Int]
        var bytes: [UInt8] = []
        var alignment: [Int] = []

        /// A builder over `source`, with room for `expectedCount` bytes (else the source's
        /// length): a caller that knows its rewrite grows the text says by how much, so that the
        /// arrays (two words of alignment per byte) do not double past what they need.
        init(source: [UInt8], alignment: [Int], expectedCount: Int? = nil) {
            self.source = source
            self.sourceAlignment = alignment
            let room = max(expectedCount ?? source.count, 0) + 16
            bytes.reserveCapacity(room)
            self.alignment.reserveCapacity(2 * room)
        }

        /// The current length of the new string, in bytes.
        public var count: Int { bytes.count }

        /// The original offset where old byte `index` starts.
        public func originalStart(of index: Int) -> Int {
            index < source.count
                ? sourceAlignment[2 * index] : (source.isEmpty ? 0 : sourceAlignment[2 * source.count - 1])
        }

        /// Appends the old bytes `start ..< end` with their alignment.
        public mutating func keep(_ start: Int, _ end: Int) {
            bytes.append(contentsOf: source[start..<end])
            alignment.append(contentsOf: sourceAlignment[(2 * start)..<(2 * end)])
        }

        /// Appends a string normalized on its own from old bytes starting at `shift`; its alignment
        /// (relative to those bytes) is moved to the old string's original coordinates.
        public mutating func append(_ other: NormalizedString, shiftedBy shift: Int) {
            let inner = other.explicitAlignment()
            bytes.append(contentsOf: other.bytes)
            for k in 0..<(inner.count / 2) {
                let lo = inner[2 * k] + shift
                let hi = max(inner[2 * k + 1] + shift - 1, lo)
                alignment.append(sourceAlignment[2 * lo])
                alignment.append(inner[2 * k + 1] + shift > lo ? sourceAlignment[2 * hi + 1] : sourceAlignment[2 * lo])
            }
        }

        /// Appends `text`, every byte aligned like old byte `index` (the original character that
        /// `text` was made from or stands before).
        public mutating func insert<C: Collection>(_ text: C, alignedTo index: Int) where C.Element == UInt8 {
            let s: Int, e: Int
            if index < source.count {
                s = sourceAlignment[2 * index]; e = sourceAlignment[2 * index + 1]
            } else {
                let last = source.isEmpty ? 0 : sourceAlignment[2 * source.count - 1]
                s = last; e = last
            }
            for b in text { bytes.append(b); alignment.append(s); alignment.append(e) }
        }
    }
}

/// A byte range `start ..< end` in the caller's original UTF-8 input; laid out as two `Int`s so
/// that an array of offsets is an array of `size_t` pairs for the C ABI.
public struct TokenOffset: Sendable, Equatable, Hashable {
    /// The first byte.
    public var start: Int
    /// One past the last byte.
    public var end: Int

    /// Creates the range `start ..< end`.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}
