/// How to pad encodings, as `tokenizers`' `PaddingParams`: to a fixed length or to the longest
/// encoding of a batch, rounded up to a multiple, on the right or the left.
public struct Padding: Sendable, Equatable {
    /// The target length.
    public enum Strategy: Sendable, Equatable {
        /// The longest encoding of the batch (a single encoding is left as it is).
        case batchLongest
        /// Exactly this many tokens (longer encodings are left as they are).
        case fixed(Int)
    }
    /// Which end receives the padding.
    public enum Direction: String, Sendable { case right = "Right", left = "Left" }

    /// The target length.
    public var strategy: Strategy
    /// Which end is padded.
    public var direction: Direction
    /// Round the target length up to a multiple of this, if set.
    public var padToMultipleOf: Int?
    /// The padding id.
    public var padID: UInt32
    /// The type id of padding.
    public var padTypeID: UInt32
    /// The padding token string.
    public var padToken: String

    /// Creates the parameters with `tokenizers`' defaults.
    public init(
        strategy: Strategy = .batchLongest, direction: Direction = .right, padToMultipleOf: Int? = nil,
        padID: UInt32 = 0, padTypeID: UInt32 = 0, padToken: String = "[PAD]"
    ) {
        self.strategy = strategy
        self.direction = direction
        self.padToMultipleOf = padToMultipleOf
        self.padID = padID
        self.padTypeID = padTypeID
        self.padToken = padToken
    }

    /// Pads every encoding (and its overflowing parts) to the target length. O(added tokens).
    func apply(_ encodings: inout [Encoding]) {
        guard !encodings.isEmpty else { return }
        let length = targetLength(0, longest: encodings.map(\.count).max() ?? 0)
        for k in encodings.indices { encodings[k].pad(to: length, with: self) }
    }

    /// `{"strategy": ..., "direction": ..., ...}` as `tokenizers` writes it.
    public var json: JSON {
        let strategyJSON: JSON
        switch strategy {
        case .batchLongest: strategyJSON = .string("BatchLongest")
        case let .fixed(n): strategyJSON = .object([("Fixed", .number(Double(n)))])
        }
        return .object([
            ("strategy", strategyJSON), ("direction", .string(direction.rawValue)),
            ("pad_to_multiple_of", padToMultipleOf.map { .number(Double($0)) } ?? .null),
            ("pad_id", .number(Double(padID))), ("pad_type_id", .number(Double(padTypeID))),
            ("pad_token", .string(padToken)),
        ])
    }
}
