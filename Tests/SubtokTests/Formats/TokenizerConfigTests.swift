import Testing

@testable import Subtok

/// `tokenizer_config.json` read from a model directory: its fields, and errors that name them.
@Suite struct TokenizerConfigTests {
    static func config(_ json: String) throws -> TokenizerConfig {
        let directory = TemporaryDirectory([TokenizerConfig.fileName: json], prefix: "subtok-config")
        defer { directory.remove() }
        return try TokenizerConfig(path: directory.path + "/" + TokenizerConfig.fileName)
    }

    @Test func readsAddedTokensInIDOrderWithTransformersDefaults() throws {
        let config = try Self.config(
            #"{"legacy": false, "unk_token": {"content": "<unk>"}, "added_tokens_decoder": {"9": {"content": "b", "special": false}, "3": {"content": "<a>", "special": true, "lstrip": true}}}"#
        )
        #expect(config.addedTokens.map(\.id) == [3, 9])
        #expect(config.addedTokens[0].special && config.addedTokens[0].leftStrip && !config.addedTokens[0].normalized)
        #expect(!config.addedTokens[1].special && config.addedTokens[1].normalized)
        #expect(config.legacy == false && config.unknownToken == "<unk>")
    }

    @Test func fieldsOfTheWrongShapeAreErrorsNamingThem() throws {
        for (json, field) in [
            (#"{"added_tokens_decoder": []}"#, "added_tokens_decoder"),
            (#"{"added_tokens_decoder": {"x": {}}}"#, "[x]"),
            (#"{"added_tokens_decoder": {"4": {"special": true}}}"#, "content"), (#"{"legacy": 1}"#, "legacy"),
        ] {
            let error = #expect(throws: SubtokError.self) { try Self.config(json) }
            #expect(error?.message.contains(field) == true, "\(json): \(error?.message ?? "")")
        }
    }
}
