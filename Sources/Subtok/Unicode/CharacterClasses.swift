import CICU

/// Unicode general category and White_Space of every code point, from the linked ICU
/// (Unicode 15 with ICU 72), in a two-stage table built once per process on first use (from
/// ICU's property ranges, a few milliseconds) and read lock-free afterwards.
///
/// A class byte holds the ICU general category (`UCharCategory`, 0...29) in its low five bits
/// `whiteSpaceBit` when the code point has the White_Space property, `nfcStableBit` when NFC
/// leaves it and its neighbours as they are, and `caseAndDecompositionStableBit` when NFD and
/// lowercasing leave it as it is.
struct CharacterClasses: Sendable {
    /// The process-wide table.
    static let shared = CharacterClasses()

    /// Set in a class byte for White_Space code points.
    static let whiteSpaceBit: UInt8 = 0x20
    /// Set in a class byte for NFC-stable code points (NFC_Quick_Check Yes, combining class 0):
    /// a text of them is in NFC, and so is every part of it.
    static let nfcStableBit: UInt8 = 0x40

    /// Set in a class byte for code points that are their own NFD and their own lowercase and
    /// that `tokenizers` reads as ICU does (not in `BertCharacterTable`): BERT's normalizer keeps
    /// them as they are (unless it strips them as nonspacing marks), and BERT's components need
    /// not look them up in that table.
    static let caseAndDecompositionStableBit: UInt8 = 0x80

    private let stage1: [UInt16]
    private let stage2: [UInt8]

    private init() {
        var all = [UInt8](unsafeUninitializedCapacity: Int(CICU_CODE_POINTS)) { buffer, count in
            cicu_fill_char_classes(buffer.baseAddress)
            count = buffer.count
        }
        for row in BertCharacterTable.rows { all[Int(row.0)] &= ~Self.caseAndDecompositionStableBit }
        var stage1 = [UInt16](repeating: 0, count: all.count >> 8)
        var stage2: [UInt8] = []
        var blocks: [ArraySlice<UInt8>: UInt16] = [:]
        for b in stage1.indices {
            let block = all[b << 8..<(b + 1) << 8]
            if let index = blocks[block] {
                stage1[b] = index
            } else {
                let index = UInt16(blocks.count)
                blocks[block] = index
                stage1[b] = index
                stage2.append(contentsOf: block)
            }
        }
        self.stage1 = stage1
        self.stage2 = stage2
    }

    /// The class byte of code point `c` (0, "unassigned", above U+10FFFF).
    @inline(__always)
    func classByte(_ c: UInt32) -> UInt8 {
        guard c < 0x110000 else { return 0 }
        return stage2.withUnsafeBufferPointer { s2 in
            stage1.withUnsafeBufferPointer { s1 in s2[Int(s1[Int(c >> 8)]) << 8 | Int(c & 0xFF)] }
        }
    }

    /// The ICU general category of `c` (0 = Cn ... 29 = Pf).
    @inline(__always)
    func category(_ c: UInt32) -> UInt8 { classByte(c) & 0x1F }

    /// True for White_Space code points (`\s` in the reference regexes).
    @inline(__always)
    func isWhiteSpace(_ c: UInt32) -> Bool { classByte(c) & Self.whiteSpaceBit != 0 }

    /// True when `c` is NFC-stable (see `nfcStableBit`).
    @inline(__always)
    func isNFCStable(_ c: UInt32) -> Bool { classByte(c) & Self.nfcStableBit != 0 }

    /// True when `c` is its own NFD and its own lowercase (see `caseAndDecompositionStableBit`).
    @inline(__always)
    func isCaseAndDecompositionStable(_ c: UInt32) -> Bool { classByte(c) & Self.caseAndDecompositionStableBit != 0 }

    /// True for letters: Lu, Ll, Lt, Lm, Lo (`\p{L}`).
    @inline(__always)
    static func isLetter(category g: UInt8) -> Bool { g >= 1 && g <= 5 }

    /// True for numbers: Nd, Nl, No (`\p{N}`).
    @inline(__always)
    static func isNumber(category g: UInt8) -> Bool { g >= 9 && g <= 11 }

    /// True for marks: Mn, Me, Mc (`\p{M}`).
    @inline(__always)
    static func isMark(category g: UInt8) -> Bool { g >= 6 && g <= 8 }

    /// `\w` as Rust's regex defines it: letters, marks, decimal and letter numbers, connector
    /// punctuation, and the join controls ZWNJ/ZWJ.
    func isWordCharacter(_ c: UInt32) -> Bool {
        if c < 0x80 {
            return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
        }
        if c == 0x200C || c == 0x200D { return true }
        let g = category(c)
        return Self.isLetter(category: g) || Self.isMark(category: g) || g == 9 || g == 10 || g == 22
    }

    /// The Unicode version of the linked ICU data ("15.0" for ICU 72).
    static var unicodeVersion: String {
        var buffer = [CChar](repeating: 0, count: 16)
        buffer.withUnsafeMutableBufferPointer { cicu_unicode_version($0.baseAddress, 16) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
