import Foundation
import Testing

@testable import Subtok

/// `encodeColumns` and `encode` write an encoding in its final shape in one pass; the general
/// path builds it and lets the post-processor reshape it (`encodeThroughPostProcessor`, the
/// path that pairs and truncation take). All must give the same fields for every post-processor
/// the one-pass path takes.
@Suite struct TokenizerColumnsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures")
    static let samples = fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "vocab-samples")

    static let texts = [
        "", " ", "hello", " hello world ", "  hello<|end|><|end|>x  ", "héllo  wörld 😀\n\n", "\t tab\r\n", "<|end|>",
        String(repeating: "hello ", count: 50), "日本語 テキスト", "a\u{0301}\u{0302} x", "   ", "hello\u{00A0}\u{3000}world",
        "The quick brown fox, 1234 jumps!", "don't stop 'til it's done",
    ]

    /// The fields `encodeColumns` writes, or nil when it declines.
    struct Columns: Equatable {
        var ids: [UInt32] = [], typeIDs: [UInt32] = [], attentionMask: [UInt32] = [], specialTokensMask: [UInt32] = []
        var offsets: [Int] = [], sequenceIDs: [Int32] = []

        /// The same fields of `encoding`.
        init(_ encoding: Encoding) {
            ids = encoding.ids
            typeIDs = encoding.typeIDs
            attentionMask = encoding.attentionMask
            specialTokensMask = encoding.specialTokensMask
            offsets = encoding.offsets.flatMap { [$0.start, $0.end] }
            sequenceIDs = encoding.sequenceIDs.map(Int32.init)
        }

        init() {}
    }

    static func columns(_ t: Tokenizer, _ text: String, addSpecialTokens: Bool) throws -> Columns? {
        var bytes = Array(text.utf8)
        var count = 0
        var words: UnsafeMutablePointer<UInt32>?, offsets: UnsafeMutablePointer<Int>?,
            sequences: UnsafeMutablePointer<Int32>?
        defer {
            words?.deallocate()
            offsets?.deallocate()
            sequences?.deallocate()
        }
        let written = try bytes.withUnsafeMutableBufferPointer { b in
            try t.encodeColumns(utf8: UnsafeBufferPointer(b), addSpecialTokens: addSpecialTokens) { n in
                count = n
                let w = UnsafeMutablePointer<UInt32>.allocate(capacity: 4 * n + 1),
                    o = UnsafeMutablePointer<Int>.allocate(capacity: 2 * n + 1)
                let s = UnsafeMutablePointer<Int32>.allocate(capacity: n + 1)
                (words, offsets, sequences) = (w, o, s)
                return EncodingColumns(
                    ids: w, typeIDs: w + count, attentionMask: w + 2 * count, specialTokensMask: w + 3 * count,
                    offsets: o, sequenceIDs: s)
            }
        }
        guard written, let words, let offsets, let sequences else { return nil }
        var c = Columns()
        c.ids = Array(UnsafeBufferPointer(start: words, count: count))
        c.typeIDs = Array(UnsafeBufferPointer(start: words + count, count: count))
        c.attentionMask = Array(UnsafeBufferPointer(start: words + 2 * count, count: count))
        c.specialTokensMask = Array(UnsafeBufferPointer(start: words + 3 * count, count: count))
        c.offsets = Array(UnsafeBufferPointer(start: offsets, count: 2 * count))
        c.sequenceIDs = Array(UnsafeBufferPointer(start: sequences, count: count))
        return c
    }

    /// The general path's encoding of `text`.
    static func general(_ t: Tokenizer, _ text: String, addSpecialTokens: Bool) -> Encoding {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer {
            t.encodeThroughPostProcessor(
                UnsafeBufferPointer($0), pair: nil, addSpecialTokens: addSpecialTokens, matchSpecial: true)
        }
    }

    /// `t` with its components and `postProcessor`.
    static func with(_ postProcessor: (any PostProcessor)?, _ t: Tokenizer) throws -> Tokenizer {
        try Tokenizer(
            normalizer: t.normalizer, preTokenizer: t.preTokenizer, model: t.model, postProcessor: postProcessor,
            decoder: t.decoder, addedTokens: t.addedVocabulary.tokens)
    }

    static func postProcessors() throws -> [(any PostProcessor)?] {
        let template = try TemplateProcessing(
            single: [
                .special(name: "<|end|>", typeID: 1), .sequence(index: 0, typeID: 2),
                .special(name: "<|end|>", typeID: 3),
            ],
            pair: [.sequence(index: 0, typeID: 0), .sequence(index: 1, typeID: 1)],
            specialTokens: [.init(name: "<|end|>", ids: [265, 259], tokens: ["<|end|>", "hello"])])
        return [
            nil, ByteLevelProcessing(trimOffsets: true), ByteLevelProcessing(addPrefixSpace: false, trimOffsets: true),
            ByteLevelProcessing(trimOffsets: false), RobertaProcessing(sep: ("<|end|>", 265), cls: ("hello", 259)),
            RobertaProcessing(sep: ("<|end|>", 265), cls: ("hello", 259), trimOffsets: false, addPrefixSpace: false),
            BertProcessing(sep: ("<|end|>", 265), cls: ("hello", 259)), template,
            try PostProcessorSequence([ByteLevelProcessing(trimOffsets: true), template]),
            try PostProcessorSequence([
                ByteLevelProcessing(trimOffsets: true), ByteLevelProcessing(addPrefixSpace: false), template,
            ]),
        ]
    }

    @Test func oneTextEqualsTheGeneralPathForEveryPostProcessor() throws {
        let base = try Tokenizer(contentsOfFile: Self.fixtures.appendingPathComponent("tiny-bytelevel.json").path)
        for postProcessor in try Self.postProcessors() {
            let t = try Self.with(postProcessor, base)
            for text in Self.texts {
                for special in [true, false] {
                    let want = Columns(Self.general(t, text, addSpecialTokens: special))
                    let got = try Self.columns(t, text, addSpecialTokens: special)
                    #expect(got == want, "\(postProcessor.map { "\($0.json)" } ?? "none") \(text)")
                    #expect(Columns(t.encode(text, addSpecialTokens: special)) == want)
                    #expect(
                        t.encode(text, addSpecialTokens: special).tokens
                            == Self.general(t, text, addSpecialTokens: special).tokens)
                }
            }
        }
    }

    @Test(arguments: ["bpe.json", "byte-bpe.json", "wordpiece.json", "unigram.json"])
    func oneTextEqualsTheGeneralPathForTheSamples(_ name: String) throws {
        let t = try Tokenizer(contentsOfFile: Self.samples.appendingPathComponent(name).path)
        for special in [true, false] { #expect(t.encodesIntoColumns(addSpecialTokens: special)) }
        var declined = 0
        for text in Self.texts + ["zzqx 🜁 ꙮ unknown"] {
            for special in [true, false] {
                let want = Self.general(t, text, addSpecialTokens: special)
                #expect(Columns(t.encode(text, addSpecialTokens: special)) == Columns(want))
                #expect(t.encode(text, addSpecialTokens: special).tokens == want.tokens)
                guard let got = try Self.columns(t, text, addSpecialTokens: special) else {
                    // Declined only for an unknown token spelled as the text it stands for.
                    #expect(t.model.unknownIDShowingText.map { want.ids.contains($0) } == true, "\(name) \(text)")
                    declined += 1
                    continue
                }
                #expect(got == Columns(want), "\(name) \(text)")
            }
        }
        #expect(declined > 0 || t.model.unknownIDShowingText == nil)
    }

    @Test func declinesTextsTruncationCutsAndPadsTheOthers() throws {
        let base = try Tokenizer(contentsOfFile: Self.fixtures.appendingPathComponent("tiny-bytelevel.json").path)
        let truncated = try base.with(truncation: Truncation(maxLength: 2), padding: nil)
        let both = try base.with(
            truncation: Truncation(maxLength: 2),
            padding: Padding(strategy: .fixed(8), direction: .left, padToken: try #require(base.token(for: 0))))
        for t in [truncated, both] {
            #expect(t.encodesIntoColumns(addSpecialTokens: true))
            #expect(try Self.columns(t, "hello world hello", addSpecialTokens: true) == nil)
        }
        let padded = try base.with(
            truncation: Truncation(maxLength: 2),
            padding: Padding(strategy: .fixed(8), padID: 5, padToken: try #require(base.token(for: 5))))
        // A pad token spelled otherwise than its id: the columns do not hold that spelling.
        let misspelled = try base.with(
            truncation: nil, padding: Padding(strategy: .fixed(8), padID: 5, padToken: "[PAD]"))
        #expect(try Self.columns(misspelled, "hello", addSpecialTokens: true) == nil)
        for t in [truncated, both, padded] {
            for text in ["hello world", "hello", ""] {
                let got = try #require(try Self.columns(t, text, addSpecialTokens: true), "\(text)")
                #expect(got == Columns(t.encode(text)), "\(text)")
            }
        }
        #expect(try Self.columns(padded, "hello", addSpecialTokens: true)?.ids == [259, 5, 5, 5, 5, 5, 5, 5])
        #expect(base.encodesIntoColumns(addSpecialTokens: true))
        #expect(throws: SubtokError.self) {
            var bytes: [UInt8] = [0x68, 0xFF]
            _ = try bytes.withUnsafeMutableBufferPointer { b in
                try base.encodeColumns(utf8: UnsafeBufferPointer(b)) { _ in
                    Issue.record("allocated for invalid UTF-8"); fatalError()
                }
            }
        }
    }
}
