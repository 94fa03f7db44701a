import Testing

@testable import Subtok

/// Expected text is `tokenizers`' `normalizers.ByteLevel().normalize_str` on the same input.
@Suite struct ByteLevelNormalizerTests {
    @Test func everyByteBecomesItsStandIn() {
        var text = NormalizedString(original: Array("hé y".utf8))
        ByteLevelNormalizer().normalize(&text)
        #expect(String(decoding: text.bytes, as: UTF8.self) == "hÃ©Ġy")
        #expect(text.originalRange(1, 5) == TokenOffset(start: 1, end: 3))
    }
}
