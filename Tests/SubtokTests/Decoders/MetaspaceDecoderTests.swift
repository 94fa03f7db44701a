import Testing

// Written by tools/make_component_tests.py from tokenizers 0.23.3: edit the script, not this file.
@testable import Subtok

/// `MetaspaceDecoder` (`tokenizer.json` "Metaspace") against what `tokenizers` gives on the same inputs.
@Suite struct MetaspaceDecoderTests {
    static let json =
        "{\"type\": \"Metaspace\", \"replacement\": \"\u{2581}\", \"prepend_scheme\": \"always\", \"split\": true}"

    static let cases: [([String], String)] = [
        (["\u{2581}Hello", "\u{2581}wor", "ld", "!"], "Hello world!"),
        (["\u{120}hello", "\u{120}world", "\u{10a}"], "\u{120}hello\u{120}world\u{10a}"),
        (["un", "##aff", "##able", "."], "un##aff##able."),
        (["<0xE6>", "<0x97>", "<0xA5>", "a", "<0x41>"], "<0xE6><0x97><0xA5>a<0x41>"),
        (["hello</w>", "wor", "ld</w>"], "hello</w>world</w>"),
        (["\u{2581}", "\u{2581}a", "b", "\u{2581}\u{2581}c"], " ab  c"),
        ([], ""),
    ]

    @Test(arguments: cases)
    func decodesAsTokenizers(tokens: [String], expected: String) throws {
        #expect(try decoded(Self.json, tokens) == expected)
    }
}
