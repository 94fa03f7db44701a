import CSubtokShim
import Glibc
import Subtok

// The C ABI declared in include/subtok.h. Every export is nonisolated, validates each
// caller-supplied value and reports failures as a status plus a thread-local message: nothing
// here may trap the host process.

@_cdecl("subtok_version")
public nonisolated func subtok_version() -> UnsafePointer<CChar> {
    stshim_version()
}

@_cdecl("subtok_version_number")
public nonisolated func subtok_version_number() -> UInt32 {
    UInt32(SUBTOK_VERSION_MAJOR * 10000 + SUBTOK_VERSION_MINOR * 100 + SUBTOK_VERSION_PATCH)
}

@_cdecl("subtok_status_string")
public nonisolated func subtok_status_string(_ status: Int32) -> UnsafePointer<CChar> {
    stshim_status_string(status)
}

@_cdecl("subtok_last_error")
public nonisolated func subtok_last_error() -> UnsafePointer<CChar> {
    stshim_last_error()
}

@_cdecl("subtok_tokenizer_from_file")
public nonisolated func subtok_tokenizer_from_file(
    _ path: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in try Tokenizer(contentsOfFile: try string(path, "path")) }
}

@_cdecl("subtok_tokenizer_from_file_ex")
public nonisolated func subtok_tokenizer_from_file_ex(
    _ path: UnsafePointer<CChar>?, _ flags: UInt32, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in
        let patterns: [UInt32: Split.KnownPattern] = [
            SUBTOK_LOAD_PATTERN_GPT2: .gpt2, SUBTOK_LOAD_PATTERN_CL100K: .cl100k, SUBTOK_LOAD_PATTERN_O200K: .o200k,
            SUBTOK_LOAD_PATTERN_LLAMA3: .llama3, SUBTOK_LOAD_PATTERN_QWEN2: .qwen2,
        ]
        let patternBits = flags & SUBTOK_LOAD_PATTERN_MASK
        try checkFlags(flags, known: SUBTOK_LOAD_CASED | SUBTOK_LOAD_PATTERN_MASK, "load")
        guard patternBits == 0 || patterns[patternBits] != nil else {
            throw SubtokError(.invalidArgument, "unknown load pattern 0x\(String(patternBits, radix: 16))")
        }
        return try Tokenizer(
            contentsOfFile: try string(path, "path"), cased: flags & SUBTOK_LOAD_CASED != 0,
            pattern: patterns[patternBits])
    }
}

@_cdecl("subtok_tokenizer_from_file_v2")
public nonisolated func subtok_tokenizer_from_file_v2(
    _ path: UnsafePointer<CChar>?, _ options: UnsafePointer<subtok_load_options>?,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in
        let o = try LoadOptions(options)
        return try Tokenizer(
            contentsOfFile: try string(path, "path"), cased: o.cased, pattern: o.pattern, kind: o.kind,
            specialTokens: o.specialTokens)
    }
}

@_cdecl("subtok_tokenizer_from_buffer")
public nonisolated func subtok_tokenizer_from_buffer(
    _ data: UnsafePointer<CChar>?, _ length: Int, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in try Tokenizer.fromJSONBytes(try textBuffer(data, length, name: "data")) }
}

@_cdecl("subtok_tokenizer_save")
public nonisolated func subtok_tokenizer_save(_ handle: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    guarded { () throws(SubtokError) in try tokenizer(handle).save(to: try string(path, "path")) }
}

@_cdecl("subtok_tokenizer_to_json")
public nonisolated func subtok_tokenizer_to_json(
    _ handle: OpaquePointer?, _ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ length: UnsafeMutablePointer<Int>?
) -> Int32 {
    guarded { () throws(SubtokError) in
        let (json, length) = try cleared(json, "json", length, "len")
        let text = try tokenizer(handle).jsonText()
        var utf8 = Array(text.utf8)
        utf8.append(0)
        guard let memory = malloc(utf8.count) else {
            throw SubtokError(.limitExceeded, "out of memory for \(utf8.count) bytes")
        }
        utf8.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        json.pointee = memory.assumingMemoryBound(to: CChar.self)
        length.pointee = utf8.count - 1
    }
}

@_cdecl("subtok_tokenizer_free")
public nonisolated func subtok_tokenizer_free(_ handle: OpaquePointer?) {
    guard let handle else { return }
    Unmanaged<Tokenizer>.fromOpaque(UnsafeRawPointer(handle)).release()
}

