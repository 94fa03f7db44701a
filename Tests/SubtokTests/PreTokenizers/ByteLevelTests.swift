import Testing

// Written by tools/make_component_tests.py from tokenizers 0.23.3: edit the script, not this file.
@testable import Subtok

/// `ByteLevel` (`tokenizer.json` "ByteLevel") against what `tokenizers` gives on the same inputs.
@Suite struct ByteLevelTests {
    static let json =
        "{\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"trim_offsets\": true, \"use_regex\": true}"

    static let cases: [(String, [(String, Int, Int)])] = [
        (
            "Hello,  World! ",
            [(" Hello", 0, 5), (",", 5, 6), (" ", 6, 7), (" World", 7, 13), ("!", 13, 14), (" ", 14, 15)]
        ),
        (
            "  d\u{e9}j\u{e0} vu\u{9}na\u{ef}ve\u{a}",
            [
                (" ", 0, 1), (" d\u{e9}j\u{e0}", 1, 8), (" vu", 8, 11), ("\u{9}", 11, 12), ("na\u{ef}ve", 12, 18),
                ("\u{a}", 18, 19),
            ]
        ),
        (
            "\u{130}stanbul \u{3a3}\u{391}\u{3a3} stra\u{df}e",
            [(" \u{130}stanbul", 0, 9), (" \u{3a3}\u{391}\u{3a3}", 9, 16), (" stra\u{df}e", 16, 24)]
        ),
        (
            "a1b22c333 4,5.6",
            [
                (" a", 0, 1), ("1", 1, 2), ("b", 2, 3), ("22", 3, 5), ("c", 5, 6), ("333", 6, 9), (" 4", 9, 11),
                (",", 11, 12), ("5", 12, 13), (".", 13, 14), ("6", 14, 15),
            ]
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30c6}\u{30ad}\u{30b9}\u{30c8}\u{3001}\u{3067}\u{3059}\u{3002}",
            [
                (" \u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30c6}\u{30ad}\u{30b9}\u{30c8}", 0, 24), ("\u{3001}", 24, 27),
                ("\u{3067}\u{3059}", 27, 33), ("\u{3002}", 33, 36),
            ]
        ),
        (
            "e\u{301}\u{302} (x) -- don't!!",
            [
                (" e", 0, 1), ("\u{301}\u{302}", 1, 5), (" (", 5, 7), ("x", 7, 8), (")", 8, 9), (" --", 9, 12),
                (" don", 12, 16), ("'t", 16, 18), ("!!", 18, 20),
            ]
        ),
        ("", []),
        (
            "\u{a0}tab\u{3000}space\u{d}\u{a}",
            [
                (" ", 0, 2), ("\u{a0}", 0, 2), ("tab", 2, 5), ("\u{3000}", 5, 8), ("space", 8, 13),
                ("\u{d}\u{a}", 13, 15),
            ]
        ),
    ]

    @Test(arguments: cases)
    func splitsAsTokenizers(text: String, expected: [(String, Int, Int)]) throws {
        #expect(
            try preTokenized(Self.json, text).map { "\($0.0) \($0.1) \($0.2)" }
                == expected.map { "\($0.0) \($0.1) \($0.2)" })
    }
}
