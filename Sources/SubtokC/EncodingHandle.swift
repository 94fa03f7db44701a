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
    private let source: Encoding
    private let tokenText = Mutex<TokenText?>(nil)

    /// Token strings, NUL-terminated one after another in one malloc'ed block.
    private struct TokenText: @unchecked Sendable {
        let bytes: UnsafeMutablePointer<CChar>
        let starts: [Int]
        let size: Int
    }

    /// The six arrays in one allocation: offsets (2 per token) first, for their alignment, then
    /// ids, type ids, attention mask, special-tokens mask and sequence ids (4 bytes per token each).
    private let block: UnsafeMutableRawPointer

    init(_ encoding: Encoding) {
        count = encoding.count
        let n = max(count, 1)
        block = .allocate(byteCount: n * (2 * MemoryLayout<Int>.stride + 5 * 4), alignment: MemoryLayout<Int>.alignment)
        offsets = block.bindMemory(to: Int.self, capacity: 2 * n)
        let words = (block + 2 * n * MemoryLayout<Int>.stride).bindMemory(to: UInt32.self, capacity: 4 * n)
        ids = words
        typeIDs = words + n
        attentionMask = words + 2 * n
        specialTokensMask = words + 3 * n
        sequenceIDs = UnsafeMutableRawPointer(words + 4 * n).bindMemory(to: Int32.self, capacity: n)
        for (k, s) in encoding.sequenceIDs.enumerated() { sequenceIDs[k] = Int32(s) }
        overflowing = encoding.overflowing.map(EncodingHandle.init)
        ids.initialize(from: encoding.ids, count: count)
        typeIDs.initialize(from: encoding.typeIDs, count: count)
        attentionMask.initialize(from: encoding.attentionMask, count: count)
        specialTokensMask.initialize(from: encoding.specialTokensMask, count: count)
        for (k, o) in encoding.offsets.enumerated() {
            offsets[2 * k] = o.start
            offsets[2 * k + 1] = o.end
        }
        source = encoding
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
                let tokens = source.tokens
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
