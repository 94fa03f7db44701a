import Foundation
import Testing

@testable import Subtok

@Suite struct SpaceRunsTests {
    @Test func countsSpaceCharactersAtEachEnd() {
        #expect(SpaceRuns("ĠĠhelloĠ") == SpaceRuns(leading: 2, trailing: 1))
        #expect(SpaceRuns("hello") == SpaceRuns(leading: 0, trailing: 0))
        #expect(
            SpaceRuns("\u{3000}x\n") == SpaceRuns(leading: 1, trailing: 1),
            "ideographic space and a newline are white space")
        #expect(
            SpaceRuns("ĠĠĠ") == SpaceRuns(leading: 3, trailing: 3), "a token of spaces alone: both runs are all of it")
        #expect(SpaceRuns("") == SpaceRuns(leading: 0, trailing: 0))
        #expect(SpaceRuns("hĠi").isEmpty)
    }

    /// A tokenizer that trims offsets answers from a table built at load; it must agree with
    /// the token strings for every id, added tokens included.
    @Test func aTrimmingTokenizersTableAgreesWithItsTokenStrings() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/tiny-bytelevel.json").path
        var json = try String(contentsOfFile: path, encoding: .utf8)
        json = json.replacingOccurrences(of: "\"trim_offsets\": false", with: "\"trim_offsets\": true")
        let tokenizer = try TokenizerJSON.read(try JSONParser.parse(json))
        try #require(!tokenizer.spaceRunTable.isEmpty)
        var spaced = 0
        for id in 0..<UInt32(tokenizer.vocabularySize) {
            let expected = SpaceRuns(tokenizer.token(for: id) ?? "")
            #expect(tokenizer.spaceRuns(of: id) == expected, "id \(id)")
            if !expected.isEmpty { spaced += 1 }
        }
        #expect(spaced >= 4)
        #expect(tokenizer.spaceRuns(of: UInt32(tokenizer.vocabularySize) + 7) == SpaceRuns(leading: 0, trailing: 0))
    }
}
