import Glibc
import Subtok
import Synchronization

/// The object behind a `subtok_encoding *`: the encoding's arrays in malloc'ed memory with
/// stable addresses for the accessors, and token strings built on first request. The arrays are
/// written only by `init`; the token text is guarded by a mutex, so sharing a handle is safe.
final class EncodingHandle: @unchecked Sendable {
    let count: Int
    let ids: UnsafeMutablePointer<UInt32>
    let typeIDs: UnsafeMutablePointer<UInt32>
    let attentionMask: UnsafeMutablePointer<UInt32>
    let specialTokensMask: UnsafeMutablePointer<UInt32>
    let offsets: UnsafeMutablePointer<Int>
    let sequenceIDs: UnsafeMutablePointer<Int32>
    /// The overflowing parts, owned by this handle.
    let overflowing: [EncodingHandle]
    /// Each token's word, for an encoding of pre-split words (`Encoding.wordIDs`); else nil.
    let wordIDs: [Int32]?
    /// Where token strings come from.
    private let source: Source
    private let tokenText = Mutex<TokenText?>(nil)

    /// The encoding a handle was copied from, or the tokenizer whose vocabulary spells the ids
    /// of a handle it wrote itself.
    private enum Source {
        case encoding(Encoding)
        case tokenizer(Tokenizer)
    }

    /// Token strings, NUL-terminated one after another in one malloc'ed block.
    private struct TokenText: @unchecked Sendable {
        let bytes: UnsafeMutablePointer<CChar>
        let starts: [Int]
        let size: Int
    }

    /// The six arrays in one allocation: offsets (2 per token) first, for their alignment, then
    /// ids, type ids, attention mask, special-tokens mask and sequence ids (4 bytes per token each).
    private let block: UnsafeMutableRawPointer

    /// The block for `count` tokens, and the arrays' places in it.
    private static func allocate(_ count: Int) -> (UnsafeMutableRawPointer, EncodingColumns) {
        let n = max(count, 1)
        let block = UnsafeMutableRawPointer.allocate(
            byteCount: n * (2 * MemoryLayout<Int>.stride + 5 * 4), alignment: MemoryLayout<Int>.alignment)
        let offsets = block.bindMemory(to: Int.self, capacity: 2 * n)
        let words = (block + 2 * n * MemoryLayout<Int>.stride).bindMemory(to: UInt32.self, capacity: 4 * n)
        let sequenceIDs = UnsafeMutableRawPointer(words + 4 * n).bindMemory(to: Int32.self, capacity: n)
        return (
            block,
            EncodingColumns(
                ids: words, typeIDs: words + n, attentionMask: words + 2 * n, specialTokensMask: words + 3 * n,
                offsets: offsets, sequenceIDs: sequenceIDs)
        )
    }

    /// A copy of `encoding`.
    init(_ encoding: Encoding) {
        count = encoding.count
        let columns: EncodingColumns
        (block, columns) = Self.allocate(count)
        (ids, typeIDs, attentionMask, specialTokensMask, offsets, sequenceIDs) =
            (
                columns.ids, columns.typeIDs, columns.attentionMask, columns.specialTokensMask, columns.offsets,
                columns.sequenceIDs
            )
        for (k, s) in encoding.sequenceIDs.enumerated() { sequenceIDs[k] = Int32(s) }
        overflowing = encoding.overflowing.map(EncodingHandle.init)
        wordIDs = encoding.wordIDs
        ids.initialize(from: encoding.ids, count: count)
        typeIDs.initialize(from: encoding.typeIDs, count: count)
        attentionMask.initialize(from: encoding.attentionMask, count: count)
        specialTokensMask.initialize(from: encoding.specialTokensMask, count: count)
        for (k, o) in encoding.offsets.enumerated() {
            offsets[2 * k] = o.start
            offsets[2 * k + 1] = o.end
        }
        source = .encoding(encoding)
    }

