/// The space characters (`Ġ`, GPT-2's spelling of a space byte, or white space) that open and
/// close a token string, as byte-level offset trimming (`OffsetTrimming`) counts them.
public struct SpaceRuns: Sendable, Equatable {
    /// Space characters before the first other character (all of them when there is none).
    public let leading: Int
    /// Space characters after the last other character (all of them when there is none).
    public let trailing: Int

    /// The runs of `token`. O(length).
    public init(_ token: String) {
        let scalars = token.unicodeScalars
        leading = scalars.prefix { Self.isSpace($0) }.count
        trailing = leading == scalars.count ? leading : scalars.reversed().prefix { Self.isSpace($0) }.count
    }

    /// Runs of the given lengths.
    public init(leading: Int, trailing: Int) {
        self.leading = leading
        self.trailing = trailing
    }

    /// True when the token neither starts nor ends with a space character.
    public var isEmpty: Bool { leading == 0 && trailing == 0 }

    private static let spaceScalar = Unicode.Scalar(0x120)!  // Ġ

    private static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s == spaceScalar || CharacterClasses.shared.isWhiteSpace(s.value)
    }
}
