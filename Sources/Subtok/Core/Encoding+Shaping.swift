extension Encoding {
    /// The tokens `range` of this encoding as a new encoding (no overflowing parts).
    func slice(_ range: Range<Int>) -> Encoding {
        var out = emptyCopy()
        out.ids = Array(ids[range])
        out.typeIDs = Array(typeIDs[range])
        out.offsets = Array(offsets[range])
        out.specialTokensMask = Array(specialTokensMask[range])
        out.attentionMask = Array(attentionMask[range])
        out.sequenceIDs = Array(sequenceIDs[range])
        out.originalText = originalText
        for (k, text) in tokenOverrides where range.contains(k) { out.tokenOverrides[k - range.lowerBound] = text }
        return out
    }

    /// Keeps `maxLength` tokens at the kept end; the rest, cut into parts of `maxLength` tokens
    /// overlapping by `stride`, becomes `overflowing` (as `tokenizers`' `Encoding::truncate`).
    /// A `stride` not below `maxLength` cuts without overflowing parts.
    mutating func truncate(to maxLength: Int, stride: Int, direction: Truncation.Direction) {
        let n = count
        guard maxLength < n else { return }
        if maxLength == 0 {
            let whole = self
            self = emptyCopy()
            overflowing = [whole]
            return
        }
        guard stride < maxLength else {
            self = direction == .right ? slice(0..<maxLength) : slice((n - maxLength)..<n)
            return
        }
        let step = maxLength - stride
        var parts: [Range<Int>] = []
        switch direction {
        case .right:
            var start = 0
            while true {
                let stop = min(start + maxLength, n)
                parts.append(start..<stop)
                if stop == n { break }
                start += step
            }
        case .left:
            var stop = n
            while true {
                let start = max(stop - maxLength, 0)
                parts.append(start..<stop)
                if start == 0 { break }
                stop -= step
            }
        }
        let whole = self
        self = whole.slice(parts[0])
        overflowing = parts.dropFirst().map { whole.slice($0) }
    }

    /// Pads to `length` tokens (and the overflowing parts too).
    mutating func pad(to length: Int, with padding: Padding) {
        for k in overflowing.indices { overflowing[k].pad(to: length, with: padding) }
        let missing = length - count
        guard missing > 0 else { return }
        let overrideToken = vocabulary?.token(for: padding.padID) != padding.padToken
        let at = padding.direction == .right ? count : 0
        ids.insert(contentsOf: repeatElement(padding.padID, count: missing), at: at)
        typeIDs.insert(contentsOf: repeatElement(padding.padTypeID, count: missing), at: at)
        offsets.insert(contentsOf: repeatElement(TokenOffset(start: 0, end: 0), count: missing), at: at)
        specialTokensMask.insert(contentsOf: repeatElement(1, count: missing), at: at)
        attentionMask.insert(contentsOf: repeatElement(0, count: missing), at: at)
        sequenceIDs.insert(contentsOf: repeatElement(-1, count: missing), at: at)
        if at == 0 && !tokenOverrides.isEmpty {
            tokenOverrides = Dictionary(uniqueKeysWithValues: tokenOverrides.map { ($0.key + missing, $0.value) })
        }
        if overrideToken { for k in at..<(at + missing) { tokenOverrides[k] = padding.padToken } }
    }
}
