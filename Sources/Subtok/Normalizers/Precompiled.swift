import CICU

/// SentencePiece's compiled normalization rules as `tokenizers` applies them
/// (`"type": "Precompiled"`): per grapheme cluster, the first rule matching a prefix of a cluster
/// shorter than 6 bytes replaces the whole cluster, else each character is looked up on its own.
/// This differs from `sentencepiece` itself (longest rule across characters), and `tokenizers`
/// is this file's oracle. Alignments follow its change counts. O(n).
public struct Precompiled: Normalizer {
    let charsmap: PrecompiledCharsmap
    /// What each ASCII character alone becomes: its rule's replacement, or nil for itself.
    private let asciiReplacements: [[UInt8]?]
    /// Whether every printable ASCII character (space to tilde) alone is itself.
    private let printableASCIIUnchanged: Bool

    /// Applies `charsmap` (a `.model`'s rules, converted to `tokenizer.json`).
    init(charsmap: PrecompiledCharsmap) {
        self.charsmap = charsmap
        asciiReplacements = (0..<128).map { b in
            [UInt8(b)].withUnsafeBufferPointer { one in
                charsmap.shortestMatch(one.baseAddress!, 0, 1).map { Array(Self.text(of: $0.value, in: charsmap).utf8) }
            }
        }
        printableASCIIUnchanged = asciiReplacements[0x20...0x7E].allSatisfy { $0 == nil }
    }

    /// Reads the base64 `precompiled_charsmap` blob.
    init(base64 text: String) throws(SubtokError) {
        let bytes = Array(text.utf8)
        guard let blob = bytes.withUnsafeBufferPointer({ Base64.decode($0) }) else {
            throw SubtokError(.format, "normalizer.precompiled_charsmap is not valid base64")
        }
        self.init(charsmap: try PrecompiledCharsmap(blob))
    }

    /// Normalizes `text`. A text the rules leave as it is (found by `normalizedBytes`, O(n) and
    /// mostly eight bytes a step) keeps its alignments untouched; any other is rebuilt stretch
    /// by stretch as `normalizedBytes` walks it: what the rules leave alone is kept with its
    /// alignment, and only the stretches they change are transformed, cluster by cluster with
    /// `tokenizers`' change counts (before, the whole text was, at 16 bytes a character).
    public func normalize(_ text: inout NormalizedString) {
        let source = text.bytes
        if source.withUnsafeBufferPointer({ normalizedBytes($0) }) == source { return }
        text.rebuild(expectedCount: source.count + source.count / 8) { b in
            source.withUnsafeBufferPointer { p in
                // Where `tokenizers`' transform of the whole text would be: behind the walk
                // when the text starts with characters the rules delete (no character before
                // them takes the deletion, so the rest aligns one character early, as there).
                var offset = 0
                var emitted = false
                // Changed stretches in a row go to `scalars` together, so that a deletion
                // reaches the character before it as it does over the whole text (turning an
                // inserted character into one that replaces the deleted one).
                var changedStart = 0, changedEnd = 0
                func flushChanged() {
                    guard changedEnd > changedStart else { return }
                    let stretch = String(
                        decoding: UnsafeBufferPointer(rebasing: p[changedStart..<changedEnd]), as: UTF8.self)
                    var deleted = 0
                    let items = scalars(of: stretch, leadingDeletions: &deleted)
                    // After a kept character, a deletion only moves the transform on.
                    if emitted { offset = b.skipCharacters(deleted, from: offset) }
                    offset = b.transform(items, from: offset)
                    emitted = emitted || !items.isEmpty
                    changedStart = changedEnd
                }
                walk(p) { from, to in
                    flushChanged()
                    if offset == from {
                        b.keep(from, to)
                        offset = to
                    } else {
                        let stretch = String(decoding: UnsafeBufferPointer(rebasing: p[from..<to]), as: UTF8.self)
                        offset = b.transform(stretch.unicodeScalars.map { ($0.value, 0) }, from: offset)
                    }
                    emitted = true
                } changed: { from, to in
                    if changedEnd != from { changedStart = from }
                    changedEnd = to
                }
                flushChanged()
            }
        }
    }

    /// True when `walk` keeps the whole text: no stretch a rule may change (a quick check;
    /// false may still be a text the rules leave alone). O(n), mostly eight bytes a step.
    public func leavesUnchanged(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var unchanged = true
        walk(text) { _, _ in
        } changed: { _, _ in
            unchanged = false
        }
        return unchanged
    }

    /// The normalized bytes without an alignment (the ids-only path): the stretches `walk`
    /// keeps copied, the others normalized. O(n).
    public func normalizedBytes(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let p = text.baseAddress else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(text.count + text.count / 8)
        walk(text) { from, to in
            out.append(contentsOf: UnsafeBufferPointer(start: p + from, count: to - from))
        } changed: { from, to in
            let length = to - from
            if p[from] < 0x80, length == 1, let replacement = asciiReplacements[Int(p[from])] {
                out.append(contentsOf: replacement)
                return
            }
            var deleted = 0
            let stretch = String(decoding: UnsafeBufferPointer(start: p + from, count: length), as: UTF8.self)
            for (scalar, _) in scalars(of: stretch, leadingDeletions: &deleted) {
                UTF8Bytes.append(scalar, to: &out)
            }
        }
        return out
    }