private func direction(_ value: Int32) throws(SubtokError) -> Bool {
    guard value == 0 || value == 1 else {
        throw SubtokError(.invalidArgument, "direction must be SUBTOK_RIGHT or SUBTOK_LEFT")
    }
    return value == 0
}

@_cdecl("subtok_tokenizer_with_truncation")
public nonisolated func subtok_tokenizer_with_truncation(
    _ handle: OpaquePointer?, _ maxLength: Int, _ stride: Int, _ strategy: Int32, _ side: Int32,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in
        let t = try tokenizer(handle)
        guard maxLength >= 0, stride >= 0 else {
            throw SubtokError(.invalidArgument, "max_length or stride is too large")
        }
        guard stride == 0 || stride < maxLength else {
            throw SubtokError(.invalidArgument, "stride (\(stride)) must be less than max_length (\(maxLength))")
        }
        let strategies: [Truncation.Strategy] = [.longestFirst, .onlyFirst, .onlySecond]
        guard strategy >= 0 && Int(strategy) < strategies.count else {
            throw SubtokError(.invalidArgument, "unknown truncation strategy \(strategy)")
        }
        let truncation = Truncation(
            maxLength: maxLength, stride: stride, strategy: strategies[Int(strategy)],
            direction: try direction(side) ? .right : .left)
        return try t.with(truncation: truncation, padding: t.padding)
    }
}

@_cdecl("subtok_tokenizer_without_truncation")
public nonisolated func subtok_tokenizer_without_truncation(
    _ handle: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in
        let t = try tokenizer(handle)
        return try t.with(truncation: nil, padding: t.padding)
    }
}

@_cdecl("subtok_tokenizer_with_padding")
public nonisolated func subtok_tokenizer_with_padding(
    _ handle: OpaquePointer?, _ length: Int, _ multiple: Int, _ padID: UInt32, _ padTypeID: UInt32,
    _ padToken: UnsafePointer<CChar>?, _ side: Int32, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in
        let t = try tokenizer(handle)
        guard length >= 0, multiple >= 0 else {
            throw SubtokError(.invalidArgument, "length or multiple_of is too large")
        }
        let padding = Padding(
            strategy: length == 0 ? .batchLongest : .fixed(length), direction: try direction(side) ? .right : .left,
            padToMultipleOf: multiple == 0 ? nil : multiple, padID: padID, padTypeID: padTypeID,
            padToken: padToken.map { String(cString: $0) } ?? "[PAD]")
        return try t.with(truncation: t.truncation, padding: padding)
    }
}

@_cdecl("subtok_tokenizer_without_padding")
public nonisolated func subtok_tokenizer_without_padding(
    _ handle: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in
        let t = try tokenizer(handle)
        return try t.with(truncation: t.truncation, padding: nil)
    }
}

@_cdecl("subtok_tokenizer_with_seed")
public nonisolated func subtok_tokenizer_with_seed(
    _ handle: OpaquePointer?, _ seed: UInt64, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in try tokenizer(handle).with(samplingSeed: seed) }
}

@_cdecl("subtok_tokenizer_without_seed")
public nonisolated func subtok_tokenizer_without_seed(
    _ handle: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in try tokenizer(handle).with(samplingSeed: nil) }
}

@_cdecl("subtok_tokenizer_with_sampling")
public nonisolated func subtok_tokenizer_with_sampling(
    _ handle: OpaquePointer?, _ alpha: Double, _ nbestSize: Int32, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in
        return try tokenizer(handle).with(sampling: try Sampling(alpha: alpha, nbestSize: Int(nbestSize)))
    }
}

@_cdecl("subtok_tokenizer_without_sampling")
public nonisolated func subtok_tokenizer_without_sampling(
    _ handle: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in try tokenizer(handle).with(sampling: nil) }
}

@_cdecl("subtok_model_vocab_size")
public nonisolated func subtok_model_vocab_size(_ handle: OpaquePointer?) -> Int {
    guard let t = try? tokenizer(handle) else { return 0 }
    return t.model.vocabularySize
}

@_cdecl("subtok_num_special_tokens_to_add")
public nonisolated func subtok_num_special_tokens_to_add(_ handle: OpaquePointer?, _ isPair: Int32) -> Int {
    guard let t = try? tokenizer(handle) else { return 0 }
    return t.postProcessor?.addedTokens(isPair: isPair != 0) ?? 0
}

