/// How SentencePiece turns model output into ids around unknown pieces: with byte fallback an
/// unknown piece becomes one `<0xNN>` piece per byte; otherwise consecutive unknown pieces merge
/// into one unknown token.
struct UnknownPieces: Sendable {
    let unknownID: UInt32
    let byteFallback: Bool
    /// The id of `<0xNN>` for each byte (when byte fallback is on).
    let byteIDs: [UInt32]

    /// Looks up the 256 byte pieces when `byteFallback` is on; throws when one is missing.
    init(unknownID: UInt32, byteFallback: Bool, vocabulary: Vocabulary) throws(SubtokError) {
        self.unknownID = unknownID
        self.byteFallback = byteFallback
        var byteIDs = [UInt32](repeating: unknownID, count: 256)
        if byteFallback {
            for b in 0..<256 {
                guard let id = vocabulary.id(for: Self.bytePiece(UInt8(b))) else {
                    throw SubtokError(
                        .format, "byte fallback is on but the piece \(Self.bytePiece(UInt8(b))) is missing")
                }
                byteIDs[b] = id
            }
        }
        self.byteIDs = byteIDs
    }

    /// `<0xNN>` for byte `b`.
    static func bytePiece(_ b: UInt8) -> String {
        let hex = Array("0123456789ABCDEF")
        return "<0x\(hex[Int(b >> 4)])\(hex[Int(b & 15)])>"
    }

    /// Appends the piece `p[from ..< to]` with model id `id` (offsets shifted by `base`).
    @inline(__always)
    func append(
        _ id: UInt32, _ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int, base: Int, previousUnknown: inout Bool,
        into output: inout ModelOutput
    ) {
        let isUnknown = id == unknownID
        if isUnknown && byteFallback {
            for k in from..<to { output.append(byteIDs[Int(p[k])], base + from, base + to) }
        } else if isUnknown && previousUnknown, let last = output.ids.indices.last {
            if output.withOffsets { output.offsets[last].end = base + to }
        } else {
            output.append(id, base + from, base + to)
        }
        previousUnknown = isUnknown
    }
}
