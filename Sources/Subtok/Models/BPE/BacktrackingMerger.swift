/// Byte-level BPE of a long piece in time linear in its length: the backtracking encoder of
/// rust-gems' `bpe` crate (van Antwerpen and Neubeck, GitHub 2024). It walks the piece left to
/// right taking the longest token that starts at each point, and keeps a token only when BPE
/// of the previous token's bytes and its own would leave the two apart (`isValidPair`, which
/// unwinds both tokens' merges from the boundary). Otherwise it tries the next shorter token
/// there, and when none fits it steps back one token; a position from which no valid
/// continuation exists is marked so that it is never tried again. The result equals the
/// rank-ordered merge (`FlatMerge`) whenever every token's own merge tree ranks its merges
/// after its parts', which `init` checks; tokens whose bytes do not merge into themselves are
/// never produced by BPE and are left out.
struct BacktrackingMerger: Sendable {
    /// The longest-token look-up over every token (producible or not: `lengths` tells).
    let trie: TokenTrie
    /// The byte ids and the merge table.
    let merger: ByteMerger
    /// Each id's length in bytes (0 for ids never produced).
    let lengths: [UInt32]
    /// The longest producible token that is a proper prefix of each id (`TokenTrie.none` for none).
    let shorter: [UInt32]
    /// Each producible multi-byte id's last merge, `left << 32 | right`; `UInt64.max` for single
    /// bytes.
    let splits: [UInt64]
    /// The rank of each producible multi-byte id's last merge.
    let ranks: [UInt32]

    /// The pieces of at least this many bytes that `BPE` merges with this encoder; shorter ones
    /// go through `FlatMerge`, which is faster while its heap fits the CPU's caches.
    static let minimumPieceBytes = 16384

