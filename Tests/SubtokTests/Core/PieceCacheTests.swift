import Foundation
import Testing

@testable import Subtok

@Suite struct PieceCacheTests {
    /// The key of `bytes[offset ..< offset + n]`, read with the text ending right after the piece
    /// (the byte-by-byte path) or with 16 more bytes readable (the masked-load path).
    private func key(_ bytes: [UInt8], _ offset: Int, _ n: Int, roomAfter: Bool) -> PieceCache.Key {
        let text = roomAfter ? bytes + [UInt8](repeating: 0xAA, count: 16) : Array(bytes[..<(offset + n)])
        return text.withUnsafeBufferPointer { b in
            PieceCache.Key(b.baseAddress! + offset, n, limit: b.baseAddress! + b.count)
        }
    }

    private func lookup(_ cache: PieceCache, _ key: PieceCache.Key) -> [UInt32] {
        var ids: [UInt32] = [99]
        let count = cache.lookup(key, appendingTo: &ids)
        #expect(ids.count == count + 1)
        return Array(ids.dropFirst())
    }

    private func insert(_ cache: PieceCache, _ key: PieceCache.Key, _ ids: [UInt32]) {
        ids.withUnsafeBufferPointer { cache.insert(key, ids: $0) }
    }

    /// The first `count` pieces "p0", "p1", ... whose home set is `target`.
    private func pieces(homeSet target: Int, count: Int) -> [[UInt8]] {
        var found: [[UInt8]] = []
        var k = 0
        while found.count < count {
            let piece = Array("p\(k)".utf8)
            if key(piece, 0, piece.count, roomAfter: false).set == target { found.append(piece) }
            k += 1
        }
        return found
    }

