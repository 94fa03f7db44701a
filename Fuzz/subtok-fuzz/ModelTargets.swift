@_spi(Testing) import Subtok

/// Encoding and decoding with the real tokenizers of every family (the first input byte picks
/// one, see `ReferenceTokenizers`).
let modelTargets = [
    FuzzTarget(name: "encode", summary: "bytes as text to encode; offsets, ids, batch and round trip checked") {
        bytes in
        guard let (entry, text) = ReferenceTokenizers.pick(bytes) else { return }
        let tokenizer = entry.tokenizer
        guard let encoding = try? tokenizer.encode(utf8: text) else {
            require(UTF8Validation.isValid(text) == false, "\(entry.file): valid UTF-8 refused")
            return
        }
        let input = Array(text)
        check(tokenizer, encoding: encoding, of: input)
        require((try? tokenizer.encodeIDs(utf8: text)) == encoding.ids, "\(entry.file): encodeIDs differs from encode")
        let string = String(decoding: input, as: UTF8.self)
        require(
            tokenizer.encodeBatch([string, string], threads: 2).allSatisfy { $0.ids == encoding.ids },
            "\(entry.file): batch differs from single")
        if entry.lossless {
            require((try? tokenizer.decodeBytes(encoding.ids)) == input, "\(entry.file): decode(encode(x)) != x")
        }
        require((try? tokenizer.decode(encoding.ids)) != nil, "\(entry.file): its own ids do not decode")
    },
    FuzzTarget(
        name: "linear-merge", summary: "bytes as one byte-level BPE piece; the linear merge equals the ranked one"
    ) { bytes in
        guard let (entry, piece) = ReferenceTokenizers.pick(bytes), let model = entry.tokenizer.model as? BPE,
            let ranked = model.mergedIDs(Array(piece), linear: false)
        else { return }
        guard let linear = model.mergedIDs(Array(piece), linear: true) else { return }
        require(linear == ranked, "\(entry.file): the linear merge differs from the ranked one")
    },
    FuzzTarget(name: "decode", summary: "bytes as little-endian 32-bit ids to decode") { bytes in
        guard let (entry, rest) = ReferenceTokenizers.pick(bytes) else { return }
        var ids: [UInt32] = []
        var i = 0
        while i + 4 <= rest.count {
            ids.append(
                UInt32(rest[i]) | UInt32(rest[i + 1]) << 8 | UInt32(rest[i + 2]) << 16 | UInt32(rest[i + 3]) << 24)
            i += 4
        }
        let tokenizer = entry.tokenizer
        let known = ids.allSatisfy { tokenizer.token(for: $0) != nil }
        let decoded = try? tokenizer.decode(ids, skipSpecialTokens: bytes[0] & 0x80 != 0)
        require((decoded != nil) == known, "\(entry.file): decode succeeded \(decoded != nil) for ids known \(known)")
        _ = try? tokenizer.decodeBytes(ids)
    },
]
