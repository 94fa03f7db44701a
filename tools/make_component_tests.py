#!/usr/bin/env python3
"""Writes one Swift test file per tokenizer component (normalizers, pre-tokenizers, decoders) with
literal inputs and the outputs `tokenizers` gives for them, so that `swift test` in a clone checks
each component without `../shared/reference`. The ByteLevel pre-tokenizer's pieces are compared as
the bytes they stand for (`tokenizers` shows them in GPT-2's alphabet, Subtok keeps the bytes).

Usage: python3 tools/make_component_tests.py   (needs `tokenizers`, the version in
Tests/python/requirements.txt; rerun it when a case is added, and commit what it writes).
"""
import json
import os

import tokenizers
from tokenizers import decoders, normalizers, pre_tokenizers

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TEXTS = ["Hello,  World! ", "  déjà vu\tnaïve\n", "İstanbul ΣΑΣ straße", "a1b22c333 4,5.6", "日本語のテキスト、です。",
         "e\u0301\u0302 (x) -- don't!!", "", "\u00a0tab\u3000space\r\n"]
TOKENS = [["▁Hello", "▁wor", "ld", "!"], ["Ġhello", "Ġworld", "Ċ"], ["un", "##aff", "##able", "."], ["<0xE6>", "<0x97>", "<0xA5>", "a", "<0x41>"],
          ["hello</w>", "wor", "ld</w>"], ["▁", "▁a", "b", "▁▁c"], []]

# (folder, Swift type name, component JSON, kind)
CASES = [
    ("Normalizers", "Lowercase", {"type": "Lowercase"}, "normalizer"),
    ("Normalizers", "Strip", {"type": "Strip", "strip_left": True, "strip_right": False}, "normalizer"),
    ("Normalizers", "StripAccents", {"type": "StripAccents"}, "normalizer"),
    ("Normalizers", "Replace", {"type": "Replace", "pattern": {"String": "  "}, "content": "_"}, "normalizer"),
    ("Normalizers", "Prepend", {"type": "Prepend", "prepend": "▁"}, "normalizer"),
    ("Normalizers", "NormalizerSequence", {"type": "Sequence", "normalizers": [
        {"type": "NFD"}, {"type": "StripAccents"}, {"type": "Lowercase"}, {"type": "Strip", "strip_left": True, "strip_right": True}]},
     "normalizer"),
    ("PreTokenizers", "Whitespace", {"type": "Whitespace"}, "pre_tokenizer"),
    ("PreTokenizers", "WhitespaceSplit", {"type": "WhitespaceSplit"}, "pre_tokenizer"),
    ("PreTokenizers", "Punctuation", {"type": "Punctuation", "behavior": "Isolated"}, "pre_tokenizer"),
    ("PreTokenizers", "Digits", {"type": "Digits", "individual_digits": True}, "pre_tokenizer"),
    ("PreTokenizers", "ByteLevel", {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
     "pre_tokenizer"),
    ("PreTokenizers", "PreTokenizerSequence", {"type": "Sequence", "pretokenizers": [
        {"type": "WhitespaceSplit"}, {"type": "Digits", "individual_digits": False}, {"type": "Punctuation", "behavior": "MergedWithPrevious"}]},
     "pre_tokenizer"),
    ("Decoders", "ByteFallbackDecoder", {"type": "ByteFallback"}, "decoder"),
    ("Decoders", "FuseDecoder", {"type": "Fuse"}, "decoder"),
    ("Decoders", "StripDecoder", {"type": "Strip", "content": "▁", "start": 1, "stop": 0}, "decoder"),
    ("Decoders", "ReplaceDecoder", {"type": "Replace", "pattern": {"String": "▁"}, "content": " "}, "decoder"),
    ("Decoders", "WordPieceDecoder", {"type": "WordPiece", "prefix": "##", "cleanup": True}, "decoder"),
    ("Decoders", "BPEDecoder", {"type": "BPEDecoder", "suffix": "</w>"}, "decoder"),
    ("Decoders", "MetaspaceDecoder", {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True}, "decoder"),
    ("Decoders", "ByteLevelDecoder", {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}, "decoder"),
    ("Decoders", "DecoderSequence", {"type": "Sequence", "decoders": [
        {"type": "Replace", "pattern": {"String": "▁"}, "content": " "}, {"type": "ByteFallback"}, {"type": "Fuse"},
        {"type": "Strip", "content": " ", "start": 1, "stop": 0}]}, "decoder"),
]


def swift_string(s):
    """A Swift string literal of `s`: ASCII as is, everything else as \\u{...} escapes."""
    out = []
    for c in s:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif " " <= c <= "~":
            out.append(c)
        else:
            out.append("\\u{%x}" % ord(c))
    return '"' + "".join(out) + '"'


def component(kind, config):
    """The `tokenizers` component of `config`, through a tokenizer.json as `tokenizers` reads it."""
    tok = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": [], "normalizer": None,
           "pre_tokenizer": None, "post_processor": None, "decoder": None,
           "model": {"type": "WordLevel", "vocab": {"[UNK]": 0}, "unk_token": "[UNK]"}}
    tok[kind] = config
    t = tokenizers.Tokenizer.from_str(json.dumps(tok))
    return getattr(t, kind)


