/// Word-count shards as `subtok count` writes them: one `count<TAB>word` line per distinct word,
/// the word escaped so that any engine can split lines and fields (`\\` for a backslash, `\t`
/// for a tab, `\n` for a newline, `\r` for a carriage return). Summing the counts of equal words
/// across shards (Spark, Ray, `sort | awk`, `subtok count --merge`) gives the corpus's counts.
/// A shard Subtok writes starts with a header line naming what counted it,
/// `#subtok-counts<TAB>SETUP<TAB>subtok=VERSION` (SETUP as `TrainerConfig.countingSetup`); a
/// shard without one (summed by another engine) is read too.
extension WordCounts {
    /// The shard text of these counts, most frequent first (ties by bytes), so the head of a
    /// shard is readable; with a header naming `setup` when given.
    public func shardBytes(setup: String? = nil) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(distinctBytes + count * 8)
        if let setup { out.append(contentsOf: "\(Self.shardMagic)\t\(setup)\tsubtok=\(subtokVersion)\n".utf8) }
        var entries: [(word: [UInt8], count: UInt64)] = []
        entries.reserveCapacity(count)
        forEach { entries.append((Array($0), $1)) }
        entries.sort { $0.count != $1.count ? $0.count > $1.count : $0.word.lexicographicallyPrecedes($1.word) }
        for (word, count) in entries {
            out.append(contentsOf: String(count).utf8)
            out.append(0x09)
            for b in word {
                switch b {
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x09: out.append(0x5C); out.append(0x74)
                case 0x0A: out.append(0x5C); out.append(0x6E)
                case 0x0D: out.append(0x5C); out.append(0x72)
                default: out.append(b)
                }
            }
            out.append(0x0A)
        }
        return out
    }

    /// Writes the shard to `path` atomically, with a header naming `setup` when given.
    public func writeShard(to path: String, setup: String? = nil) throws(SubtokError) {
        try writeFile(path, shardBytes(setup: setup))
    }

    /// The first field of a shard's header line.
    static let shardMagic = "#subtok-counts"

    /// Adds the counts of a shard's text and returns the setup its header names (nil without a
    /// header); throws a format error naming the first bad line (`what` names the input).
    @discardableResult
    public mutating func addShard(_ bytes: [UInt8], named what: String) throws(SubtokError) -> String? {
        var line = 1
        var i = 0
        var setup: String?
        if bytes.starts(with: Self.shardMagic.utf8) {
            let end = bytes.firstIndex(of: 0x0A) ?? bytes.count
            let fields = bytes[..<end].split(separator: 0x09, omittingEmptySubsequences: false)
            guard fields.count >= 2, fields[0].elementsEqual(Self.shardMagic.utf8) else {
                throw SubtokError(.format, "\(what):1: a malformed #subtok-counts header")
            }
            setup = String(decoding: fields[1], as: UTF8.self)
            i = end + 1
            line = 2
        }
        var word: [UInt8] = []
        while i < bytes.count {
            var count: UInt64 = 0
            var digits = 0
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                let (m, o1) = count.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(bytes[i] - 0x30))
                guard !o1 && !o2 else {
                    throw SubtokError(.format, "\(what):\(line): the count does not fit in 64 bits")
                }
                count = a
                digits += 1
                i += 1
            }
            guard digits > 0, i < bytes.count, bytes[i] == 0x09 else {
                throw SubtokError(.format, "\(what):\(line): expected count<TAB>word")
            }
            i += 1
            word.removeAll(keepingCapacity: true)
            while i < bytes.count && bytes[i] != 0x0A {
                if bytes[i] == 0x5C {
                    guard i + 1 < bytes.count else {
                        throw SubtokError(.format, "\(what):\(line): a backslash ends the line")
                    }
                    switch bytes[i + 1] {
                    case 0x5C: word.append(0x5C)
                    case 0x74: word.append(0x09)
                    case 0x6E: word.append(0x0A)
                    case 0x72: word.append(0x0D)
                    default:
                        throw SubtokError(
                            .format, "\(what):\(line): unknown escape \\\(Character(Unicode.Scalar(bytes[i + 1])))")
                    }
                    i += 2
                } else {
                    word.append(bytes[i])
                    i += 1
                }
            }
            i += 1
            guard !word.isEmpty else { throw SubtokError(.format, "\(what):\(line): the word is empty") }
            guard word.withUnsafeBufferPointer({ UTF8Bytes.firstInvalidOffset($0) }) == nil else {
                throw SubtokError(.format, "\(what):\(line): the word is not valid UTF-8")
            }
            try add(word, count: count)
            line += 1
        }
        return setup
    }

    /// Adds the counts of the shard file at `path` and returns the setup its header names.
    @discardableResult
    public mutating func addShard(file path: String) throws(SubtokError) -> String? {
        try addShard(readFile(path), named: path)
    }
}
