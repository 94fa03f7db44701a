import Testing

@testable import Subtok

/// Expected text is `tokenizers`' `decoders.CTC(...).decode` on the same tokens.
@Suite struct CTCDecoderTests {
    @Test func collapsesRepeatsDropsPaddingAndSpacesWords() {
        let tokens = ["<pad>", "H", "H", "<pad>", "E", "L", "L", "<pad>", "L", "O", "|", "|", "W", "O", "."]
        #expect(CTCDecoder().decode(tokens) == "HELLO WO.")
        #expect(CTCDecoder(cleanup: false).decode(["H", "H", "<pad>", "I", "|", "W"]) == "HI|W")
    }
}
