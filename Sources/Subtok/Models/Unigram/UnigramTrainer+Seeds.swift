import CICU
import Dispatch
import Glibc

extension UnigramTrainer {
    /// The characters kept in the alphabet: the most frequent ones until they cover
    /// `characterCoverage` of all character occurrences (SentencePiece's required characters),
    /// with their counts, most frequent first.
    func requiredCharacters(_ words: [(word: [UInt8], count: UInt64)]) -> [(scalar: UInt32, count: Double)] {
        var counts: [UInt32: Double] = [:]
        var total = 0.0
        for (word, count) in words {
            for scalar in String(decoding: word, as: UTF8.self).unicodeScalars {
                counts[scalar.value, default: 0] += Double(count)
                total += Double(count)
            }
        }
        let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var kept: [(scalar: UInt32, count: Double)] = []
        var covered = 0.0
        for (scalar, count) in sorted {
            if covered / total >= characterCoverage && !kept.isEmpty { break }
            kept.append((scalar, count))
            covered += count
        }
        return kept
    }

    /// The seed pieces: every required character with its count, and the substrings of words
    /// that could be pieces (SentencePiece's `IsValidSentencePiece`: at most `maximumPieceLength`
    /// characters, `▁` only first, one script, no unknown characters) and are right-maximal
    /// (followed by two different characters, or ending a word or a valid stretch), seen at least
    /// twice, scored count × length; the `seedSize` best. Scores are returned as log
    /// probabilities.
    ///
    /// As SentencePiece does with a suffix array, but over the distinct words weighted by their
    /// counts: every position starting a valid substring of two or more characters is a key (its
    /// longest valid substring); the keys are bucketed by their first two bytes, each bucket
    /// sorted, and one pass over the sorted keys walks the trie they spell, so every distinct
    /// substring is visited once, in order, with its total count. Buckets are sorted and walked
    /// on all threads. O(K log K) for K keys, 16 bytes each; no table of all substrings.
    func seedPieces(
        _ words: [(word: [UInt8], count: UInt64)], required: [(scalar: UInt32, count: Double)]
    ) -> [(text: [UInt8], score: Double)] {
        var classes: [UInt32: Int32] = [:]
        for (scalar, _) in required { classes[scalar] = characterClass(scalar) }
        var text: [UInt8] = []
        for (word, _) in words { text.append(contentsOf: word) }
        text.append(contentsOf: repeatElement(0, count: 8))
        var keys: [SeedKey] = []
        var bucketStart = [Int](repeating: 0, count: 1 << 16 + 1)
        text.withUnsafeBufferPointer { t in
            let p = t.baseAddress!
            for pass in 0..<2 {
                if pass == 1 {
                    for b in 0..<(1 << 16) { bucketStart[b + 1] += bucketStart[b] }
                    keys = [SeedKey](repeating: SeedKey(position: 0, word: 0, length: 0), count: bucketStart[1 << 16])
                }
                var next = bucketStart
                var offset = 0
                var starts: [Int] = [], kinds: [Int32] = []
                for (w, (word, _)) in words.enumerated() {
                    defer { offset += word.count }
                    starts.removeAll(keepingCapacity: true)
                    kinds.removeAll(keepingCapacity: true)
                    var i = 0
                    while i < word.count {
                        let (scalar, length) = UTF8Bytes.decode(p, offset + i, offset + word.count)
                        starts.append(offset + i)
                        kinds.append(classes[scalar] ?? Self.disallowed)
                        i += length
                    }
                    starts.append(offset + word.count)
                    for i in 0..<kinds.count {
                        var script = Script.any
                        var j = i
                        while j < min(kinds.count, i + maximumPieceLength) && extend(&script, kinds[j], at: j - i) {
                            j += 1
                        }
                        guard j - i >= 2 else { continue }
                        let bucket = Int(p[starts[i]]) << 8 | Int(p[starts[i] + 1])
                        if pass == 0 {
                            bucketStart[bucket + 1] += 1
                        } else {
                            keys[next[bucket]] = SeedKey(
                                position: starts[i], word: UInt32(w), length: UInt16(starts[j] - starts[i]))
                            next[bucket] += 1
                        }
                    }
                }
            }
        }
        let weights = words.map { Double($0.count) }
        let offsets = bucketStart
        let groups = Self.bucketGroups(offsets, count: 4 * Tokenizer.workerCount(threads))
        var found = [[SeedCandidate]](repeating: [], count: groups.count - 1)
        text.withUnsafeBufferPointer { t in
            keys.withUnsafeMutableBufferPointer { keys in
                found.withUnsafeMutableBufferPointer { found in
                    let shared = UnsafeSendableParts(found), sharedKeys = UnsafeSendableParts(keys)
                    let sharedText = UnsafeSendableParts(UnsafeMutableBufferPointer(mutating: t))
                    DispatchQueue.concurrentPerform(iterations: groups.count - 1) { g in
                        let p = UnsafePointer(sharedText.parts.baseAddress!)
                        for b in groups[g]..<groups[g + 1] where offsets[b + 1] - offsets[b] > 1 {
                            var bucket = UnsafeMutableBufferPointer(
                                rebasing: sharedKeys.parts[offsets[b]..<offsets[b + 1]])
                            bucket.sort { Self.precedes(p, $0.position, $0.length, $1.position, $1.length) }
                        }
                        let slice = UnsafeBufferPointer(
                            rebasing: sharedKeys.parts[offsets[groups[g]]..<offsets[groups[g + 1]]])
                        shared.parts[g] = Self.maximalSubstrings(p, slice, weights)
                    }
                }
            }
        }
        keys = []
        var candidates = found.flatMap { $0 }
        found = []
        text.withUnsafeBufferPointer { t in
            let p = t.baseAddress!
            candidates.sort { a, b in
                let sa = a.count * Double(a.characters), sb = b.count * Double(b.characters)
                if sa != sb { return sa > sb }
                return Self.precedes(p, a.position, a.length, b.position, b.length)
            }
        }
        if candidates.count > seedSize { candidates.removeLast(candidates.count - seedSize) }
        var seeds: [(text: [UInt8], score: Double)] = required.map {
            (Array(String(Unicode.Scalar($0.scalar)!).utf8), $0.count)
        }
        for c in candidates {
            seeds.append((Array(text[c.position..<(c.position + Int(c.length))]), c.count * Double(c.characters)))
        }
        let logTotal = log(seeds.reduce(0) { $0 + $1.score })
        return seeds.map { ($0.text, log($0.score) - logTotal) }
    }