@_cdecl("subtok_tokenizer_has_post_processor")
public nonisolated func subtok_tokenizer_has_post_processor(_ handle: OpaquePointer?) -> Int32 {
    guard let t = try? tokenizer(handle) else { return 0 }
    return t.postProcessor == nil ? 0 : 1
}

@_cdecl("subtok_vocab_size")
public nonisolated func subtok_vocab_size(_ handle: OpaquePointer?) -> Int {
    guard let t = try? tokenizer(handle) else { return 0 }
    return t.vocabularySize
}

@_cdecl("subtok_token_to_id")
public nonisolated func subtok_token_to_id(
    _ handle: OpaquePointer?, _ token: UnsafePointer<CChar>?, _ length: Int, _ id: UnsafeMutablePointer<UInt32>?
) -> Int32 {
    guarded { () throws(SubtokError) in
        let id = try required(id, "id")
        let bytes = try textBuffer(token, length, name: "token")
        guard UTF8Validation.isValid(bytes) else { throw SubtokError(.invalidUTF8, "token is not valid UTF-8") }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let found = try tokenizer(handle).id(for: text) else {
            throw SubtokError(.outOfRange, "token \"\(text)\" is not in the vocabulary")
        }
        id.pointee = found
    }
}

@_cdecl("subtok_id_to_token")
public nonisolated func subtok_id_to_token(
    _ handle: OpaquePointer?, _ id: UInt32, _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int,
    _ length: UnsafeMutablePointer<Int>?
) -> Int32 {
    guarded { () throws(SubtokError) in
        let length = try cleared(length, "len")
        guard let token = try tokenizer(handle).token(for: id) else {
            throw SubtokError(.outOfRange, "id \(id) is not in the vocabulary")
        }
        try copyOut(token, buffer, capacity, length)
    }
}

@_cdecl("subtok_encode_ids")
public nonisolated func subtok_encode_ids(
    _ handle: OpaquePointer?, _ text: UnsafePointer<CChar>?, _ length: Int, _ flags: UInt32,
    _ ids: UnsafeMutablePointer<UInt32>?, _ capacity: Int, _ count: UnsafeMutablePointer<Int>?
) -> Int32 {
    guarded { () throws(SubtokError) in
        let count = try cleared(count, "n")
        let f = try EncodeFlags(flags)
        let result = try tokenizer(handle).encodeIDs(
            utf8: try textBuffer(text, length), addSpecialTokens: f.addSpecialTokens, allowSpecial: f.allowSpecial)
        count.pointee = result.count
        guard result.count <= capacity, capacity >= 0 else {
            throw SubtokError(.bufferTooSmall, "need room for \(result.count) ids, have \(capacity)")
        }
        if result.isEmpty { return }
        let ids = try required(ids, "ids")
        ids.update(from: result, count: result.count)
    }
}

@_cdecl("subtok_encode_ids_alloc")
public nonisolated func subtok_encode_ids_alloc(
    _ handle: OpaquePointer?, _ text: UnsafePointer<CChar>?, _ length: Int, _ flags: UInt32,
    _ ids: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>?, _ count: UnsafeMutablePointer<Int>?
) -> Int32 {
    guarded { () throws(SubtokError) in
        let (ids, count) = try cleared(ids, "ids", count, "n")
        let f = try EncodeFlags(flags)
        let result = try tokenizer(handle).encodeIDs(
            utf8: try textBuffer(text, length), addSpecialTokens: f.addSpecialTokens, allowSpecial: f.allowSpecial)
        guard let memory = malloc(max(result.count, 1) * MemoryLayout<UInt32>.stride) else {
            throw SubtokError(.limitExceeded, "out of memory for \(result.count) ids")
        }
        let typed = memory.bindMemory(to: UInt32.self, capacity: max(result.count, 1))
        typed.initialize(from: result, count: result.count)
        ids.pointee = typed
        count.pointee = result.count
    }
}

@_cdecl("subtok_ids_free")
public nonisolated func subtok_ids_free(_ ids: UnsafeMutablePointer<UInt32>?) {
    free(ids)
}