    /// The encoding of `bytes`, written by `tokenizer` straight into the handle's block when its
    /// settings allow (`Tokenizer.encodeColumns`), else copied from `encode`'s result.
    static func encoding(
        _ tokenizer: Tokenizer, _ bytes: UnsafeBufferPointer<UInt8>, addSpecialTokens: Bool, allowSpecial: Bool
    ) throws(SubtokError) -> EncodingHandle {
        var written: (count: Int, block: UnsafeMutableRawPointer, columns: EncodingColumns)?
        let direct = try tokenizer.encodeColumns(
            utf8: bytes, addSpecialTokens: addSpecialTokens, allowSpecial: allowSpecial
        ) { count in
            let (block, columns) = allocate(count)
            written = (count, block, columns)
            return columns
        }
        guard direct, let written else {
            return EncodingHandle(
                try tokenizer.encode(utf8: bytes, addSpecialTokens: addSpecialTokens, allowSpecial: allowSpecial))
        }
        return EncodingHandle(written.count, written.block, written.columns, tokenizer)
    }

    /// The encodings of `texts` written by `tokenizer` straight into handles' blocks on
    /// `threads` threads, or nil when its settings need `encodeBatch` (`encodesIntoColumns`).
    static func batch(
        _ tokenizer: Tokenizer, _ texts: [UnsafeBufferPointer<UInt8>], addSpecialTokens: Bool, allowSpecial: Bool,
        threads: Int
    ) -> Result<[EncodingHandle]?, BatchFailure> {
        let written = UnsafeMutableBufferPointer<
            (count: Int, block: UnsafeMutableRawPointer, columns: EncodingColumns)?
        >.allocate(capacity: texts.count)
        written.initialize(repeating: nil)
        defer { written.deallocate() }
        let result = tokenizer.encodeBatchColumns(
            utf8: texts, addSpecialTokens: addSpecialTokens, threads: threads, allowSpecial: allowSpecial
        ) { k, count in
            let (block, columns) = allocate(count)
            written[k] = (count, block, columns)
            return columns
        }
        switch result {
        case let .failure(failure):
            return .failure(failure)
        case .success(false):
            return .success(nil)
        case .success(true):
            var handles: [EncodingHandle] = []
            handles.reserveCapacity(texts.count)
            for k in written.indices {
                if let w = written[k] {
                    handles.append(EncodingHandle(w.count, w.block, w.columns, tokenizer))
                    continue
                }
                do {
                    handles.append(
                        EncodingHandle(
                            try tokenizer.encode(
                                utf8: texts[k], addSpecialTokens: addSpecialTokens, allowSpecial: allowSpecial)))
                } catch {
                    for later in written[(k + 1)...] { later?.block.deallocate() }
                    return .failure(BatchFailure(index: k, error: error))
                }
            }
            return .success(handles)
        }
    }

    private init(_ count: Int, _ block: UnsafeMutableRawPointer, _ columns: EncodingColumns, _ tokenizer: Tokenizer) {
        self.count = count
        self.block = block
        (ids, typeIDs, attentionMask, specialTokensMask, offsets, sequenceIDs) =
            (
                columns.ids, columns.typeIDs, columns.attentionMask, columns.specialTokensMask, columns.offsets,
                columns.sequenceIDs
            )
        overflowing = []
        wordIDs = nil
        source = .tokenizer(tokenizer)
    }

    deinit {
        tokenText.withLock { $0?.bytes.deallocate() }
        block.deallocate()
    }

    /// The NUL-terminated token `i` (built for all tokens on the first call); lives as long as
    /// the handle.
    func token(_ i: Int) -> UnsafePointer<CChar> { tokenBytes(i).0 }

    /// Token `i` and its length in bytes.
    func tokenBytes(_ i: Int) -> (UnsafePointer<CChar>, Int) {
        tokenText.withLock { text in
            if text == nil {
                let tokens: [String]
                switch source {
                case let .encoding(encoding): tokens = encoding.tokens
                case let .tokenizer(tokenizer): tokens = (0..<count).map { tokenizer.token(for: ids[$0]) ?? "" }
                }
                let size = tokens.reduce(0) { $0 + $1.utf8.count + 1 }
                let bytes = UnsafeMutablePointer<CChar>.allocate(capacity: max(size, 1))
                var starts: [Int] = []
                var at = 0
                for token in tokens {
                    starts.append(at)
                    for b in token.utf8 { bytes[at] = CChar(bitPattern: b); at += 1 }
                    bytes[at] = 0
                    at += 1
                }
                text = TokenText(bytes: bytes, starts: starts, size: size)
            }
            let start = text!.starts[i]
            let end = i + 1 < text!.starts.count ? text!.starts[i + 1] - 1 : text!.size - 1
            return (UnsafePointer(text!.bytes + start), end - start)
        }
    }
}
