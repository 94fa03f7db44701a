import Testing

@testable import Subtok

/// Metaspace's ids-only path (`rewrittenPieces`) gives the ids of the general path, which builds
/// the same pieces with alignments (`preTokenize`), for every prepend scheme and split setting.
@Suite struct MetaspaceTests {
    func tokenizer(scheme: Metaspace.PrependScheme, split: Bool) throws -> Tokenizer {
        let model = try BPE(
            vocabulary: Vocabulary(tokens: ["▁", "a", "b", "▁a", "ab", "▁ab", "c"]),
            merges: [("▁", "a"), ("a", "b"), ("▁a", "b")], byteLevel: false)
        return try Tokenizer(preTokenizer: Metaspace(prependScheme: scheme, split: split), model: model)
    }

    @Test(arguments: [Metaspace.PrependScheme.always, .first, .never], [false, true])
    func idsPathEqualsTheGeneralPath(_ scheme: Metaspace.PrependScheme, _ split: Bool) throws {
        let t = try tokenizer(scheme: scheme, split: split)
        for text in ["", " ", "ab", " ab", "ab ab  ab", "▁ab", "a▁b c", "  ", "ab ", "é ab"] {
            var bytes = Array(text.utf8)
            let ids = try bytes.withUnsafeMutableBufferPointer { try t.encodeIDs(utf8: UnsafeBufferPointer($0)) }
            #expect(ids == t.encode(text).ids, "\(scheme) split \(split): \(text.debugDescription)")
        }
    }

    /// The pieces of the one-pass rewrite against `preTokenize`'s, for replacements of one to
    /// four bytes, texts holding the replacement itself, every scheme and split setting.
    @Test(arguments: ["\u{2581}", "_", "é", "🙂"], [Metaspace.PrependScheme.always, .first, .never])
    func rewrittenPiecesArePreTokenizesPieces(_ replacement: String, _ scheme: Metaspace.PrependScheme) {
        // Short texts, and random ones long enough for the eight-bytes-at-a-time scan, with the
        // spaces and replacements at every position of a word.
        var random = SplitMix64(seed: 11)
        let parts = [" ", "  ", replacement, "a", "bc", "defghijk", "é", "日本", "—"]
        let long = (0..<200).map { _ in
            (0..<Int(random.next() % 24)).map { _ in parts[Int(random.next() % UInt64(parts.count))] }.joined()
        }.filter { !$0.isEmpty }
        for split in [false, true] {
            let metaspace = Metaspace(replacement: replacement, prependScheme: scheme, split: split)
            for text in [
                " ", "ab", " ab ", "ab  ab", replacement + "ab", "a" + replacement + replacement + "b c",
                "x " + replacement, "日本 語",
            ] + long {
                let bytes = Array(text.utf8)
                var general = PreTokenizedString(
                    normalized: NormalizedString(original: bytes), splits: [.init(start: 0, end: bytes.count)])
                metaspace.preTokenize(&general)
                let expected = general.splits.map {
                    String(decoding: general.normalized.bytes[$0.start..<$0.end], as: UTF8.self)
                }
                let (rewritten, ends) = bytes.withUnsafeBufferPointer { metaspace.rewrittenPieces($0, after: nil)! }
                var start = 0
                let pieces = ends.map { end in
                    defer { start = end }
                    return String(decoding: rewritten[start..<end], as: UTF8.self)
                }
                #expect(pieces == expected, "\(replacement) \(scheme) split \(split): \(text.debugDescription)")
            }
        }
    }

    /// With added tokens in the text, the ids path rewrites each part between them on its own
    /// (prepending to the part that starts the text only, under `first`): the general path's ids.
    @Test(arguments: [Metaspace.PrependScheme.always, .first, .never], [false, true])
    func partsBetweenAddedTokensAsTheGeneralPath(_ scheme: Metaspace.PrependScheme, _ split: Bool) throws {
        let model = try BPE(
            vocabulary: Vocabulary(tokens: ["▁", "a", "b", "▁a", "ab", "▁ab", "c", "<s>"]),
            merges: [("▁", "a"), ("a", "b"), ("▁a", "b")], byteLevel: false)
        let t = try Tokenizer(
            preTokenizer: Metaspace(prependScheme: scheme, split: split), model: model,
            addedTokens: [AddedToken(id: 7, content: "<s>", special: true)])
        for text in ["<s>ab", "ab<s>ab", "ab <s> ab", "<s><s>", " <s>ab c", "ab<s>"] {
            var bytes = Array(text.utf8)
            let ids = try bytes.withUnsafeMutableBufferPointer { try t.encodeIDs(utf8: UnsafeBufferPointer($0)) }
            #expect(ids == t.encode(text).ids, "\(scheme) split \(split): \(text.debugDescription)")
        }
        #expect(
            t.encode("ab<s>ab").ids == (scheme == .always ? [5, 7, 5] : scheme == .first ? [5, 7, 4] : [4, 7, 4]))
    }

    /// The offset mapping of the full-encoding fast path against `preTokenize`'s alignment:
    /// every range of the rewritten bytes (token edges inside a replacement, inside a
    /// character, at the prepended one), for replacements of one to four bytes.
    @Test(arguments: ["\u{2581}", "_", "é", "🙂"], [Metaspace.PrependScheme.always, .first, .never])
    func rewrittenOffsetsMapAsPreTokenizesAlignment(_ replacement: String, _ scheme: Metaspace.PrependScheme) {
        let metaspace = Metaspace(replacement: replacement, prependScheme: scheme, split: true)
        for text in [
            "ab", " ab ", "ab  ab", replacement + "ab", "a" + replacement + " b", "日本 語", "é", " ", "  x",
            "Ξ q", "x  " + replacement,
        ] {
            let bytes = Array(text.utf8)
            var general = PreTokenizedString(
                normalized: NormalizedString(original: bytes), splits: [.init(start: 0, end: bytes.count)])
            metaspace.preTokenize(&general)
            let count = general.normalized.count
            for a in 0..<count {
                for b in (a + 1)...count {
                    var offsets = [TokenOffset(start: a, end: b)]
                    let mapped = bytes.withUnsafeBufferPointer { text in
                        offsets.withUnsafeMutableBufferPointer { metaspace.mapRewrittenOffsets($0, of: text) }
                    }
                    #expect(mapped)
                    #expect(
                        offsets[0] == general.normalized.originalRange(a, b),
                        "\(replacement) \(scheme) \(text.debugDescription) \(a)..<\(b)")
                }
            }
        }
    }

    @Test func aReplacementOfTwoCharactersHasNoOnePassRewrite() {
        #expect(
            Array("a b".utf8).withUnsafeBufferPointer { Metaspace(replacement: "__").rewrittenPieces($0, after: nil) }
                == nil)
    }

    @Test func theRewriteReplacesSpacesAndPrepends() {
        let (bytes, ends) = Array("ab c".utf8).withUnsafeBufferPointer {
            Metaspace(prependScheme: .always, split: true).rewrittenPieces($0, after: nil)!
        }
        #expect(String(decoding: bytes, as: UTF8.self) == "▁ab▁c")
        #expect(ends == [5, 9])
    }
}
