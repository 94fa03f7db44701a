import Foundation
import Testing

@testable import Subtok

@Suite struct LongPieceCacheTests {
    private func lookup(_ cache: LongPieceCache, _ piece: [UInt8]) -> [UInt32] {
        piece.withUnsafeBufferPointer { p in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: cache.maximumTokens) { ids in
                let count = cache.lookup(
                    p.baseAddress!, p.count, hash: LongPieceCache.hash(p.baseAddress!, p.count),
                    writingTo: ids.baseAddress!)
                return Array(ids[..<count])
            }
        }
    }

    private func insert(_ cache: LongPieceCache, _ piece: [UInt8], _ ids: [UInt32]) {
        piece.withUnsafeBufferPointer { p in
            ids.withUnsafeBufferPointer {
                cache.insert(p.baseAddress!, p.count, hash: LongPieceCache.hash(p.baseAddress!, p.count), ids: $0)
            }
        }
    }

    /// The set `piece` goes to in `cache`.
    private func set(_ cache: LongPieceCache, _ piece: [UInt8]) -> Int {
        piece.withUnsafeBufferPointer { cache.setIndex(LongPieceCache.hash($0.baseAddress!, $0.count)) }
    }

    @Test(arguments: [LongPieceCache.medium(), LongPieceCache.long()])
    func keepsEveryLengthAndIdCountAndTellsPiecesApart(cache: LongPieceCache) {
        var generator = SplitMix64(seed: .random(in: .min ... .max))
        for n in LongPieceCache.minimumPieceBytes...cache.maximumPieceBytes {
            let piece = (0..<n).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let ids = (0..<(1 + n % cache.maximumTokens)).map { _ in
                UInt32.random(in: 0...UInt32.max, using: &generator)
            }
            #expect(lookup(cache, piece).isEmpty)
            insert(cache, piece, ids)
            #expect(lookup(cache, piece) == ids, "n = \(n)")
            for at in [0, n / 2, max(n - 8, 0), n - 1] {
                var other = piece
                other[at] ^= 1
                #expect(lookup(cache, other).isEmpty, "n = \(n), byte \(at) changed")
            }
            #expect(lookup(cache, Array(piece.dropLast())).isEmpty)
        }
    }

    @Test(arguments: [LongPieceCache.medium(), LongPieceCache.long()])
    func refusesWhatItCannotHold(cache: LongPieceCache) {
        let short = [UInt8](repeating: 0x61, count: LongPieceCache.minimumPieceBytes - 1)
        let long = [UInt8](repeating: 0x61, count: cache.maximumPieceBytes + 1)
        let piece = [UInt8](repeating: 0x62, count: 40)
        insert(cache, piece, [UInt32](repeating: 7, count: cache.maximumTokens + 1))
        #expect(lookup(cache, piece).isEmpty)
        insert(cache, piece, [])
        #expect(lookup(cache, piece).isEmpty)
        short.withUnsafeBufferPointer { p in
            [UInt32(1)].withUnsafeBufferPointer { cache.insert(p.baseAddress!, p.count, hash: 1, ids: $0) }
        }
        long.withUnsafeBufferPointer { p in
            [UInt32(1)].withUnsafeBufferPointer { cache.insert(p.baseAddress!, p.count, hash: 1, ids: $0) }
        }
        #expect(lookup(cache, Array(long.prefix(cache.maximumPieceBytes))).isEmpty)
    }

    @Test func aPieceInUseOutlivesNewPiecesOfItsSet() {
        let cache = LongPieceCache.medium()
        let first = Array("いつもの\(0)さんぽみち".utf8)
        var sameSet: [[UInt8]] = []
        var k = 1
        while sameSet.count < 6 {
            let piece = Array("いつもの\(k)さんぽみち".utf8)
            if set(cache, piece) == set(cache, first) { sameSet.append(piece) }
            k += 1
        }
        insert(cache, first, [1, 2, 3, 4, 5])
        for (k, piece) in sameSet.enumerated() {
            #expect(lookup(cache, first) == [1, 2, 3, 4, 5], "after \(k) new pieces of its set")
            insert(cache, piece, [UInt32(k)])
        }
        #expect(lookup(cache, first) == [1, 2, 3, 4, 5])
    }

    @Test func sharedAcrossThreadsWithoutTornEntries() {
        let cache = LongPieceCache.medium()
        var bySet: [Int: [[UInt8]]] = [:]
        for k in 0..<300_000 {
            let piece = Array("long piece number \(k)".utf8)
            bySet[set(cache, piece), default: []].append(piece)
        }
        let pieces = Array(bySet.values.filter { $0.count >= 5 }.prefix(24).joined())
        #expect(pieces.count >= 60)
        let wrong = ManagedCounter()
        let hits = ManagedCounter()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for k in 0..<20_000 {
                let number = (k &* 7919 &+ thread &* 31) % pieces.count
                let expected = (0..<(1 + number % cache.maximumTokens)).map { UInt32(number &* 1000 &+ $0) }
                let found = lookup(cache, pieces[number])
                if !found.isEmpty {
                    hits.increment()
                    if found != expected { wrong.increment() }
                }
                insert(cache, pieces[number], expected)
            }
        }
        #expect(wrong.value == 0)
        #expect(hits.value > 0)
    }
}
