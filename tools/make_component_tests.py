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
    ("PostProcessors", "BertProcessing", {"type": "BertProcessing", "sep": ["[SEP]", 2], "cls": ["[CLS]", 1]}, "post_processor"),
    ("PostProcessors", "RobertaProcessing", {"type": "RobertaProcessing", "sep": ["</s>", 4], "cls": ["<s>", 3],
                                             "trim_offsets": True, "add_prefix_space": True}, "post_processor"),
    ("PostProcessors", "TemplateProcessing", {"type": "TemplateProcessing",
                                              "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                                         {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
                                              "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                                                       {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "</s>", "type_id": 1}}],
                                              "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [1], "tokens": ["[CLS]"]},
                                                                 "[SEP]": {"id": "[SEP]", "ids": [2], "tokens": ["[SEP]"]},
                                                                 "</s>": {"id": "</s>", "ids": [4], "tokens": ["</s>"]}}},
     "post_processor"),
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


WORDS = ["[UNK]", "[CLS]", "[SEP]", "<s>", "</s>", "the", "cat", "sat", "on", "mat", "a", "dog", "ran"]
PAIRS = [("the cat sat", None), ("a dog ran on the mat", None), ("the cat", "a dog"), ("mat", "the dog ran"), ("", None)]


def tokenizer_json(kind, config):
    """A tokenizer.json around `config`: a word-level model of WORDS behind white space splitting."""
    tok = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": [], "normalizer": None,
           "pre_tokenizer": {"type": "WhitespaceSplit"} if kind == "post_processor" else None, "post_processor": None,
           "decoder": None, "model": {"type": "WordLevel", "vocab": {w: i for i, w in enumerate(WORDS)}, "unk_token": "[UNK]"}}
    tok[kind] = config
    return json.dumps(tok, ensure_ascii=False)


def component(kind, config):
    """The `tokenizers` component of `config`, through a tokenizer.json as `tokenizers` reads it."""
    return getattr(tokenizers.Tokenizer.from_str(tokenizer_json(kind, config)), kind)


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
    if kind == "post_processor":
        t = tokenizers.Tokenizer.from_str(tokenizer_json(kind, config))
        rows = []
        for text, pair in PAIRS:
            e = t.encode(text, pair) if pair is not None else t.encode(text)
            offsets = ", ".join(f"({a}, {b})" for a, b in e.offsets)
            rows.append(f"({swift_string(text)}, {swift_string(pair) if pair is not None else 'nil'}, {e.ids}, {e.type_ids}, "
                        f"{e.special_tokens_mask}, [{offsets}])")
        return rows
    return [f"([{', '.join(swift_string(x) for x in tokens)}], {swift_string(c.decode(tokens))})" for tokens in TOKENS]


TEMPLATE = {
    "normalizer": ("normalizesAsTokenizers", "text: String, expected: String",
                   "#expect(try normalizedText(Self.json, text) == expected)", "(String, String)"),
    "pre_tokenizer": ("splitsAsTokenizers", "text: String, expected: [(String, Int, Int)]",
                      "#expect(try preTokenized(Self.json, text).map { \"\\($0.0) \\($0.1) \\($0.2)\" }"
                      " == expected.map { \"\\($0.0) \\($0.1) \\($0.2)\" })", "(String, [(String, Int, Int)])"),
    "post_processor": ("encodesAsTokenizers",
                       "text: String, pair: String?, ids: [UInt32], typeIDs: [UInt32], specialTokensMask: [UInt32], offsets: [(Int, Int)]",
                       "let e = try encodedThrough(Self.tokenizer, text, pair)\n"
                       "        #expect(e.ids == ids)\n"
                       "        #expect(e.typeIDs == typeIDs)\n"
                       "        #expect(e.specialTokensMask == specialTokensMask)\n"
                       "        #expect(e.offsets.map { \"\\($0.start) \\($0.end)\" } == offsets.map { \"\\($0.0) \\($0.1)\" })",
                       "(String, String?, [UInt32], [UInt32], [UInt32], [(Int, Int)])"),
    "decoder": ("decodesAsTokenizers", "tokens: [String], expected: String",
                "#expect(try decoded(Self.json, tokens) == expected)", "([String], String)"),
}


def main():
    written = []
    for folder, name, config, kind in CASES:
        test, parameters, check, element = TEMPLATE[kind]
        rows = ",\n        ".join(cases(kind, config))
        tokenizer_line = ("\n    /// A word-level tokenizer around it (WhitespaceSplit, a vocabulary of thirteen tokens).\n"
                          f"    static let tokenizer = {swift_string(tokenizer_json(kind, config))}") if kind == "post_processor" else ""
        source = f"""// Written by tools/make_component_tests.py from tokenizers {tokenizers.__version__}: edit the script, not this file.
@testable import Subtok
import Testing

/// `{name}` (`tokenizer.json` {json.dumps(config["type"])}) against what `tokenizers` gives on the same inputs.
@Suite struct {name}Tests {{
    static let json = {swift_string(json.dumps(config, ensure_ascii=False))}{tokenizer_line}

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