@_cdecl("subtok_count")
public nonisolated func subtok_count(
    _ handle: OpaquePointer?, _ text: UnsafePointer<CChar>?, _ length: Int, _ flags: UInt32,
    _ count: UnsafeMutablePointer<Int>?
) -> Int32 {
    guarded { () throws(SubtokError) in
        let count = try cleared(count, "n")
        let f = try EncodeFlags(flags)
        count.pointee = try tokenizer(handle).count(
            utf8: try textBuffer(text, length), addSpecialTokens: f.addSpecialTokens, allowSpecial: f.allowSpecial)
    }
}

@_cdecl("subtok_encode")
public nonisolated func subtok_encode(
    _ handle: OpaquePointer?, _ text: UnsafePointer<CChar>?, _ length: Int, _ flags: UInt32,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in
        let f = try EncodeFlags(flags)
        return try EncodingHandle.encoding(
            try tokenizer(handle), try textBuffer(text, length), addSpecialTokens: f.addSpecialTokens,
            allowSpecial: f.allowSpecial)
    }
}

@_cdecl("subtok_encode_pair")
public nonisolated func subtok_encode_pair(
    _ handle: OpaquePointer?, _ text: UnsafePointer<CChar>?, _ length: Int, _ pair: UnsafePointer<CChar>?,
    _ pairLength: Int, _ flags: UInt32, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in
        let f = try EncodeFlags(flags)
        return EncodingHandle(
            try tokenizer(handle).encode(
                utf8: try textBuffer(text, length), pair: try textBuffer(pair, pairLength, name: "pair"),
                addSpecialTokens: f.addSpecialTokens, allowSpecial: f.allowSpecial))
    }
}

/// The caller's batch as buffers; a bad entry is reported with its index.
private func batchBuffers(
    _ texts: UnsafePointer<UnsafePointer<CChar>?>?, _ lengths: UnsafePointer<Int>?, _ count: Int,
    _ failedIndex: UnsafeMutablePointer<Int>?
) throws(SubtokError) -> [UnsafeBufferPointer<UInt8>] {
    guard count >= 0 else { throw SubtokError(.invalidArgument, "n is too large") }
    if count == 0 { return [] }
    guard let texts, let lengths else { throw SubtokError(.invalidArgument, "texts or lens is NULL") }
    var buffers: [UnsafeBufferPointer<UInt8>] = []
    buffers.reserveCapacity(count)
    for k in 0..<count {
        do throws(SubtokError) {
            buffers.append(try textBuffer(texts[k], lengths[k], name: "texts[\(k)]"))
        } catch {
            failedIndex?.pointee = k
            throw error
        }
    }
    return buffers
}

@_cdecl("subtok_encode_batch_ids")
public nonisolated func subtok_encode_batch_ids(
    _ handle: OpaquePointer?, _ texts: UnsafePointer<UnsafePointer<CChar>?>?, _ lengths: UnsafePointer<Int>?,
    _ count: Int, _ flags: UInt32, _ threads: Int, _ ids: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>?,
    _ starts: UnsafeMutablePointer<UnsafeMutablePointer<Int>?>?, _ failedIndex: UnsafeMutablePointer<Int>?
) -> Int32 {
    guarded { () throws(SubtokError) in
        let ids = try required(ids, "ids")
        let starts = try required(starts, "starts")
        ids.pointee = nil
        starts.pointee = nil
        let f = try EncodeFlags(flags)
        let t = try tokenizer(handle)
        guard threads >= 0 else { throw SubtokError(.invalidArgument, "threads is too large") }
        let buffers = try batchBuffers(texts, lengths, count, failedIndex)
        switch t.encodeBatchIDParts(
            utf8: buffers, addSpecialTokens: f.addSpecialTokens, threads: threads, allowSpecial: f.allowSpecial)
        {
        case let .success(parts):
            let total = parts.reduce(0) { $0 + $1.ids.count }
            guard let idMemory = malloc(max(total, 1) * MemoryLayout<UInt32>.stride),
                let startMemory = malloc((count + 1) * MemoryLayout<Int>.stride)
            else {
                throw SubtokError(.limitExceeded, "out of memory for \(total) ids")
            }
            let flat = idMemory.bindMemory(to: UInt32.self, capacity: max(total, 1))
            let offsets = startMemory.bindMemory(to: Int.self, capacity: count + 1)
            var base = 0
            var text = 0
            offsets[0] = 0
            for part in parts {
                _ = UnsafeMutableBufferPointer(start: flat + base, count: part.ids.count).initialize(from: part.ids)
                for end in part.starts.dropFirst() {
                    text += 1
                    offsets[text] = base + end
                }
                base += part.ids.count
            }
            ids.pointee = flat
            starts.pointee = offsets
        case let .failure(failure):
            failedIndex?.pointee = failure.index
            throw failure.error
        }
    }
}

