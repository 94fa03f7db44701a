@testable import Subtok
import Testing

/// Metaspace's ids-only path (`rewrittenPieces`) gives the ids of the general path, which builds
/// the same pieces with alignments (`preTokenize`), for every prepend scheme and split setting.
@Suite struct MetaspaceTests {
    func tokenizer(scheme: Metaspace.PrependScheme, split: Bool) throws -> Tokenizer {
        let model = try BPE(vocabulary: Vocabulary(tokens: ["▁", "a", "b", "▁a", "ab", "▁ab", "c"]),
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

    @Test func theRewriteReplacesSpacesAndPrepends() {
        let (bytes, ends) = Array("ab c".utf8).withUnsafeBufferPointer { Metaspace(prependScheme: .always, split: true).rewrittenPieces($0, after: nil)! }
        #expect(String(decoding: bytes, as: UTF8.self) == "▁ab▁c")
        #expect(ends == [5, 9])
    }
}
