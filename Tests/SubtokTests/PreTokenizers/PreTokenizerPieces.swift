@testable import Subtok

/// The pieces (text and byte range) `preTokenizer` makes of `text`.
func pieces(_ preTokenizer: any PreTokenizer, _ text: String) -> [(String, Int, Int)] {
    let bytes = Array(text.utf8)
    var pre = PreTokenizedString(
        normalized: NormalizedString(original: bytes), splits: [.init(start: 0, end: bytes.count)])
    preTokenizer.preTokenize(&pre)
    return pre.splits.map {
        (String(decoding: pre.normalized.bytes[$0.start..<$0.end], as: UTF8.self), $0.start, $0.end)
    }
}

/// The text of each piece.
func pieceTexts(_ preTokenizer: any PreTokenizer, _ text: String) -> [String] { pieces(preTokenizer, text).map(\.0) }

/// The text of each piece `split` makes of `text`.
func splitTexts(_ split: some PieceSplitter, _ text: String) -> [String] {
    let bytes = Array(text.utf8)
    var ends: [Int] = []
    bytes.withUnsafeBufferPointer { split.splitPieces($0.baseAddress!, 0, $0.count, into: &ends) }
    var start = 0
    return ends.map { end in
        defer { start = end }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// Calls `check` with the round, the bytes and the text of `rounds` texts of up to 200 atoms
/// drawn from `atoms` by `SplitMix64(seed:)`, every other one (from round 0) from the ASCII
/// atoms alone; empty texts are skipped.
func forEachAtomText(
    _ atoms: [String], seed: UInt64, rounds: Int, _ check: (Int, UnsafeBufferPointer<UInt8>, String) -> Void
) {
    var random = SplitMix64(seed: seed)
    let ascii = atoms.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
    for round in 0..<rounds {
        let pool = round % 2 == 0 ? ascii : atoms
        let text = (0..<Int(random.next() % 200)).map { _ in pool[Int(random.next() % UInt64(pool.count))] }.joined()
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { b in
            guard b.baseAddress != nil else { return }
            check(round, b, text)
        }
    }
}

/// The piece ends of all of `b` from the character-by-character scan, `piece(scanner, i)`
/// giving the end of the piece at `i`.
func characterScanEnds(_ b: UnsafeBufferPointer<UInt8>, _ piece: (ScriptScanner, Int) -> Int) -> [Int] {
    let scan = ScriptScanner(p: b.baseAddress!, end: b.count, classes: CharacterClasses.shared)
    var ends: [Int] = []
    var i = 0
    while i < b.count {
        i = piece(scan, i)
        ends.append(i)
    }
    return ends
}