@_cdecl("subtok_offsets_free")
public nonisolated func subtok_offsets_free(_ starts: UnsafeMutablePointer<Int>?) {
    free(starts)
}

@_cdecl("subtok_encode_batch")
public nonisolated func subtok_encode_batch(
    _ handle: OpaquePointer?, _ texts: UnsafePointer<UnsafePointer<CChar>?>?, _ lengths: UnsafePointer<Int>?,
    _ count: Int, _ flags: UInt32, _ threads: Int, _ out: UnsafeMutablePointer<OpaquePointer?>?,
    _ failedIndex: UnsafeMutablePointer<Int>?
) -> Int32 {
    subtok_encode_batch_pairs(handle, texts, lengths, nil, nil, count, flags, threads, out, failedIndex)
}

/// Sets a batch call's `count` out-pointers to NULL before any work, so that a failure leaves them so.
private func clearBatch(_ out: UnsafeMutablePointer<OpaquePointer?>?, _ count: Int) {
    if let out, count > 0, count <= Int.max / MemoryLayout<OpaquePointer>.stride {
        out.update(repeating: nil, count: count)
    }
}

/// A batch's encodings as handles in `out`, or its failure with the failing index.
private func store(
    _ result: Result<[Encoding], BatchFailure>, in out: UnsafeMutablePointer<OpaquePointer?>,
    failedIndex: UnsafeMutablePointer<Int>?
) throws(SubtokError) {
    switch result {
    case let .success(encodings):
        for (k, encoding) in encodings.enumerated() { out[k] = retained(EncodingHandle(encoding)) }
    case let .failure(failure):
        failedIndex?.pointee = failure.index
        throw failure.error
    }
}

@_cdecl("subtok_encode_words_batch")
public nonisolated func subtok_encode_words_batch(
    _ handle: OpaquePointer?, _ words: UnsafePointer<UnsafePointer<CChar>?>?, _ lengths: UnsafePointer<Int>?,
    _ counts: UnsafePointer<Int>?, _ count: Int, _ flags: UInt32, _ threads: Int,
    _ out: UnsafeMutablePointer<OpaquePointer?>?,
    _ failedIndex: UnsafeMutablePointer<Int>?
) -> Int32 {
    guarded { () throws(SubtokError) in
        clearBatch(out, count)
        let f = try EncodeFlags(flags)
        let t = try tokenizer(handle)
        guard threads >= 0, count >= 0 else { throw SubtokError(.invalidArgument, "threads or n is too large") }
        if count == 0 { return }
        let counts = try required(UnsafeMutablePointer(mutating: counts), "counts")
        let out = try required(out, "out")
        var items: [[UnsafeBufferPointer<UInt8>]] = [], pairs: [[UnsafeBufferPointer<UInt8>]?] = []
        var next = 0
        for k in 0..<count {
            do throws(SubtokError) {
                var parts: [[UnsafeBufferPointer<UInt8>]] = []
                for side in 0..<2 {
                    let n = counts[2 * k + side]
                    if side == 1 && n == Int(bitPattern: UInt.max) { continue }
                    guard n >= 0 else { throw SubtokError(.invalidArgument, "counts[\(2 * k + side)] is too large") }
                    let buffers = try batchBuffers(words.map { $0 + next }, lengths.map { $0 + next }, n, nil)
                    parts.append(buffers)
                    next += n
                }
                items.append(parts[0])
                pairs.append(parts.count > 1 ? parts[1] : nil)
            } catch {
                failedIndex?.pointee = k
                throw error
            }
        }
        try store(
            t.encodeBatch(
                words: items, pairs: pairs, addSpecialTokens: f.addSpecialTokens, threads: threads,
                allowSpecial: f.allowSpecial), in: out, failedIndex: failedIndex)
    }
}

