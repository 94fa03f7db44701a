/// A model's vocabulary: the token string of every id and the id of every token string.
/// Ids are dense (0 ..< count); look-ups by string go through a `ByteStringTable` over UTF-8.
public struct Vocabulary: Sendable {
    /// Token strings indexed by id.
    public let tokens: [String]
    private let index: ByteStringTable

    /// The number of tokens.
    public var count: Int { tokens.count }

    /// Builds a vocabulary from `token -> id` pairs. Ids must be unique and dense from 0;
    /// throws a format error naming the first duplicate or missing id. O(n).
    public init<S: Sequence>(pairs: S, maximumSize: Int = Limits.maximumVocabularySize) throws(SubtokError)
    where S.Element == (String, UInt32) {
        var byID: [String?] = []
        var index = ByteStringTable(capacity: 1024)
        for (token, id) in pairs {
            guard Int(id) < maximumSize else {
                throw SubtokError(
                    .limitExceeded, "vocabulary id \(id) of \(quoted(token)) exceeds the limit of \(maximumSize) tokens"
                )
            }
            if Int(id) >= byID.count { byID.append(contentsOf: repeatElement(nil, count: Int(id) + 1 - byID.count)) }
            if let other = byID[Int(id)] {
                throw SubtokError(.format, "vocabulary id \(id) is given to both \(quoted(other)) and \(quoted(token))")
            }
            guard index.insert(token.utf8, value: id) else {
                throw SubtokError(.format, "vocabulary token \(quoted(token)) appears twice")
            }
            byID[Int(id)] = token
        }
        if let missing = byID.firstIndex(where: { $0 == nil }) {
            throw SubtokError(.format, "vocabulary ids are not dense: id \(missing) is missing")
        }
        self.tokens = byID.map { $0! }
        self.index = index
    }

    /// Builds a vocabulary whose ids are the positions in `tokens`.
    public init(tokens: [String]) throws(SubtokError) {
        try self.init(pairs: tokens.enumerated().map { ($0.element, UInt32($0.offset)) })
    }

    /// The id of `token`, or nil. O(length of token).
    public func id(for token: String) -> UInt32? { index.lookup(token.utf8) }

    /// The id of the UTF-8 token at `p` of `n` bytes, or nil.
    @inline(__always)
    func id(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32? { index.lookup(p, n) }

    /// The token of `id`, or nil when out of range. O(1).
    public func token(for id: UInt32) -> String? {
        Int(id) < tokens.count ? tokens[Int(id)] : nil
    }
}

/// `"text"` with JSON-style quotes, for error messages (long strings are cut).
func quoted(_ s: String) -> String {
    let cut = s.count > 60 ? String(s.prefix(60)) + "..." : s
    return "\"" + cut + "\""
}

extension Vocabulary {
    /// Reads a `tokenizer.json` model's `vocab` object (token -> id). O(tokens).
    init(json f: JSONFields) throws(SubtokError) {
        guard case let .object(members)? = f.optional("vocab") else {
            throw SubtokError(.format, "\(f.path).vocab must be an object of token -> id")
        }
        var pairs: [(String, UInt32)] = []
        pairs.reserveCapacity(members.count)
        for member in members {
            pairs.append(
                (member.key, try JSONFields.uint32(member.value, at: "\(f.path).vocab[\(quoted(member.key))]")))
        }
        try self.init(pairs: pairs)
    }
}
