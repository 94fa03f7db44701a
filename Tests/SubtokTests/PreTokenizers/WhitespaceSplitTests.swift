import Testing

// Written by tools/make_component_tests.py from tokenizers 0.23.3: edit the script, not this file.
@testable import Subtok

/// `WhitespaceSplit` (`tokenizer.json` "WhitespaceSplit") against what `tokenizers` gives on the same inputs.
@Suite struct WhitespaceSplitTests {
    static let json = "{\"type\": \"WhitespaceSplit\"}"

    static let cases: [(String, [(String, Int, Int)])] = [
        ("Hello,  World! ", [("Hello,", 0, 6), ("World!", 8, 14)]),
        ("  d\u{e9}j\u{e0} vu\u{9}na\u{ef}ve\u{a}", [("d\u{e9}j\u{e0}", 2, 8), ("vu", 9, 11), ("na\u{ef}ve", 12, 18)]),
        (
            "\u{130}stanbul \u{3a3}\u{391}\u{3a3} stra\u{df}e",
            [("\u{130}stanbul", 0, 9), ("\u{3a3}\u{391}\u{3a3}", 10, 16), ("stra\u{df}e", 17, 24)]
        ),
        ("a1b22c333 4,5.6", [("a1b22c333", 0, 9), ("4,5.6", 10, 15)]),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30c6}\u{30ad}\u{30b9}\u{30c8}\u{3001}\u{3067}\u{3059}\u{3002}",
            [
                (
                    "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30c6}\u{30ad}\u{30b9}\u{30c8}\u{3001}\u{3067}\u{3059}\u{3002}",
                    0, 36
                )
            ]
        ),
        (
            "e\u{301}\u{302} (x) -- don't!!",
            [("e\u{301}\u{302}", 0, 5), ("(x)", 6, 9), ("--", 10, 12), ("don't!!", 13, 20)]
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
