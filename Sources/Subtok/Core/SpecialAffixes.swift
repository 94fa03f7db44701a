/// The ids a post-processor adds before and after a single text, found once by running it on a
/// one-token placeholder encoding, so that ids-only encoding can skip building an `Encoding`.
struct SpecialAffixes: Sendable {
    /// Ids before the text's tokens.
    let prefix: [UInt32]
    /// Ids after them.
    let suffix: [UInt32]

    private static let placeholder = UInt32.max

    init(_ postProcessor: (any PostProcessor)?, addSpecialTokens: Bool) {
        guard let postProcessor else {
            prefix = []
            suffix = []
            return
        }
        let probe = Encoding(ids: [Self.placeholder], offsets: [TokenOffset(start: 0, end: 0)], vocabulary: nil)
        let ids = postProcessor.process(probe, pair: nil, addSpecialTokens: addSpecialTokens).ids
        let at = ids.firstIndex(of: Self.placeholder) ?? ids.count
        prefix = Array(ids[..<at])
        suffix = at < ids.count ? Array(ids[(at + 1)...]) : []
    }
}
