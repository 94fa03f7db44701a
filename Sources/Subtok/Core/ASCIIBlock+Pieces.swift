extension ASCIIBlock {
    /// The fewest ASCII bytes worth deciding as a block: text whose next eight bytes are not all
    /// ASCII goes piece by piece without building one.
    static let shortestBlock = 8

    /// Writes the ends of the first `capacity` pieces of `p[start ..< end]` for a scanner that
    /// decides ASCII text 64 bytes at a time; returns how many. O(n): O(1) per block and per
    /// piece end, plus `pieceEnd`'s cost.
    ///
    /// `blockEnds(block, at, next)` gives the piece ends inside the block read at `at` (a piece
    /// starts there) as bits (bit j: a piece ends before byte j; bit 0 never set), and whether
    /// they are all the piece ends before the block's last byte; `next` is the index after the
    /// block. Emission resumes at the last end found, so a block only reports ends it is sure
    /// of. Where no block is worth building, or a block holds no end, `pieceEnd(i)` gives the
    /// end of the one piece at `i`, character by character.
    @inline(__always)
    static func pieces(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into ends: UnsafeMutablePointer<Int>, capacity: Int,
        blockEnds: (ASCIIBlock, UnsafePointer<UInt8>, Int) -> (UInt64, Bool), pieceEnd: (Int) -> Int
    ) -> Int {
        var i = start
        var count = 0
        while i < end, count < capacity {
            if end &- i >= shortestBlock, UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & ByteLanes.high == 0 {
                let block = ASCIIBlock(p + i, available: end &- i)
                let next = i &+ block.count
                let (cut, complete) = blockEnds(block, p + i, next)
                if cut != 0 {
                    var bits = cut
                    var last = 0
                    while bits != 0, count < capacity {
                        last = bits.trailingZeroBitCount
                        ends[count] = i &+ last
                        count &+= 1
                        bits &= bits &- 1
                    }
                    i &+= last
                    if bits == 0, complete, next == end, count < capacity {
                        ends[count] = end
                        count &+= 1
                        i = end
                    }
                    continue
                }
            }
            i = pieceEnd(i)
            ends[count] = i
            count &+= 1
        }
        return count
    }

    /// `cut` (piece ends inside this block, read at `p`; bit 0 clear) with each apostrophe that
    /// starts a piece and begins a contraction of `length(at)` bytes (0: none) made one piece,
    /// and whether the ends are all there: `complete`, unless an apostrophe comes within three
    /// bytes of the block's end, where the contraction may reach past it and the ends stop at
    /// the apostrophe. O(1) per apostrophe that starts a piece.
    @inline(__always)
    func joiningContractions(
        _ cut: UInt64, at p: UnsafePointer<UInt8>, complete: Bool, length: (UnsafePointer<UInt8>) -> Int
    ) -> (UInt64, Bool) {
        var cut = cut
        var contractions = (cut | 1) & apostrophes
        while contractions != 0 {
            let j = contractions.trailingZeroBitCount
            contractions &= contractions &- 1
            guard j &+ 3 < count else { return (cut & ((2 &<< UInt64(j)) &- 1), false) }
            let n = length(p + j)
            if n > 0 {
                cut = (cut & ~(((1 &<< UInt64(n &- 1)) &- 1) &<< UInt64(j &+ 1))) | 1 &<< UInt64(j &+ n)
            }
        }
        return (cut, complete)
    }
}
