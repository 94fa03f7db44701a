import Glibc

/// A model directory (a Hugging Face snapshot, a SentencePiece or tiktoken release): which file
/// in it holds the tokenizer.
enum ModelDirectory {
    /// The names looked for, best first: `tokenizer.json` (what `tokenizers` and
    /// `transformers` load), Mistral's `tekken.json`, SentencePiece models, GPT-2's `vocab.json`
    /// (with `merges.txt`), BERT's `vocab.txt`; after them any `*.tiktoken` file.
    static let candidates = [
        "tokenizer.json", "tekken.json", "tokenizer.model", "spiece.model", "sentencepiece.bpe.model",
        "vocab.json", "vocab.txt",
    ]

    /// True when `path` names a directory.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The kind of file each candidate name holds.
    private static func kind(of name: String) -> TokenizerFileKind {
        switch name {
        case "tokenizer.json": .tokenizerJSON
        case "tekken.json": .tekken
        case "vocab.json": .gpt2Vocabulary
        case "vocab.txt": .bertVocabulary
        case _ where name.hasSuffix(".tiktoken"): .tiktoken
        default: .sentencePiece
        }
    }

    /// The tokenizer file in the directory `path` (with `kind`, the first of that kind); throws
    /// `io` naming what was looked for when there is none. O(entries in the directory).
    static func tokenizerFile(in path: String, kind: TokenizerFileKind? = nil) throws(SubtokError) -> String {
        let base = path.hasSuffix("/") ? path : path + "/"
        let names = (candidates + tiktokenFiles(in: base)).filter { kind == nil || self.kind(of: $0) == kind }
        for name in names where access(base + name, R_OK) == 0 && !isDirectory(base + name) {
            return base + name
        }
        guard let kind else {
            throw SubtokError(
                .io,
                "\(path) is a directory with no tokenizer file (looked for \(candidates.joined(separator: ", ")), *.tiktoken)"
            )
        }
        let wanted = kind == .tiktoken ? ["*.tiktoken"] : candidates.filter { self.kind(of: $0) == kind }
        guard !wanted.isEmpty else {
            throw SubtokError(.io, "\(path) is a directory: a \(kind.rawValue) file is read by its own path")
        }
        throw SubtokError(
            .io, "\(path) is a directory with no \(kind.rawValue) file (looked for \(wanted.joined(separator: ", ")))")
    }

    /// The path of the readable file `name` in the directory `path`, or nil.
    static func file(_ name: String, in path: String) -> String? {
        let full = (path.hasSuffix("/") ? path : path + "/") + name
        return access(full, R_OK) == 0 && !isDirectory(full) ? full : nil
    }

    /// The names of the `*.tiktoken` files in a directory, sorted.
    private static func tiktokenFiles(in base: String) -> [String] {
        guard let directory = opendir(base) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasSuffix(".tiktoken") { names.append(name) }
        }
        return names.sorted()
    }
}