    /// Cuts `text` into stretches that end on grapheme cluster boundaries and hands each to
    /// `kept` (the rules leave it as it is) or `changed` (they may not), in order. A character
    /// that is a grapheme cluster of its own for certain (an ASCII character, or one of
    /// Grapheme_Cluster_Break Other or Control, followed by a character that starts a cluster
    /// whatever precedes it; CR with the LF after it) is decided alone, ASCII ones in a table;
    /// a run of printable ASCII that the rules leave as it is is one stretch, found eight bytes
    /// a step; every other stretch (up to two ASCII characters in a row, the first not CR) is
    /// `changed`. O(n).
    @inline(__always)
    private func walk(
        _ text: UnsafeBufferPointer<UInt8>, kept: (Int, Int) -> Void, changed: (Int, Int) -> Void
    ) {
        guard let p = text.baseAddress else { return }
        let n = text.count
        var i = 0
        while i < n {
            let b = p[i]
            if b == 0x0D {
                // CR, or CR LF, is a cluster, and one ends after it whatever follows.
                let length = i + 1 < n && p[i + 1] == 0x0A ? 2 : 1
                let unchanged =
                    charsmap.shortestMatch(p + i, 0, length) == nil
                    && (i..<(i + length)).allSatisfy { asciiReplacements[Int(p[$0])] == nil }
                if unchanged { kept(i, i + length) } else { changed(i, i + length) }
                i += length
                continue
            }
            if b < 0x80 {
                if printableASCIIUnchanged, b &- 0x20 < 0x5F {
                    // A run of printable ASCII is kept as it is, but for a last character that
                    // non-ASCII follows (which may join it in a cluster).
                    let k = ByteLanes.printableRunEnd(p, i, n)
                    let end = k < n && p[k] >= 0x80 ? k - 1 : k
                    if end > i {
                        kept(i, end)
                        i = end
                        continue
                    }
                }
                if Self.startsCluster(p, i + 1, n) {
                    if asciiReplacements[Int(b)] == nil { kept(i, i + 1) } else { changed(i, i + 1) }
                    i += 1
                    continue
                }
            } else {
                let (c, length) = UTF8Bytes.decode(p, i, n)
                if cicu_grapheme_break(c) <= 1, Self.startsCluster(p, i + length, n) {
                    if charsmap.shortestMatch(p + i, 0, length) == nil {
                        kept(i, i + length)
                    } else {
                        changed(i, i + length)
                    }
                    i += length
                    continue
                }
            }
            // A cluster boundary is certain between two ASCII characters, the first not CR.
            var k = i + 1
            while k < n, !(p[k] < 0x80 && p[k - 1] < 0x80 && p[k - 1] != 0x0D) { k += 1 }
            changed(i, k)
            i = k
        }
    }

    /// True when a grapheme cluster starts at `j` after any character of Grapheme_Cluster_Break
    /// Other or Control: the end, an ASCII byte, or a character that no rule joins to what
    /// precedes it (not Extend, SpacingMark, ZWJ or the old emoji classes).
    @inline(__always)
    private static func startsCluster(_ p: UnsafePointer<UInt8>, _ j: Int, _ n: Int) -> Bool {
        guard j < n, p[j] >= 0x80 else { return true }
        switch cicu_grapheme_break(UTF8Bytes.decode(p, j, n).0) {
        case 3, 10, 13, 14, 15, 16, 17: return false
        default: return true
        }
    }

    /// The normalized scalars of `string` with `tokenizers`' change counts, and in
    /// `leadingDeletions` how many characters were deleted before the first scalar (a count
    /// `tokenizers` gives the item before `string`, if there is one).
    private func scalars(of string: String, leadingDeletions: inout Int) -> [(UInt32, Int)] {
        var items: [(UInt32, Int)] = []
        items.reserveCapacity(string.utf8.count)
        for grapheme in string {
            let bytes = Array(String(grapheme).utf8)
            if bytes.count < 6, let replacement = lookup(bytes) {
                Self.replace(
                    &items, oldCount: grapheme.unicodeScalars.count, with: replacement, lost: &leadingDeletions)
                continue
            }
            for scalar in grapheme.unicodeScalars {
                if let replacement = lookup(Array(String(scalar).utf8)) {
                    Self.replace(&items, oldCount: 1, with: replacement, lost: &leadingDeletions)
                } else {
                    items.append((scalar.value, 0))
                }
            }
        }
        return items
    }

    private func lookup(_ bytes: [UInt8]) -> [UInt32]? {
        bytes.withUnsafeBufferPointer { b in
            charsmap.shortestMatch(b.baseAddress!, 0, b.count).map { match in
                Self.text(of: match.value, in: charsmap).unicodeScalars.map(\.value)
            }
        }
    }

    /// The replacement text of a rule (invalid UTF-8 in the blob read as U+FFFD, as every path
    /// here reads it).
    private static func text(of value: Range<Int>, in charsmap: PrecompiledCharsmap) -> String {
        String(decoding: charsmap.replacement(value), as: UTF8.self)
    }

    /// `tokenizers`' change counts for replacing `oldCount` characters by `new`; a deletion
    /// with no item before it is added to `lost`.
    static func replace(_ items: inout [(UInt32, Int)], oldCount: Int, with new: [UInt32], lost: inout Int) {
        let diff = new.count - oldCount
        items.append(contentsOf: new.map { ($0, 0) })
        if diff > 0 {
            for k in (items.count - diff)..<items.count { items[k].1 = 1 }
        } else if diff < 0 {
            if items.isEmpty { lost -= diff } else { items[items.count - 1].1 += diff }
        }
    }

    /// `{"type": "Precompiled", "precompiled_charsmap": base64}`.
    public var json: JSON {
        .object([("type", .string("Precompiled")), ("precompiled_charsmap", .string(Base64.encode(charsmap.blob)))])
    }
}

extension Precompiled {
    /// Reads `{"type": "Precompiled", "precompiled_charsmap": base64}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        try self.init(base64: try f.string("precompiled_charsmap"))
    }
}
