#!/usr/bin/env python3
"""Writes the fuzz targets' seed inputs: small versions of the real tokenizer files and texts in
../shared/reference (vocabularies cut to a few hundred entries so that each input runs fast).

usage: make_seeds.py REFERENCE_DIR OUT_DIR   (one folder per target under OUT_DIR)
"""
import json
import os
import random
import struct
import sys

KEEP = 400  # vocabulary entries kept in a shrunken tokenizer

# The reference tokenizers of Fuzz/subtok-fuzz/ReferenceTokenizers.swift, in its order: the
# first byte of an encode or decode input picks one by index.
ENCODE_FILES = [
    "gpt2/tokenizer.json", "tiktoken/cl100k_base.tiktoken", "tiktoken/o200k_base.tiktoken",
    "bert-base-uncased/vocab.txt", "bert-base-uncased/tokenizer.json", "bert-base-chinese/vocab.txt",
    "spm-trained/t5-style-unigram.model", "spm-trained/t5-style-unigram.tokenizer.json",
    "spm-trained/llama-style-bpe.model", "spm-trained/llama-style-bpe.tokenizer.json",
    "sentencepiece/test_ja_model.model",
    # Seeded dropout and sampling variants (ReferenceTokenizers.files): the same texts.
    "gpt2/tokenizer.json", "spm-trained/llama-style-bpe.tokenizer.json", "spm-trained/t5-style-unigram.model",
    "spm-trained/t5-style-unigram.model", "spm-trained/llama-style-bpe.model",
]
VECTORS = {
    "gpt2/tokenizer.json": "gpt2.tokenizer.json", "tiktoken/cl100k_base.tiktoken": "cl100k_base.tiktoken",
    "tiktoken/o200k_base.tiktoken": "o200k_base.tiktoken", "bert-base-uncased/vocab.txt": "bert-base-uncased.vocab.txt",
    "bert-base-uncased/tokenizer.json": "bert-base-uncased.tokenizer.json",
    "bert-base-chinese/vocab.txt": "bert-base-chinese.vocab.txt",
    "spm-trained/t5-style-unigram.model": "t5-style-unigram.model",
    "spm-trained/t5-style-unigram.tokenizer.json": "t5-style-unigram.tokenizer.json",
    "spm-trained/llama-style-bpe.model": "llama-style-bpe.model",
    "spm-trained/llama-style-bpe.tokenizer.json": "llama-style-bpe.tokenizer.json",
    "sentencepiece/test_ja_model.model": "sentencepiece-test_ja_model.model",
}


def merge_parts(merge):
    return merge.split(" ", 1) if isinstance(merge, str) else merge


def shrink_tokenizer_json(document):
    """Keeps the first KEEP vocabulary entries (and the merges among them) of any model."""
    model = document["model"]
    vocab = model["vocab"]
    if isinstance(vocab, list):
        model["vocab"] = vocab[:KEEP]
        if model.get("unk_id") is not None and model["unk_id"] >= KEEP:
            model["unk_id"] = 0
        return document
    kept = {token: i for token, i in vocab.items() if i < KEEP}
    for added in document.get("added_tokens", []):
        if added["content"] in vocab:
            kept[added["content"]] = vocab[added["content"]]
    unk = model.get("unk_token")
    if unk in vocab:
        kept[unk] = vocab[unk]
    model["vocab"] = kept
    if "merges" in model:
        model["merges"] = [m for m in model["merges"]
                           if all(p in kept for p in merge_parts(m)) and "".join(merge_parts(m)) in kept]
    return document


def varint(data, i):
    value, shift = 0, 0
    while True:
        byte = data[i]
        value |= (byte & 0x7F) << shift
        i += 1
        if byte < 0x80:
            return value, i
        shift += 7


def shrink_model(data):
    """Keeps the first KEEP pieces (field 1) of a SentencePiece ModelProto and every other field."""
    out, i, pieces = bytearray(), 0, 0
    while i < len(data):
        start = i
        key, i = varint(data, i)
        wire = key & 7
        if wire == 0:
            _, i = varint(data, i)
        elif wire == 2:
            length, i = varint(data, i)
            i += length
        elif wire == 5:
            i += 4
        elif wire == 1:
            i += 8
        if key >> 3 == 1:
            pieces += 1
            if pieces > KEEP:
                continue
        out += data[start:i]
    return bytes(out)


