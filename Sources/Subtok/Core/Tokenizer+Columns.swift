extension Tokenizer {
    /// True when `encodeColumns` encodes with these settings: no added token that swallows white
    /// space, and a post-processor that only adds special tokens around one text, sets a type id
    /// and trims offsets (or none). Truncation and padding are allowed; a text that truncation
    /// would cut is declined.
    public func encodesIntoColumns(addSpecialTokens: Bool) -> Bool {
        (addSpecialTokens ? singleTextLayouts.added : singleTextLayouts.plain) != nil
    }

    /// Encodes one text into columns that `allocate(count)` provides for its `count` tokens:
    /// the fields of `encode(utf8:addSpecialTokens:allowSpecial:)`'s result, written in their
    /// final shape in one pass instead of built and then reshaped by the post-processor (which
    /// allocates every field twice). Returns false, calling nothing, when
    /// `encodesIntoColumns(addSpecialTokens:)` is false, when the text has a token whose
    /// string is not the vocabulary's (a model that spells an unknown token as the text it
    /// stands for: only `encode` keeps that string), or when truncation would cut it; padding is
    /// written as `encode` pads one text. Throws `invalidUTF8` as `encode` does.
    /// O(n) plus the model's cost; allocates the model's ids and offsets and what `allocate` does.
    public func encodeColumns(
        utf8 bytes: UnsafeBufferPointer<UInt8>, addSpecialTokens: Bool = true, allowSpecial: Bool = false,
        allocate: (Int) -> EncodingColumns
    ) throws(SubtokError) -> Bool {
        guard let layout = addSpecialTokens ? singleTextLayouts.added : singleTextLayouts.plain else { return false }
        try Self.validate(bytes)
        return writeColumns(bytes, layout, matchSpecial: matchesSpecial(allowSpecial), padded: true, allocate: allocate)
    }

    /// `encodeColumns` of valid UTF-8 in `layout`, padded when `padded` (a single text's padding).
    private func writeColumns(
        _ bytes: UnsafeBufferPointer<UInt8>, _ layout: SingleTextLayout, matchSpecial: Bool, padded: Bool,
        allocate: (Int) -> EncodingColumns
    ) -> Bool {
        guard let output = layoutOutput(bytes, layout, matchSpecial: matchSpecial) else { return false }
        let ids = output.ids
        let unpadded = layout.addedCount + ids.count
        var padCount = 0
        if padded, let padding {
            padCount = max(padding.targetLength(unpadded) - unpadded, 0)
            // `Encoding.pad` reports such a pad token by its own string, which columns do not hold.
            if padCount > 0 && token(for: padding.padID) != padding.padToken { return false }
        }
        let columns = allocate(unpadded + padCount)
        var at = 0
        func pad() {
            guard let padding else { return }
            for _ in 0..<padCount {
                write(
                    SingleTextLayout.Special(
                        id: padding.padID, typeID: padding.padTypeID, offset: TokenOffset(start: 0, end: 0),
                        specialTokensMask: 1, attentionMask: 0, sequenceID: -1))
            }
        }
        func write(_ special: SingleTextLayout.Special) {
            columns.ids[at] = special.id
            columns.typeIDs[at] = special.typeID
            columns.attentionMask[at] = special.attentionMask
            columns.specialTokensMask[at] = special.specialTokensMask
            columns.offsets[2 * at] = special.offset.start
            columns.offsets[2 * at + 1] = special.offset.end
            columns.sequenceIDs[at] = Int32(special.sequenceID)
            at += 1
        }
        if padding?.direction == .left { pad() }
        for special in layout.prefix { write(special) }
        (columns.ids + at).initialize(from: ids, count: ids.count)
        (columns.typeIDs + at).initialize(repeating: layout.typeID, count: ids.count)
        (columns.attentionMask + at).initialize(repeating: 1, count: ids.count)
        (columns.specialTokensMask + at).initialize(repeating: 0, count: ids.count)
        (columns.sequenceIDs + at).initialize(repeating: 0, count: ids.count)
        for offset in output.offsets {
            columns.offsets[2 * at] = offset.start
            columns.offsets[2 * at + 1] = offset.end
            at += 1
        }
        for special in layout.suffix { write(special) }
        if padding?.direction == .right { pad() }
        return true
    }

    /// The model's tokens of valid UTF-8 `bytes` with offsets in `bytes`, trimmed as `layout`
    /// says: the text's part of a full encoding in `layout`; nil when a token is an unknown
    /// token the model spells as its text, or when truncation would cut the text.
    private func layoutOutput(
        _ bytes: UnsafeBufferPointer<UInt8>, _ layout: SingleTextLayout, matchSpecial: Bool
    ) -> ModelOutput? {
        var output = modelOutput(for: bytes, sequence: 0, withOffsets: true)
        let normalized = tokenize(bytes, into: &output, matchSpecial: matchSpecial)
        if let unknown = model.unknownIDShowingText, output.ids.contains(unknown) { return nil }
        if let truncation, truncation.strategy != .onlySecond, truncation.maxLength >= layout.addedCount,
            output.ids.count > truncation.maxLength - layout.addedCount
        {
            return nil
        }
        Self.mapToOriginal(&output.offsets, from: normalized, in: bytes)
        let ids = output.ids
        for addPrefixSpace in layout.trims {
            output.offsets.withUnsafeMutableBufferPointer { offsets in
                OffsetTrimming.trim(offsets, in: bytes, addPrefixSpace: addPrefixSpace) { spaceRuns(of: ids[$0]) }
            }
        }
        return output
    }

    /// The `Encoding` of one valid text in its final shape, built once from the post-processor's
    /// layout when it has one (`encodesIntoColumns`) and no token is spelled otherwise than the
    /// vocabulary spells it, else nil. O(n) plus the model's cost.
    func encodeInLayout(_ bytes: UnsafeBufferPointer<UInt8>, addSpecialTokens: Bool, matchSpecial: Bool) -> Encoding? {
        guard let layout = addSpecialTokens ? singleTextLayouts.added : singleTextLayouts.plain,
            let output = layoutOutput(bytes, layout, matchSpecial: matchSpecial)
        else { return nil }
        /// One field: the prefix's values, the text's, the suffix's.
        func field<T>(_ value: (SingleTextLayout.Special) -> T, text: (Int) -> T) -> [T] {
            let count = layout.addedCount + output.ids.count
            // An empty array built this way writes its count into the shared empty storage (a
            // race ThreadSanitizer reports between threads encoding empty texts).
            guard count > 0 else { return [] }
            return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                var at = 0
                for special in layout.prefix { buffer.initializeElement(at: at, to: value(special)); at += 1 }
                for k in 0..<output.ids.count { buffer.initializeElement(at: at, to: text(k)); at += 1 }
                for special in layout.suffix { buffer.initializeElement(at: at, to: value(special)); at += 1 }
                initialized = count
            }
        }
        return Encoding(
            ids: field({ $0.id }, text: { output.ids[$0] }),
            typeIDs: field({ $0.typeID }, text: { _ in layout.typeID }),
            offsets: field({ $0.offset }, text: { output.offsets[$0] }),
            specialTokensMask: field({ $0.specialTokensMask }, text: { _ in 0 }),
            attentionMask: field({ $0.attentionMask }, text: { _ in 1 }),
            sequenceIDs: field({ $0.sequenceID }, text: { _ in 0 }),
            vocabulary: self)
    }
}