    @Test func keyIgnoresTheBytesAfterThePiece() {
        let bytes: [UInt8] = Array("0123456789abcdefghij".utf8)
        for n in 1...PieceCache.maximumPieceBytes {
            let masked = key(bytes, 2, n, roomAfter: true)
            let copied = key(bytes, 2, n, roomAfter: false)
            #expect(
                masked.low == copied.low && masked.high == copied.high && masked.count == copied.count, "length \(n)")
            var changed = bytes
            changed[2 + n - 1] ^= 1
            let other = key(changed, 2, n, roomAfter: true)
            #expect(
                other.low != masked.low || other.high != masked.high,
                "the last byte of a \(n)-byte piece is not in its key")
        }
    }

    @Test func keepsUpToFourIdsBelowTwoToThe21AndTellsPiecesApart() {
        let cache = PieceCache()
        let bytes = Array("hello world, again, and again".utf8)
        for count in 1...4 {
            let ids = [UInt32]([2_097_151, 0, 1_000_003, 7].prefix(count))
            insert(cache, key(bytes, count, 5, roomAfter: true), ids)
            #expect(lookup(cache, key(bytes, count, 5, roomAfter: false)) == ids, "\(count) ids")
        }
        #expect(lookup(cache, key(bytes, 1, 4, roomAfter: true)) == [])
        #expect(lookup(cache, key(bytes, 1, 6, roomAfter: true)) == [])
        insert(cache, key(bytes, 12, 5, roomAfter: true), Array(repeating: 9, count: 5))
        #expect(lookup(cache, key(bytes, 12, 5, roomAfter: true)) == [])
        insert(cache, key(bytes, 18, 5, roomAfter: true), [5, 2_097_152])
        #expect(lookup(cache, key(bytes, 18, 5, roomAfter: true)) == [])
    }

    /// A piece marked as spilled (more than four tokens, kept by the caller elsewhere) answers
    /// `spilled` to a look-up into a buffer, and nothing to a look-up that appends; other pieces
    /// are unaffected.
    @Test func aSpilledPieceSendsTheLookUpElsewhere() {
        let cache = PieceCache()
        let bytes = Array("          def f(x):".utf8)
        cache.insertSpilled(key(bytes, 0, 9, roomAfter: false))
        insert(cache, key(bytes, 0, 8, roomAfter: false), [220, 220])
        var ids = [UInt32](repeating: 0, count: PieceCache.maximumTokens)
        #expect(cache.lookup(key(bytes, 0, 9, roomAfter: true), writingTo: &ids) == PieceCache.spilled)
        #expect(lookup(cache, key(bytes, 0, 9, roomAfter: true)) == [])
        #expect(lookup(cache, key(bytes, 0, 8, roomAfter: true)) == [220, 220])
        #expect(lookup(cache, key(bytes, 0, 10, roomAfter: true)) == [])
    }

    /// 300,000 pieces into 131,072 sets of two: about 205,000 stay (a Poisson load of 2.29 per
    /// set), each with its own ids.
    @Test func staysCorrectThroughManyPieces() {
        let cache = PieceCache()
        let pieces = (0..<300_000).map { Array(" w\($0)".utf8) }
        for (k, piece) in pieces.enumerated() {
            insert(cache, key(piece, 0, piece.count, roomAfter: false), [UInt32(k), UInt32(piece.count)])
        }
        var found = 0
        for (k, piece) in pieces.enumerated() {
            let ids = lookup(cache, key(piece, 0, piece.count, roomAfter: true))
            if !ids.isEmpty {
                #expect(ids == [UInt32(k), UInt32(piece.count)])
                found += 1
            }
        }
        #expect(found > 195_000 && found <= 262_144)
    }

    /// A piece that was hit survives the new pieces of its set while others have not been hit
    /// since (CLOCK): with a random victim, one of six new pieces would evict it with odds 98%.
    @Test func aPieceInUseOutlivesNewPiecesOfItsSet() {
        let sameSet = pieces(homeSet: key(Array(" the".utf8), 0, 4, roomAfter: false).set, count: 7)
        let cache = PieceCache()
        let hot = key(Array(" the".utf8), 0, 4, roomAfter: false)
        insert(cache, hot, [262])
        for piece in sameSet.prefix(1) { insert(cache, key(piece, 0, piece.count, roomAfter: false), [1]) }
        #expect(lookup(cache, hot) == [262])
        for piece in sameSet.dropFirst(1).prefix(6) {
            insert(cache, key(piece, 0, piece.count, roomAfter: false), [2])
            #expect(lookup(cache, hot) == [262])
        }
    }

    /// Three pieces in use whose home is one set of two ways all stay: the third goes to its
    /// other set instead of evicting one of the first two (which, hit on every call, would then
    /// evict each other in turn and be merged again each time).
    @Test func aThirdPieceOfAFullSetGoesToItsOtherSet() {
        let sameSet =
            [Array(" of".utf8)] + pieces(homeSet: key(Array(" of".utf8), 0, 3, roomAfter: false).set, count: 2)
        let cache = PieceCache()
        for (id, piece) in sameSet.enumerated() {
            insert(cache, key(piece, 0, piece.count, roomAfter: false), [UInt32(id + 10)])
            #expect(lookup(cache, key(piece, 0, piece.count, roomAfter: true)) == [UInt32(id + 10)])
        }
        for (id, piece) in sameSet.enumerated() {
            #expect(lookup(cache, key(piece, 0, piece.count, roomAfter: true)) == [UInt32(id + 10)], "piece \(id)")
        }
    }

    /// Readers racing writers never see a torn entry. The pieces share sets, five or more to
    /// a set of two ways (found by their keys), so writers keep overwriting each other's
    /// entries while readers read them; every id list that comes back must be the one written
    /// for that piece (its number, repeated 1 to 4 times).
    @Test func sharedAcrossThreadsWithoutTornEntries() {
        var bySlot: [Int: [[UInt8]]] = [:]
        for k in 0..<400_000 {
            let piece = Array("c\(k)".utf8)
            bySlot[key(piece, 0, piece.count, roomAfter: false).set, default: []].append(piece)
        }
        let pieces = Array(bySlot.values.filter { $0.count >= 5 }.prefix(32).joined())
        #expect(pieces.count >= 64)
        let cache = PieceCache()
        let wrong = ManagedCounter()
        let hits = ManagedCounter()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for k in 0..<40_000 {
                let number = (k &* 7919 &+ thread &* 31) % pieces.count
                let piece = pieces[number]
                let expected = [UInt32](repeating: UInt32(number), count: 1 + number % 4)
                let found = lookup(cache, key(piece, 0, piece.count, roomAfter: false))
                if !found.isEmpty {
                    hits.increment()
                    if found != expected { wrong.increment() }
                }
                insert(cache, key(piece, 0, piece.count, roomAfter: false), expected)
            }
        }
        #expect(wrong.value == 0)
        #expect(hits.value > 0)
    }
}
