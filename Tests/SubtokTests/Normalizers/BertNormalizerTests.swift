import Testing

@testable import Subtok

@Suite struct BertNormalizerTests {
    func normalize(_ text: String, _ normalizer: BertNormalizer = BertNormalizer()) -> NormalizedString {
        var s = NormalizedString(original: Array(text.utf8))
        normalizer.normalize(&s)
        return s
    }

    @Test func cleansLowercasesAndStripsAccents() {
        let s = normalize("Héllo\tWÖRLD\u{0}\u{7}\u{200B}!")
        #expect(String(decoding: s.bytes, as: UTF8.self) == "hello world!")
    }

    @Test func asciiTextKeepsItsImplicitAlignment() {
        let s = normalize("Hello\tWorld")
        #expect(s.isIdentity)
        #expect(String(decoding: s.bytes, as: UTF8.self) == "hello world")
    }

    @Test func chineseCharactersArePaddedAndAligned() {
        let s = normalize("a中b", BertNormalizer(lowercase: false))
        #expect(String(decoding: s.bytes, as: UTF8.self) == "a 中 b")
        #expect(s.originalRange(1, 2) == TokenOffset(start: 1, end: 4))
        #expect(s.originalRange(2, 5) == TokenOffset(start: 1, end: 4))
    }

    @Test func fullLowercaseMappingsExpand() {
        let s = normalize("İ", BertNormalizer(stripAccents: false, lowercase: true))
        #expect(String(decoding: s.bytes, as: UTF8.self) == "i\u{307}")
        #expect(s.originalRange(0, s.count) == TokenOffset(start: 0, end: 2))
    }

    @Test func casedKeepsAccentsAndCase() {
        let s = normalize("Ångström", BertNormalizer(stripAccents: false, lowercase: false))
        #expect(String(decoding: s.bytes, as: UTF8.self) == "Ångström")
    }
}
