import Glibc
import Testing

@testable import Subtok

/// GGUF files written byte by byte (the layout of the GGUF specification, version 3): the
/// metadata reader, the tokenizer built from it, and bad files. The files' agreement with the
/// reference libraries is tested in Python (`test_gguf.py`, files written by the `gguf` package).
@Suite struct GGUFTokenizerTests {
    /// Little-endian GGUF bytes: header, then key-value pairs.
    struct Writer {
        var bytes: [UInt8] = Array("GGUF".utf8)
        var entries = 0
        var body: [UInt8] = []

        static func integer<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
            withUnsafeBytes(of: v.littleEndian) { Array($0) }
        }
        static func string(_ s: String) -> [UInt8] { integer(UInt64(s.utf8.count)) + Array(s.utf8) }

        mutating func add(_ key: String, type: UInt32, _ value: [UInt8]) {
            body += Self.string(key) + Self.integer(type) + value
            entries += 1
        }
        mutating func add(_ key: String, _ value: String) { add(key, type: 8, Self.string(value)) }
        mutating func add(_ key: String, _ value: Bool) { add(key, type: 7, [value ? 1 : 0]) }
        mutating func add(_ key: String, id: UInt32) { add(key, type: 4, Self.integer(id)) }
        mutating func add(_ key: String, strings: [String]) {
            add(
                key, type: 9,
                Self.integer(UInt32(8)) + Self.integer(UInt64(strings.count)) + strings.flatMap(Self.string))
        }
        mutating func add(_ key: String, int32s: [Int32]) {
            add(
                key, type: 9,
                Self.integer(UInt32(5)) + Self.integer(UInt64(int32s.count)) + int32s.flatMap { Self.integer($0) })
        }
        mutating func add(_ key: String, floats: [Float]) {
            add(
                key, type: 9,
                Self.integer(UInt32(6)) + Self.integer(UInt64(floats.count))
                    + floats.flatMap { Self.integer($0.bitPattern) })
        }

