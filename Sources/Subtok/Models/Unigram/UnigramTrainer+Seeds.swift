import CICU
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
    /// (not always followed by the same character), seen at least twice, scored count × length;
    /// the `seedSize` best. Scores are returned as log probabilities.
    func seedPieces(_ words: [(word: [UInt8], count: UInt64)], required: [(scalar: UInt32, count: Double)]) -> [(text: [UInt8], score: Double)] {
        let allowed = Set(required.map(\.scalar))
        var table = ByteStringTable(capacity: 1 << 16)
        var counts: [Double] = []
        var lengths: [Int] = []
        for (word, count) in words {
            let scalars = Array(String(decoding: word, as: UTF8.self).unicodeScalars)
            var offsets = [0]
            for s in scalars { offsets.append(offsets.last! + String(s).utf8.count) }
            word.withNonNullBytes { p, _ in
                for i in 0..<scalars.count {
                    var script = Script.any
                    for j in i..<min(scalars.count, i + maximumPieceLength) {
                        guard allowed.contains(scalars[j].value), extend(&script, scalars[j].value, at: j - i) else { break }
                        guard j > i else { continue }
                        let (e, inserted) = table.entry(inserting: p + offsets[i], offsets[j + 1] - offsets[i], value: UInt32(counts.count))
                        if inserted { counts.append(Double(count)); lengths.append(j - i + 1) } else { counts[e] += Double(count) }
                    }
                }
            }
        }
        var maximal = [Bool](repeating: true, count: counts.count)
        for e in 0..<counts.count where lengths[e] > 2 {
            let prefix = table.withKey(e) { key -> UInt32? in
                var cut = key.count - 1
                while cut > 0 && UTF8Bytes.isContinuation(key[cut]) { cut -= 1 }
                return table.lookup(key.baseAddress!, cut)
            }
            if let prefix, counts[Int(prefix)] == counts[e] { maximal[Int(prefix)] = false }
        }
        var candidates: [(entry: Int, score: Double)] = []
        for e in 0..<counts.count where maximal[e] && counts[e] >= 2 {
            candidates.append((e, counts[e] * Double(lengths[e])))
        }
        if candidates.count > seedSize {
            candidates.sort { $0.score > $1.score }
            candidates.removeLast(candidates.count - seedSize)
        }
        var seeds: [(text: [UInt8], score: Double)] = required.map { (Array(String(Unicode.Scalar($0.scalar)!).utf8), $0.count) }
        for (e, score) in candidates { seeds.append((table.withKey(e) { Array($0) }, score)) }
        let logTotal = log(seeds.reduce(0) { $0 + $1.score })
        return seeds.map { ($0.text, log($0.score) - logTotal) }
    }

    /// SentencePiece's script rule for pieces, one character at a time: `▁` only at the start;
    /// Hiragana, Katakana and the long vowel mark count as Han; combining marks take the script
    /// before them; one script per piece. Updates `script`; false when the character cannot join.
    private func extend(_ script: inout Script, _ c: UInt32, at position: Int) -> Bool {
        if c == 0x2581 { return position == 0 }
        if c == 0x20 || c == 0 { return false }
        var s = Script(rawValue: cicu_script(c))
        if s == .hiragana || s == .katakana || c == 0x30FC { s = .han } else if s == .inherited { s = script }
        if s != .any && script != .any && s != script { return false }
        script = s
        return true
    }

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