    /// The encoder for the tokens `bytes` (indexed by id; nil for ids that are not byte strings,
    /// `raw` mapping each byte string to its id) merged by `merger`, or nil when a byte has no
    /// token or a token's last merge is ranked before one of its parts'. Tokens are taken
    /// shortest first; a token's last merge is the split (longest left part first) into two
    /// producible tokens that merge into it and that BPE of its bytes reaches
    /// (`isValidPair` below the top merge), as the `bpe` crate builds its split table.
    /// O(total token bytes) plus one hash look-up per split tried and the trie's sort: tens of
    /// milliseconds for 100,000 tokens.
    init?(bytes: [[UInt8]?], raw: ByteStringTable, merger: ByteMerger) {
        guard !merger.byteIDs.contains(ByteMerger.missing) else { return nil }
        let count = bytes.count
        var lengths = [UInt32](repeating: 0, count: count)
        var splits = [UInt64](repeating: .max, count: count)
        var ranks = [UInt32](repeating: 0, count: count)
        var keys: [([UInt8], UInt32, UInt32)] = []
        var byLength: [[Int]] = []
        for (id, token) in bytes.enumerated() {
            guard let token, !token.isEmpty else { continue }
            keys.append((token, TokenTrie.initialRoot, UInt32(id)))
            while byLength.count <= token.count { byLength.append([]) }
            byLength[token.count].append(id)
        }
        for id in merger.byteIDs { lengths[Int(id)] = 1 }
        var shorter = [UInt32](repeating: TokenTrie.none, count: count)
        let trie = TokenTrie(keys: keys)
        for id in byLength.dropFirst(2).joined() {
            let token = bytes[id]!
            let found: (split: UInt64, rank: UInt32)? = token.withUnsafeBufferPointer { b in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: b.count) { lefts in
                    var candidates = 0
                    trie.forEachPrefix(b.baseAddress!, 0, b.count - 1, from: TokenTrie.initialRoot) { left, _ in
                        lefts[candidates] = left
                        candidates += 1
                    }
                    for c in stride(from: candidates - 1, through: 0, by: -1) where lengths[Int(lefts[c])] != 0 {
                        shorter[id] = lefts[c]
                        break
                    }
                    return splits.withUnsafeBufferPointer { splitTable in
                        ranks.withUnsafeBufferPointer { rankTable in
                            for c in stride(from: candidates - 1, through: 0, by: -1) {
                                let left = lefts[c], k = Int(lengths[Int(left)])
                                guard k != 0, let right = raw.lookup(b.baseAddress! + k, b.count - k),
                                    lengths[Int(right)] != 0
                                else { continue }
                                let merge = merger.pairs.lookup(left, right)
                                guard merge != .max, UInt32(truncatingIfNeeded: merge) == UInt32(id),
                                    Self.isValidPair(
                                        left, right, below: 0, splits: splitTable.baseAddress!,
                                        ranks: rankTable.baseAddress!, pairs: merger.pairs)
                                else { continue }
                                return (UInt64(left) << 32 | UInt64(right), UInt32(truncatingIfNeeded: merge >> 32))
                            }
                            return nil
                        }
                    }
                }
            }
            guard let found else { continue }
            for part in [UInt32(truncatingIfNeeded: found.split >> 32), UInt32(truncatingIfNeeded: found.split)] {
                if splits[Int(part)] != .max && ranks[Int(part)] >= found.rank { return nil }
            }
            lengths[id] = UInt32(token.count)
            splits[id] = found.split
            ranks[id] = found.rank
        }
        self.trie = trie
        self.merger = merger
        self.lengths = lengths
        self.shorter = shorter
        self.splits = splits
        self.ranks = ranks
    }

    /// Whether BPE of `left`'s bytes followed by `right`'s ends as exactly those two tokens,
    /// ignoring merges across the boundary of rank `top` or above (`UInt64.max`: none ignored):
    /// undoing the two tokens' merges from the latest (highest rank) down, no merge across the
    /// boundary may come before the merge just undone. A merge on the left wins a tie of ranks
    /// (it is further left), one across the boundary wins a tie with the right token's.
    @inline(__always)
    static func isValidPair(
        _ left: UInt32, _ right: UInt32, below top: UInt64,
        splits: UnsafePointer<UInt64>, ranks: UnsafePointer<UInt32>, pairs: PairTable
    ) -> Bool {
        var a = left, b = right
        var limit = top
        while true {
            let across = pairs.lookup(a, b)
            if across != .max && across >> 32 < limit { return false }
            let splitA = splits[Int(a)], splitB = splits[Int(b)]
            if splitA == .max && splitB == .max { return true }
            if splitA != .max && (splitB == .max || ranks[Int(a)] > ranks[Int(b)]) {
                limit = UInt64(ranks[Int(a)])
                a = UInt32(truncatingIfNeeded: splitA)
            } else {
                limit = UInt64(ranks[Int(b)]) + 1
                b = UInt32(truncatingIfNeeded: splitB >> 32)
            }
        }
    }

    /// Appends the BPE tokens of the `n` bytes at `p` (offset `start` in the text), with their
    /// byte ranges. O(n) look-ups in amortized terms; one temporary buffer of 4n bytes plus n / 8
    /// bytes of marks.
    func mergePiece(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, into output: inout ModelOutput) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n) { stackBuffer in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n / 64 + 1) { markBuffer in
                let stack = stackBuffer.baseAddress!, dead = markBuffer.baseAddress!
                dead.initialize(repeating: 0, count: n / 64 + 1)
                let count = walk(p, n, stack: stack, dead: dead)
                guard count >= 0 else { return merger.mergePiece(p, start, n, into: &output) }
                var s = start
                for k in 0..<count {
                    let e = s + Int(lengths[Int(stack[k])])
                    output.append(stack[k], s, e)
                    s = e
                }
            }
        }
    }

    /// The id of the longest token that `p[start ..< n]` starts with, or
    /// `TokenTrie.none` at the end.
    @inline(__always)
    private func longest(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int) -> UInt32 {
        trie.longestMatch(p, start, n, from: TokenTrie.initialRoot)?.0 ?? TokenTrie.none
    }

    /// The tables' storage, for the length of one walk.
    private struct Tables {
        let lengths: UnsafePointer<UInt32>
        let shorter: UnsafePointer<UInt32>
        let splits: UnsafePointer<UInt64>
        let ranks: UnsafePointer<UInt32>
    }

    private func withTables<R>(_ body: (Tables) -> R) -> R {
        lengths.withUnsafeBufferPointer { lengths in
            shorter.withUnsafeBufferPointer { shorter in
                splits.withUnsafeBufferPointer { splits in
                    ranks.withUnsafeBufferPointer { ranks in
                        body(
                            Tables(
                                lengths: lengths.baseAddress!, shorter: shorter.baseAddress!,
                                splits: splits.baseAddress!, ranks: ranks.baseAddress!))
                    }
                }
            }
        }
    }

    /// The backtracking walk over `p[0 ..< n]`: writes the tokens to `stack` and returns their
    /// number. `dead` has a bit per position (set: no valid encoding of the rest starts there).
    /// Returns -1 if the walk steps back past the start, which a vocabulary that `init` accepts
    /// never does; the caller then merges by rank.
    private func walk(
        _ p: UnsafePointer<UInt8>, _ n: Int, stack: UnsafeMutablePointer<UInt32>, dead: UnsafeMutablePointer<UInt64>
    ) -> Int {
        withTables { t in
            var count = 0, position = 0
            var next = longest(p, 0, n)
            while position < n {
                if next != TokenTrie.none {
                    guard t.lengths[Int(next)] != 0 else {
                        next = t.shorter[Int(next)]
                        continue
                    }
                    let end = position + Int(t.lengths[Int(next)])
                    let alive = end == n || dead[end >> 6] & (1 << UInt64(end & 63)) == 0
                    if alive
                        && (count == 0
                            || Self.isValidPair(
                                stack[count - 1], next, below: .max, splits: t.splits,
                                ranks: t.ranks, pairs: merger.pairs))
                    {
                        stack[count] = next
                        count += 1
                        position = end
                        next = longest(p, end, n)
                    } else {
                        next = t.shorter[Int(next)]
                    }
                } else {
                    guard count > 0 else { return -1 }
                    dead[position >> 6] |= 1 << UInt64(position & 63)
                    count -= 1
                    let last = stack[count]
                    position -= Int(t.lengths[Int(last)])
                    next = t.shorter[Int(last)]
                }
            }
            return count
        }
    }
}
