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
    /// Two entries per normalized byte: the original start and end of its character (32 bits:
    /// an encode call takes at most 2 GiB); nil while the bytes are the original text unchanged.
    private var alignment: [UInt32]?

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
        if start < end {
            return TokenOffset(start: Int(alignment[2 * start]), end: Int(alignment[2 * (end - 1) + 1]))
        }
        if start < bytes.count {
            return TokenOffset(start: Int(alignment[2 * start]), end: Int(alignment[2 * start]))
        }
        let last = bytes.isEmpty ? 0 : Int(alignment[2 * bytes.count - 1])
        return TokenOffset(start: last, end: last)
    }

    /// Replaces each of `offsets` (ranges of the normalized bytes) by `originalRange` of it, in
    /// one pass over the alignment. O(offsets).
    func mapToOriginal(_ offsets: inout [TokenOffset]) {
        guard let alignment else {
            bytes.withUnsafeBufferPointer { p in
                for k in offsets.indices { offsets[k] = Self.characterRange(offsets[k].start, offsets[k].end, in: p) }
            }
            return
        }
        let count = bytes.count
        alignment.withUnsafeBufferPointer { a in
            offsets.withUnsafeMutableBufferPointer { offsets in
                for k in offsets.indices {
                    let (start, end) = (offsets[k].start, offsets[k].end)
                    if start < end {
                        offsets[k] = TokenOffset(start: Int(a[2 * start]), end: Int(a[2 * (end - 1) + 1]))
                    } else {
                        let at = start < count ? Int(a[2 * start]) : count == 0 ? 0 : Int(a[2 * count - 1])
                        offsets[k] = TokenOffset(start: at, end: at)
                    }
                }
            }
        }
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
    private func explicitAlignment() -> [UInt32] {
        if let alignment { return alignment }
        var out = [UInt32](repeating: 0, count: bytes.count * 2)
        var i = 0
        while i < bytes.count {
            let n = min(UTF8Bytes.sequenceLength(lead: bytes[i]), bytes.count - i)
            for k in 0..<n {
                out[2 * (i + k)] = Self.position(i)
                out[2 * (i + k) + 1] = Self.position(i + n)
            }
            i += n
        }
        return out
    }

    /// An original offset as stored in an alignment (offsets past 4 GiB wrap: an encode call
    /// refuses such texts before any is made).
    @inline(__always)
    static func position(_ offset: Int) -> UInt32 { UInt32(truncatingIfNeeded: offset) }

    /// Replaces every character by the scalars `body` appends for it (none removes it); each new
    /// scalar is aligned to the character it came from, as `tokenizers`' per-character
    /// transforms are. O(n) plus `body`'s cost.
    public mutating func mapScalars(_ body: (UInt32, inout [UInt32]) -> Void) {
        let source = bytes
        let sourceAlignment = alignment
        var newBytes: [UInt8] = []
        newBytes.reserveCapacity(source.count + source.count / 8 + 4)
        var newAlignment: [UInt32] = []
        newAlignment.reserveCapacity(2 * newBytes.capacity)
        var replacement: [UInt32] = []
        var encoded: [UInt8] = []
        source.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                let (c, n) = UTF8Bytes.decode(p.baseAddress!, i, p.count)
                let start = sourceAlignment?[2 * i] ?? Self.position(i)
                let end = sourceAlignment?[2 * (i + n - 1) + 1] ?? Self.position(i + n)
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
        rebuild(expectedCount: bytes.count + 8) { _ = $0.transform(items, from: 0) }
    }

    /// Replaces the text with `bytes`, byte `k` aligned to the original range `alignment[k]`.
    public mutating func replace(bytes newBytes: [UInt8], alignment newAlignment: [TokenOffset]) {
        var flat: [UInt32] = []
        flat.reserveCapacity(2 * newAlignment.count)
        for a in newAlignment {
            flat.append(Self.position(a.start))
            flat.append(Self.position(a.end))
        }
        bytes = newBytes
        alignment = flat
    }

    /// Replaces the bytes and the alignment, given as two entries per new byte (original start,
    /// end), taking the array over without a copy.
    mutating func replace(bytes newBytes: [UInt8], flatAlignment: [UInt32]) {
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
    /// O(n) in the result; the current alignment is not made explicit to read it.
    public mutating func rebuild(expectedCount: Int? = nil, _ body: (inout Builder) -> Void) {
        var builder = Builder(source: bytes, alignment: alignment, expectedCount: expectedCount)
        alignment = nil
        body(&builder)
        bytes = builder.bytes
        alignment = builder.alignment
    }

    /// Accumulates a new normalized string from pieces of an old one.
    public struct Builder {
        let source: [UInt8]
        /// The old string's alignment, nil while it was the original text (then each byte's
        /// range is its character's, found in `source`).
        let sourceAlignment: [UInt32]?
        var bytes: [UInt8] = []
        var alignment: [UInt32] = []

        /// A builder over `source` with its alignment (nil: implicit), with room for
        /// `expectedCount` bytes (else the source's length): a caller that knows its rewrite
        /// grows the text says by how much, so that the arrays (two entries of alignment per
        /// byte) do not double past what they need.
        init(source: [UInt8], alignment: [UInt32]?, expectedCount: Int? = nil) {
            self.source = source
            self.sourceAlignment = alignment
            let room = max(expectedCount ?? source.count, 0) + 16
            bytes.reserveCapacity(room)
            self.alignment.reserveCapacity(2 * room)
        }

        /// The current length of the new string, in bytes.
        public var count: Int { bytes.count }

        /// The original range of old byte `index` (below `source.count`).
        @inline(__always)
        private func range(of index: Int) -> (UInt32, UInt32) {
            if let sourceAlignment { return (sourceAlignment[2 * index], sourceAlignment[2 * index + 1]) }
            let r = source.withUnsafeBufferPointer { NormalizedString.characterRange(index, index + 1, in: $0) }
            return (NormalizedString.position(r.start), NormalizedString.position(r.end))
        }

        /// The original range of old byte `index`, or past the end the empty range at the end
        /// of the last byte's.
        @inline(__always)
        private func rangeOrEnd(of index: Int) -> (UInt32, UInt32) {
            if index < source.count { return range(of: index) }
            let last = source.isEmpty ? 0 : range(of: source.count - 1).1
            return (last, last)
        }

        /// The original offset where old byte `index` starts.
        public func originalStart(of index: Int) -> Int { Int(rangeOrEnd(of: index).0) }

        /// Appends the old bytes `start ..< end` with their alignment.
        public mutating func keep(_ start: Int, _ end: Int) {
            guard start < end else { return }
            bytes.append(contentsOf: source[start..<end])
            if let sourceAlignment {
                alignment.append(contentsOf: sourceAlignment[(2 * start)..<(2 * end)])
                return
            }
            var i = start
            while i < end {
                let (s, e) = range(of: i)
                let stop = min(Int(e), end)
                for _ in i..<stop {
                    alignment.append(s)
                    alignment.append(e)
                }
                i = max(stop, i + 1)
            }
        }

        /// Appends a string normalized on its own from old bytes starting at `shift`; its alignment
        /// (relative to those bytes) is moved to the old string's original coordinates.
        public mutating func append(_ other: NormalizedString, shiftedBy shift: Int) {
            let inner = other.explicitAlignment()
            bytes.append(contentsOf: other.bytes)
            for k in 0..<(inner.count / 2) {
                let lo = Int(inner[2 * k]) + shift
                let end = Int(inner[2 * k + 1]) + shift
                let first = range(of: lo)
                alignment.append(first.0)
                alignment.append(end > lo ? range(of: max(end - 1, lo)).1 : first.0)
            }
        }

        /// Appends `text`, every byte aligned like old byte `index` (the original character that
        /// `text` was made from or stands before).
        public mutating func insert<C: Collection>(_ text: C, alignedTo index: Int) where C.Element == UInt8 {
            let (s, e) = rangeOrEnd(of: index)
            for b in text {
                bytes.append(b)
                alignment.append(s)
                alignment.append(e)
            }
        }

        /// The offset `count` old characters after byte `offset` (or the end). O(count).
        public func skipCharacters(_ count: Int, from offset: Int) -> Int {
            var offset = offset
            for _ in 0..<count where offset < source.count {
                offset += min(UTF8Bytes.sequenceLength(lead: source[offset]), source.count - offset)
            }
            return offset
        }

        /// Appends the characters of `items` in place of the old characters from byte `offset`
        /// on, as `NormalizedString.transform` does over the whole string: a change of 0 or
        /// less replaces the next old character (a negative change also consumes that many
        /// more) and takes its range; a positive change inserts a character aligned like the old
        /// byte before it. Returns the offset after the characters consumed. O(items).
        public mutating func transform(_ items: [(UInt32, Int)], from offset: Int) -> Int {
            var offset = offset
            func advance() {
                guard offset < source.count else { return }
                offset += min(UTF8Bytes.sequenceLength(lead: source[offset]), source.count - offset)
            }
            var encoded: [UInt8] = []
            for (c, change) in items {
                let start: UInt32, end: UInt32
                if change > 0 {
                    (start, end) = offset < 1 ? (0, 0) : range(of: offset - 1)
                } else {
                    (start, end) = source.isEmpty ? (0, 0) : range(of: min(offset, source.count - 1))
                    advance()
                    if change < 0 { for _ in 0..<(-change) { advance() } }
                }
                encoded.removeAll(keepingCapacity: true)
                UTF8Bytes.append(c, to: &encoded)
                for b in encoded {
                    bytes.append(b)
                    alignment.append(start)
                    alignment.append(end)
                }
            }
            return offset
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
