import Testing

@testable import Subtok

/// The table built from ICU's property ranges, checked code point by code point against the
/// Swift standard library's own Unicode data (an independent source) for every code point both
/// know: those assigned by Unicode 15.0, the version ICU 72 carries.
@Suite struct CharacterClassesTests {
    /// ICU's `UCharCategory` number of a Swift general category.
    func icuCategory(_ category: Unicode.GeneralCategory) -> UInt8 {
        switch category {
        case .unassigned: 0
        case .uppercaseLetter: 1
        case .lowercaseLetter: 2
        case .titlecaseLetter: 3
        case .modifierLetter: 4
        case .otherLetter: 5
        case .nonspacingMark: 6
        case .enclosingMark: 7
        case .spacingMark: 8
        case .decimalNumber: 9
        case .letterNumber: 10
        case .otherNumber: 11
        case .spaceSeparator: 12
        case .lineSeparator: 13
        case .paragraphSeparator: 14
        case .control: 15
        case .format: 16
        case .privateUse: 17
        case .surrogate: 18
        case .dashPunctuation: 19
        case .openPunctuation: 20
        case .closePunctuation: 21
        case .connectorPunctuation: 22
        case .otherPunctuation: 23
        case .mathSymbol: 24
        case .currencySymbol: 25
        case .modifierSymbol: 26
        case .otherSymbol: 27
        case .initialPunctuation: 28
        case .finalPunctuation: 29
        @unknown default: 255
        }
    }

    /// The scalar `c` when Unicode 15.0 or earlier assigned it, else nil.
    func assignedByUnicode15(_ c: UInt32) -> Unicode.Scalar? {
        guard let scalar = Unicode.Scalar(c), let age = scalar.properties.age,
            age.major < 15 || (age.major == 15 && age.minor == 0)
        else { return nil }
        return scalar
    }

    @Test func categoriesAndWhiteSpaceMatchTheStandardLibrary() {
        let classes = CharacterClasses.shared
        var compared = 0
        var differing: [UInt32] = []
        for c in UInt32(0)..<0x110000 {
            guard let scalar = assignedByUnicode15(c) else { continue }
            compared += 1
            if classes.category(c) != icuCategory(scalar.properties.generalCategory)
                || classes.isWhiteSpace(c) != scalar.properties.isWhitespace
            {
                differing.append(c)
            }
        }
        #expect(compared > 149_000)
        // Unicode 16 (the standard library's data) recategorised these two: U+0295 Ll to Lo,
        // U+1171E Mc to Mn. ICU 72 keeps Unicode 15's values.
        #expect(differing == [0x295, 0x1171E], "differ at \(differing.prefix(10).map { String($0, radix: 16) })")
    }

    @Test func nfcStableCodePointsHaveCombiningClassZero() {
        let classes = CharacterClasses.shared
        for c in UInt32(0)..<0x110000 where classes.isNFCStable(c) {
            guard let scalar = assignedByUnicode15(c) else { continue }
            #expect(scalar.properties.canonicalCombiningClass == .notReordered, "U+\(String(c, radix: 16))")
        }
        #expect(classes.isNFCStable(0x41) && classes.isNFCStable(0x65E5) && classes.isNFCStable(0xE9))
        #expect(!classes.isNFCStable(0x301), "a combining acute composes with what precedes it")
        #expect(!classes.isNFCStable(0x212B), "the Angstrom sign normalizes to U+00C5")
        #expect(!classes.isNFCStable(0x1161), "a Hangul vowel jamo composes with a leading consonant")
    }

    /// The stable bit (own NFD, own lowercase) against the standard library's lowercase mapping
    /// for every code point Unicode 15.0 assigned, and against decompositions by hand.
    @Test func caseAndDecompositionStableCodePointsAreTheirOwnLowercase() {
        let classes = CharacterClasses.shared
        var stable = 0
        for c in UInt32(0)..<0x110000 where classes.isCaseAndDecompositionStable(c) {
            guard let scalar = assignedByUnicode15(c) else { continue }
            stable += 1
            #expect(scalar.properties.lowercaseMapping == String(Character(scalar)), "U+\(String(c, radix: 16))")
        }
        #expect(stable > 100_000)
        for c: UInt32 in [0x61, 0x5439, 0x3042, 0x304B, 0x30A2, 0x4E00, 0x301] {
            #expect(classes.isCaseAndDecompositionStable(c), "U+\(String(c, radix: 16))")
        }
        // A (lowercases), é, が and ガ (decompose to a base and a mark), a Hangul syllable
        // (decomposes to jamo), the Angstrom sign (NFD is Å decomposed).
        for c: UInt32 in [0x41, 0xE9, 0x304C, 0x30AC, 0xAC00, 0x212B] {
            #expect(!classes.isCaseAndDecompositionStable(c), "U+\(String(c, radix: 16))")
        }
        // Characters tokenizers reads otherwise take BERT's table look-up, never the stable path.
        #expect(BertCharacterTable.rows.allSatisfy { !classes.isCaseAndDecompositionStable($0.0) })
    }

    @Test func everyCodePointOutsideTheRangeIsUnassigned() {
        #expect(CharacterClasses.shared.classByte(0x110000) == 0)
        #expect(CharacterClasses.shared.classByte(UInt32.max) == 0)
    }
}
