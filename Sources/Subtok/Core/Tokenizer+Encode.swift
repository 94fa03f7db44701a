extension Tokenizer {
    /// Encodes `text` into ids with offsets and masks, adding the post-processor's special tokens
    /// when `addSpecialTokens`. O(n) in the text for the pipeline, plus the model's cost per piece.
    public func encode(_ text: String, addSpecialTokens: Bool = true, allowSpecial: Bool = false) -> Encoding {
        var text = text
        return text.withUTF8 {
            encodeValid($0, pair: nil, addSpecialTokens: addSpecialTokens, matchSpecial: matchesSpecial(allowSpecial))
        }
    }

    /// Whether special tokens are cut out of the text in a call that does or does not allow them.
    func matchesSpecial(_ allowSpecial: Bool) -> Bool { allowSpecial || !specialTokensAsText }

    /// Encodes a pair of texts (for templates with `$B`).
    public func encode(
        _ text: String, pair: String, addSpecialTokens: Bool = true, allowSpecial: Bool = false
    ) -> Encoding {
        var text = text
        var pair = pair
        let special = matchesSpecial(allowSpecial)
        return text.withUTF8 { a in
            pair.withUTF8 { b in encodeValid(a, pair: b, addSpecialTokens: addSpecialTokens, matchSpecial: special) }
        }
    }

    /// Encodes UTF-8 bytes; throws `invalidUTF8` with the offset of the first bad byte.
    /// Offsets in the result are byte offsets into `bytes`. `allowSpecial` matches special
    /// tokens in tokenizers that otherwise read them as text (tiktoken files).
    public func encode(
        utf8 bytes: UnsafeBufferPointer<UInt8>, addSpecialTokens: Bool = true, allowSpecial: Bool = false
    ) throws(SubtokError) -> Encoding {
        try Self.validate(bytes)
        return encodeValid(
            bytes, pair: nil, addSpecialTokens: addSpecialTokens, matchSpecial: matchesSpecial(allowSpecial))
    }

    /// Encodes a pair of UTF-8 byte buffers; throws `invalidUTF8` for either.
    public func encode(
        utf8 bytes: UnsafeBufferPointer<UInt8>, pair: UnsafeBufferPointer<UInt8>, addSpecialTokens: Bool = true,
        allowSpecial: Bool = false
    ) throws(SubtokError) -> Encoding {
        try Self.validate(bytes)
        try Self.validate(pair)
        return encodeValid(
            bytes, pair: pair, addSpecialTokens: addSpecialTokens, matchSpecial: matchesSpecial(allowSpecial))
    }

    /// Token ids only, for UTF-8 bytes: the fastest path (no offsets, no `Encoding`); the
    /// post-processor's special tokens for one text are added around the model's ids.
    public func encodeIDs(
        utf8 bytes: UnsafeBufferPointer<UInt8>, addSpecialTokens: Bool = true, allowSpecial: Bool = false
    ) throws(SubtokError) -> [UInt32] {
        try Self.validate(bytes)
        return encodeValidIDs(bytes, addSpecialTokens: addSpecialTokens, matchSpecial: matchesSpecial(allowSpecial))
    }

    func encodeValidIDs(_ bytes: UnsafeBufferPointer<UInt8>, addSpecialTokens: Bool, matchSpecial: Bool) -> [UInt32] {
        var ids: [UInt32] = []
        // Room for a token per two bytes: code and Japanese run at 2.2 to 2.6 bytes a token, and
        // an array that has to grow copies itself into fresh pages (1.5x on 1.5 MB of Python).
        ids.reserveCapacity(bytes.count / 2 + 4)
        encodeValidIDs(bytes, addSpecialTokens: addSpecialTokens, matchSpecial: matchSpecial, appendingTo: &ids)
        return ids
    }

    /// The ids of valid UTF-8 appended to `ids` (the model writes into that array itself).
    func encodeValidIDs(
        _ bytes: UnsafeBufferPointer<UInt8>, addSpecialTokens: Bool, matchSpecial: Bool, appendingTo ids: inout [UInt32]
    ) {
        if truncation != nil || padding != nil {
            if appendShapedIDs(
                bytes, addSpecialTokens: addSpecialTokens, matchSpecial: matchSpecial, padded: true, to: &ids)
            {
                return
            }
            ids.append(
                contentsOf: encodeValid(
                    bytes, pair: nil, addSpecialTokens: addSpecialTokens, matchSpecial: matchSpecial
                ).ids)
            return
        }
        var output = modelOutput(for: bytes, sequence: 0, withOffsets: false, capacity: 0)
        swap(&output.ids, &ids)
        defer { swap(&output.ids, &ids) }
        let affixes = addSpecialTokens ? specialAffixes.added : specialAffixes.plain
        output.ids.append(contentsOf: affixes.prefix)
        _ = tokenize(bytes, into: &output, matchSpecial: matchSpecial)
        output.ids.append(contentsOf: affixes.suffix)
    }

    /// The number of tokens `text` encodes to.
    public func count(
        utf8 bytes: UnsafeBufferPointer<UInt8>, addSpecialTokens: Bool = true, allowSpecial: Bool = false
    ) throws(SubtokError) -> Int {
        try encodeIDs(utf8: bytes, addSpecialTokens: addSpecialTokens, allowSpecial: allowSpecial).count
    }

    static func validate(_ bytes: UnsafeBufferPointer<UInt8>) throws(SubtokError) {
        guard bytes.count <= Limits.maximumInputSize else {
            throw SubtokError(
                .limitExceeded,
                "input of \(bytes.count) bytes exceeds the limit of \(Limits.maximumInputSize) bytes per call")
        }
        if let bad = UTF8Bytes.firstInvalidOffset(bytes) {
            throw SubtokError(.invalidUTF8, "input is not valid UTF-8 at byte \(bad)")
        }
    }

    /// Encodes, then truncates, post-processes and pads (single padding: `Fixed` only does
    /// anything alone; `BatchLongest` needs the batch).
    func encodeValid(
        _ bytes: UnsafeBufferPointer<UInt8>, pair: UnsafeBufferPointer<UInt8>?, addSpecialTokens: Bool,
        matchSpecial: Bool
    ) -> Encoding {
        var result = encodeUnpadded(bytes, pair: pair, addSpecialTokens: addSpecialTokens, matchSpecial: matchSpecial)
        if let padding {
            var one = [result]
            padding.apply(&one)
            result = one[0]
        }
        return result
    }

    /// Encodes, truncates and post-processes: everything but padding.
    /// One text in the post-processor's layout is built in its final shape (`encodeInLayout`).
    func encodeUnpadded(
        _ bytes: UnsafeBufferPointer<UInt8>, pair: UnsafeBufferPointer<UInt8>?, addSpecialTokens: Bool,
        matchSpecial: Bool
    ) -> Encoding {
        if pair == nil,
            let encoding = encodeInLayout(bytes, addSpecialTokens: addSpecialTokens, matchSpecial: matchSpecial)
        {
            return encoding
        }
        return encodeThroughPostProcessor(
            bytes, pair: pair, addSpecialTokens: addSpecialTokens, matchSpecial: matchSpecial)
    }

    /// `encodeUnpadded` the general way: each text encoded, truncated, then reshaped by the
    /// post-processor.
    func encodeThroughPostProcessor(
        _ bytes: UnsafeBufferPointer<UInt8>, pair: UnsafeBufferPointer<UInt8>?, addSpecialTokens: Bool,
        matchSpecial: Bool
    ) -> Encoding {
        var first = encodeSequence(bytes, sequence: 0, matchSpecial: matchSpecial)
        var second = pair.map { encodeSequence($0, sequence: 1, matchSpecial: matchSpecial) }
        if let truncation {
            let reserved = addSpecialTokens ? (postProcessor?.addedTokens(isPair: second != nil) ?? 0) : 0
            truncation.apply(&first, &second, reserved: reserved)
        }
        return postProcess(first, second, addSpecialTokens: addSpecialTokens)
    }

    /// The post-processor (or plain joining) applied to an encoding and to its overflowing parts.
    /// Takes the encodings over, so a post-processor that changes them (offset trimming, special
    /// tokens) does so in place rather than on copies.
    func postProcess(_ first: consuming Encoding, _ second: consuming Encoding?, addSpecialTokens: Bool) -> Encoding {
        func process(_ a: consuming Encoding, _ b: consuming Encoding?) -> Encoding {
            if let postProcessor { return postProcessor.process(a, pair: b, addSpecialTokens: addSpecialTokens) }
            guard let b else { return a }
            var joined = a
            joined.append(b)
            return joined
        }
        if first.overflowing.isEmpty, second?.overflowing.isEmpty ?? true {
            return process(first, second)
        }
        var a = first
        var b = second
        let firstOverflow = a.overflowing
        let secondOverflow = b?.overflowing ?? []
        a.overflowing = []
        b?.overflowing = []
        var result = process(a, b)
        // As `tokenizers`' Encoding::merge_with: each overflowing part of the first text with the
        // pair and with each of the pair's parts, then the first text with each of the pair's parts.
        for part in firstOverflow {
            result.overflowing.append(process(part, b))
            for pairPart in secondOverflow { result.overflowing.append(process(part, pairPart)) }
        }
        for pairPart in secondOverflow { result.overflowing.append(process(a, pairPart)) }
        return result
    }

    /// One sequence through normalizer, pre-tokenizer and model, with offsets mapped back to
    /// the original bytes.
    func encodeSequence(_ bytes: UnsafeBufferPointer<UInt8>, sequence: Int8, matchSpecial: Bool) -> Encoding {
        var output = modelOutput(for: bytes, sequence: Int(sequence), withOffsets: true)
        let normalized = tokenize(bytes, into: &output, matchSpecial: matchSpecial)
        var overrides: [Int: String] = [:]
        if addedVocabulary.hasStrippingTokens {
            recordAddedTokenTexts(&overrides, output, normalized?.bytes ?? Array(bytes))
        }
        if let unknown = model.unknownIDShowingText {
            let text = normalized?.bytes ?? Array(bytes)
            for k in output.ids.indices where output.ids[k] == unknown {
                overrides[k] = String(decoding: text[output.offsets[k].start..<output.offsets[k].end], as: UTF8.self)
            }
        }
        // Taken from `output`, so the normalized ranges are mapped in place, not copied.
        var offsets = output.offsets
        output.offsets = []
        Self.mapToOriginal(&offsets, from: normalized, in: bytes)
        var encoding = Encoding(ids: output.ids, offsets: offsets, vocabulary: self, sequence: sequence)
        encoding.tokenOverrides = overrides
        if postProcessor?.needsOriginalText == true { encoding.originalText = Array(bytes) }
        return encoding
    }

    /// Maps `offsets` from the normalized text (`normalized`, or `bytes` itself when nil) to
    /// byte ranges of whole characters of `bytes`. O(tokens).
    static func mapToOriginal(
        _ offsets: inout [TokenOffset], from normalized: NormalizedString?, in bytes: UnsafeBufferPointer<UInt8>
    ) {
        if let normalized {
            normalized.mapToOriginal(&offsets)
        } else {
            for k in offsets.indices {
                offsets[k] = NormalizedString.characterRange(offsets[k].start, offsets[k].end, in: bytes)
            }
        }
    }

    /// Notes the matched text of added tokens whose match swallowed white space (`lstrip`,
    /// `rstrip`): `tokenizers` reports that text as the token.
    private func recordAddedTokenTexts(_ overrides: inout [Int: String], _ output: ModelOutput, _ normalized: [UInt8]) {
        for k in 0..<output.ids.count {
            guard let added = addedVocabulary.token(for: output.ids[k]), added.leftStrip || added.rightStrip else {
                continue
            }
            let text = String(decoding: normalized[output.offsets[k].start..<output.offsets[k].end], as: UTF8.self)
            if text != added.content { overrides[k] = text }
        }
    }

    /// The pipeline up to the model: tokens with normalized offsets in `output`, the way the
    /// `plan` says. Returns the normalized string their offsets refer to, or nil when that is
    /// `bytes` itself.
    func tokenize(
        _ bytes: UnsafeBufferPointer<UInt8>, into output: inout ModelOutput, matchSpecial: Bool
    ) -> NormalizedString? {
        tokenize(bytes, by: plan, into: &output, matchSpecial: matchSpecial)
    }

    /// `tokenize` under `plan`: its fast path when the call and the text allow it (ids only, no
    /// added token the normalizer must see), else the general one.
    private func tokenize(
        _ bytes: UnsafeBufferPointer<UInt8>, by plan: EncodePlan, into output: inout ModelOutput, matchSpecial: Bool
    ) -> NormalizedString? {
        switch plan {
        case .splitOnly(let splitter):
            tokenizeSplit(bytes, splitter, into: &output, matchSpecial: matchSpecial)
            return nil
        case .splitWhereUnchanged(let splitter, let otherwise):
            guard let normalizer, normalizer.leavesUnchanged(bytes) else {
                return tokenize(bytes, by: otherwise, into: &output, matchSpecial: matchSpecial)
            }
            tokenizeSplit(bytes, splitter, into: &output, matchSpecial: matchSpecial)
            return nil
        case .normalizedBytes:
            if !output.withOffsets, let normalizer, !mightMatchAddedTokens(bytes, matchSpecial: matchSpecial),
                normalizer.withNormalizedBytes(bytes, { model.tokenize($0, 0, $0.count, into: &output) })
            {
                return nil
            }
            if output.withOffsets, let normalizer, !mightMatchAddedTokens(bytes, matchSpecial: matchSpecial),
                tokenizeNormalizedMappingOffsets(bytes, normalizer, into: &output)
            {
                return nil
            }
        case .rewrittenPieces(let parts, let offsets):
            if !output.withOffsets, let preTokenizer,
                tokenizeRewritten(bytes, preTokenizer, parts: parts, into: &output, matchSpecial: matchSpecial)
            {
                return nil
            }
            if output.withOffsets, offsets, let preTokenizer,
                tokenizeRewrittenMappingOffsets(bytes, preTokenizer, into: &output, matchSpecial: matchSpecial)
            {
                return nil
            }
        case .general:
            break
        }
        return tokenizeGeneral(bytes, into: &output, matchSpecial: matchSpecial)
    }

    /// Whether an added token may occur in `bytes` (a quick check: false means none does).
    private func mightMatchAddedTokens(_ bytes: UnsafeBufferPointer<UInt8>, matchSpecial: Bool) -> Bool {
        !addedVocabulary.isEmpty && bytes.withNonNull { addedVocabulary.mightMatch($0, $1, special: matchSpecial) }
    }

    /// The `rewrittenPieces` plan: the pre-tokenizer's pieces of the whole text, or with `parts`
    /// of each part between added tokens, to the model. False (nothing written) when the
    /// pre-tokenizer declines the text.
    private func tokenizeRewritten(
        _ bytes: UnsafeBufferPointer<UInt8>, _ preTokenizer: any PreTokenizer, parts: Bool,
        into output: inout ModelOutput, matchSpecial: Bool
    ) -> Bool {
        if !mightMatchAddedTokens(bytes, matchSpecial: matchSpecial) {
            guard let (rewritten, ends) = rewrittenPieces(bytes, preTokenizer) else { return false }
            rewritten.withUnsafeBufferPointer { p in
                ends.withUnsafeBufferPointer { model.tokenizePieces(p, 0, $0, into: &output) }
            }
            return true
        }
        guard parts, let p = bytes.baseAddress,
            let found = rewrittenParts(bytes, p, preTokenizer, matchSpecial: matchSpecial)
        else {
            return false
        }
        for part in found {
            guard let (rewritten, ends) = part.pieces else {
                output.append(part.token, 0, 0)
                continue
            }
            rewritten.withUnsafeBufferPointer { r in
                ends.withUnsafeBufferPointer { model.tokenizePieces(r, 0, $0, into: &output) }
            }
        }
        return true
    }

    /// The `rewrittenPieces` plan for full encodings: a text without added tokens that the
    /// normalizer leaves as it is goes through the pre-tokenizer's rewrite to the model, whose
    /// offsets the pre-tokenizer maps back to `bytes` (so the caller maps nothing more). False,
    /// with nothing written, for any other text, and for one holding an unknown token the model
    /// spells as its normalized text.
    private func tokenizeRewrittenMappingOffsets(
        _ bytes: UnsafeBufferPointer<UInt8>, _ preTokenizer: any PreTokenizer, into output: inout ModelOutput,
        matchSpecial: Bool
    ) -> Bool {
        guard normalizer?.leavesUnchanged(bytes) ?? true, !mightMatchAddedTokens(bytes, matchSpecial: matchSpecial),
            let (rewritten, ends) = preTokenizer.rewrittenPieces(bytes, after: nil)
        else { return false }
        let before = output.ids.count
        rewritten.withUnsafeBufferPointer { r in
            ends.withUnsafeBufferPointer { model.tokenizePieces(r, 0, $0, into: &output) }
        }
        return keepMappedTokens(&output, from: before) { preTokenizer.mapRewrittenOffsets($0, of: bytes) }
    }

    /// The `normalizedBytes` plan for full encodings: the normalizer's bytes of a text it can
    /// map offsets for go to the model, whose offsets the normalizer maps back to `bytes`.
    /// False, with nothing written, for any other text, and for one holding an unknown token
    /// the model spells as its normalized text.
    private func tokenizeNormalizedMappingOffsets(
        _ bytes: UnsafeBufferPointer<UInt8>, _ normalizer: any Normalizer, into output: inout ModelOutput
    ) -> Bool {
        guard let normalized = normalizer.normalizedBytesMappingOffsets(bytes) else { return false }
        let before = output.ids.count
        normalized.withUnsafeBufferPointer { model.tokenize($0, 0, $0.count, into: &output) }
        return keepMappedTokens(&output, from: before) {
            normalizer.mapNormalizedOffsets($0, of: bytes)
            return true
        }
    }

    /// Keeps the tokens the model wrote into `output` from `before` on, their offsets mapped
    /// back to the original text by `map`, unless one is an unknown token the model spells as
    /// its normalized text or `map` declines: then drops them. Whether it kept them.
    private func keepMappedTokens(
        _ output: inout ModelOutput, from before: Int, _ map: (UnsafeMutableBufferPointer<TokenOffset>) -> Bool
    ) -> Bool {
        let kept =
            !(model.unknownIDShowingText.map { output.ids[before...].contains($0) } ?? false)
            && output.offsets.withUnsafeMutableBufferPointer {
                map(UnsafeMutableBufferPointer(rebasing: $0[before...]))
            }
        if !kept { output.truncate(to: before) }
        return kept
    }

    /// The `general` plan: the normalized string, its splits, the model on each open one.
    private func tokenizeGeneral(
        _ bytes: UnsafeBufferPointer<UInt8>, into output: inout ModelOutput, matchSpecial: Bool
    ) -> NormalizedString {
        let text = preTokenized(bytes, matchSpecial: matchSpecial)
        text.normalized.bytes.withUnsafeBufferPointer { p in
            for split in text.splits {
                if split.isOpen {
                    model.tokenize(p, split.start, split.end, into: &output)
                } else {
                    output.append(split.token, split.start, split.end)
                }
            }
        }
        return text.normalized
    }

    /// `bytes` through the general pipeline up to the model: added tokens cut out (before and
    /// after normalizing, as each token asks), the rest normalized and split by the
    /// pre-tokenizer. O(n), with a split list and the normalized text's alignment.
    func preTokenized(_ bytes: UnsafeBufferPointer<UInt8>, matchSpecial: Bool) -> PreTokenizedString {
        var text = PreTokenizedString(
            normalized: NormalizedString(original: Array(bytes)),
            splits: [.init(start: 0, end: bytes.count)]
        )
        addedVocabulary.extract(&text, normalized: false, special: matchSpecial)
        if let normalizer { Self.normalizeOpenSplits(&text, with: normalizer) }
        addedVocabulary.extract(&text, normalized: true, special: matchSpecial)
        preTokenizer?.preTokenize(&text)
        return text
    }

    /// The parts of `bytes` between added tokens (matched in the raw text) rewritten by the
    /// normalizer and `preTokenizer` each on its own, and the added tokens in order; nil when a
    /// part has no rewritten form (the general path then takes the text). O(n).
    private func rewrittenParts(
        _ bytes: UnsafeBufferPointer<UInt8>, _ p: UnsafePointer<UInt8>, _ preTokenizer: any PreTokenizer,
        matchSpecial: Bool
    ) -> [(token: UInt32, pieces: (bytes: [UInt8], ends: [Int])?)]? {
        var parts: [(token: UInt32, pieces: (bytes: [UInt8], ends: [Int])?)] = []
        for split in addedVocabulary.splitUnchanged(p, bytes.count, special: matchSpecial) {
            guard split.isOpen else {
                parts.append((split.token, nil))
                continue
            }
            guard
                let pieces = rewrittenPieces(
                    UnsafeBufferPointer(rebasing: bytes[split.start..<split.end]), preTokenizer, at: split.start)
            else {
                return nil
            }
            parts.append((split.token, pieces))
        }
        return parts
    }

    /// `preTokenizer.rewrittenPieces(_:normalizedBy:at:)` behind this tokenizer's normalizer.
    private func rewrittenPieces(
        _ text: UnsafeBufferPointer<UInt8>, _ preTokenizer: any PreTokenizer, at offset: Int? = nil
    ) -> (bytes: [UInt8], ends: [Int])? {
        preTokenizer.rewrittenPieces(text, normalizedBy: normalizer, at: offset)
    }

    /// The split-only plan: added tokens are cut out, the splitter's pieces go straight to the
    /// model (`Model.tokenizeSplit`); no intermediate string or split list is built, and nothing
    /// is allocated for the pieces.
    private func tokenizeSplit(
        _ bytes: UnsafeBufferPointer<UInt8>, _ splitter: any PieceSplitter, into output: inout ModelOutput,
        matchSpecial: Bool
    ) {
        guard let p = bytes.baseAddress else { return }
        tokenizeOpenSplits(bytes, p, into: &output, matchSpecial: matchSpecial) { start, end, output in
            model.tokenizeSplit(bytes, start, end, by: splitter, into: &output)
        }
    }

    /// Calls `tokenizeOpen` on each stretch of `bytes` between added tokens, and appends the
    /// added tokens themselves.
    @inline(__always)
    private func tokenizeOpenSplits(
        _ bytes: UnsafeBufferPointer<UInt8>, _ p: UnsafePointer<UInt8>, into output: inout ModelOutput,
        matchSpecial: Bool,
        _ tokenizeOpen: (Int, Int, inout ModelOutput) -> Void
    ) {
        if addedVocabulary.isEmpty || !addedVocabulary.mightMatch(p, bytes.count, special: matchSpecial) {
            tokenizeOpen(0, bytes.count, &output)
            return
        }
        for split in addedVocabulary.splitUnchanged(p, bytes.count, special: matchSpecial) {
            if split.isOpen {
                tokenizeOpen(split.start, split.end, &output)
            } else {
                output.append(split.token, split.start, split.end)
            }
        }
    }

    /// Normalizes each open split on its own (added tokens cut from the raw text stay as they are).
    private static func normalizeOpenSplits(_ text: inout PreTokenizedString, with normalizer: any Normalizer) {
        if text.splits.count == 1, text.splits[0].isOpen, text.splits[0].start == 0,
            text.splits[0].end == text.normalized.count
        {
            normalizer.normalize(&text.normalized, atTextStart: true)
            text.splits[0].end = text.normalized.count
            return
        }
        let source = text.normalized
        text.rewriteOpenSplits { b, start, end in
            var piece = NormalizedString(original: Array(source.bytes[start..<end]))
            normalizer.normalize(&piece, atTextStart: start == 0)
            b.append(piece, shiftedBy: start)
        }
    }
}
