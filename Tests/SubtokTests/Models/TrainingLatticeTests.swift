import Testing

@testable import Subtok

@Suite struct TrainingLatticeTests {
    static let words: [(word: [UInt8], count: UInt64)] = {
        var random = SplitMix64(seed: 7)
        let alphabet = ["a", "b", "c", "é", "日", "▁"]
        var words: [(word: [UInt8], count: UInt64)] = []
        for _ in 0..<600 {
            let length = 1 + Int(random.next() % 12)
            let word = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
            words.append((Array(word.utf8), 1 + random.next() % 5))
        }
        words.append((Array(String(repeating: "ab", count: 300).utf8), 1))
        return words
    }()

    /// Every substring of at most 5 characters of the first 150 words.
    static let candidates: [[UInt8]] = {
        var seen = Set<[UInt8]>()
        var candidates: [[UInt8]] = []
        for (word, _) in words.prefix(150) {
            let characters = Array(String(decoding: word, as: UTF8.self)).map { Array(String($0).utf8) }
            for i in characters.indices {
                for j in i..<min(characters.count, i + 5) where seen.insert(characters[i...j].flatMap { $0 }).inserted {
                    candidates.append(characters[i...j].flatMap { $0 })
                }
            }
        }
        return candidates
    }()

    /// The nodes a lattice over `pieces` (at most 5 characters) must have, found by trying every
    /// substring.
    static func expectedNodes(_ word: [UInt8], _ pieces: [[UInt8]: Int]) -> [(Int32, Int32, Int32)] {
        let characters = Array(String(decoding: word, as: UTF8.self)).map { Array(String($0).utf8) }
        var nodes: [(Int32, Int32, Int32)] = []
        for i in characters.indices {
            var single = false
            for j in i..<min(characters.count, i + 5) {
                if let k = pieces[characters[i...j].flatMap { $0 }] {
                    nodes.append((Int32(i), Int32(j + 1), Int32(k)))
                    if j == i { single = true }
                }
            }
            if !single { nodes.append((Int32(i), Int32(i + 1), Int32(TrainingLattice.unknown))) }
        }
        return nodes
    }

    static func nodes(_ lattice: TrainingLattice) -> [[(Int32, Int32, Int32)]] {
        var all: [[(Int32, Int32, Int32)]] = []
        var nodes: [TrainingLattice.Node] = []
        for c in 0..<lattice.chunkCount {
            for w in lattice.chunkBounds[c]..<lattice.chunkBounds[c + 1] {
                _ = lattice.nodes(of: w, chunk: c, into: &nodes)
                all.append(nodes.map { ($0.start, $0.end, $0.piece) })
            }
        }
        return all
    }

    @Test(arguments: [1, 3]) func compactedNodesAreTheNodesOfTheRemainingPieces(threads: Int) {
        var lattice = TrainingLattice(words: Self.words, candidates: Self.candidates, threads: threads)
        #expect(lattice.chunkBounds.first == 0 && lattice.chunkBounds.last == Self.words.count)
        var pieces = Self.candidates.enumerated().map { (text: $1, score: -Double($0 % 17) - 1) }
        var random = SplitMix64(seed: UInt64(threads))
        for round in 0..<4 {
            lattice.setPieces(pieces)
            let index = Dictionary(uniqueKeysWithValues: pieces.enumerated().map { ($1.text, $0) })
            let found = Self.nodes(lattice)
            for (w, (word, _)) in Self.words.enumerated() {
                let expected = Self.expectedNodes(word, index)
                #expect(found[w].count == expected.count, "round \(round), word \(w)")
                #expect(zip(found[w], expected).allSatisfy { $0 == $1 }, "round \(round), word \(w)")
            }
            // Drop about a third of the pieces, single characters included, and shuffle the rest.
            pieces = pieces.filter { _ in random.next() % 3 != 0 }.shuffled(using: &random)
        }
    }

    @Test func scoresFollowThePieces() {
        var lattice = TrainingLattice(
            words: [(Array("ab".utf8), 3)], candidates: [Array("a".utf8), Array("b".utf8), Array("ab".utf8)], threads: 1
        )
        lattice.setPieces([(Array("ab".utf8), -1), (Array("b".utf8), -2), (Array("zz".utf8), -0.5)])
        var nodes: [TrainingLattice.Node] = []
        #expect(lattice.nodes(of: 0, chunk: 0, into: &nodes) == 2)
        #expect(nodes.map(\.piece) == [0, Int32(TrainingLattice.unknown), 1])
        #expect(nodes.map(\.score) == [-1, lattice.minimumScore - 10, -2])
        #expect(lattice.minimumScore == -2)
    }
}
