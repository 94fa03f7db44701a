@testable import Subtok
import Testing

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
        #expect(throws: SubtokError.self) { try file.withUnsafeBufferPointer { try TiktokenFile.read($0, encoding: nil) } }
        #expect((try? file.withUnsafeBufferPointer { try TiktokenFile.read($0, encoding: nil, pattern: .gpt2) }) != nil)
    }
}