        /// The file: magic, version 3, no tensors, the entries.
        var file: [UInt8] {
            bytes + Self.integer(UInt32(3)) + Self.integer(UInt64(0)) + Self.integer(UInt64(entries)) + body
        }
    }

    func write(_ bytes: [UInt8], _ name: String) -> String {
        let path = "/tmp/subtok-gguf-test-\(getpid())-\(name).gguf"
        let file = fopen(path, "w")!
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
        fclose(file)
        return path
    }

    /// A byte-level vocabulary: the 256 byte tokens, two merges, and a control token.
    func byteLevel(pre: String = "gpt-2", addBOS: Bool? = nil) -> Writer {
        let alphabet = ByteLevelAlphabet.scalarOfByte.map { String(Character(Unicode.Scalar($0)!)) }
        var w = Writer()
        w.add("tokenizer.ggml.model", "gpt2")
        w.add("tokenizer.ggml.pre", pre)
        w.add("tokenizer.ggml.tokens", strings: alphabet + ["he", "hel", "<|end|>"])
        w.add("tokenizer.ggml.token_type", int32s: Array(repeating: 1, count: 258) + [3])
        w.add("tokenizer.ggml.merges", strings: ["h e", "he l"])
        w.add("tokenizer.ggml.bos_token_id", id: 258)
        if let addBOS { w.add("tokenizer.ggml.add_bos_token", addBOS) }
        return w
    }

    @Test func aByteLevelTokenizerMergesAndKeepsItsControlTokenSpecial() throws {
        let path = write(byteLevel().file, "gpt2")
        defer { unlink(path) }
        let tokenizer = try Tokenizer(contentsOfFile: path)
        #expect(tokenizer.encode("hel<|end|>h").ids == [257, 258, 104])
        #expect(try tokenizer.decode([257, 104]) == "helh")
    }

    @Test func addBOSPutsTheBeginningTokenFirst() throws {
        let path = write(byteLevel(pre: "llama-bpe", addBOS: true).file, "bos")
        defer { unlink(path) }
        let tokenizer = try Tokenizer(contentsOfFile: path)
        #expect(tokenizer.encode("hel").ids == [258, 257])
        #expect(tokenizer.encode("hel", addSpecialTokens: false).ids == [257])
    }

    @Test func aSentencePieceModelTakesItsPiecesScoresAndSpacePrefix() throws {
        var w = Writer()
        w.add("tokenizer.ggml.model", "llama")
        w.add("tokenizer.ggml.tokens", strings: ["<unk>", "<s>", "▁", "a", "b", "▁a", "ab", "▁ab"])
        w.add("tokenizer.ggml.token_type", int32s: [2, 3, 1, 1, 1, 1, 1, 1])
        w.add("tokenizer.ggml.scores", floats: [0, 0, -1, -2, -3, -1.5, -2.5, -0.5])
        w.add("tokenizer.ggml.bos_token_id", id: 1)
        w.add("tokenizer.ggml.add_space_prefix", true)
        let path = write(w.file, "llama")
        defer { unlink(path) }
        let tokenizer = try Tokenizer(contentsOfFile: path)
        #expect(tokenizer.encode("ab ab", addSpecialTokens: false).ids == [7, 7])
        #expect(tokenizer.encode("ab").ids == [1, 7])
    }

    /// llama.cpp's spelling of a WordPiece vocabulary (U+2581 before word starts, continuations
    /// without `##`, control tokens as they are) read back; a vocabulary with a character that
    /// lowercasing changes keeps case, one without lowercases.
    @Test(arguments: [false, true])
    func aBertVocabularyIsSpelledBackAndFramed(_ cased: Bool) throws {
        var w = Writer()
        w.add("tokenizer.ggml.model", "bert")
        let word = cased ? "▁Un" : "▁un"
        w.add("tokenizer.ggml.tokens", strings: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", word, "aff", "▁able", "▁!"])
        w.add("tokenizer.ggml.token_type", int32s: [3, 3, 3, 3, 1, 1, 1, 1])
        w.add("tokenizer.ggml.seperator_token_id", id: 3)
        let path = write(w.file, cased ? "bert-cased" : "bert")
        defer { unlink(path) }
        let tokenizer = try Tokenizer(contentsOfFile: path)
        let encoding = tokenizer.encode(cased ? "Unaff able!" : "UNAFF Able!")
        #expect(encoding.ids == [2, 4, 5, 6, 7, 3])
        #expect(tokenizer.encode("Unaff", addSpecialTokens: false).tokens == [cased ? "Un" : "un", "##aff"])
        #expect(try tokenizer.decode(encoding.ids) == (cased ? "Unaff able!" : "unaff able!"))
    }

    @Test func badFilesAreFormatErrorsNamingWhatIsWrong() {
        let good = byteLevel().file
        var absurd = good
        absurd.replaceSubrange(16..<24, with: Writer.integer(UInt64(1) << 60))
        var longString = good
        longString.replaceSubrange(24..<32, with: Writer.integer(UInt64(1) << 40))
        var noModel = Writer()
        noModel.add("general.name", "x")
        let cases: [(String, [UInt8], String)] = [
            ("truncated", Array(good.prefix(good.count - 10)), "ends inside"),
            ("count", absurd, "do not fit"),
            ("string", longString, "ends inside"),
            ("version", Array(good.prefix(4)) + Writer.integer(UInt32(1)) + Array(good.dropFirst(8)), "version 1"),
            ("no-model", noModel.file, "tokenizer.ggml.model"),
        ]
        for (name, bytes, message) in cases {
            let path = write(bytes, name)
            defer { unlink(path) }
            #expect(throws: SubtokError.self, "\(name)") { try Tokenizer(contentsOfFile: path) }
            do {
                _ = try Tokenizer(contentsOfFile: path)
            } catch {
                #expect(error.message.contains(message) && error.message.contains(name), "\(name): \(error.message)")
            }
        }
    }
}
