import Testing

// Written by tools/make_component_tests.py from tokenizers 0.23.3: edit the script, not this file.
@testable import Subtok

/// `Punctuation` (`tokenizer.json` "Punctuation") against what `tokenizers` gives on the same inputs.
@Suite struct PunctuationTests {
    static let json = "{\"type\": \"Punctuation\", \"behavior\": \"Isolated\"}"

    static let cases: [(String, [(String, Int, Int)])] = [
        ("Hello,  World! ", [("Hello", 0, 5), (",", 5, 6), ("  World", 6, 13), ("!", 13, 14), (" ", 14, 15)]),
        ("  d\u{e9}j\u{e0} vu\u{9}na\u{ef}ve\u{a}", [("  d\u{e9}j\u{e0} vu\u{9}na\u{ef}ve\u{a}", 0, 19)]),
        (
            "\u{130}stanbul \u{3a3}\u{391}\u{3a3} stra\u{df}e",
            [("\u{130}stanbul \u{3a3}\u{391}\u{3a3} stra\u{df}e", 0, 24)]
        ),
        ("a1b22c333 4,5.6", [("a1b22c333 4", 0, 11), (",", 11, 12), ("5", 12, 13), (".", 13, 14), ("6", 14, 15)]),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30c6}\u{30ad}\u{30b9}\u{30c8}\u{3001}\u{3067}\u{3059}\u{3002}",
            [
                ("\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30c6}\u{30ad}\u{30b9}\u{30c8}", 0, 24), ("\u{3001}", 24, 27),
                ("\u{3067}\u{3059}", 27, 33), ("\u{3002}", 33, 36),
            ]
        ),
        (
            "e\u{301}\u{302} (x) -- don't!!",
            [
                ("e\u{301}\u{302} ", 0, 6), ("(", 6, 7), ("x", 7, 8), (")", 8, 9), (" ", 9, 10), ("-", 10, 11),
                ("-", 11, 12), (" don", 12, 16), ("'", 16, 17), ("t", 17, 18), ("!", 18, 19), ("!", 19, 20),
            ]
        ),
        ("", []),
        ("\u{a0}tab\u{3000}space\u{d}\u{a}", [("\u{a0}tab\u{3000}space\u{d}\u{a}", 0, 15)]),
    ]

    @Test(arguments: cases)
    func splitsAsTokenizers(text: String, expected: [(String, Int, Int)]) throws {
        #expect(
            try preTokenized(Self.json, text).map { "\($0.0) \($0.1) \($0.2)" }
                == expected.map { "\($0.0) \($0.1) \($0.2)" })
    }
}
