import Foundation
import Testing

@testable import Subtok

/// DecodeStream on a SentencePiece-style file (Metaspace, byte fallback); the expected chunks
/// are what `tokenizers.decoders.DecodeStream` gives on the same file and ids.
@Suite struct DecodeStreamTests {
    static let json =
        "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": [{\"id\": 0, \"content\": \"<unk>\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false, \"normalized\": false, \"special\": true}], \"normalizer\": null, \"pre_tokenizer\": {\"type\": \"Metaspace\", \"replacement\": \"▁\", \"prepend_scheme\": \"first\", \"split\": false}, \"post_processor\": null, \"decoder\": {\"type\": \"Sequence\", \"decoders\": [{\"type\": \"Replace\", \"pattern\": {\"String\": \"▁\"}, \"content\": \" \"}, {\"type\": \"ByteFallback\"}, {\"type\": \"Fuse\"}, {\"type\": \"Strip\", \"content\": \" \", \"start\": 1, \"stop\": 0}]}, \"model\": {\"type\": \"BPE\", \"dropout\": null, \"unk_token\": \"<unk>\", \"continuing_subword_prefix\": null, \"end_of_word_suffix\": null, \"fuse_unk\": true, \"byte_fallback\": true, \"ignore_merges\": false, \"vocab\": {\"<unk>\": 0, \"<0xC3>\": 1, \"<0xA9>\": 2, \"▁hello\": 3, \"▁world\": 4, \"x\": 5, \"▁\": 6}, \"merges\": []}}"

    func tokenizer() throws -> Tokenizer {
        var json = Self.json
        return try json.withUTF8 { b in Result { () throws(SubtokError) in try Tokenizer.fromJSONBytes(b) } }.get()
    }

    func steps(_ ids: [UInt32], skip: Bool = false, prefill: [UInt32] = []) throws -> [String?] {
        let t = try tokenizer()
        var stream = DecodeStream(skipSpecialTokens: skip, prefill: prefill)
        return try ids.map { (id) throws(SubtokError) in try stream.step(t, id) }
    }

    @Test func spacesAndByteFallbackCharactersComeOutWhole() throws {
        #expect(try steps([3, 4, 6, 1, 2, 5]) == ["hello", " world", " ", nil, "é", "x"])
        #expect(try steps([1, 1, 2, 4]) == [nil, nil, nil, "\u{FFFD}\u{FFFD}\u{FFFD} world"])
        #expect(try steps([4]) == ["world"])
    }

    @Test func specialTokensAndPrefill() throws {
        #expect(try steps([0, 3]) == ["<unk>", " hello"])
        #expect(try steps([0, 3], skip: true) == [nil, "hello"])
        #expect(try steps([4, 5], prefill: [3]) == [" world", "x"])
    }

    @Test func anUnknownIdThrowsAndLeavesTheStreamAsItWas() throws {
        let t = try tokenizer()
        var stream = DecodeStream()
        #expect(try stream.step(t, 3) == "hello")
        #expect(throws: SubtokError.self) { try stream.step(t, 99) }
        #expect(try stream.step(t, 4) == " world")
    }
}