    /// A position starting a valid substring of two or more characters, and the byte length of
    /// the longest one.
    struct SeedKey {
        var position: Int
        var word: UInt32
        var length: UInt16
    }

    /// A seed substring: where it occurs, its byte and character lengths and its total count.
    struct SeedCandidate {
        var position: Int
        var length: UInt16
        var characters: UInt16
        var count: Double
    }

    /// Bucket boundaries cutting the 65,536 buckets into about `count` groups of equal key count.
    private static func bucketGroups(_ bucketStart: [Int], count: Int) -> [Int] {
        let total = bucketStart[1 << 16]
        var groups = [0]
        for b in 0..<(1 << 16) where bucketStart[b + 1] * count >= total * groups.count && groups.count < count {
            groups.append(b + 1)
        }
        if groups.last != 1 << 16 { groups.append(1 << 16) }
        return groups
    }

    /// Whether the substring of `aLength` bytes at `a` sorts before the one at `b` (bytes, then
    /// the shorter first); both are followed by at least 8 readable bytes.
    @inline(__always)
    private static func precedes(
        _ p: UnsafePointer<UInt8>, _ a: Int, _ aLength: UInt16, _ b: Int, _ bLength: UInt16
    ) -> Bool {
        let m = Int(min(aLength, bLength))
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i < m {
            let x = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: a + i, as: UInt64.self))
            let y = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: b + i, as: UInt64.self))
            let left = m - i
            let mask: UInt64 = left >= 8 ? .max : ~(UInt64.max >> (8 * left))
            if x & mask != y & mask { return x & mask < y & mask }
            i += 8
        }
        return aLength < bLength
    }

    /// Walks the trie spelled by sorted keys (a stack holds the current path) and returns every
    /// node of two or more characters seen at least twice that is right-maximal: it branches, or
    /// a key ends there. O(total key characters).
    private static func maximalSubstrings(
        _ p: UnsafePointer<UInt8>, _ keys: UnsafeBufferPointer<SeedKey>, _ weights: [Double]
    ) -> [SeedCandidate] {
        var found: [SeedCandidate] = []
        var path: [(characters: Int, bytes: Int, count: Double, children: Int, ends: Bool)] = []
        for k in 0...keys.count {
            var common = 0, commonBytes = 0
            if k > 0 && k < keys.count {
                let a = keys[k - 1], b = keys[k]
                let limit = Int(min(a.length, b.length))
                while commonBytes < limit {
                    let length = UTF8Bytes.sequenceLength(lead: p[b.position + commonBytes])
                    guard commonBytes + length <= limit,
                        bytesEqual(p + a.position + commonBytes, p + b.position + commonBytes, length)
                    else { break }
                    commonBytes += length
                    common += 1
                }
            }
            while let node = path.last, node.characters > common {
                path.removeLast()
                if node.characters >= 2 && node.count >= 2 && (node.children >= 2 || node.ends) {
                    found.append(
                        SeedCandidate(
                            position: keys[k - 1].position, length: UInt16(node.bytes),
                            characters: UInt16(node.characters), count: node.count))
                }
                if !path.isEmpty { path[path.count - 1].count += node.count }
            }
            guard k < keys.count else { break }
            let key = keys[k]
            var bytes = commonBytes
            if bytes < Int(key.length), !path.isEmpty { path[path.count - 1].children += 1 }
            while bytes < Int(key.length) {
                bytes += UTF8Bytes.sequenceLength(lead: p[key.position + bytes])
                path.append((path.count + 1, bytes, 0, bytes < Int(key.length) ? 1 : 0, false))
            }
            path[path.count - 1].ends = true
            path[path.count - 1].count += weights[Int(key.word)]
        }
        return found
    }

    /// SentencePiece's script rule for pieces, one character at a time, on the classes
    /// `characterClass` gives: `▁` only at the start; one script per piece (combining marks take
    /// the script before them). Updates `script`; false when the character cannot join.
    @inline(__always)
    private func extend(_ script: inout Script, _ kind: Int32, at position: Int) -> Bool {
        if kind == Self.disallowed { return false }
        if kind == Self.metaspace { return position == 0 }
        let s = kind == Script.inherited.rawValue ? script : Script(rawValue: kind)
        if s != .any && script != .any && s != script { return false }
        script = s
        return true
    }

    /// The class of a required character for the rule above: `metaspace` for `▁`, `disallowed`
    /// for space and NUL, else its ICU script, with Hiragana, Katakana and the long vowel mark
    /// counted as Han.
    private func characterClass(_ c: UInt32) -> Int32 {
        if c == 0x2581 { return Self.metaspace }
        if c == 0x20 || c == 0 { return Self.disallowed }
        let s = cicu_script(c)
        if s == Script.hiragana.rawValue || s == Script.katakana.rawValue || c == 0x30FC { return Script.han.rawValue }
        return s
    }

    private static let disallowed = Int32.min
    private static let metaspace = Int32.min + 1

    /// ICU script codes the rule above needs (`any`: no script yet).
    struct Script: Equatable {
        let rawValue: Int32
        static let any = Script(rawValue: -1)
        static let inherited = Script(rawValue: 1)
        static let han = Script(rawValue: 17)
        static let hiragana = Script(rawValue: 20)
        static let katakana = Script(rawValue: 22)
    }
}