def gpt2_bytes():
    """GPT-2's alphabet: the character that stands for each byte."""
    visible = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars, extra = {}, 0
    for b in range(256):
        if b in visible:
            chars[chr(b)] = b
        else:
            chars[chr(256 + extra)] = b
            extra += 1
    return chars


def raw_piece(piece, byte_level):
    """The text a piece stands for: for a byte-level pre-tokenizer, the bytes behind its characters."""
    if not byte_level:
        return piece
    table = gpt2_bytes()
    return bytes(table[c] for c in piece).decode("utf-8", errors="surrogateescape")


def byte_offset(text, chars):
    return len(text[:chars].encode())


def cases(kind, config):
    c = component(kind, config)
    if kind == "normalizer":
        return [f"({swift_string(t)}, {swift_string(c.normalize_str(t))})" for t in TEXTS]
    if kind == "pre_tokenizer":
        rows = []
        for t in TEXTS:
            byte_level = config["type"] == "ByteLevel"
            pieces = [f"({swift_string(raw_piece(p, byte_level))}, {byte_offset(t, s)}, {byte_offset(t, e)})"
                      for p, (s, e) in c.pre_tokenize_str(t)]
            rows.append(f"({swift_string(t)}, [{', '.join(pieces)}])")
        return rows
    return [f"([{', '.join(swift_string(x) for x in tokens)}], {swift_string(c.decode(tokens))})" for tokens in TOKENS]


TEMPLATE = {
    "normalizer": ("normalizesAsTokenizers", "text: String, expected: String",
                   "#expect(try normalizedText(Self.json, text) == expected)", "(String, String)"),
    "pre_tokenizer": ("splitsAsTokenizers", "text: String, expected: [(String, Int, Int)]",
                      "#expect(try preTokenized(Self.json, text).map { \"\\($0.0) \\($0.1) \\($0.2)\" }"
                      " == expected.map { \"\\($0.0) \\($0.1) \\($0.2)\" })", "(String, [(String, Int, Int)])"),
    "decoder": ("decodesAsTokenizers", "tokens: [String], expected: String",
                "#expect(try decoded(Self.json, tokens) == expected)", "([String], String)"),
}


def main():
    written = []
    for folder, name, config, kind in CASES:
        test, parameters, check, element = TEMPLATE[kind]
        rows = ",\n        ".join(cases(kind, config))
        source = f"""// Written by tools/make_component_tests.py from tokenizers {tokenizers.__version__}: edit the script, not this file.
@testable import Subtok
import Testing

/// `{name}` (`tokenizer.json` {json.dumps(config["type"])}) against what `tokenizers` gives on the same inputs.
@Suite struct {name}Tests {{
    static let json = {swift_string(json.dumps(config, ensure_ascii=False))}

    static let cases: [{element}] = [
        {rows},
    ]

    @Test(arguments: cases)
    func {test}({parameters}) throws {{
        {check}
    }}
}}
"""
        path = os.path.join(ROOT, "Tests", "SubtokTests", folder, f"{name}Tests.swift")
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        written.append(path)
    print("\n".join(os.path.relpath(p, ROOT) for p in written))


if __name__ == "__main__":
    main()
