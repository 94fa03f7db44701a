import Testing

@testable import Subtok

/// Hostile and malformed `.model` files, built here with a minimal protobuf writer.
@Suite struct SentencePieceModelFileTests {
    static func varint(_ v: UInt64) -> [UInt8] {
        var v = v
        var out: [UInt8] = []
        repeat {
            out.append(UInt8(v & 0x7F) | (v >= 0x80 ? 0x80 : 0))
            v >>= 7
        } while v > 0
        return out
    }

    static func field(_ number: UInt64, _ bytes: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(UInt64(bytes.count)) + bytes
    }

    static func piece(_ text: String, _ score: Float, _ type: UInt64 = 1) -> [UInt8] {
        let bits = score.bitPattern
        let scoreBytes: [UInt8] = [21] + (0..<4).map { UInt8((bits >> (8 * $0)) & 0xFF) }
        return field(1, field(1, Array(text.utf8)) + scoreBytes + varint(3 << 3) + varint(type))
    }

    static func model(_ pieces: [[UInt8]], normalizer: [UInt8] = []) -> [UInt8] {
        pieces.flatMap { $0 } + (normalizer.isEmpty ? [] : field(3, normalizer))
    }

    func load(_ bytes: [UInt8]) throws(SubtokError) -> Tokenizer {
        try bytes.withUnsafeBufferPointer { b in Result { () throws(SubtokError) in try SentencePieceModelFile.read(b) }
        }.get()
    }

    static let good = [piece("<unk>", 0, 2), piece("▁a", -1), piece("b", -2), piece("▁", -3), piece("a", -4)]

    @Test func encodesAMinimalModel() throws {
        let t = try load(Self.model(Self.good))
        #expect(t.encode("a b").tokens == ["▁a", "▁", "b"])
        #expect(t.encode("c").ids == [3, 0])
        #expect(try t.decode([3, 0, 1]) == " ⁇  a")
    }

    @Test func rejectsMalformedModels() {
        let cases: [(String, [UInt8])] = [
            ("truncated", Array(Self.model(Self.good).dropLast(3))),
            ("no pieces", []),
            ("empty piece", Self.model([Self.piece("<unk>", 0, 2), Self.piece("", -1)])),
            ("duplicate piece", Self.model(Self.good + [Self.piece("b", -5)])),
            ("NaN score", Self.model([Self.piece("<unk>", 0, 2), Self.piece("x", .nan)])),
            ("no unknown piece", Self.model([Self.piece("x", -1)])),
            ("two unknown pieces", Self.model([Self.piece("<unk>", 0, 2), Self.piece("<u2>", 0, 2)])),
            ("bad type", Self.model([Self.piece("<unk>", 0, 2), Self.piece("x", -1, 9)])),
            (
                "charsmap size past the end",
                Self.model(Self.good, normalizer: Self.field(2, [0xFF, 0xFF, 0, 0, 1, 2, 3, 4, 5]))
            ),
            ("charsmap too short", Self.model(Self.good, normalizer: Self.field(2, [1, 0]))),
            ("huge length", [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        ]
        for (label, bytes) in cases {
            do {
                _ = try load(bytes)
                Issue.record("accepted: \(label)")
            } catch {
                #expect(error.kind == .format, "\(label): \(error.message)")
            }
        }
    }

    @Test func charsmapOffsetsOutsideTheBlobNeverCrash() throws {
        // A trie whose units point anywhere: matching must stay in bounds.
        var blob: [UInt8] = [16, 0, 0, 0]
        for unit: UInt32 in [0xFFFF_FFFF, 0x0000_0161, 0x7FFF_FC00, 0x8000_0061] {
            blob += (0..<4).map { UInt8((unit >> (8 * UInt32($0))) & 0xFF) }
        }
        blob += Array("x\0".utf8)
        let t = try load(Self.model(Self.good, normalizer: Self.field(2, blob)))
        _ = t.encode("aaa bbb \u{0} xyz")
    }
}
