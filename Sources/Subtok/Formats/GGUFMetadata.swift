import Glibc

/// The key-value metadata at the head of a GGUF file (llama.cpp's model format, versions 2 and
/// 3, little-endian), read without touching the tensors after it: a model file of many
/// gigabytes costs only its header, read in chunks of `chunkSize`. Every length and count is
/// checked against the bytes the file has before anything is allocated for it, so a truncated
/// or hostile file is a `format` error naming the key, never a large allocation.
/// O(metadata size).
struct GGUFMetadata {
    /// One metadata value. Arrays of numbers and booleans are kept as doubles (exact for the
    /// token types, scores and byte arrays tokenizers use); arrays of arrays are skipped.
    enum Value {
        case integer(Int64)
        case unsigned(UInt64)
        case float(Double)
        case bool(Bool)
        case string(String)
        case strings([String])
        case numbers([Double])
        case skipped
    }

    /// The values by key.
    let values: [String: Value]
    /// The file's GGUF version.
    let version: UInt32

    /// The four bytes every GGUF file starts with.
    static let magic: [UInt8] = Array("GGUF".utf8)
    /// How many bytes are read at a time.
    static let chunkSize = 1 << 20

    /// Whether the file at `path` starts with the GGUF magic (false when it cannot be read: the
    /// caller's own read reports why). Reads four bytes.
    static func isGGUF(path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        var prefix: [UInt8] = [0, 0, 0, 0]
        return prefix.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, 4) } == 4 && prefix == magic
    }

    /// Reads the metadata of the GGUF file at `path`; throws `io` or `format` errors.
    init(path: String) throws(SubtokError) {
        var reader = try Reader(path: path)
        defer { reader.close() }
        guard try reader.bytes(4, "the magic").elementsEqual(Self.magic) else {
            throw SubtokError(.format, "not a GGUF file (no GGUF magic)")
        }
        version = try reader.uint32("the version")
        guard version == 2 || version == 3 else {
            throw SubtokError(
                version == 1 ? .unsupported : .format,
                version == 1
                    ? "GGUF version 1 is not supported (versions 2 and 3 are)"
                    : "GGUF version \(version) is not known (a big-endian file reads so); versions 2 and 3 are")
        }
        _ = try reader.uint64("the tensor count")
        let count = try reader.uint64("the metadata count")
        // A key-value pair takes at least 12 bytes (an empty key's length and a type).
        guard count <= UInt64(reader.remaining / 12) else {
            throw SubtokError(.format, "GGUF: \(count) metadata entries do not fit in the file")
        }
        var values: [String: Value] = [:]
        for k in 0..<Int(count) {
            let key = try reader.string("the key of metadata entry \(k)")
            let type = try reader.uint32("the type of \(key)")
            values[key] = try Self.value(of: type, &reader, key)
        }
        self.values = values
    }

    /// The value of `type` next in `reader`.
    private static func value(of type: UInt32, _ reader: inout Reader, _ key: String) throws(SubtokError) -> Value {
        switch type {
        case 8: return .string(try reader.string(key))
        case 9:
            let elementType = try reader.uint32("the element type of \(key)")
            let count = try reader.uint64("the length of \(key)")
            let smallest = elementType == 8 ? 8 : (try scalarSize(elementType, key))
            guard count <= UInt64(reader.remaining / max(smallest, 1)) else {
                throw SubtokError(.format, "GGUF: the file ends inside \(key): its \(count) elements do not fit")
            }
            if elementType == 8 {
                var strings: [String] = []
                strings.reserveCapacity(Int(count))
                for k in 0..<Int(count) { strings.append(try reader.string("element \(k) of \(key)")) }
                return .strings(strings)
            }
            if elementType == 9 {
                for k in 0..<Int(count) { _ = try value(of: 9, &reader, "element \(k) of \(key)") }
                return .skipped
            }
            var numbers: [Double] = []
            numbers.reserveCapacity(Int(count))
            for _ in 0..<Int(count) { numbers.append(try scalar(elementType, &reader, key).number) }
            return .numbers(numbers)
        default:
            return try scalar(type, &reader, key)
        }
    }

    /// The size in bytes of a scalar of `type`.
    private static func scalarSize(_ type: UInt32, _ key: String) throws(SubtokError) -> Int {
        switch type {
        case 0, 1, 7: return 1
        case 2, 3: return 2
        case 4, 5, 6: return 4
        case 10, 11, 12: return 8
        default: throw SubtokError(.format, "GGUF: \(key) has the unknown value type \(type)")
        }
    }

    /// A scalar of `type` next in `reader`.
    private static func scalar(_ type: UInt32, _ reader: inout Reader, _ key: String) throws(SubtokError) -> Value {
        let size = try scalarSize(type, key)
        let raw = try reader.littleEndian(size, key)
        switch type {
        case 1: return .integer(Int64(Int8(truncatingIfNeeded: raw)))
        case 3: return .integer(Int64(Int16(truncatingIfNeeded: raw)))
        case 5: return .integer(Int64(Int32(truncatingIfNeeded: raw)))
        case 11: return .integer(Int64(bitPattern: raw))
        case 6: return .float(Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw))))
        case 12: return .float(Double(bitPattern: raw))
        case 7: return .bool(raw != 0)
        default: return .unsigned(raw)
        }
    }

    /// A buffered reader of a file's first bytes.
    private struct Reader {
        private let fd: Int32
        private let path: String
        private var buffer: [UInt8] = []
        private var position = 0
        /// The bytes of the file not read yet (by position).
        private(set) var remaining: Int

        init(path: String) throws(SubtokError) {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw SubtokError(.io, "cannot open \(path): \(String(cString: strerror(errno)))") }
            var info = stat()
            guard fstat(fd, &info) == 0 else {
                Glibc.close(fd)
                throw SubtokError(.io, "cannot stat \(path): \(String(cString: strerror(errno)))")
            }
            self.path = path
            remaining = Int(info.st_size)
        }

        func close() { Glibc.close(fd) }

        /// The next `n` bytes; throws a `format` error naming `what` when the file ends first.
        mutating func bytes(_ n: Int, _ what: String) throws(SubtokError) -> ArraySlice<UInt8> {
            guard n >= 0, n <= remaining else { throw SubtokError(.format, "GGUF: the file ends inside \(what)") }
            if buffer.count - position < n { try fill(n) }
            defer {
                position += n
                remaining -= n
            }
            return buffer[position..<(position + n)]
        }

        /// Reads on until the buffer holds `n` bytes from `position`, dropping the bytes before it.
        private mutating func fill(_ n: Int) throws(SubtokError) {
            buffer.removeSubrange(0..<position)
            position = 0
            let want = max(n - buffer.count, min(GGUFMetadata.chunkSize, remaining - buffer.count))
            let start = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: want))
            var done = 0
            while done < want {
                let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + start + done, want - done) }
                if got < 0 {
                    if errno == EINTR { continue }
                    throw SubtokError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
                }
                if got == 0 { throw SubtokError(.format, "GGUF: the file ended while reading its metadata") }
                done += got
            }
        }

        /// A little-endian unsigned integer of `size` bytes.
        mutating func littleEndian(_ size: Int, _ what: String) throws(SubtokError) -> UInt64 {
            try bytes(size, what).reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }

        mutating func uint32(_ what: String) throws(SubtokError) -> UInt32 { UInt32(try littleEndian(4, what)) }
        mutating func uint64(_ what: String) throws(SubtokError) -> UInt64 { try littleEndian(8, what) }

        /// A GGUF string: a 64-bit length, then that many bytes of UTF-8.
        mutating func string(_ what: String) throws(SubtokError) -> String {
            let length = try uint64("the length of \(what)")
            guard length <= UInt64(remaining) else { throw SubtokError(.format, "GGUF: the file ends inside \(what)") }
            let bytes = try bytes(Int(length), what)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw SubtokError(.format, "GGUF: \(what) is not valid UTF-8")
            }
            return text
        }
    }
}

extension GGUFMetadata.Value {
    /// A number as a double (0 for values that are not numbers).
    var number: Double {
        switch self {
        case let .integer(v): return Double(v)
        case let .unsigned(v): return Double(v)
        case let .float(v): return v
        case let .bool(v): return v ? 1 : 0
        default: return 0
        }
    }
}
