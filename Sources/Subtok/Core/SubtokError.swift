/// Every failure Subtok reports: a kind that maps to a stable C status code, and a message
/// that names what was wrong (the field, the byte offset, the id).
public struct SubtokError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure; its raw value is the C ABI status code (`SUBTOK_E_*`).
    public enum Kind: Int32, Sendable {
        /// A caller-supplied value is unusable (NULL pointer, negative length, bad option).
        case invalidArgument = 1
        /// A file could not be read or written.
        case io = 2
        /// A tokenizer file is malformed (bad JSON, wrong types, unknown tokens in merges, ...).
        case format = 3
        /// A caller buffer is too small; the needed size was reported.
        case bufferTooSmall = 4
        /// An id or index is outside the vocabulary or the encoding.
        case outOfRange = 5
        /// Input text is not valid UTF-8.
        case invalidUTF8 = 6
        /// The file names a component or option this version does not implement.
        case unsupported = 7
        /// An input or a file exceeds one of Subtok's documented limits.
        case limitExceeded = 8
    }

    /// The class of failure.
    public let kind: Kind
    /// A one-line human-readable explanation.
    public let message: String

    /// Creates an error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message, as printed by the CLI and returned by `subtok_last_error()`.
    public var description: String { message }
}
