import Glibc
import Testing

@testable import Subtok

/// Telling tokenizer files apart by content, and reading a file as a named kind.
@Suite struct TokenizerFileKindTests {
    func sniff(_ name: String, _ text: String) -> TokenizerFileKind? {
        Array(text.utf8).withUnsafeBufferPointer { TokenizerFileKind.sniff(name: name, $0) }
    }

    @Test func contentNamesTheKind() {
        #expect(sniff("x", "GGUF\u{3}\0\0\0") == .gguf)
        #expect(sniff("x", "IQ== 0\nIg== 1\n") == .tiktoken)
        #expect(sniff("x", "  {\"model\": {}}") == .tokenizerJSON)
        #expect(sniff("x", "\n\u{5}hello") == .sentencePiece)
        #expect(sniff("x", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n##lo\n") == .bertVocabulary)
        #expect(sniff("x", "The quick brown fox.\nJumps over.\n") == nil)
        #expect(sniff("x", "[UNK]\nhello world\n") == nil)
        #expect(sniff("x", "") == nil)
    }

    @Test func namesDecideWhereContentCannot() {
        #expect(sniff("vocab.json", "{\"a\": 0}") == .gpt2Vocabulary)
        #expect(sniff("encoder.json", "{\"a\": 0}") == .gpt2Vocabulary)
        #expect(sniff("words.txt", "a\nb\n") == .bertVocabulary)
        #expect(sniff("tokenizer.model", "junk") == .sentencePiece)
        #expect(sniff("cl100k_base", "") == .tiktoken)
    }

    @Test func describesWhatItSaw() {
        func describe(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer { TokenizerFileKind.describe($0) } }
        #expect(describe(Array("hello\nworld".utf8)) == "it begins with the text \"hello\"")
        #expect(describe([0xFF, 0x00, 0x01]) == "it begins with the bytes ff 00 01, not text")
        #expect(describe([]) == "it is empty")
    }

    static let bert = "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\nworld\n"
    static let json = """
        {"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "hi": 1}},
         "pre_tokenizer": {"type": "WhitespaceSplit"}}
        """
    static let vocabulary = #"{"h": 0, "i": 1, "hi": 2, "Ġ": 3, "Ġhi": 4}"#
    static let merges = "#version: 0.2\nh i\nĠ hi\n"

    @Test func aRenamedBERTVocabularyLoadsByItsLines() throws {
        let directory = TemporaryDirectory(["bert-vocab": Self.bert], prefix: "subtok-kinds")
        defer { directory.remove() }
        let path = directory.path
        #expect(try Tokenizer(contentsOfFile: path + "/bert-vocab").encode("Hello world").ids == [2, 4, 5, 3])
    }

    @Test func openAIsEncoderAndVocabBPELoadAsGPT2() throws {
        let directory = TemporaryDirectory(
            ["encoder.json": Self.vocabulary, "vocab.bpe": Self.merges], prefix: "subtok-kinds")
        defer { directory.remove() }
        let path = directory.path
        #expect(try Tokenizer(contentsOfFile: path + "/encoder.json").encode("hi hi").ids == [2, 4])
        let aloneDirectory = TemporaryDirectory(["encoder.json": Self.vocabulary], prefix: "subtok-kinds")
        defer { aloneDirectory.remove() }
        let alone = aloneDirectory.path
        #expect(throws: SubtokError.self) { try Tokenizer(contentsOfFile: alone + "/encoder.json") }
    }

    @Test func aNamedKindOverridesTheName() throws {
        let directory = TemporaryDirectory(["tokenizer.model": Self.json, "x.json": Self.bert], prefix: "subtok-kinds")
        defer { directory.remove() }
        let path = directory.path
        #expect(try Tokenizer(contentsOfFile: path + "/tokenizer.model").encode("hi").ids == [1])
        #expect(try Tokenizer(contentsOfFile: path + "/tokenizer.model", kind: .tokenizerJSON).encode("hi").ids == [1])
        #expect(
            try Tokenizer(contentsOfFile: path + "/x.json", kind: .bertVocabulary).encode("hello").ids == [2, 4, 3])
        let bothDirectory = TemporaryDirectory(
            ["tokenizer.json": Self.json, "vocab.txt": Self.bert], prefix: "subtok-kinds")
        defer { bothDirectory.remove() }
        let both = bothDirectory.path
        #expect(try Tokenizer(contentsOfFile: both).encode("hi").ids == [1])
        #expect(try Tokenizer(contentsOfFile: both, kind: .bertVocabulary).encode("hello").ids == [2, 4, 3])
    }

    @Test func errorsSayWhatTheFileWasReadAsAndWhatItLooksLike() throws {
        let directory = TemporaryDirectory(
            ["tokenizer.json": Self.json, "notes": "Some prose.\n"], prefix: "subtok-kinds")
        defer { directory.remove() }
        let path = directory.path
        func message(_ body: () throws(SubtokError) -> Void) -> String {
            do { try body() } catch { return error.message }
            return ""
        }
        let wrongKind = message { () throws(SubtokError) in
            _ = try Tokenizer(contentsOfFile: path + "/tokenizer.json", kind: .sentencePiece)
        }
        #expect(wrongKind.hasPrefix("tokenizer.json: read as sentencepiece: "))
        #expect(wrongKind.hasSuffix("(it begins with the text \"{\"model\": {\"type\": \"WordPiece\", \")"))
        let unknown = message { () throws(SubtokError) in _ = try Tokenizer(contentsOfFile: path + "/notes") }
        #expect(
            unknown.contains(
                "not a tokenizer file Subtok can tell by its content: it begins with the text \"Some prose.\""))
        let noFile = message { () throws(SubtokError) in _ = try Tokenizer(contentsOfFile: path, kind: .tiktoken) }
        #expect(noFile.contains("no tiktoken file (looked for *.tiktoken)"))
    }
}
