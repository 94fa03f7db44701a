import Testing

@testable import Subtok

/// Where `SpanningPairs` cuts a text: between two characters no piece holds together, and
/// (when unknown characters fuse) never between two characters that are no pieces themselves.
@Suite struct SpanningPairsTests {
    func parts(_ text: String, _ pieces: [String], fusesUnknowns: Bool) -> [String] {
        let spanning = SpanningPairs(pieces: pieces.map { Array($0.utf8) }, fusesUnknowns: fusesUnknowns)
        let bytes = Array(text.utf8)
        var ends: [Int] = []
        bytes.withUnsafeBufferPointer { spanning.forEachPart($0.baseAddress!, $0.count) { ends.append($0) } }
        var start = 0
        return ends.map { end in
            defer { start = end }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
    }

    @Test func cutsWhereNoPieceSpans() {
        let pieces = ["吾", "輩", "は", "猫", "吾輩", "吾輩は", "で", "あ", "る", "ある", "。"]
        #expect(parts("吾輩は猫である。", pieces, fusesUnknowns: false) == ["吾輩は", "猫", "で", "ある", "。"])
        #expect(parts("は吾輩", pieces, fusesUnknowns: false) == ["は", "吾輩"])
        #expect(parts("x", pieces, fusesUnknowns: false) == ["x"])
    }

    @Test func keepsRunsOfUnknownCharactersTogetherWhenTheyFuse() {
        let pieces = ["猫", "で", "ab"]
        // `x`, `y` and `a` are no pieces of their own (`a` only inside `ab`).
        #expect(parts("猫xy猫xで", pieces, fusesUnknowns: true) == ["猫", "xy", "猫", "x", "で"])
        #expect(parts("猫xy猫xで", pieces, fusesUnknowns: false) == ["猫", "x", "y", "猫", "x", "で"])
        #expect(parts("xab猫", pieces, fusesUnknowns: true) == ["xab", "猫"])
        #expect(parts("xab猫", pieces, fusesUnknowns: false) == ["x", "ab", "猫"])
    }
}
