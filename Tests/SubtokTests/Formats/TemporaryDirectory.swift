import Glibc

/// A fresh directory under /tmp holding `files` (name → text), for tests that load files by
/// path; `remove` deletes it with those files.
struct TemporaryDirectory {
    let path: String
    private let names: [String]

    init(_ files: [String: String], prefix: String) {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        names = Array(files.keys)
        for (name, text) in files {
            let file = fopen(path + "/" + name, "w")!
            fputs(text, file)
            fclose(file)
        }
    }

    /// Deletes the files and the directory.
    func remove() {
        for name in names { unlink(path + "/" + name) }
        rmdir(path)
    }
}
