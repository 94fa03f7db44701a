import Testing

@testable import Subtok

/// The post-processor Sequence (Llama 3's `Sequence[ByteLevel, TemplateProcessing]`); its output
/// is compared with `tokenizers` in Tests/python/test_oracle.py.
@Suite struct PostProcessorSequenceTests {
    @Test func onlyByteLevelMayComeBeforeTheLastMember() throws {
        let bert = BertProcessing(sep: ("[SEP]", 102), cls: ("[CLS]", 101))
        #expect(throws: SubtokError.self) { try PostProcessorSequence([bert, ByteLevelProcessing()]) }
        let sequence = try PostProcessorSequence([ByteLevelProcessing(trimOffsets: false), bert])
        #expect(sequence.addedTokens(isPair: false) == 2)
        #expect(sequence.addedTokens(isPair: true) == 3)
    }

    @Test func theLastMemberAddsTheSpecialTokens() throws {
        let bert = BertProcessing(sep: ("[SEP]", 102), cls: ("[CLS]", 101))
        let sequence = try PostProcessorSequence([ByteLevelProcessing(trimOffsets: false), bert])
        let text = Encoding(
            ids: [7, 8], offsets: [TokenOffset(start: 0, end: 1), TokenOffset(start: 1, end: 2)], vocabulary: nil)
        let pair = Encoding(ids: [9], offsets: [TokenOffset(start: 0, end: 1)], vocabulary: nil)
        let joined = sequence.process(text, pair: pair, addSpecialTokens: true)
        #expect(joined.ids == [101, 7, 8, 102, 9, 102])
        #expect(joined.typeIDs == [0, 0, 0, 0, 1, 1])
        #expect(sequence.process(text, pair: nil, addSpecialTokens: false).ids == [7, 8])
    }
}