@_cdecl("subtok_encode_batch_pairs")
public nonisolated func subtok_encode_batch_pairs(
    _ handle: OpaquePointer?, _ texts: UnsafePointer<UnsafePointer<CChar>?>?, _ lengths: UnsafePointer<Int>?,
    _ pairs: UnsafePointer<UnsafePointer<CChar>?>?, _ pairLengths: UnsafePointer<Int>?,
    _ count: Int, _ flags: UInt32, _ threads: Int, _ out: UnsafeMutablePointer<OpaquePointer?>?,
    _ failedIndex: UnsafeMutablePointer<Int>?
) -> Int32 {
    guarded { () throws(SubtokError) in
        clearBatch(out, count)
        let f = try EncodeFlags(flags)
        let t = try tokenizer(handle)
        guard threads >= 0 else { throw SubtokError(.invalidArgument, "threads is too large") }
        let buffers = try batchBuffers(texts, lengths, count, failedIndex)
        if buffers.isEmpty { return }
        var pairBuffers: [UnsafeBufferPointer<UInt8>?] = []
        if let pairs {
            guard let pairLengths else { throw SubtokError(.invalidArgument, "pair_lens is NULL") }
            for k in 0..<count {
                guard pairs[k] != nil else { pairBuffers.append(nil); continue }
                do throws(SubtokError) {
                    pairBuffers.append(try textBuffer(pairs[k], pairLengths[k], name: "pairs[\(k)]"))
                } catch {
                    failedIndex?.pointee = k
                    throw error
                }
            }
        }
        let out = try required(out, "out")
        if pairs == nil {
            switch EncodingHandle.batch(
                t, buffers, addSpecialTokens: f.addSpecialTokens, allowSpecial: f.allowSpecial, threads: threads)
            {
            case let .success(handles?):
                for (k, handle) in handles.enumerated() { out[k] = retained(handle) }
                return
            case .success(nil):
                break
            case let .failure(failure):
                failedIndex?.pointee = failure.index
                throw failure.error
            }
        }
        try store(
            t.encodeBatch(
                utf8: buffers, pairs: pairs == nil ? nil : pairBuffers, addSpecialTokens: f.addSpecialTokens,
                threads: threads, allowSpecial: f.allowSpecial), in: out, failedIndex: failedIndex)
    }
}

@_cdecl("subtok_encoding_free")
public nonisolated func subtok_encoding_free(_ encoding: OpaquePointer?) {
    guard let encoding else { return }
    Unmanaged<EncodingHandle>.fromOpaque(UnsafeRawPointer(encoding)).release()
}

private func handle(_ encoding: OpaquePointer?) -> EncodingHandle? {
    guard let encoding else { return nil }
    return Unmanaged<EncodingHandle>.fromOpaque(UnsafeRawPointer(encoding)).takeUnretainedValue()
}

@_cdecl("subtok_encoding_len")
public nonisolated func subtok_encoding_len(_ encoding: OpaquePointer?) -> Int { handle(encoding)?.count ?? 0 }

@_cdecl("subtok_encoding_ids")
public nonisolated func subtok_encoding_ids(_ encoding: OpaquePointer?) -> UnsafePointer<UInt32>? {
    handle(encoding).map { UnsafePointer($0.ids) }
}

@_cdecl("subtok_encoding_type_ids")
public nonisolated func subtok_encoding_type_ids(_ encoding: OpaquePointer?) -> UnsafePointer<UInt32>? {
    handle(encoding).map { UnsafePointer($0.typeIDs) }
}

@_cdecl("subtok_encoding_attention_mask")
public nonisolated func subtok_encoding_attention_mask(_ encoding: OpaquePointer?) -> UnsafePointer<UInt32>? {
    handle(encoding).map { UnsafePointer($0.attentionMask) }
}

@_cdecl("subtok_encoding_special_tokens_mask")
public nonisolated func subtok_encoding_special_tokens_mask(_ encoding: OpaquePointer?) -> UnsafePointer<UInt32>? {
    handle(encoding).map { UnsafePointer($0.specialTokensMask) }
}

@_cdecl("subtok_encoding_offsets")
public nonisolated func subtok_encoding_offsets(_ encoding: OpaquePointer?) -> UnsafePointer<Int>? {
    handle(encoding).map { UnsafePointer($0.offsets) }
}

@_cdecl("subtok_encoding_sequence_ids")
public nonisolated func subtok_encoding_sequence_ids(_ encoding: OpaquePointer?) -> UnsafePointer<Int32>? {
    handle(encoding).map { UnsafePointer($0.sequenceIDs) }
}

