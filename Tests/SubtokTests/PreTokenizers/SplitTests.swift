import Testing

@testable import Subtok

/// The Llama 3 and Qwen2 patterns on their scanners. Expected pieces are those of
/// `tokenizers`' `Split(Regex(pattern), "isolated")` on the same texts.
@Suite struct SplitTests {
    func pieces(_ pattern: Split.KnownPattern, _ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var ends: [Int] = []
        bytes.withUnsafeBufferPointer {
            pattern.splitter(oniguruma: true).splitPieces($0.baseAddress!, 0, $0.count, into: &ends)
        }
        var start = 0
        return ends.map { e in
            defer { start = e }
            return String(decoding: bytes[start..<e], as: UTF8.self)
        }
    }

    @Test func recognizesTheLlama3AndQwen2Spellings() {
        let llama3 =
            #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        let qwen2 =
            #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        #expect(Split.KnownPattern.recognize(llama3)?.0 == .llama3)
        #expect(Split.KnownPattern.recognize(qwen2)?.0 == .qwen2)
        #expect(Split.KnownPattern.recognize(ByteStrings.replaceAll("(?i:", with: "(?:", in: qwen2)) == nil)
    }

    @Test func llama3EndsAWhiteSpaceRunThatEndsTheTextAfterItsLastLineBreak() {
        #expect(pieces(.llama3, "Hello world\n  ") == ["Hello", " world", "\n", "  "])
        #expect(pieces(.llama3, "a \n \n  ") == ["a", " \n \n", "  "])
        #expect(pieces(.llama3, "x\n\n") == ["x", "\n\n"])
        #expect(pieces(.llama3, "tab\t\t") == ["tab", "\t\t"])
        #expect(pieces(.llama3, "  \n  x") == ["  \n", " ", " x"])
        // cl100k keeps such a run whole.
        #expect(pieces(.cl100k, "Hello world\n  ") == ["Hello", " world", "\n  "])
    }

    @Test func llama3TakesNumbersThreeAtATimeAndQwen2OneAtATime() {
        #expect(pieces(.llama3, "I'm 12345 ok  \n\tthere") == ["I", "'m", " ", "123", "45", " ok", "  \n", "\tthere"])
        #expect(
            pieces(.qwen2, "I'm 12345 ok  \n\tthere") == [
                "I", "'m", " ", "1", "2", "3", "4", "5", " ok", "  \n", "\tthere",
            ])
        #expect(pieces(.llama3, "١٢٣٤ 日本語\r\n") == ["١٢٣", "٤", " 日本語", "\r\n"])
        #expect(pieces(.qwen2, "١٢٣٤ 日本語\r\n") == ["١", "٢", "٣", "٤", " 日本語", "\r\n"])
    }

    @Test func contractionsFoldCase() {
        #expect(pieces(.llama3, "DON'T ſ 'll") == ["DON", "'T", " ſ", " '", "ll"])
        #expect(pieces(.qwen2, "DON'T ſ 'll") == ["DON", "'T", " ſ", " '", "ll"])
    }

    @Test func o200kEndsAWhiteSpaceRunThatEndsTheTextAfterItsLastLineBreak() {
        // tiktoken's o200k_base pattern (`\s*[\r\n]+|\s+(?!\S)|\s+`), pieces from `regex.findall`.
        #expect(pieces(.o200k, "a\n  ") == ["a", "\n", "  "])
        #expect(pieces(.o200k, "a \n \n  ") == ["a", " \n \n", "  "])
        #expect(pieces(.o200k, "a\n \t") == ["a", "\n", " \t"])
    }

    /// Expected pieces are `regex.findall` of the pattern in Mistral's tekken files.
    @Test func tekkenIsO200kWithoutContractionsAndWithSingleDigits() {
        #expect(Split.KnownPattern.recognize(Split.KnownPattern.tekken.regex[0])?.0 == .tekken)
        #expect(
            pieces(.tekken, "I'm 12345 don't HELLO World") == [
                "I", "'m", " ", "1", "2", "3", "4", "5", " don", "'t", " HELLO", " World",
            ])
        #expect(pieces(.tekken, "CamelCase path/to\r\n  x") == ["Camel", "Case", " path", "/to", "\r\n", " ", " x"])
        #expect(pieces(.tekken, "ÉCOLE été 東京 ٣٤") == ["ÉCOLE", " été", " 東京", " ", "٣", "٤"])
    }
}
