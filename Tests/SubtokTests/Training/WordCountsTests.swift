import Glibc
import Testing

@testable import Subtok

@Suite struct WordCountsTests {
    @Test func addsMergesAndCounts() throws {
        var a = WordCounts()
        try a.add(Array("x".utf8), count: 2)
        try a.add(Array("y".utf8))
        try a.add(Array("x".utf8), count: 3)
        var b = WordCounts()
        try b.add(Array("y".utf8), count: 10)
        try b.add(Array("z".utf8))
        try a.merge(b)
        #expect(a.count == 3 && a.total == 17)
        #expect(
            a.count(of: Array("x".utf8)) == 5 && a.count(of: Array("y".utf8)) == 11 && a.count(of: Array("w".utf8)) == 0
        )
        #expect(a.sortedWords().map { String(decoding: $0.word, as: UTF8.self) } == ["x", "y", "z"])
    }

    @Test func shardsRoundTripEscapedWords() throws {
        var counts = WordCounts()
        for (word, n) in [("plain", 3), ("tab\there", 2), ("new\nline", 7), ("back\\slash", 1), ("cr\r", 1), ("日本", 4)]
        {
            try counts.add(Array(word.utf8), count: UInt64(n))
        }
        let shard = counts.shardBytes()
        #expect(String(decoding: shard, as: UTF8.self).hasPrefix("7\tnew\\nline\n4\t日本\n3\tplain\n"))
        var read = WordCounts()
        try read.addShard(shard, named: "s")
        try read.addShard(shard, named: "s")
        #expect(read.count == counts.count)
        counts.forEach { word, n in #expect(read.count(of: Array(word)) == 2 * n) }
    }

    @Test func shardsNameTheirCountingSetupInAHeader() throws {
        var counts = WordCounts()
        try counts.add(Array("word".utf8), count: 3)
        let setup = TrainerConfig(model: .wordpiece, vocabularySize: 10).countingSetup
        #expect(setup == "normalizer=bert pre-tokenizer=bert")
        #expect(
            TrainerConfig(model: .byteBPE, vocabularySize: 10).countingSetup
                == "normalizer=none pre-tokenizer=byte-level")
        let shard = counts.shardBytes(setup: setup)
        #expect(
            String(decoding: shard, as: UTF8.self) == "#subtok-counts\t\(setup)\tsubtok=\(subtokVersion)\n3\tword\n")
        var read = WordCounts()
        #expect(try read.addShard(shard, named: "s") == setup)
        #expect(try read.addShard(counts.shardBytes(), named: "s") == nil)
        #expect(read.count(of: Array("word".utf8)) == 6)
        #expect(throws: SubtokError.self) { try read.addShard(Array("#subtok-countsX\n".utf8), named: "s") }
    }

    @Test(arguments: ["x\thello\n", "12 hello\n", "12\t\n", "12\tbad\\q\n", "99999999999999999999\tw\n", "3\tend\\"])
    func rejectsBadShards(_ text: String) {
        var counts = WordCounts()
        #expect(throws: SubtokError.self) { try counts.addShard(Array(text.utf8), named: "s") }
    }

    @Test func rejectsInvalidUTF8InShards() {
        var counts = WordCounts()
        #expect(throws: SubtokError.self) { try counts.addShard([0x31, 0x09, 0xFF, 0x0A], named: "s") }
    }
}

@Suite struct WordCounterTests {
    @Test func countsLikeOneThreadAndSkipsInvalidText() throws {
        let pipeline = TrainingPipeline(normalizer: BertNormalizer(), preTokenizer: BertPreTokenizer())
        let texts = (0..<3000).map { "Line \($0 % 97), with Words and WORDS! \($0 % 13)" }
        var expected = WordCounts()
        for text in texts {
            try Array(text.utf8).withUnsafeBufferPointer { (b) throws(SubtokError) in
                try pipeline.countWords(b, into: &expected)
            }
        }
        let counter = WordCounter(pipeline: pipeline, threads: 4)
        for text in texts { try counter.feed(text: text) }
        try [UInt8]([0x61, 0xFF]).withUnsafeBufferPointer { (b) throws(SubtokError) in try counter.feed(text: b) }
        let counted = try counter.finish()
        #expect(counter.skippedTexts == 1)
        #expect(counted.count == expected.count && counted.total == expected.total)
        expected.forEach { word, n in #expect(counted.count(of: Array(word)) == n) }
        #expect(counted.count(of: Array("words".utf8)) == 6000)
    }

    @Test func readsFilesKeepingLineEndings() throws {
        let path = "/tmp/subtok-wordcounter-\(UInt32.random(in: 0...UInt32.max)).txt"
        try writeFile(path, Array("a b\n\nc\r\nlast".utf8))
        defer { _ = path.withCString { unlink($0) } }
        let counter = WordCounter(pipeline: TrainingPipeline(normalizer: nil, preTokenizer: nil), threads: 2)
        try counter.feed(file: path)
        let counts = try counter.finish()
        #expect(counter.texts == 4)
        #expect(
            counts.sortedWords().map { String(decoding: $0.word, as: UTF8.self) } == ["\n", "a b\n", "c\r\n", "last"])
        #expect(throws: SubtokError.self) { try counter.feed(file: "/nonexistent/file") }
    }
}
