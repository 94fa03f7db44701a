import Testing

@testable import Subtok

@Suite struct BertVocabularyTests {
    static let vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n!\n.\n中\n##中\nhello\n##s\n\u{2028}\n"

    func load(_ text: String, cased: Bool = false) throws(SubtokError) -> Tokenizer {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { b in
            Result { () throws(SubtokError) in try BertVocabulary.read(b, cased: cased) }
        }.get()
    }

    @Test func linesAreTrimmedLikeRustTrimEnd() throws {
        let lines = try Array("a \r\n\u{2028}\nb\u{3000}".utf8).withUnsafeBufferPointer { try BertVocabulary.lines($0) }
        #expect(lines == ["a", "", "b"])
    }

    @Test func encodesWithBertDefaults() throws {
        let t = try load(Self.vocab)
        #expect(t.encode("HELLOs!").tokens == ["[CLS]", "hello", "##s", "!", "[SEP]"])
        #expect(t.encode("[MASK] x").ids == [2, 4, 1, 3])
    }

    @Test func missingUnknownTokenOrEmptyFileIsAClearError() {
        do {
            _ = try load("[CLS]\n[SEP]\nhello\n")
            Issue.record("accepted a vocabulary without [UNK]")
        } catch {
            #expect(error.kind == .format)
            #expect(error.message.contains("[UNK]"))
        }
        #expect(throws: SubtokError.self) { try load("") }
        #expect(throws: SubtokError.self) { try load("[UNK]\n[UNK]\n[CLS]\n[SEP]\n") }
    }

    @Test func hostileTextsStayBounded() throws {
        let t = try load(Self.vocab)
        let punctuation = String(repeating: "!.?", count: 100_000)
        let e = t.encode(punctuation)
        #expect(e.count == 300_002)
        #expect(e.ids[1] == 5 && e.ids[2] == 6 && e.ids[3] == 1)
        let cjk = String(repeating: "中", count: 200_000)
        #expect(t.encode(cjk).count == 200_002)
        let controls = String(repeating: "\u{1}\u{7}\u{200B}", count: 50_000)
        #expect(t.encode(controls).ids == [2, 3])
        let word = String(repeating: "hello", count: 400_000)
        #expect(t.encode(word).ids == [2, 1, 3])
    }
}
