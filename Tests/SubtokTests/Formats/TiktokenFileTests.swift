import Testing

@testable import Subtok

/// How a rank file is recognized; its ids are compared with tiktoken in Tests/python/test_tiktoken.py.
@Suite struct TiktokenFileTests {
    func looksLikeRankFile(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { TiktokenFile.looksLikeRankFile($0) }
    }

    @Test func aRankFileBeginsWithBase64AndARank() {
        #expect(looksLikeRankFile("IQ== 0\nIg== 1\n"))
        #expect(looksLikeRankFile("= 50256\n"))
        #expect(looksLikeRankFile("IQ== 0"))
        #expect(!looksLikeRankFile("{\"model\": {}}"))
        #expect(!looksLikeRankFile("[PAD]\n[UNK]\n"))
        #expect(!looksLikeRankFile("IQ== x\n"))
        #expect(!looksLikeRankFile("\n\u{8}\u{1}"))
    }

    @Test func theNumberOfTokensNamesTheEncoding() {
        #expect(TiktokenFile.Encoding.forTokenCount(100_256)?.pattern == .cl100k)
        #expect(TiktokenFile.Encoding.forTokenCount(199_998)?.pattern == .o200k)
        #expect(TiktokenFile.Encoding.forTokenCount(128_000)?.pattern == .llama3)
        #expect(TiktokenFile.Encoding.forTokenCount(151_643)?.pattern == .qwen2)
        #expect(TiktokenFile.Encoding.forTokenCount(1234) == nil)
        let llama3 = TiktokenFile.Encoding.forTokenCount(128_000)!.specialTokens
        #expect(llama3.count == 256)
        #expect(llama3[9] == ("<|eot_id|>", 128_009))
        #expect(llama3.last! == ("<|reserved_special_token_250|>", 128_255))
        let qwen = TiktokenFile.Encoding.forTokenCount(151_643)!.specialTokens
        #expect(qwen.count == 208 && qwen[2] == ("<|im_end|>", 151_645))
    }

    @Test func anUnknownSizeWithoutAPatternIsRefused() {
        let file = Array("IQ== 0\n".utf8)
        #expect(throws: SubtokError.self) {
            try file.withUnsafeBufferPointer { try TiktokenFile.read($0, encoding: nil) }
        }
        #expect((try? file.withUnsafeBufferPointer { try TiktokenFile.read($0, encoding: nil, pattern: .gpt2) }) != nil)
    }

    /// The 256 single bytes as a rank file (ranks 0 to 255, byte order).
    static let bytesRankFile: [UInt8] = Array(
        (0..<256).map { b in "\(Base64.encode([UInt8(b)])) \(b)\n" }.joined().utf8)

    @Test func givenSpecialTokensReplaceTheFilesOwn() throws {
        let specials = try Array(#"{"<|end|>": 257, "<|start|>": 256}"#.utf8).withUnsafeBufferPointer {
            try TiktokenFile.specialTokens(json: $0)
        }
        #expect(specials.map(\.0) == ["<|start|>", "<|end|>"] && specials.map(\.1) == [256, 257])
        let t = try Self.bytesRankFile.withUnsafeBufferPointer {
            try TiktokenFile.read($0, encoding: nil, pattern: .gpt2, specialTokens: specials)
        }
        var text = Array("a<|end|>".utf8)
        #expect(
            try text.withUnsafeMutableBufferPointer {
                try t.encodeIDs(utf8: UnsafeBufferPointer($0), allowSpecial: true)
            } == [97, 257])
        #expect(try text.withUnsafeMutableBufferPointer { try t.encodeIDs(utf8: UnsafeBufferPointer($0)) }.count == 8)
        #expect(throws: SubtokError.self) {
            try Self.bytesRankFile.withUnsafeBufferPointer {
                try TiktokenFile.read($0, encoding: nil, pattern: .gpt2, specialTokens: [("<|x|>", 97)])
            }
        }
    }

    @Test func badSpecialTokenFilesAreFormatErrors() {
        for json in [#"["<|end|>"]"#, #"{"<|end|>": -1}"#, #"{"<|end|>": 1.5}"#, #"{"a": 300, "b": 300}"#, "{"] {
            #expect(throws: SubtokError.self, "\(json)") {
                try Array(json.utf8).withUnsafeBufferPointer { try TiktokenFile.specialTokens(json: $0) }
            }
        }
    }
}
