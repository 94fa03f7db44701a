import Subtok

/// Texts every freshly loaded tokenizer encodes: plain, mixed-script, control and empty.
let sampleTexts = ["Hello, world! It's 2026.", "  naïve café — 東京 😀 ", "\u{0}\t\r\n", ""]

/// The largest vocabulary whose `tokenizer.json` form `exercise` writes and reads back.
let roundTripLimit = 20_000

/// Uses a tokenizer loaded from fuzzed bytes the way a host process would: encodes the sample
/// texts, checks the offsets, decodes the ids and a range of ids, and writes and rereads its
/// `tokenizer.json` form (for vocabularies up to `roundTripLimit`, to keep each input fast).
func exercise(_ tokenizer: Tokenizer) {
    for text in sampleTexts {
        check(tokenizer, encoding: tokenizer.encode(text), of: Array(text.utf8))
    }
    _ = try? tokenizer.decode(Array(0..<UInt32(min(tokenizer.vocabularySize, 300))), skipSpecialTokens: false)
    _ = try? tokenizer.decode([UInt32.max, 0])
    guard tokenizer.vocabularySize <= roundTripLimit else { return }
    guard let document = try? tokenizer.json else { return }
    let text = Array(document.serialized().utf8)
    let reloaded = text.withUnsafeBufferPointer { bytes in
        Result { () throws(SubtokError) in try Tokenizer.fromJSONBytes(bytes) }
    }
    if case let .failure(error) = reloaded {
        fatalError("a loaded tokenizer's tokenizer.json does not load again: \(error.message)")
    }
}

/// Checks the invariants of an encoding of `input`: every offset inside the input, starts never
/// going backwards, one offset per id, ids inside the vocabulary.
func check(_ tokenizer: Tokenizer, encoding: Encoding, of input: [UInt8]) {
    require(encoding.offsets.count == encoding.ids.count, "offsets and ids differ in length")
    var previous = 0
    for offset in encoding.offsets {
        require(
            offset.start >= 0 && offset.start <= offset.end && offset.end <= input.count,
            "offset \(offset) outside 0...\(input.count)")
        require(offset.start >= previous || offset.start == offset.end, "offset \(offset) starts before \(previous)")
        previous = max(previous, offset.start)
    }
    let size = tokenizer.vocabularySize
    require(encoding.ids.allSatisfy { Int($0) < size }, "an id outside the vocabulary of \(size)")
}
