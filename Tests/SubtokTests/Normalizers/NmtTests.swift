import Testing

@testable import Subtok

/// Expected text is `tokenizers`' `Nmt().normalize_str` on the same input.
@Suite struct NmtTests {
    @Test func dropsControlsAndMakesOddSpacesASpace() {
        var text = NormalizedString(original: Array("a\u{1}b\tc\u{200B}d\u{FFFD}e\u{2581}f".utf8))
        Nmt().normalize(&text)
        #expect(String(decoding: text.bytes, as: UTF8.self) == "ab c d e f")
    }
}
