import Glibc
import Testing

@testable import Subtok

/// Loading a model directory: the file picked in it, and the error when it holds none.
@Suite struct ModelDirectoryTests {
    static let bert = "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\nworld\n"
    static let json = """
        {"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "hi": 1}},
         "pre_tokenizer": {"type": "WhitespaceSplit"}}
        """

    @Test func tokenizerJSONComesBeforeTheOtherFiles() throws {
        let directory = TemporaryDirectory(
            ["vocab.txt": Self.bert, "tokenizer.json": Self.json], prefix: "subtok-model-dir")
        defer { directory.remove() }
        let path = directory.path
        #expect(try ModelDirectory.tokenizerFile(in: path) == path + "/tokenizer.json")
        #expect(try Tokenizer(contentsOfFile: path).encode("hi").ids == [1])
    }

    @Test func aBERTVocabularyAloneIsLoaded() throws {
        let directory = TemporaryDirectory(["vocab.txt": Self.bert, "README.md": "x"], prefix: "subtok-model-dir")
        defer { directory.remove() }
        let path = directory.path
        #expect(try Tokenizer(contentsOfFile: path + "/").encode("hello world", addSpecialTokens: false).ids == [4, 5])
    }

    @Test func aDirectoryWithoutATokenizerFileNamesWhatWasLookedFor() {
        let directory = TemporaryDirectory(["README.md": "x"], prefix: "subtok-model-dir")
        defer { directory.remove() }
        let path = directory.path
        #expect {
            try Tokenizer(contentsOfFile: path)
        } throws: { error in
            let e = error as! SubtokError
            return e.kind == .io && e.message.contains("tokenizer.json") && e.message.contains("*.tiktoken")
        }
    }
}
