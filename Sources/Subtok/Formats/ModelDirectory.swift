import Glibc

/// A model directory (a Hugging Face snapshot, a SentencePiece or tiktoken release): which file
/// in it holds the tokenizer.
enum ModelDirectory {
    /// The names looked for, best first: `tokenizer.json` (what `tokenizers` and
    /// `transformers` load), Mistral's `tekken.json`, SentencePiece models, GPT-2's `vocab.json`
    /// (with `merges.txt`), BERT's `vocab.txt`; after them any `*.tiktoken` file.
    static let candidates = ["tokenizer.json", "tekken.json", "tokenizer.model", "spiece.model", "sentencepiece.bpe.model",
                             "vocab.json", "vocab.txt"]

    /// True when `path` names a directory.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The tokenizer file in the directory `path`; throws `io` naming what was looked for when
    /// there is none. O(entries in the directory).
    static func tokenizerFile(in path: String) throws(SubtokError) -> String {
        let base = path.hasSuffix("/") ? path : path + "/"
        for name in candidates where access(base + name, R_OK) == 0 && !isDirectory(base + name) {
            return base + name
        }
        if let name = tiktokenFiles(in: base).first { return base + name }
        throw SubtokError(.io, "\(path) is a directory with no tokenizer file (looked for \(candidates.joined(separator: ", ")), *.tiktoken)")
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
