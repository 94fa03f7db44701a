import Testing

@testable import Subtok

@Suite struct JSONParserTests {
    func parse(_ text: String) throws(SubtokError) -> JSON { try JSONParser.parse(text) }

    @Test func parsesNestedValues() throws {
        let v = try parse(#" {"a": [1, -2.5, 3e2, true, false, null], "b": {"c": "d"}} "#)
        #expect(v["a"] == .array([.number(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null]))
        #expect(v["b"]?["c"] == .string("d"))
        #expect(v["missing"] == nil)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let v = try parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#)
        #expect(v == .string("a\"b\\c/d\u{8}\u{c}\n\r\té😀"))
    }

    /// Numbers read as serde_json reads them (tokenizers' parser), not correctly rounded: a
    /// 16-digit significand above 2⁵³ is rounded once to a double and once by the division.
    /// Expected values: what tokenizers 0.23.3 wrote back (`to_str`) after reading each number.
    @Test func readsNumbersAsSerdeJSONDoes() throws {
        #expect(try parse("-9.244275093078613") == .number(-9.244275093078612))
        #expect(try parse("-9.618430137634277") == .number(-9.618430137634276))
        #expect(try parse("-7.646928787231445") == .number(-7.646928787231445))
        #expect(try parse("0.1") == .number(0.1))
        #expect(try parse("-1.5e-3") == .number(-0.0015))
        #expect(try parse("2.5E+2") == .number(250))
        #expect(try parse("123456789012345678901234.5") == .number(1.2345678901234567e23))
        #expect(try parse("-3.2e-320") == .number(-3.2e-320))
        #expect(throws: SubtokError.self) { try parse("1e400") }
        #expect(try parse("1e-400") == .number(0))
    }

    /// A Unigram tie that the reading decides: with the scores read correctly rounded, `7`+`0`+`00`
    /// and `7`+`00`+`0` score the same; as tokenizers reads them (0.23.3 gives 7 00 0), they do not.
    @Test func unigramTiesFallAsTokenizersReadsTheScores() throws {
        let json =
            #"{"model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", -10.0], ["7", -9.244275093078613], ["0", -7.646928787231445], ["00", -9.618430137634277]]}}"#
        let bytes = Array(json.utf8)
        let tokenizer = try bytes.withUnsafeBufferPointer { (b) throws(SubtokError) in try Tokenizer.fromJSONBytes(b) }
        #expect(tokenizer.encode("7000").tokens == ["7", "00", "0"])
        #expect(tokenizer.encode("000").tokens == ["0", "00"])
    }

    @Test func keepsObjectKeyOrder() throws {
        guard case let .object(members) = try parse(#"{"z": 1, "a": 2, "m": 3}"#) else {
            Issue.record("not an object"); return
        }
        #expect(members.map(\.key) == ["z", "a", "m"])
    }

    @Test(arguments: [
        "", "{", "[1, 2", #"{"a" 1}"#, #"{"a": 1,}"#, "[1,]", "01x", "-", "1.", "1e", "tru", "nul",
        #""unterminated"#, #""bad \x escape""#, #""\ud800 lone surrogate""#, #""\udc00""#, "\"tab\tinside\"",
        "[1] 2", "{\"a\": 1} x", "NaN", "'single'",
    ])
    func rejectsMalformedInput(_ text: String) {
        #expect(throws: SubtokError.self) { try parse(text) }
    }

    @Test func rejectsDeepNestingWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try parse(deep)
            Issue.record("deep nesting accepted")
        } catch {
            #expect(error.kind == .format)
            #expect(error.message.contains("nesting"))
        }
    }

    @Test func rejectsInvalidUTF8InStrings() {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x22]
        #expect(throws: SubtokError.self) { try bytes.withUnsafeBufferPointer { try JSONParser.parse($0) } }
    }

    @Test func errorsGiveTheByteOffset() {
        do {
            _ = try parse(#"{"a": [1, 2, }"#)
        } catch {
            #expect(error.message.contains("byte 13"))
        }
    }

    @Test func writerRoundTrips() throws {
        let source = #"{"s": "q\"\\\n\u0001é", "n": [0, 1.5, -3, 12345678901], "o": {}, "a": [], "t": true, "z": null}"#
        let value = try parse(source)
        #expect(try parse(JSONWriter.string(value)) == value)
        #expect(try parse(JSONWriter.string(value, pretty: false)) == value)
    }
}
