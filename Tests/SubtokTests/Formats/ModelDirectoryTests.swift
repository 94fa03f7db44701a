import Glibc
@testable import Subtok
import Testing

/// Loading a model directory: the file picked in it, and the error when it holds none.
@Suite struct ModelDirectoryTests {
    func directory(with files: [String: String]) -> String {
        var template = Array("/tmp/subtok-model-dir-XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        for (name, text) in files {
            let file = fopen(path + "/" + name, "w")!
            fputs(text, file)
            fclose(file)
        }
        return path
    }

    func remove(_ path: String, _ names: [String]) {
        for name in names { unlink(path + "/" + name) }
        rmdir(path)
    }

    static let bert = "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\nworld\n"
    static let json = """
        {"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "hi": 1}},
         "pre_tokenizer": {"type": "WhitespaceSplit"}}
        """

    @Test func tokenizerJSONComesBeforeTheOtherFiles() throws {
        let path = directory(with: ["vocab.txt": Self.bert, "tokenizer.json": Self.json])
        defer { remove(path, ["vocab.txt", "tokenizer.json"]) }
        #expect(try ModelDirectory.tokenizerFile(in: path) == path + "/tokenizer.json")
        #expect(try Tokenizer(contentsOfFile: path).encode("hi").ids == [1])
    }

    @Test func aBERTVocabularyAloneIsLoaded() throws {
        let path = directory(with: ["vocab.txt": Self.bert, "README.md": "x"])
        defer { remove(path, ["vocab.txt", "README.md"]) }
        #expect(try Tokenizer(contentsOfFile: path + "/").encode("hello world", addSpecialTokens: false).ids == [4, 5])
    }

    @Test func aDirectoryWithoutATokenizerFileNamesWhatWasLookedFor() {
        let path = directory(with: ["README.md": "x"])
        defer { remove(path, ["README.md"]) }
        #expect {
            try Tokenizer(contentsOfFile: path)
        } throws: { error in
            let e = error as! SubtokError
            return e.kind == .io && e.message.contains("tokenizer.json") && e.message.contains("*.tiktoken")
        }
    }
}
