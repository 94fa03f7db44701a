@testable import Subtok

/// The pieces (text and byte range) `preTokenizer` makes of `text`.
func pieces(_ preTokenizer: any PreTokenizer, _ text: String) -> [(String, Int, Int)] {
    let bytes = Array(text.utf8)
    var pre = PreTokenizedString(normalized: NormalizedString(original: bytes), splits: [.init(start: 0, end: bytes.count)])
    preTokenizer.preTokenize(&pre)
    return pre.splits.map { (String(decoding: pre.normalized.bytes[$0.start..<$0.end], as: UTF8.self), $0.start, $0.end) }
}

/// The text of each piece.
func pieceTexts(_ preTokenizer: any PreTokenizer, _ text: String) -> [String] { pieces(preTokenizer, text).map(\.0) }
