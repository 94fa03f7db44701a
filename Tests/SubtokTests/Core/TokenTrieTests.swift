import Testing

@testable import Subtok

@Suite struct TokenTrieTests {
    /// Random keys over a small alphabet (so they share prefixes), with duplicates under both roots.
    static func keys(seed: UInt64) -> [([UInt8], UInt32, UInt32)] {
        var random = SplitMix64(seed: seed)
        var keys: [([UInt8], UInt32, UInt32)] = []
        for id in 0..<600 {
            let length = 1 + Int(random.next() % 6)
            let bytes = (0..<length).map { _ in
                [UInt8(ascii: "a"), UInt8(ascii: "b"), 0xC3, 0xA9, 0xFF][Int(random.next() % 5)]
            }
            keys.append((bytes, UInt32(random.next() % 2), UInt32(id)))
        }
        keys.append(keys[10])
        keys.append((keys[20].0, keys[20].1, 9999))
        return keys
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func prefixSearchMatchesEveryKeyAFirstIDWins(seed: UInt64) {
        let keys = Self.keys(seed: seed)
        let trie = TokenTrie(keys: keys)
        var first: [[UInt8]: UInt32] = [:]
        for (bytes, root, id) in keys where first[[UInt8(root)] + bytes] == nil { first[[UInt8(root)] + bytes] = id }
        var random = SplitMix64(seed: seed + 100)
        for _ in 0..<300 {
            let text = (0..<8).map { _ in
                [UInt8(ascii: "a"), UInt8(ascii: "b"), 0xC3, 0xA9, 0xFF][Int(random.next() % 5)]
            }
            for root in [TokenTrie.initialRoot, TokenTrie.continuationRoot] {
                var expected: [(UInt32, Int)] = []
                for length in 1...text.count {
                    if let id = first[[UInt8(root)] + text[0..<length]] { expected.append((id, length)) }
                }
                var found: [(UInt32, Int)] = []
                text.withUnsafeBufferPointer { p in
                    trie.forEachPrefix(p.baseAddress!, 0, text.count, from: root) { found.append(($0, $1)) }
                    let longest = trie.longestMatch(p.baseAddress!, 0, text.count, from: root)
                    #expect(longest?.0 == expected.last?.0 && longest?.1 == expected.last?.1)
                }
                #expect(found.map(\.0) == expected.map(\.0) && found.map(\.1) == expected.map(\.1))
            }
        }
    }

    /// Keys over every byte value: crowded nodes that fill the double array, so placement has to
    /// search and fall back past the highest slot.
    @Test func denseKeysOverEveryByteMatch() {
        var random = SplitMix64(seed: 5)
        var ids: [[UInt8]: UInt32] = [:]
        var keys: [([UInt8], UInt32, UInt32)] = []
        for id in 0..<20_000 {
            let bytes = (0..<(1 + Int(random.next() % 3))).map { _ in
                UInt8(truncatingIfNeeded: random.next() % (random.next() % 2 == 0 ? 256 : 16))
            }
            if ids[bytes] == nil { ids[bytes] = UInt32(id) }
            keys.append((bytes, TokenTrie.initialRoot, UInt32(id)))
        }
        let trie = TokenTrie(keys: keys)
        for _ in 0..<2000 {
            let text = (0..<4).map { _ in UInt8(truncatingIfNeeded: random.next() % (random.next() % 2 == 0 ? 256 : 16))
            }
            var found: [(UInt32, Int)] = []
            text.withUnsafeBufferPointer { p in
                trie.forEachPrefix(p.baseAddress!, 0, 4, from: TokenTrie.initialRoot) { found.append(($0, $1)) }
            }
            let expected = (1...4).compactMap { length in ids[Array(text[0..<length])].map { ($0, length) } }
            #expect(found.map(\.0) == expected.map(\.0) && found.map(\.1) == expected.map(\.1))
        }
    }

    @Test func emptyTrieAndEmptyKeysNeverMatch() {
        let text: [UInt8] = Array("abc".utf8)
        for trie in [TokenTrie(keys: []), TokenTrie(keys: [([], 0, 7)])] {
            text.withUnsafeBufferPointer { p in
                #expect(trie.longestMatch(p.baseAddress!, 0, 3, from: TokenTrie.initialRoot) == nil)
            }
        }
    }
}
