import Testing

@testable import Subtok

/// The quick check behind the split-only path for NFC files: it may say no to a text NFC leaves
/// as it is, never yes to one NFC changes. The facts are Unicode's (NFC_Quick_Check and
/// canonical combining classes, UAX #15).
@Suite struct UnicodeNormalizationTests {
    func leavesUnchanged(_ form: UnicodeNormalization.Form, _ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { UnicodeNormalization(form).leavesUnchanged($0) }
    }

    @Test func asciiIsUnchangedByEveryForm() {
        for form in [UnicodeNormalization.Form.nfc, .nfd, .nfkc, .nfkd] {
            #expect(leavesUnchanged(form, ""))
            #expect(leavesUnchanged(form, "plain ASCII text, with digits 123 and tabs\t\n, longer than eight bytes"))
        }
    }

    @Test func nfcTextOfStableCharactersIsUnchanged() {
        #expect(leavesUnchanged(.nfc, "café naïve 日本語 한국어 Привет 😀"))
        #expect(leavesUnchanged(.nfc, "\u{AC00}"))
    }

    @Test func charactersNFCMayChangeSendTheTextToTheFullNormalizer() {
        #expect(!leavesUnchanged(.nfc, "cafe\u{301}"))  // a combining mark composes with e
        #expect(!leavesUnchanged(.nfc, "\u{212B}"))  // ANGSTROM SIGN becomes U+00C5
        #expect(!leavesUnchanged(.nfc, "\u{1100}\u{1161}"))  // conjoining jamo compose to U+AC00
        #expect(!leavesUnchanged(.nfc, "x \u{0344}"))  // a composition exclusion
    }

    @Test func otherFormsCheckOnlyASCII() {
        #expect(!leavesUnchanged(.nfkc, "日本語"))
        #expect(!leavesUnchanged(.nfd, "café"))
    }

    @Test func aSequenceLeavesTextUnchangedOnlyWhenEveryMemberDoes() {
        let nfc: any Normalizer = UnicodeNormalization(.nfc)
        let both = NormalizerSequence([nfc, UnicodeNormalization(.nfc)])
        let withLowercase = NormalizerSequence([nfc, Lowercase()])
        #expect(Array("日本語".utf8).withUnsafeBufferPointer { both.leavesUnchanged($0) })
        #expect(!Array("abc".utf8).withUnsafeBufferPointer { withLowercase.leavesUnchanged($0) })
    }
}
