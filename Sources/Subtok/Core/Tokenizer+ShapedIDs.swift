/// Ids of one text under the tokenizer's truncation and padding without building an `Encoding`:
/// the ids `encodeValid(...).ids` gives (the main part; overflowing parts are not ids), for
/// files that carry both settings, such as BERT's with `Fixed 128`.
extension Tokenizer {
    /// Appends the ids of valid UTF-8 `bytes`: the model's ids cut to the truncation's length less
    /// the post-processor's special tokens (the first ones, or the last with left truncation; as
    /// `Truncation.apply`, nothing when that length is below the special tokens' number), in
    /// the special tokens, and, with `padded`, padded as one encoding alone would be. Returns
    /// false, appending nothing, when the post-processor's tokens for one text are not its fixed
    /// prefix and suffix (then only `encodeValid` knows the ids). O(n).
    func appendShapedIDs(
        _ bytes: UnsafeBufferPointer<UInt8>, addSpecialTokens: Bool, matchSpecial: Bool, padded: Bool,
        to ids: inout [UInt32]
    ) -> Bool {
        let affixes = addSpecialTokens ? specialAffixes.added : specialAffixes.plain
        let reserved = addSpecialTokens ? (postProcessor?.addedTokens(isPair: false) ?? 0) : 0
        guard affixes.prefix.count + affixes.suffix.count == reserved else { return false }
        let start = ids.count
        var output = modelOutput(for: bytes, sequence: 0, withOffsets: false, capacity: 0)
        swap(&output.ids, &ids)
        defer { swap(&output.ids, &ids) }
        output.ids.append(contentsOf: affixes.prefix)
        _ = tokenize(bytes, into: &output, matchSpecial: matchSpecial)
        if let truncation, truncation.strategy != .onlySecond, truncation.maxLength >= reserved {
            let keep = truncation.maxLength - reserved
            let first = start + affixes.prefix.count, count = output.ids.count - first
            if count > keep {
                let cut =
                    truncation.direction == .right ? (first + keep)..<output.ids.count : first..<(first + count - keep)
                output.ids.removeSubrange(cut)
            }
        }
        output.ids.append(contentsOf: affixes.suffix)
        if padded, let padding {
            Self.pad(&output.ids, from: start, to: padding.targetLength(output.ids.count - start), with: padding)
        }
        return true
    }

    /// Pads the ids from `start` on to `length` with `padding`'s id, at its end. O(length).
    static func pad(_ ids: inout [UInt32], from start: Int, to length: Int, with padding: Padding) {
        let missing = length - (ids.count - start)
        guard missing > 0 else { return }
        ids.insert(
            contentsOf: repeatElement(padding.padID, count: missing),
            at: padding.direction == .right ? ids.count : start)
    }
}

extension Padding {
    /// The length an encoding of `count` tokens is padded to when the longest of its batch has
    /// `longest` tokens (alone: its own count). O(1).
    func targetLength(_ count: Int, longest: Int? = nil) -> Int {
        var length: Int
        switch strategy {
        case let .fixed(n): length = n
        case .batchLongest: length = longest ?? count
        }
        if let multiple = padToMultipleOf, multiple > 0, length % multiple > 0 {
            length += multiple - length % multiple
        }
        return length
    }
}
