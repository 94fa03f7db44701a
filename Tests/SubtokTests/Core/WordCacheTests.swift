import Foundation
import Testing

@testable import Subtok

@Suite struct WordCacheTests {
    private func insert(_ cache: WordCache, _ word: String, ids: [UInt32], lengths: [UInt32], tag: Float = 1) {
        let bytes = Array(word.utf8)
        bytes.withUnsafeBufferPointer { b in
            ids.withUnsafeBufferPointer { i in
                lengths.withUnsafeBufferPointer { l in
                    cache.insert(
                        b.baseAddress!, b.count, hash: WordCache.hash(b.baseAddress!, b.count), ids: i, lengths: l,
                        tag: tag)
                }
            }
        }
    }

    private func lookup(_ cache: WordCache, _ word: String) -> WordCache.Entry? {
        let bytes = Array(word.utf8) + [0]
        return bytes.withUnsafeBufferPointer { b in
            cache.lookup(b.baseAddress!, b.count - 1, hash: WordCache.hash(b.baseAddress!, b.count - 1))
        }
    }

    @Test func keepsTokensAndTag() throws {
        let cache = WordCache()
        insert(cache, "▁hello", ids: [7, 2_097_151, 9, 12], lengths: [3, 2, 1, 2], tag: 0.25)
        let entry = try #require(lookup(cache, "▁hello"))
        #expect(entry.count == 4)
        #expect((0..<4).map(entry.id) == [7, 2_097_151, 9, 12])
        #expect((0..<4).map(entry.length) == [3, 2, 1, 2])
        #expect(entry.tag == 0.25)
        #expect(lookup(cache, "▁hell") == nil)
        #expect(lookup(cache, "▁hellO") == nil)
        insert(cache, "abcdefghijklmnopqrstuvwx", ids: [1, 2_000_000, 3, 4, 5, 6], lengths: [1, 2, 3, 4, 5, 9])
        let six = try #require(lookup(cache, "abcdefghijklmnopqrstuvwx"))
        #expect((0..<six.count).map(six.id) == [1, 2_000_000, 3, 4, 5, 6])
        #expect((0..<six.count).map(six.length) == [1, 2, 3, 4, 5, 9])
        insert(cache, "big", ids: [2_097_152], lengths: [3])
        #expect(lookup(cache, "big") == nil)
    }

    /// A word kept again replaces its entry (the newer tokens and tag are found) instead of
    /// taking a second one behind the first, where look-ups would never reach it.
    @Test func aWordKeptAgainReplacesItsEntry() throws {
        let cache = WordCache()
        insert(cache, "▁again", ids: [1, 2], lengths: [4, 4], tag: 1)
        insert(cache, "▁again", ids: [3], lengths: [8], tag: 2)
        let entry = try #require(lookup(cache, "▁again"))
        #expect(entry.count == 1 && entry.id(0) == 3 && entry.tag == 2)
    }

    @Test func refusesLongWordsAndManyTokens() {
        let cache = WordCache()
        let long = String(repeating: "a", count: WordCache.maximumWordBytes + 1)
        insert(cache, long, ids: [1], lengths: [UInt32(long.utf8.count)])
        insert(cache, "abcdefg", ids: [1, 2, 3, 4, 5, 6, 7], lengths: [1, 1, 1, 1, 1, 1, 1])
        #expect(lookup(cache, long) == nil)
        #expect(lookup(cache, "abcdefg") == nil)
        let longest = String(repeating: "b", count: WordCache.maximumWordBytes)
        insert(cache, longest, ids: [3], lengths: [UInt32(longest.utf8.count)])
        #expect(lookup(cache, longest)?.id(0) == 3)
    }

    @Test func staysBoundedAndCorrectThroughManyWords() {
        let cache = WordCache()
        for k in 0..<200_000 { insert(cache, "w\(k)", ids: [UInt32(k)], lengths: [UInt32("w\(k)".utf8.count)]) }
        var found = 0
        for k in 0..<200_000 {
            if let entry = lookup(cache, "w\(k)") {
                #expect(entry.id(0) == UInt32(k))
                found += 1
            }
        }
        #expect(found > 0 && found <= 131_072)
        #expect(lookup(cache, "w199999")?.id(0) == 199_999)
    }

    /// A novel's worth of distinct words (50,000) nearly all stay: the two-way sets with a
    /// second set per word spread them over the 131,072 entries.
    @Test func keepsANovelsDistinctWords() {
        let cache = WordCache()
        for k in 0..<50_000 { insert(cache, "▁v\(k)", ids: [UInt32(k)], lengths: [UInt32("▁v\(k)".utf8.count)]) }
        let found = (0..<50_000).filter { lookup(cache, "▁v\($0)")?.id(0) == UInt32($0) }.count
        #expect(found >= 49_500, "\(found) of 50,000 words kept")
    }

    /// Every byte of a kept word of every length counts: the same hash with one byte changed
    /// (looked up under the kept word's hash) is a miss.
    @Test func aWordDifferingInOneByteMisses() {
        let cache = WordCache()
        for n in 1...WordCache.maximumWordBytes {
            let word = (0..<n).map { UInt8(0x41 + $0) }
            let hash = word.withUnsafeBufferPointer { WordCache.hash($0.baseAddress!, n) }
            word.withUnsafeBufferPointer { b in
                [UInt32(n)].withUnsafeBufferPointer {
                    cache.insert(b.baseAddress!, n, hash: hash, ids: $0, lengths: $0, tag: 1)
                }
            }
            #expect(word.withUnsafeBufferPointer { cache.lookup($0.baseAddress!, n, hash: hash)?.id(0) } == UInt32(n))
            for i in 0..<n {
                var changed = word
                changed[i] ^= 0x20
                #expect(
                    changed.withUnsafeBufferPointer { cache.lookup($0.baseAddress!, n, hash: hash) } == nil,
                    "byte \(i) of \(n)")
            }
        }
    }

    @Test func hashReadsEveryByteOfEveryLength() {
        for n in 1...WordCache.maximumWordBytes {
            var word = (0..<n).map { UInt8(0x61 + $0) }
            let original = word.withUnsafeBufferPointer { WordCache.hash($0.baseAddress!, n) }
            #expect(original & 1 == 1)
            for i in 0..<n {
                word[i] ^= 0x20
                let changed = word.withUnsafeBufferPointer { WordCache.hash($0.baseAddress!, n) }
                #expect(changed != original, "byte \(i) of a \(n)-byte word is not hashed")
                word[i] ^= 0x20
            }
            let shorter = word.withUnsafeBufferPointer { WordCache.hash($0.baseAddress!, n - 1) }
            #expect(shorter != original)
        }
    }

    @Test func sharedAcrossThreads() {
        let cache = WordCache()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for k in 0..<20_000 {
                let word = "t\(k % 3000)"
                if let entry = lookup(cache, word) {
                    precondition(entry.id(0) == UInt32(k % 3000), "a cached entry came back wrong")
                } else {
                    insert(cache, word, ids: [UInt32(k % 3000)], lengths: [UInt32(word.utf8.count)])
                }
            }
            _ = thread
        }
        #expect(lookup(cache, "t2999")?.id(0) == 2999)
    }
}
