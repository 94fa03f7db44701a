import Foundation
import Testing

/// End-to-end tests of the `subtok` executable (built as `subtok-cli`) on the tiny fixture.
@Suite struct CLITests {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("subtok-cli").path
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/tiny-bytelevel.json").path

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    func run(_ arguments: [String], input: [UInt8] = []) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }

    @Test func encodesOneLinePerInputLine() throws {
        let r = try run(["encode", "-t", Self.fixture], input: Array("hello world<|end|>\n\nhello\n".utf8))
        #expect(r.status == 0)
        #expect(r.stdout == "259 264 265\n\n259\n")
    }

    @Test func lastLineWithoutNewlineAndTokensFormat() throws {
        let r = try run(["encode", "-t", Self.fixture, "--format", "tokens"], input: Array("hello world".utf8))
        #expect(r.stdout == "hello Ġworld\n")
    }

    @Test func jsonlGivesByteOffsets() throws {
        let r = try run(
            ["encode", "-t", Self.fixture, "--format", "jsonl"],
            input: Array("\"é hello\"\n{\"text\": \"hello\"}\n".utf8))
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["ids"] as? [Int] == [195, 169, 32, 259])
        #expect(first?["offsets"] as? [[Int]] == [[0, 2], [0, 2], [2, 3], [3, 8]])
    }

    @Test func countsTokens() throws {
        let r = try run(["encode", "-t", Self.fixture, "--count"], input: Array("hello world<|end|>\nx\n".utf8))
        #expect(r.stdout == "3\n1\n")
        let total = try run(
            ["encode", "-t", Self.fixture, "--count", "--total", "--skip-invalid"],
            input: Array("hello world<|end|>\n".utf8) + [0xFF, 0x0A] + Array("x\n".utf8))
        #expect(total.status == 0 && total.stdout == "4\n")
        let alone = try run(["encode", "-t", Self.fixture, "--total"], input: Array("x\n".utf8))
        #expect(alone.status != 0 && alone.stderr.contains("--total goes with --count"))
    }

    @Test func decodeRoundTripsAndSkipsSpecials() throws {
        let r = try run(["decode", "-t", Self.fixture], input: Array("259 264 265\n".utf8))
        #expect(r.stdout == "hello world<|end|>\n")
        let skipped = try run(["decode", "-t", Self.fixture, "--skip-special"], input: Array("259 264 265\n".utf8))
        #expect(skipped.stdout == "hello world\n")
        let jsonl = try run(
            ["decode", "-t", Self.fixture, "--format", "jsonl"], input: Array("{\"ids\": [259]}\n".utf8))
        #expect(jsonl.stdout == "{\"text\":\"hello\"}\n")
    }

    @Test func errorsAreOneLineAndNonZero() throws {
        let missing = try run(["encode", "-t", "/nonexistent.json"], input: Array("x\n".utf8))
        #expect(missing.status != 0)
        #expect(missing.stderr.hasPrefix("subtok: error: "))
        #expect(missing.stderr.split(separator: "\n").count == 1)

        let badUTF8 = try run(["encode", "-t", Self.fixture], input: [0x61, 0x0A, 0xFF, 0x0A])
        #expect(badUTF8.status != 0)
        #expect(badUTF8.stderr.contains("line 2"))

        let badID = try run(["decode", "-t", Self.fixture], input: Array("259 99999\n".utf8))
        #expect(badID.status != 0)
        #expect(badID.stderr.contains("99999"))

        let notAnID = try run(["decode", "-t", Self.fixture], input: Array("12 abc\n".utf8))
        #expect(notAnID.status != 0)
    }

    /// The help (and the man page, generated from the same text) documents the exit statuses and
    /// the JSONL shapes, and the statuses are those the commands return.
    @Test func helpDocumentsExitStatusesAndJSONLShapes() throws {
        let help = try run(["--help"]).stdout
        #expect(help.contains("EXAMPLES:") && help.contains("EXIT STATUS:") && help.contains("64  a usage error"))
        #expect(
            try run(["encode", "--help"]).stdout.contains(#"{"ids":[...],"tokens":[...],"offsets":[[start,end],...]}"#))
        #expect(try run(["decode", "--help"]).stdout.contains(#"{"text":"..."}"#))
        #expect(try run(["encode", "--no-such-option"]).status == 64)
        #expect(try run(["encode", "-t", "/nonexistent.json"], input: Array("x\n".utf8)).status == 1)
        let line = try run(
            ["encode", "-t", Self.fixture, "--format", "jsonl"], input: Array(#"{"text": "hello world"}"#.utf8) + [0x0A]
        ).stdout
        #expect(line == #"{"ids":[259,264],"tokens":["hello","Ġworld"],"offsets":[[0,5],[5,11]]}"# + "\n")
    }

    /// `--sample` draws segmentations as spm_encode's --alpha: seeded draws repeat, differ from the
    /// best segmentation, and still decode to the text; models without sampling refuse it.
    @Test func sampleDrawsSeededSegmentations() throws {
        let unigram = Self.samples + "/unigram.json"
        let text = Array("the quick brown fox jumps over the lazy dog while reading tokenizers\n".utf8)
        let best = try run(["encode", "-t", unigram], input: text).stdout
        let drawn = try (1...5).map { seed in
            try run(["encode", "-t", unigram, "--sample", "0.1", "--seed", "\(seed)"], input: text)
        }
        #expect(drawn.allSatisfy { $0.status == 0 })
        #expect(
            try run(["encode", "-t", unigram, "--sample", "0.1", "--seed", "1"], input: text).stdout == drawn[0].stdout)
        #expect(drawn.contains { $0.stdout != best })
        let decodedBest = try run(["decode", "-t", unigram], input: Array(best.utf8)).stdout
        for d in drawn {
            #expect(try run(["decode", "-t", unigram], input: Array(d.stdout.utf8)).stdout == decodedBest)
        }
        let refused = try run(["encode", "-t", Self.samples + "/byte-bpe.json", "--sample", "0.1"], input: text)
        #expect(refused.status == 1 && refused.stderr.contains("needs a Unigram or SentencePiece BPE model"))
        #expect(try run(["encode", "-t", unigram, "--seed", "3"], input: text).status == 1)
    }

    /// `decode --format tokens` reads what `encode --format tokens` writes, as spm_decode reads pieces.
    @Test func decodeReadsTokens() throws {
        for sample in ["unigram.json", "byte-bpe.json", "wordpiece.json"] {
            let file = Self.samples + "/" + sample
            let text = "Tokens go in, the text comes out.\n"
            let tokens = try run(["encode", "-t", file, "--format", "tokens", "--no-special"], input: Array(text.utf8))
                .stdout
            let ids = try run(["encode", "-t", file, "--no-special"], input: Array(text.utf8)).stdout
            let fromTokens = try run(["decode", "-t", file, "--format", "tokens"], input: Array(tokens.utf8))
            #expect(fromTokens.status == 0)
            #expect(fromTokens.stdout == (try run(["decode", "-t", file], input: Array(ids.utf8)).stdout), "\(sample)")
        }
        let unknown = try run(
            ["decode", "-t", Self.fixture, "--format", "tokens"], input: Array("hello nosuchtoken\n".utf8))
        #expect(unknown.status == 1 && unknown.stderr.contains("\"nosuchtoken\" is not a token"))
    }

    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("vocab-samples").path

    @Test func withoutATokenizerTheEmbeddedSampleIsUsed() throws {
        let sample = Self.samples + "/byte-bpe.json"
        let text = Array("hello world, naïve 日本語\n".utf8)
        let viaDefault = try run(["encode"], input: text)
        let viaFile = try run(["encode", "-t", sample], input: text)
        #expect(viaDefault.status == 0 && viaDefault.stdout == viaFile.stdout && !viaFile.stdout.isEmpty)
        let decoded = try run(["decode"], input: Array(viaDefault.stdout.utf8))
        #expect(decoded.stdout == "hello world, naïve 日本語\n")
        let info = try run(["info"])
        #expect(info.stdout.contains("vocab size: 8000"))
    }

    @Test func trainsAndWritesNothingOnFailure() throws {
        let dir = NSTemporaryDirectory() + "subtok-cli-train-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let corpus = dir + "/corpus.txt"
        try String(repeating: "the cat sat on the mat with the hat\n", count: 50).write(
            toFile: corpus, atomically: true, encoding: .utf8)
        for model in ["bpe", "byte-bpe", "wordpiece", "unigram"] {
            let out = dir + "/\(model).json"
            let trained = try run([
                "train", "--model", model, "--vocab-size", model == "byte-bpe" ? "280" : "40", "-o", out, corpus,
            ])
            #expect(trained.status == 0, "\(model): \(trained.stderr)")
            #expect(trained.stderr.contains("wrote"), "progress on stderr")
            let round = try run(
                ["decode", "-t", out],
                input: Array(
                    try run(["encode", "-t", out, "--no-special"], input: Array("the cat sat\n".utf8)).stdout.utf8))
            #expect(round.stdout == "the cat sat\n", "\(model): \(round.stdout)")
        }
        let quiet = try run(["train", "--model", "bpe", "--vocab-size", "40", "--quiet", "-o", dir + "/q.json", corpus])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty)
        let empty = dir + "/empty.txt"
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        let failed = try run(["train", "--model", "bpe", "--vocab-size", "40", "-o", dir + "/none.json", empty])
        #expect(failed.status != 0 && failed.stderr.contains("no words"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/none.json"))
        for name in ["x.model", "x.tiktoken"] {
            let misnamed = try run([
                "train", "--model", "unigram", "--vocab-size", "40", "-o", dir + "/" + name, corpus,
            ])
            #expect(
                misnamed.status != 0 && misnamed.stderr.contains("name the output .json"), "\(name): \(misnamed.stderr)"
            )
            #expect(!FileManager.default.fileExists(atPath: dir + "/" + name))
            let converted = try run(["convert", "-t", Self.fixture, "-o", dir + "/" + name])
            #expect(converted.status != 0 && !FileManager.default.fileExists(atPath: dir + "/" + name))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).allSatisfy { !$0.contains(".tmp-") })
    }

    @Test func infoAndConvert() throws {
        let info = try run(["info", "-t", Self.fixture])
        #expect(info.stdout.contains("model: BPE"))
        #expect(info.stdout.contains("vocab size: 266"))
        #expect(info.stdout.contains("<|end|>=265"))
        #expect(info.stdout.contains("encode path: split only (GPT-2 scanner, piece cache)"))
        #expect(info.stdout.contains("source: a tokenizer file"))
        let directory = NSTemporaryDirectory() + "subtok-cli-directory-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: directory + "/tokenizer.json")
        #expect(try run(["info", "-t", directory]).stdout.contains("source: tokenizer.json in the directory"))

        let out = NSTemporaryDirectory() + "subtok-cli-convert-\(getpid()).json"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let convert = try run(["convert", "-t", Self.fixture, "-o", out])
        #expect(convert.status == 0)
        let again = try run(["encode", "-t", out], input: Array("hello world<|end|>\n".utf8))
        #expect(again.stdout == "259 264 265\n")
    }

    @Test func encodeWritesEveryLineBeforeABadOneAndNamesIt() throws {
        var input = Array(String(repeating: "hello world\n", count: 20000).utf8)
        input += [0xFF, 0x0A] + Array("hello\n".utf8)
        let r = try run(["encode", "-t", Self.fixture], input: input)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("subtok: error: line 20001: "))
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 20001 && lines.last == "")
        #expect(lines.dropLast().allSatisfy { $0 == "259 264" })
    }

    @Test func skipInvalidKeepsOutputLinesAlignedWithInputLines() throws {
        let input: [UInt8] = Array("hello\n".utf8) + [0x61, 0xC3, 0x0A] + Array("world\n".utf8)
        let r = try run(["encode", "-t", Self.fixture, "--skip-invalid"], input: input)
        #expect(r.status == 0)
        let world = try run(["encode", "-t", Self.fixture], input: Array("world\n".utf8)).stdout
        #expect(r.stdout == "259\n\n" + world)
        #expect(r.stderr.hasPrefix("subtok: warning: line 2 skipped: "))
        let jsonl = try run(
            ["encode", "-t", Self.fixture, "--format", "jsonl", "--skip-invalid"],
            input: Array("\"hello\"\n{\"text\": 3}\nnot json\n\"hello\"\n".utf8))
        #expect(jsonl.status == 0)
        let lines = jsonl.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5 && lines[1].isEmpty && lines[2].isEmpty && lines[0] == lines[3])
        #expect(jsonl.stderr.contains("line 2 skipped") && jsonl.stderr.contains("line 3 skipped"))
        let stopped = try run(
            ["encode", "-t", Self.fixture, "--format", "jsonl"], input: Array("\"hello\"\nnot json\n".utf8))
        #expect(stopped.status == 1 && stopped.stderr.contains("line 2") && stopped.stdout.hasPrefix("{\"ids\":[259]"))
    }

    @Test func decodeWritesEveryLineBeforeABadOneAndCanSkipIt() throws {
        let stopped = try run(["decode", "-t", Self.fixture], input: Array("259\n259 99999\n259\n".utf8))
        #expect(stopped.status == 1 && stopped.stdout == "hello\n" && stopped.stderr.contains("line 2"))
        let skipped = try run(["decode", "-t", Self.fixture, "--skip-invalid"], input: Array("259\nx\n259\n".utf8))
        #expect(
            skipped.status == 0 && skipped.stdout == "hello\n\nhello\n" && skipped.stderr.contains("line 2 skipped"))
    }

    /// The fixture with a file's own truncation (2 tokens) and padding (to 5).
    func paddedFixture(_ dir: String) throws -> String {
        var doc =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.fixture)))
            as! [String: Any]
        doc["truncation"] = ["direction": "Right", "max_length": 2, "strategy": "LongestFirst", "stride": 0]
        doc["padding"] = [
            "strategy": ["Fixed": 5], "direction": "Right", "pad_to_multiple_of": NSNull(),
            "pad_id": 0, "pad_type_id": 0, "pad_token": "<pad>",
        ]
        let path = dir + "/padded.json"
        try JSONSerialization.data(withJSONObject: doc).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func theFilesPaddingAndTruncationCanBeTurnedOff() throws {
        let dir = NSTemporaryDirectory() + "subtok-cli-padding-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try paddedFixture(dir)
        let text = Array("hello world<|end|>\n".utf8)
        func encode(_ flags: [String]) throws -> String { try run(["encode", "-t", file] + flags, input: text).stdout }
        #expect(try encode([]) == "259 264 0 0 0\n")
        #expect(try encode(["--count"]) == "5\n")
        #expect(try encode(["--no-padding"]) == "259 264\n")
        #expect(try encode(["--no-truncation"]) == "259 264 265 0 0\n")
        #expect(try encode(["--no-truncation", "--no-padding", "--count"]) == "3\n")
        #expect(try encode(["--max-length", "1", "--no-padding"]) == "259\n")
        #expect(try run(["encode", "-t", Self.fixture, "--max-length", "2"], input: text).stdout == "259 264\n")
        let contradiction = try run(["encode", "-t", file, "--max-length", "2", "--no-truncation"], input: text)
        #expect(contradiction.status != 0 && contradiction.stderr.contains("--no-truncation"))
        let info = try run(["info", "-t", file]).stdout
        #expect(info.contains("padding: fixed 5, right, pad id 0 \"<pad>\""))
        #expect(info.contains("truncation: max length 2, stride 0, LongestFirst, right"))
        #expect(try run(["info", "-t", Self.fixture]).stdout.contains("padding: none\ntruncation: none\n"))
    }

    @Test func theBuiltInSampleIsNeverUsedSilently() throws {
        let r = try run(["encode"], input: Array("hello\n".utf8))
        #expect(r.status == 0 && r.stderr.contains("subtok: note: no -t given") && r.stderr.contains("built-in"))
        #expect(try run(["encode", "-t", Self.fixture], input: Array("hello\n".utf8)).stderr.isEmpty)
        #expect(try run(["info"]).stdout.hasPrefix("file: none given: the built-in"))
    }

    @Test func dashOutputIsStandardOutputForEveryCommandThatWrites() throws {
        let convert = try run(["convert", "-t", Self.fixture, "-o", "-"])
        #expect(convert.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(convert.stdout.utf8)) as? [String: Any]
        #expect((doc?["model"] as? [String: Any])?["type"] as? String == "BPE")
        let corpus = Array(String(repeating: "the cat sat on the mat\n", count: 20).utf8)
        let train = try run(["train", "--model", "bpe", "--vocab-size", "30", "-o", "-", "--quiet"], input: corpus)
        #expect(train.status == 0)
        let trained = try JSONSerialization.jsonObject(with: Data(train.stdout.utf8)) as? [String: Any]
        #expect((trained?["model"] as? [String: Any])?["type"] as? String == "BPE")
        #expect(!FileManager.default.fileExists(atPath: "-"))
    }

    @Test func defaultThreadsFollowTheAffinityMask() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        guard FileManager.default.isExecutableFile(atPath: process.executableURL!.path) else { return }
        process.arguments = ["-c", "0", Self.binary, "info", "-t", Self.fixture]
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        let out = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(out.contains("threads: 1 by default"), "\(out)")
    }

    @Test func countShardsSayWhatCountedThemAndAreNotMixed() throws {
        let dir = NSTemporaryDirectory() + "subtok-cli-shards-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let corpus = dir + "/corpus.txt"
        try String(repeating: "the cat sat on the mat\n", count: 20).write(
            toFile: corpus, atomically: true, encoding: .utf8)
        for model in ["byte-bpe", "wordpiece"] {
            let r = try run(["count", "--model", model, "--quiet", "-o", dir + "/\(model).tsv", corpus])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let header = try String(contentsOfFile: dir + "/wordpiece.tsv", encoding: .utf8).split(separator: "\n")[0]
        #expect(header.hasPrefix("#subtok-counts\tnormalizer=bert pre-tokenizer=bert\tsubtok="))
        let merged = try run(["count", "--merge", "-o", "-", dir + "/wordpiece.tsv", dir + "/wordpiece.tsv"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.hasPrefix(String(header) + "\n80\tthe\n"))
        let mixed = try run(["count", "--merge", "-o", dir + "/all.tsv", dir + "/wordpiece.tsv", dir + "/byte-bpe.tsv"])
        #expect(
            mixed.status != 0 && mixed.stderr.contains("pre-tokenizer=byte-level")
                && mixed.stderr.contains("pre-tokenizer=bert"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/all.tsv"))
        let wrong = try run([
            "train", "--model", "wordpiece", "--vocab-size", "40", "--from-counts", "-o", dir + "/t.json",
            dir + "/byte-bpe.tsv",
        ])
        #expect(
            wrong.status != 0
                && wrong.stderr.contains("byte-bpe.tsv was counted with normalizer=none pre-tokenizer=byte-level"))
        let right = try run([
            "train", "--model", "wordpiece", "--vocab-size", "40", "--quiet", "--from-counts", "-o", dir + "/t.json",
            dir + "/wordpiece.tsv",
        ])
        #expect(right.status == 0, "\(right.stderr)")
        let noModel = try run(["count", "-o", "-", corpus])
        #expect(noModel.status != 0 && noModel.stderr.contains("--model is required"))
    }
}
