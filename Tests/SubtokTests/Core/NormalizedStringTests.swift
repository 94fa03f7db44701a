import Testing

@testable import Subtok

@Suite struct NormalizedStringTests {
    @Test func implicitAlignmentWidensToWholeCharacters() {
        let s = NormalizedString(original: Array("aé😀".utf8))
        #expect(s.isIdentity)
        #expect(s.originalRange(1, 2) == TokenOffset(start: 1, end: 3))
        #expect(s.originalRange(4, 5) == TokenOffset(start: 3, end: 7))
        #expect(s.originalRange(0, 1) == TokenOffset(start: 0, end: 1))
        #expect(s.originalRange(2, 2) == TokenOffset(start: 2, end: 2))
    }

    @Test func insertedTextTakesTheAlignmentOfItsCharacter() {
        var s = NormalizedString(original: Array("éa".utf8))
        s.rebuild { b in
            b.insert(Array(" ".utf8), alignedTo: 0)
            b.keep(0, 3)
        }
        #expect(s.bytes == Array(" éa".utf8))
        #expect(s.originalRange(0, 1) == TokenOffset(start: 0, end: 2))
        #expect(s.originalRange(0, 3) == TokenOffset(start: 0, end: 2))
        #expect(s.originalRange(3, 4) == TokenOffset(start: 2, end: 3))
    }

    @Test func appendedPiecesKeepOriginalCoordinates() {
        var s = NormalizedString(original: Array("ab cd".utf8))
        s.rebuild { b in
            b.keep(0, 3)
            var piece = NormalizedString(original: Array("cd".utf8))
            piece.rebuild { inner in
                inner.keep(0, 2); inner.insert(Array("!".utf8), alignedTo: 1)
            }
            b.append(piece, shiftedBy: 3)
        }
        #expect(s.bytes == Array("ab cd!".utf8))
        #expect(s.originalRange(3, 5) == TokenOffset(start: 3, end: 5))
        #expect(s.originalRange(5, 6) == TokenOffset(start: 4, end: 5))
    }
}