@_cdecl("subtok_encoding_word_ids")
public nonisolated func subtok_encoding_word_ids(
    _ tokenizerHandle: OpaquePointer?, _ encoding: OpaquePointer?, _ text: UnsafePointer<CChar>?, _ length: Int,
    _ pair: UnsafePointer<CChar>?, _ pairLength: Int, _ flags: UInt32, _ out: UnsafeMutablePointer<Int32>?
) -> Int32 {
    guarded { () throws(SubtokError) in
        let f = try EncodeFlags(flags)
        guard let h = handle(encoding) else { throw SubtokError(.invalidArgument, "encoding is NULL") }
        let out = try required(out, "out")
        if let words = h.wordIDs {
            out.update(from: words, count: words.count)
            return
        }
        let pairBuffer = pair == nil && pairLength == 0 ? nil : try textBuffer(pair, pairLength, name: "pair")
        let ids = try tokenizer(tokenizerHandle).wordIDs(
            count: h.count, sequenceIDs: { Int(h.sequenceIDs[$0]) },
            offsets: { TokenOffset(start: h.offsets[2 * $0], end: h.offsets[2 * $0 + 1]) },
            text: try textBuffer(text, length), pair: pairBuffer, allowSpecial: f.allowSpecial)
        out.update(from: ids, count: ids.count)
    }
}

@_cdecl("subtok_encoding_overflowing_len")
public nonisolated func subtok_encoding_overflowing_len(_ encoding: OpaquePointer?) -> Int {
    handle(encoding)?.overflowing.count ?? 0
}

@_cdecl("subtok_encoding_overflowing")
public nonisolated func subtok_encoding_overflowing(_ encoding: OpaquePointer?, _ index: Int) -> OpaquePointer? {
    guard let h = handle(encoding), index >= 0, index < h.overflowing.count else { return nil }
    return OpaquePointer(Unmanaged.passUnretained(h.overflowing[index]).toOpaque())
}

@_cdecl("subtok_encoding_token")
public nonisolated func subtok_encoding_token(_ encoding: OpaquePointer?, _ index: Int) -> UnsafePointer<CChar>? {
    guard let h = handle(encoding), index >= 0, index < h.count else { return nil }
    return h.token(index)
}

@_cdecl("subtok_encoding_token_bytes")
public nonisolated func subtok_encoding_token_bytes(
    _ encoding: OpaquePointer?, _ index: Int, _ length: UnsafeMutablePointer<Int>?
) -> UnsafePointer<CChar>? {
    guard let h = handle(encoding), index >= 0, index < h.count, let length else { return nil }
    let (pointer, count) = h.tokenBytes(index)
    length.pointee = count
    return pointer
}

@_cdecl("subtok_decode")
public nonisolated func subtok_decode(
    _ handle: OpaquePointer?, _ ids: UnsafePointer<UInt32>?, _ count: Int, _ flags: UInt32,
    _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int, _ length: UnsafeMutablePointer<Int>?
) -> Int32 {
    guarded { () throws(SubtokError) in
        let length = try cleared(length, "len")
        try copyOut(try decodeBytes(handle, ids, count, flags), buffer, capacity, length)
    }
}

@_cdecl("subtok_decode_alloc")
public nonisolated func subtok_decode_alloc(
    _ handle: OpaquePointer?, _ ids: UnsafePointer<UInt32>?, _ count: Int, _ flags: UInt32,
    _ text: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ length: UnsafeMutablePointer<Int>?
) -> Int32 {
    guarded { () throws(SubtokError) in
        let (text, length) = try cleared(text, "text", length, "len")
        let decoded = try decodeBytes(handle, ids, count, flags)
        let n = decoded.count
        guard let memory = malloc(n + 1) else { throw SubtokError(.limitExceeded, "out of memory for \(n) bytes") }
        let typed = memory.bindMemory(to: CChar.self, capacity: n + 1)
        var at = 0
        for b in decoded { typed[at] = CChar(bitPattern: b); at += 1 }
        typed[n] = 0
        text.pointee = typed
        length.pointee = n
    }
}

@_cdecl("subtok_string_free")
public nonisolated func subtok_string_free(_ text: UnsafeMutablePointer<CChar>?) {
    free(text)
}

