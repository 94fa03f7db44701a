import Foundation
import Testing

@testable import Subtok

/// The plan each kind of pipeline gets, and that every plan's ids equal the general path's.
@Suite struct EncodePlanTests {
    static let fixture = TokenizerTests.fixture

    /// The tiny byte-level fixture with its normalizer, pre-tokenizer or post-processor replaced.
    func tokenizer(
        normalizer: String? = nil, preTokenizer: String? = nil, postProcessor: String? = nil
    ) throws
        -> Tokenizer
    {
        let file = try JSONParser.parse(String(contentsOfFile: Self.fixture, encoding: .utf8))
        guard case var .object(fields) = file else { throw SubtokError(.format, "the fixture is not an object") }
        let replacements = [
            ("normalizer", normalizer), ("pre_tokenizer", preTokenizer), ("post_processor", postProcessor),
        ]
        for (key, value) in replacements {
            guard let value, let k = fields.firstIndex(where: { $0.key == key }) else { continue }
            fields[k].value = try JSONParser.parse(value)
        }
        var text = JSON.object(fields).serialized()
        return try text.withUTF8 { b in Result { () throws(SubtokError) in try Tokenizer.fromJSONBytes(b) } }.get()
    }

    /// The plan's case name, and the plan it falls back to where it has one.
    func kind(_ plan: EncodePlan) -> String {
        switch plan {
        case .splitOnly: return "splitOnly"
        case .splitWhereUnchanged(_, let otherwise): return "splitWhereUnchanged, else " + kind(otherwise)
        case .normalizedBytes: return "normalizedBytes"
        case .rewrittenPieces(let parts, _): return parts ? "rewrittenPieces with parts" : "rewrittenPieces"
        case .general: return "general"
        }
    }

    static let texts = [
        "", "hello world", "  hello<|end|><|end|>x ", "héllo wörld 😀\n", "cafe\u{301}<|end|> \u{212B}",
        String(repeating: "hello ", count: 50),
    ]

    func expectIDsPathEqualsFullPath(_ t: Tokenizer) throws {
        for text in Self.texts {
            var bytes = Array(text.utf8)
            let ids = try bytes.withUnsafeMutableBufferPointer { try t.encodeIDs(utf8: UnsafeBufferPointer($0)) }
            #expect(ids == t.encode(text).ids, "\(kind(t.plan)): \(text.debugDescription)")
        }
    }

    @Test func eachPipelineGetsItsPlanAndTheGeneralPathsIDs() throws {
        let cases: [(String, Tokenizer)] = [
            ("splitOnly", try tokenizer()),
            ("splitWhereUnchanged, else general", try tokenizer(normalizer: #"{"type": "NFC"}"#)),
            (
                "normalizedBytes",
                try tokenizer(
                    normalizer: #"{"type": "Strip", "strip_left": true, "strip_right": true}"#, preTokenizer: "null")
            ),
            (
                "rewrittenPieces with parts",
                try tokenizer(
                    preTokenizer:
                        #"{"type": "Metaspace", "replacement": "Ġ", "prepend_scheme": "always", "split": true}"#)
            ),
            (
                "general",
                try tokenizer(
                    preTokenizer:
                        #"{"type": "Split", "pattern": {"Regex": "(?:\\s+|\\w+)"}, "behavior": "Isolated", "invert": false}"#
                )
            ),
            ("general", try tokenizer(normalizer: #"{"type": "Lowercase"}"#, preTokenizer: "null")),
        ]
        for (expected, t) in cases {
            #expect(kind(t.plan) == expected)
            try expectIDsPathEqualsFullPath(t)
        }
        #expect(try tokenizer().encodePath == "split only (GPT-2 scanner, piece cache)")
        #expect(
            try tokenizer(normalizer: #"{"type": "NFC"}"#).encodePath
                == "split only (GPT-2 scanner, piece cache) where the normalizer leaves the text as it is, else general"
        )
    }

    /// Boundary tokens replace a post-processor but keep the byte-level offset trimming it
    /// applies, also when that trimming is a member of a Sequence (Llama 3's files).
    @Test func boundaryTokensKeepTheTrimmingOfASequence() throws {
        let trimming = #"{"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true}"#
        let plain = #"{"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": true}"#
        for processor in [trimming, #"{"type": "Sequence", "processors": [\#(trimming), \#(plain)]}"#] {
            let t = try tokenizer(postProcessor: processor).withBoundaryTokens(bos: "<|end|>", eos: nil)
            let e = t.encode("hello world")
            #expect(e.ids == [265, 259, 264])
            #expect(e.offsets.map { [$0.start, $0.end] } == [[0, 0], [0, 5], [6, 11]])
        }
    }

    /// Only a model with an n-best search answers `nBest`; the others say it is unsupported.
    @Test func nBestIsUnsupportedForBPE() throws {
        let t = try tokenizer(preTokenizer: "null")
        for text in ["", "hello"] {
            var bytes = Array(text.utf8)
            #expect(throws: SubtokError.self) {
                try bytes.withUnsafeMutableBufferPointer { try t.nBest(utf8: UnsafeBufferPointer($0), count: 2) }
            }
        }
    }

    /// `decodeBytes` gives a byte-level tokenizer's raw bytes, a part of a character included.
    @Test func decodeBytesGivesTheRawBytesOfByteLevelTokens() throws {
        let t = try tokenizer()
        var bytes = Array("é".utf8)
        let ids = try bytes.withUnsafeMutableBufferPointer { try t.encodeIDs(utf8: UnsafeBufferPointer($0)) }
        #expect(ids.count == 2)
        #expect(try t.decodeBytes([ids[0]]) == [0xC3])
        #expect(try t.decodeBytes(ids) == [0xC3, 0xA9])
    }
}
