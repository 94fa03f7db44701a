/// How to cut encodings longer than `maxLength` (special tokens included), as `tokenizers`'
/// `TruncationParams`; the cut-off tokens become overflowing encodings of `maxLength` tokens
/// that overlap by `stride`.
public struct Truncation: Sendable, Equatable {
    /// Which sequence of a pair loses tokens.
    public enum Strategy: String, Sendable {
        case longestFirst = "LongestFirst", onlyFirst = "OnlyFirst", onlySecond = "OnlySecond"
    }
    /// Which end loses tokens.
    public enum Direction: String, Sendable { case right = "Right", left = "Left" }

    /// The longest encoding kept, special tokens included.
    public var maxLength: Int
    /// Tokens shared by consecutive overflowing parts.
    public var stride: Int
    /// Which sequence of a pair is cut.
    public var strategy: Strategy
    /// Which end is cut.
    public var direction: Direction

    /// Creates the parameters (`tokenizers`' defaults apart from `maxLength`).
    public init(maxLength: Int, stride: Int = 0, strategy: Strategy = .longestFirst, direction: Direction = .right) {
        self.maxLength = maxLength
        self.stride = stride
        self.strategy = strategy
        self.direction = direction
    }

    /// Cuts `first` (and `second`) to fit `maxLength` minus `reserved` special tokens.
    /// `OnlySecond` without a pair, or a cut longer than the chosen sequence, leaves them as
    /// they are (`tokenizers` reports an error there; encoding here never fails). A `maxLength`
    /// below `reserved` cuts nothing, as in `tokenizers` (whose subtraction wraps around).
    func apply(_ first: inout Encoding, _ second: inout Encoding?, reserved: Int) {
        guard self.maxLength >= reserved else { return }
        let maxLength = self.maxLength - reserved
        if maxLength == 0 {
            first.truncate(to: 0, stride: stride, direction: direction)
            second?.truncate(to: 0, stride: stride, direction: direction)
            return
        }
        let total = first.count + (second?.count ?? 0)
        guard total > maxLength else { return }
        let remove = total - maxLength
        switch strategy {
        case .longestFirst:
            guard second != nil else {
                first.truncate(to: total - remove, stride: stride, direction: direction)
                return
            }
            var n1 = first.count, n2 = second!.count
            let swapped = n1 > n2
            if swapped { swap(&n1, &n2) }
            n2 = n1 > maxLength ? n1 : max(n1, maxLength - n1)
            if n1 + n2 > maxLength {
                n1 = maxLength / 2
                n2 = n1 + maxLength % 2
            }
            if swapped { swap(&n1, &n2) }
            first.truncate(to: n1, stride: stride, direction: direction)
            second!.truncate(to: n2, stride: stride, direction: direction)
        case .onlyFirst:
            if first.count > remove { first.truncate(to: first.count - remove, stride: stride, direction: direction) }
        case .onlySecond:
            if let count = second?.count, count > remove {
                second!.truncate(to: count - remove, stride: stride, direction: direction)
            }
        }
    }

    /// `{"max_length": ..., "strategy": ..., "stride": ..., "direction": ...}`.
    public var json: JSON {
        .object([
            ("direction", .string(direction.rawValue)), ("max_length", .number(Double(maxLength))),
            ("strategy", .string(strategy.rawValue)), ("stride", .number(Double(stride))),
        ])
    }
}