/// The decoded text's UTF-8, or with `SUBTOK_DECODE_BYTES` the tokens' raw bytes.
private func decodeBytes(
    _ handle: OpaquePointer?, _ ids: UnsafePointer<UInt32>?, _ count: Int, _ flags: UInt32
) throws(SubtokError) -> [UInt8] {
    let f = try DecodeFlags(flags)
    let t = try tokenizer(handle)
    guard count >= 0 else { throw SubtokError(.invalidArgument, "n is too large") }
    if count > 0 && ids == nil { throw SubtokError(.invalidArgument, "ids is NULL but n is \(count)") }
    let list = count == 0 ? [] : Array(UnsafeBufferPointer(start: ids, count: count))
    if f.bytes { return try t.decodeBytes(list) }
    return Array(try t.decode(list, skipSpecialTokens: f.skipSpecialTokens).utf8)
}

/// Copies `text` NUL-terminated into a caller buffer, reporting its length.
private func copyOut(
    _ text: String, _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int, _ length: UnsafeMutablePointer<Int>
) throws(SubtokError) {
    try copyOut(Array(text.utf8), buffer, capacity, length)
}

/// Copies `bytes` NUL-terminated into a caller buffer, reporting their count.
private func copyOut(
    _ bytes: [UInt8], _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int, _ length: UnsafeMutablePointer<Int>
) throws(SubtokError) {
    let n = bytes.count
    length.pointee = n
    guard capacity >= n + 1 else { throw SubtokError(.bufferTooSmall, "need \(n + 1) bytes, have \(max(capacity, 0))") }
    guard let buffer else { throw SubtokError(.invalidArgument, "buf is NULL") }
    for (at, b) in bytes.enumerated() { buffer[at] = CChar(bitPattern: b) }
    buffer[n] = 0
}

@_cdecl("subtok_tokenizer_with_added_tokens")
public nonisolated func subtok_tokenizer_with_added_tokens(
    _ handle: OpaquePointer?, _ json: UnsafePointer<CChar>?, _ length: Int, _ flags: UInt32,
    _ out: UnsafeMutablePointer<OpaquePointer?>?, _ added: UnsafeMutablePointer<Int>?
) -> Int32 {
    added?.pointee = 0
    return handing(out) { () throws(SubtokError) in
        try checkFlags(flags, known: SUBTOK_ADD_AS_SPECIAL, "added-token")
        let t = try tokenizer(handle)
        let list: JSON
        do throws(SubtokError) { list = try JSON.parse(utf8: try textBuffer(json, length, name: "json")) } catch {
            throw SubtokError(.invalidArgument, "added tokens: \(error.message)")
        }
        guard case let .array(items) = list else {
            throw SubtokError(.invalidArgument, "added tokens must be a JSON array")
        }
        let special = flags & SUBTOK_ADD_AS_SPECIAL != 0
        var tokens: [AddedToken] = []
        for (k, item) in items.enumerated() {
            tokens.append(try addedToken(item, at: k, special: special))
        }
        let (result, count) = try t.adding(tokens, special: special)
        added?.pointee = count
        return result
    }
}

/// One entry of `subtok_tokenizer_with_added_tokens`' list: a string, or an object with
/// `content` and the optional flags of `tokenizers`' `AddedToken` (`normalized` defaults to
/// not special, `special` counting as true when every token is added as special).
private func addedToken(_ item: JSON, at k: Int, special forced: Bool) throws(SubtokError) -> AddedToken {
    if case let .string(content) = item { return AddedToken(id: 0, content: content, special: forced) }
    guard case let .object(members) = item else {
        throw SubtokError(.invalidArgument, "added tokens[\(k)] must be a string or an object")
    }
    var content: String?
    var flags: [String: Bool] = [:]
    for member in members {
        switch (member.key, member.value) {
        case let ("content", .string(text)): content = text
        case let (key, .bool(value)) where ["single_word", "lstrip", "rstrip", "normalized", "special"].contains(key):
            flags[key] = value
        default: throw SubtokError(.invalidArgument, "added tokens[\(k)]: unknown or mistyped key \(member.key)")
        }
    }
    guard let content else { throw SubtokError(.invalidArgument, "added tokens[\(k)] has no content") }
    let special = forced || flags["special"] ?? false
    return AddedToken(
        id: 0, content: content, singleWord: flags["single_word"] ?? false, leftStrip: flags["lstrip"] ?? false,
        rightStrip: flags["rstrip"] ?? false, normalized: flags["normalized"] ?? !special, special: special)
}
