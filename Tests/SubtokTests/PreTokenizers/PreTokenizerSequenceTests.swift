import Testing

// Written by tools/make_component_tests.py from tokenizers 0.23.3: edit the script, not this file.
@testable import Subtok

/// `PreTokenizerSequence` (`tokenizer.json` "Sequence") against what `tokenizers` gives on the same inputs.
@Suite struct PreTokenizerSequenceTests {
    static let json =
        "{\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"WhitespaceSplit\"}, {\"type\": \"Digits\", \"individual_digits\": false}, {\"type\": \"Punctuation\", \"behavior\": \"MergedWithPrevious\"}]}"

    static let cases: [(String, [(String, Int, Int)])] = [
        ("Hello,  World! ", [("Hello,", 0, 6), ("World!", 8, 14)]),
        ("  d\u{e9}j\u{e0} vu\u{9}na\u{ef}ve\u{a}", [("d\u{e9}j\u{e0}", 2, 8), ("vu", 9, 11), ("na\u{ef}ve", 12, 18)]),
        (
            "\u{130}stanbul \u{3a3}\u{391}\u{3a3} stra\u{df}e",
            [("\u{130}stanbul", 0, 9), ("\u{3a3}\u{391}\u{3a3}", 10, 16), ("stra\u{df}e", 17, 24)]
        ),
        (
            "a1b22c333 4,5.6",
            [
                ("a", 0, 1), ("1", 1, 2), ("b", 2, 3), ("22", 3, 5), ("c", 5, 6), ("333", 6, 9), ("4", 10, 11),
                (",", 11, 12), ("5", 12, 13), (".", 13, 14), ("6", 14, 15),
            ]
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30c6}\u{30ad}\u{30b9}\u{30c8}\u{3001}\u{3067}\u{3059}\u{3002}",
            [
                ("\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30c6}\u{30ad}\u{30b9}\u{30c8}\u{3001}", 0, 27),
                ("\u{3067}\u{3059}\u{3002}", 27, 36),
            ]
        ),
        (
            "e\u{301}\u{302} (x) -- don't!!",
            [
                ("e\u{301}\u{302}", 0, 5), ("(", 6, 7), ("x)", 7, 9), ("-", 10, 11), ("-", 11, 12), ("don'", 13, 17),
                ("t!", 17, 19), ("!", 19, 20),
            ]
        ),
        ("", []),
        ("\u{a0}tab\u{3000}space\u{d}\u{a}", [("tab", 2, 5), ("space", 8, 13)]),
    ]

    @Test(arguments: cases)
    func splitsAsTokenizers(text: String, expected: [(String, Int, Int)]) throws {
        #expect(
            try preTokenized(Self.json, text).map { "\($0.0) \($0.1) \($0.2)" }
                == expected.map { "\($0.0) \($0.1) \($0.2)" })
    }
}
