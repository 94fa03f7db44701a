import Testing

@testable import Subtok

/// The full-encoding fast path of a `.model`'s normalizer: for each text it accepts, its bytes
/// are `normalize`'s, and its offset mapping equals `normalize`'s alignment on every range.
@Suite struct SentencePieceNormalizerTests {
    static let texts = [
        "ab", "a b", "Hello world", "日本 語", "é x", "a▁b", " a", "a ", "a  b", "Ξ q", "x\ty", "a\u{301} b", "1 2 3",
    ]

    @Test(arguments: [false, true], [false, true])
    func acceptedTextsMapAsTheAlignment(_ removeExtraWhitespaces: Bool, _ addDummyPrefix: Bool) {
        let normalizer = SentencePieceNormalizer(
            charsmap: nil, addDummyPrefix: addDummyPrefix, removeExtraWhitespaces: removeExtraWhitespaces,
            escapeWhitespaces: true, treatWhitespaceAsSuffix: false, userDefined: [])
        var accepted = 0
        for text in Self.texts {
            let bytes = Array(text.utf8)
            guard let fast = bytes.withUnsafeBufferPointer({ normalizer.normalizedBytesMappingOffsets($0) }) else {
                continue
            }
            accepted += 1
            var general = NormalizedString(original: bytes)
            normalizer.normalize(&general)
            #expect(fast == general.bytes, "\(text.debugDescription)")
            for a in 0..<fast.count {
                for b in (a + 1)...fast.count {
                    var offsets = [TokenOffset(start: a, end: b)]
                    bytes.withUnsafeBufferPointer { text in
                        offsets.withUnsafeMutableBufferPointer { normalizer.mapNormalizedOffsets($0, of: text) }
                    }
                    #expect(offsets[0] == general.originalRange(a, b), "\(text.debugDescription) \(a)..<\(b)")
                }
            }
        }
        // Leading, trailing and repeated spaces are declined only when they would be removed.
        #expect(accepted == (removeExtraWhitespaces ? Self.texts.count - 3 : Self.texts.count))
    }

    @Test func aSuffixedDummySpaceIsDeclined() {
        let normalizer = SentencePieceNormalizer(
            charsmap: nil, addDummyPrefix: true, removeExtraWhitespaces: false, escapeWhitespaces: true,
            treatWhitespaceAsSuffix: true, userDefined: [])
        #expect(Array("a b".utf8).withUnsafeBufferPointer { normalizer.normalizedBytesMappingOffsets($0) } == nil)
    }
}