def write(out, target, name, data):
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def vectors(reference, name, count):
    with open(os.path.join(reference, "vectors", name + ".jsonl"), encoding="utf-8") as f:
        lines = [json.loads(line) for line in f]
    return random.Random(name).sample(lines, min(count, len(lines)))


def gguf_file(entries):
    """GGUF version 3 bytes (little-endian, no tensors) holding `entries`: (key, value) with
    values str, bool, int (uint32), or lists of str, int (int32) or float (float32)."""
    def string(text):
        data = text.encode()
        return struct.pack("<Q", len(data)) + data

    def value(v):
        if isinstance(v, bool):
            return struct.pack("<I", 7) + bytes([v])
        if isinstance(v, int):
            return struct.pack("<II", 4, v)
        if isinstance(v, str):
            return struct.pack("<I", 8) + string(v)
        kind, pack = {str: (8, string), int: (5, lambda x: struct.pack("<i", x)), float: (6, lambda x: struct.pack("<f", x))}[type(v[0])]
        return struct.pack("<IIQ", 9, kind, len(v)) + b"".join(pack(x) for x in v)

    body = b"".join(string(k) + value(v) for k, v in entries)
    return b"GGUF" + struct.pack("<IQQ", 3, 0, len(entries)) + body


def main(reference, out):
    ref = lambda *parts: os.path.join(reference, *parts)
    read = lambda path: open(ref(path), "rb").read()

    for path in ["gpt2/tokenizer.json", "gpt2/roberta-style.tokenizer.json", "bert-base-uncased/tokenizer.json",
                 "spm-trained/t5-style-unigram.tokenizer.json", "spm-trained/llama-style-bpe.tokenizer.json",
                 "tiktoken/cl100k_base.tokenizer.json"]:
        document = shrink_tokenizer_json(json.loads(read(path)))
        write(out, "tokenizer-json", path.replace("/", "-"), json.dumps(document, ensure_ascii=False))
    for name in ["tiny-bytelevel.json"]:
        write(out, "tokenizer-json", name, open(os.path.join(os.path.dirname(__file__), "..", "Tests", "fixtures", name), "rb").read())

    for path in ["spm-trained/t5-style-unigram.model", "spm-trained/llama-style-bpe.model",
                 "sentencepiece/test_model.model", "sentencepiece/test_ja_model.model"]:
        write(out, "sentencepiece-model", path.replace("/", "-"), shrink_model(read(path)))

    gpt2 = json.loads(read("gpt2/tokenizer.json"))
    by_id = sorted(gpt2["model"]["vocab"].items(), key=lambda item: item[1])[:KEEP]
    tokens = [token for token, _ in by_id]
    merges = [m if isinstance(m, str) else " ".join(m) for m in gpt2["model"]["merges"]]
    kept = set(tokens)
    merges = [m for m in merges if "".join(m.split(" ")) in kept][:KEEP]
    for pre in ("gpt-2", "llama-bpe", "qwen2", "deepseek-v3"):
        write(out, "gguf", f"gpt2-{pre}", gguf_file([
            ("tokenizer.ggml.model", "gpt2"), ("tokenizer.ggml.pre", pre), ("tokenizer.ggml.tokens", tokens + ["<|end|>"]),
            ("tokenizer.ggml.token_type", [1] * len(tokens) + [3]), ("tokenizer.ggml.merges", merges),
            ("tokenizer.ggml.bos_token_id", len(tokens)), ("tokenizer.ggml.add_bos_token", pre != "gpt-2")]))
    pieces = ["<unk>", "<s>", "</s>", "\u2581"] + [f"<0x{b:02X}>" for b in range(256)] + ["a", "b", "\u2581a", "ab", "\u2581ab"]
    types = [2, 3, 3, 1] + [6] * 256 + [1] * 5
    for kind in ("llama", "t5"):
        write(out, "gguf", kind, gguf_file([
            ("tokenizer.ggml.model", kind), ("tokenizer.ggml.tokens", pieces), ("tokenizer.ggml.token_type", types),
            ("tokenizer.ggml.scores", [0.0, 0.0, 0.0, -1.0] + [-10.0] * 256 + [-2.0, -3.0, -1.5, -2.5, -0.5]),
            ("tokenizer.ggml.bos_token_id", 1), ("tokenizer.ggml.eos_token_id", 2), ("tokenizer.ggml.add_space_prefix", True)]))

    for path in ["tiktoken/cl100k_base.tiktoken", "tiktoken/o200k_base.tiktoken"]:
        write(out, "tiktoken", path.replace("/", "-"), b"".join(read(path).splitlines(True)[:KEEP]))
    for path in ["bert-base-uncased/vocab.txt", "bert-base-chinese/vocab.txt"]:
        write(out, "vocab-txt", path.replace("/", "-"), b"".join(read(path).splitlines(True)[:KEEP * 3]))
    # A file of each kind told by content, for the loader that sniffs.
    write(out, "file", "tiktoken", b"".join(read("tiktoken/cl100k_base.tiktoken").splitlines(True)[:KEEP]))
    write(out, "file", "vocab-txt", b"".join(read("bert-base-uncased/vocab.txt").splitlines(True)[:KEEP * 3]))
    write(out, "file", "tokenizer-json", open(os.path.join(os.path.dirname(__file__), "..", "Tests", "fixtures", "tiny-bytelevel.json"), "rb").read())
    write(out, "file", "sentencepiece-model", shrink_model(read("spm-trained/t5-style-unigram.model")))

    vocab = json.loads(read("gpt2/vocab.json"))
    merges = read("gpt2/merges.txt").decode().splitlines()
    kept = {t: i for t, i in vocab.items() if i < 256}
    kept_merges = [merges[0]]
    for line in merges[1:]:
        a, b = line.split(" ")
        if a in kept and b in kept and a + b in vocab:
            kept.setdefault(a + b, len(kept))
            kept_merges.append(line)
        if len(kept) >= KEEP:
            break
    write(out, "vocab-merges", "gpt2", json.dumps(kept).encode() + b"\0" + "\n".join(kept_merges).encode() + b"\n")

    text = read("corpora/big.txt")[:30000].decode("utf-8", "ignore")
    counts = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    escape = lambda w: w.replace("\\", "\\\\").replace("\t", "\\t")
    write(out, "word-counts", "big", "".join(f"{c}\t{escape(w)}\n" for w, c in sorted(counts.items())))
    write(out, "word-counts", "escapes", "3\ta\\tb\n2\tc\\\\d\\ne\n1\t\\r\n")

    configs = [
        {"model": "byte-bpe", "vocab_size": 300, "min_frequency": 1, "special_tokens": ["<s>", "</s>"]},
        {"model": "bpe", "vocab_size": 120, "limit_alphabet": 20, "max_token_length": 4},
        {"model": "wordpiece", "vocab_size": 200, "normalizer": ["nfkc", "lowercase"], "pre_tokenizer": "bert"},
        {"model": "unigram", "vocab_size": 100, "character_coverage": 0.9995, "byte_fallback": True, "threads": 2},
    ]
    for i, config in enumerate(configs):
        write(out, "trainer-config", f"config{i}", json.dumps(config))

    for selector, path in enumerate(ENCODE_FILES):
        for i, vector in enumerate(vectors(reference, VECTORS[path], 12)):
            write(out, "encode", f"{selector}-{i}", bytes([selector]) + vector["text"].encode())
            ids = b"".join(int(x).to_bytes(4, "little") for x in vector["ids"])
            write(out, "decode", f"{selector}-{i}", bytes([selector | (0x80 if i % 2 else 0)]) + ids)

    for selector, path in enumerate(ENCODE_FILES):
        for i, vector in enumerate(vectors(reference, VECTORS[path], 4)):
            write(out, "scanners", f"{selector}-{i}", vector["text"].encode())

    for selector in range(3):  # gpt2/tokenizer.json, cl100k and o200k rank files
        for i, name in enumerate(["big.txt", "wagahaiwa_nekodearu.txt"]):
            letters = "".join(c for c in read("corpora/" + name)[5000:9000].decode("utf-8", "ignore") if c.isalpha())
            write(out, "linear-merge", f"{selector}-{i}", bytes([selector]) + letters.encode())

    for name in ["big.txt", "botchan.txt", "wagahaiwa_nekodearu.txt"]:
        chunk = read("corpora/" + name)[5000:9000].decode("utf-8", "ignore").encode()
        write(out, "scanners", name, chunk)
        for model in range(4):
            write(out, "train", f"{name}-{model}", bytes([model]) + chunk)
            write(out, "train", f"{name}-{model}-fallback", bytes([model | 0x80]) + chunk)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