extension Tokenizer {
    /// `encodeColumns` for many texts on `threads` threads (0: one per CPU this process may
    /// use): text k's columns come from `allocate(k, count)`, called on the thread that encodes
    /// it (so `allocate` must be safe to call from several threads for different texts); a text
    /// `encodeColumns` declines (a token spelled otherwise than the vocabulary spells it) gets
    /// no call, and is the caller's to encode with `encode`. Every text is validated first: the
    /// first invalid one is reported with its index and nothing is allocated. `.success(false)`,
    /// with nothing called, when `encodesIntoColumns(addSpecialTokens:)` is false or padding
    /// goes to the batch's longest encoding.
    public func encodeBatchColumns(
        utf8 texts: [UnsafeBufferPointer<UInt8>], addSpecialTokens: Bool = true, threads: Int = 0,
        allowSpecial: Bool = false,
        allocate: (Int, Int) -> EncodingColumns
    ) -> Result<Bool, BatchFailure> {
        guard let layout = addSpecialTokens ? singleTextLayouts.added : singleTextLayouts.plain else {
            return .success(false)
        }
        // Padding to the longest of the batch needs every text's length first.
        if let padding, padding.strategy == .batchLongest { return .success(false) }
        for (k, text) in texts.enumerated() {
            do { try Self.validate(text) } catch { return .failure(BatchFailure(index: k, error: error)) }
        }
        _ = Self.parallelChunks(count: texts.count, weight: { texts[$0].count }, threads: threads) { range in
            for k in range {
                _ = writeColumns(texts[k], layout, matchSpecial: matchesSpecial(allowSpecial), padded: true) {
                    allocate(k, $0)
                }
            }
        }
        return .success(true)
    }
}
