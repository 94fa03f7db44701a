/// What a post-processor does to one text when that is only special tokens around the text's
/// tokens, a type id for those tokens and offset trimming: found once by running it on a
/// two-token placeholder encoding, so that a full encoding of one text can be written in its
/// final shape in one pass (`Tokenizer.encodeColumns`) instead of being rebuilt by the
/// post-processor.
struct SingleTextLayout: Sendable {
    /// One special token the post-processor adds, with every field it gives it.
    struct Special: Sendable, Equatable {
        let id: UInt32
        let typeID: UInt32
        let offset: TokenOffset
        let specialTokensMask: UInt32
        let attentionMask: UInt32
        let sequenceID: Int8
    }

    /// The tokens before the text's.
    let prefix: [Special]
    /// The tokens after them.
    let suffix: [Special]
    /// The type id the text's tokens get.
    let typeID: UInt32
    /// The offset trimmings applied to the text's tokens, in order (each one's `addPrefixSpace`).
    let trims: [Bool]

    /// How many tokens the post-processor adds.
    var addedCount: Int { prefix.count + suffix.count }

    /// The layout of `postProcessor` (none: no tokens, type id 0), or nil when it may do more to
    /// one text than this type describes (it declares no `singleTextTrims`, or the probe's
    /// tokens come back changed, twice, or not at all).
    init?(_ postProcessor: (any PostProcessor)?, addSpecialTokens: Bool) {
        guard let postProcessor else {
            self.init(prefix: [], suffix: [], typeID: 0, trims: [])
            return
        }
        guard let trims = postProcessor.singleTextTrims else { return nil }
        let first = UInt32.max, second = UInt32.max - 1
        let probe = Encoding(
            ids: [first, second], offsets: [TokenOffset(start: 1, end: 2), TokenOffset(start: 2, end: 3)],
            vocabulary: nil)
        let out = postProcessor.process(probe, pair: nil, addSpecialTokens: addSpecialTokens)
        guard out.overflowing.isEmpty, out.ids.filter({ $0 >= second }).count == 2,
            let at = out.ids.firstIndex(of: first), at + 1 < out.count, out.ids[at + 1] == second,
            out.typeIDs[at] == out.typeIDs[at + 1]
        else { return nil }
        for k in [at, at + 1] {
            guard out.offsets[k] == probe.offsets[k - at], out.specialTokensMask[k] == 0, out.attentionMask[k] == 1,
                out.sequenceIDs[k] == 0
            else { return nil }
        }
        func specials(_ range: Range<Int>) -> [Special] {
            range.map { k in
                Special(
                    id: out.ids[k], typeID: out.typeIDs[k], offset: out.offsets[k],
                    specialTokensMask: out.specialTokensMask[k],
                    attentionMask: out.attentionMask[k], sequenceID: out.sequenceIDs[k])
            }
        }
        self.init(
            prefix: specials(0..<at), suffix: specials((at + 2)..<out.count), typeID: out.typeIDs[at], trims: trims)
    }

    private init(prefix: [Special], suffix: [Special], typeID: UInt32, trims: [Bool]) {
        self.prefix = prefix
        self.suffix = suffix
        self.typeID = typeID
        self.trims = trims
    }
}
