import Testing

// Written by tools/make_component_tests.py from tokenizers 0.23.3: edit the script, not this file.
@testable import Subtok

/// `Strip` (`tokenizer.json` "Strip") against what `tokenizers` gives on the same inputs.
@Suite struct StripTests {
    static let json = "{\"type\": \"Strip\", \"strip_left\": true, \"strip_right\": false}"

    static let cases: [(String, String)] = [
        ("Hello,  World! ", "Hello,  World! "),
        ("  d\u{e9}j\u{e0} vu\u{9}na\u{ef}ve\u{a}", "d\u{e9}j\u{e0} vu\u{9}na\u{ef}ve\u{a}"),
        ("\u{130}stanbul \u{3a3}\u{391}\u{3a3} stra\u{df}e", "\u{130}stanbul \u{3a3}\u{391}\u{3a3} stra\u{df}e"),
        ("a1b22c333 4,5.6", "a1b22c333 4,5.6"),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30c6}\u{30ad}\u{30b9}\u{30c8}\u{3001}\u{3067}\u{3059}\u{3002}",
            "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30c6}\u{30ad}\u{30b9}\u{30c8}\u{3001}\u{3067}\u{3059}\u{3002}"
        ),
        ("e\u{301}\u{302} (x) -- don't!!", "e\u{301}\u{302} (x) -- don't!!"),
        ("", ""),
        ("\u{a0}tab\u{3000}space\u{d}\u{a}", "tab\u{3000}space\u{d}\u{a}"),
    ]

    @Test(arguments: cases)
    func normalizesAsTokenizers(text: String, expected: String) throws {
        #expect(try normalizedText(Self.json, text) == expected)
    }
}
