"""BERT WordPiece on texts of our own against `tokenizers`: normalization, pairs, truncation,
padding, batch padding, decoding."""
import os
import random

import pytest

import subtok
from conftest import oracle, reference
from test_oracle import OWN_TEXTS, corpus_lines, random_texts

BERT_TEXTS = OWN_TEXTS + [
    "Ünïcödé ÅNGSTRÖM İstanbul ΣΊΣΥΦΟΣ ǅemal", "ＦＵＬＬＷＩＤＴＨ ｶﾞ ①②", "\u0000\u0007\ufffd\u200b\ufeff\u00ad",
    "中文混合English和123数字", "a" * 150, "unaffable unbelievably antidisestablishmentarianism",
    "don't won't y'all's", "e\u0301\u0302 o\u0308 \u1100\u1161", "x" * 101, "ｘ" * 99 + "y",
    "#hashtag ##double ###", "tab\tsep\r\nline", "a\u0323\u0301\u0307 q\u0307\u0323 \u1e0b\u0323 \u212b \u0958",
    "\u1100\u1161\u11a8 \uac00\u11a8 ﬁ ẛ̣ Å \u0344 \u0f73 \u2126 \u00c5\u0301\u0300", "\u3000ideographic\u3000space", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝒜",
]

def bert_pair(path, cased=False):
    tokenizers = oracle()
    if path.endswith(".txt"):
        ref = tokenizers.BertWordPieceTokenizer(reference(path), lowercase=not cased, strip_accents=False if cased else None)._tokenizer
    else:
        ref = tokenizers.Tokenizer.from_file(reference(path))
    return ref, subtok.Tokenizer.from_file(reference(path), cased=cased)


def same(got, want, text):
    assert got.ids == want.ids, repr(text)
    assert got.tokens == want.tokens, repr(text)
    assert [tuple(o) for o in got.offsets] == [tuple(o) for o in want.offsets], repr(text)
    assert got.type_ids == want.type_ids, repr(text)
    assert got.attention_mask == want.attention_mask, repr(text)
    assert got.special_tokens_mask == want.special_tokens_mask, repr(text)


@pytest.mark.parametrize("path,cased", [("bert-base-uncased/vocab.txt", False), ("bert-base-chinese/vocab.txt", True),
                                        ("bert-base-uncased/vocab.txt", True), ("bert-base-uncased/tokenizer.json", False)])
def test_single_texts(path, cased):
    ref, ours = bert_pair(path, cased)
    for text in BERT_TEXTS + random_texts(300, 17) + corpus_lines(150):
        for special in (True, False):
            same(ours.encode(text, add_special_tokens=special), ref.encode(text, add_special_tokens=special), text)
        ids = ref.encode(text).ids
        for skip in (True, False):
            assert ours.decode(ids, skip_special_tokens=skip) == ref.decode(ids, skip_special_tokens=skip), repr(text)


def test_pairs_truncation_and_padding():
    ref, ours = bert_pair("bert-base-uncased/vocab.txt")
    rnd = random.Random(3)
    texts = BERT_TEXTS + corpus_lines(40)
    settings = [
        dict(max_length=12, stride=0, strategy="longest_first", direction="right"),
        dict(max_length=16, stride=4, strategy="longest_first", direction="left"),
        dict(max_length=20, stride=2, strategy="only_first", direction="right"),
        dict(max_length=9, stride=0, strategy="only_second", direction="right"),
    ]
    paddings = [None, dict(direction="right", length=24), dict(direction="left", length=None, pad_to_multiple_of=8)]
    for trunc in settings:
        for pad in paddings:
            for t in (ref, ours):
                t.enable_truncation(**trunc)
                if pad is None:
                    t.no_padding()
                else:
                    t.enable_padding(**pad)
            for _ in range(60):
                a, b = rnd.choice(texts), rnd.choice(texts)
                try:
                    want = ref.encode(a, b)
                    single_want = ref.encode(a)
                except BaseException:  # tokenizers refuses or panics (sequence too short, stride too long)
                    continue
                got = ours.encode(a, b)
                same(got, want, (a, b, trunc, pad))
                assert [o.ids for o in got.overflowing] == [o.ids for o in want.overflowing], (a, b, trunc)
                single_got = ours.encode(a)
                if trunc["strategy"] != "only_second":
                    same(single_got, single_want, (a, trunc, pad))
                    assert [o.ids for o in single_got.overflowing] == [o.ids for o in single_want.overflowing], (a, trunc)


def test_batch_padding_to_longest():
    ref, ours = bert_pair("bert-base-uncased/vocab.txt")
    for t in (ref, ours):
        t.enable_padding(pad_to_multiple_of=4)
    texts = corpus_lines(30) + ["", "short"]
    want = ref.encode_batch(texts)
    got = ours.encode_batch(texts, threads=2)
    for g, w, text in zip(got, want, texts):
        same(g, w, text)


NORMALIZERS = [
    {"type": "NFD"}, {"type": "NFKD"}, {"type": "NFC"}, {"type": "NFKC"},
    {"type": "Sequence", "normalizers": [{"type": "NFD"}, {"type": "StripAccents"}, {"type": "NFC"}]},
    {"type": "Lowercase"},
    {"type": "Sequence", "normalizers": [{"type": "StripAccents"}, {"type": "Lowercase"}]},
    {"type": "Strip", "strip_left": True, "strip_right": True},
    {"type": "Strip", "strip_left": False, "strip_right": True},
    {"type": "Sequence", "normalizers": [{"type": "Replace", "pattern": {"String": "é"}, "content": "E"},
                                         {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
    {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"}, {"type": "Lowercase"}]},
    {"type": "Replace", "pattern": {"Regex": r"\s+"}, "content": " "},
    {"type": "Replace", "pattern": {"Regex": r"[0-9]{2}"}, "content": "##"},
    {"type": "BertNormalizer", "clean_text": False, "handle_chinese_chars": True, "strip_accents": True, "lowercase": False},
]
PRE_TOKENIZERS = [
    {"type": "Whitespace"},
    {"type": "WhitespaceSplit"},
    {"type": "Sequence", "pretokenizers": [{"type": "WhitespaceSplit"}, {"type": "Punctuation", "behavior": "Isolated"}]},
    {"type": "Sequence", "pretokenizers": [{"type": "Whitespace"}, {"type": "Digits", "individual_digits": True}]},
    {"type": "Sequence", "pretokenizers": [{"type": "WhitespaceSplit"}, {"type": "Digits", "individual_digits": False}]},
    {"type": "Punctuation", "behavior": "MergedWithPrevious"},
    {"type": "Punctuation", "behavior": "MergedWithNext"},
    {"type": "Punctuation", "behavior": "Removed"},
    {"type": "Punctuation", "behavior": "Contiguous"},
]


@pytest.mark.parametrize("normalizer", NORMALIZERS)
@pytest.mark.parametrize("pre_tokenizer", PRE_TOKENIZERS[:3])
def test_general_normalizers(normalizer, pre_tokenizer):
    check_components(normalizer, pre_tokenizer)


@pytest.mark.parametrize("pre_tokenizer", PRE_TOKENIZERS)
def test_general_pre_tokenizers(pre_tokenizer):
    check_components({"type": "Lowercase"}, pre_tokenizer)


def check_components(normalizer, pre_tokenizer):
    import json
    tokenizers = oracle()
    with open(reference("bert-base-uncased/tokenizer.json"), encoding="utf-8") as f:
        doc = json.load(f)
    doc["truncation"] = None
    doc["padding"] = None
    doc["normalizer"] = normalizer
    doc["pre_tokenizer"] = pre_tokenizer
    text_json = json.dumps(doc, ensure_ascii=False)
    ref = tokenizers.Tokenizer.from_str(text_json)
    ours = subtok.Tokenizer.from_str(text_json)
    texts = BERT_TEXTS + random_texts(150, 23) + ["  café  1234 x-y,z!!  ", "a1b22c333", "...!!!???", " é é "]
    for text in texts:
        same(ours.encode(text), ref.encode(text), (text, normalizer, pre_tokenizer))


ASCII_TEXTS = ["Hello, World! It's 3:45pm.", "a\x0bb\x0cc\x00d\x07e\x7ff\x1fg", "tab\tsep\r\nline  end ",
               "unaffable " * 20, "x" * 101, "y" * 17, "antidisestablishmentarianism!!!", "(nested [brackets] {x})",
               "MiXeD CaSe WoRdS", "qzxv jjjjj zzzzzq", "", "   ", "e-mail: a.b@c.d", "#tag ##x ###"]


def _variant(path, edit):
    import json
    with open(reference(path), encoding="utf-8") as f:
        doc = json.load(f)
    edit(doc)
    text = json.dumps(doc)
    return oracle().Tokenizer.from_str(text), subtok.Tokenizer.from_str(text)


def _no_padding(doc):
    doc["padding"] = None
    doc["truncation"] = None


@pytest.mark.parametrize("variant", ["as is", "cased", "no clean_text", "no normalizer"])
def test_ids_path_is_tokenizers(variant):
    def edit(doc):
        _no_padding(doc)
        if variant == "cased":
            doc["normalizer"]["lowercase"] = False
        elif variant == "no clean_text":
            doc["normalizer"]["clean_text"] = False
        elif variant == "no normalizer":
            doc["normalizer"] = None
    ref, ours = _variant("bert-base-uncased/tokenizer.json", edit)
    texts = ASCII_TEXTS + BERT_TEXTS + corpus_lines(400) + random_texts(200, 5)
    texts += ["".join(random.Random(k).choice("aB1 .,!\t\n\x0b\x0c\x01-'") for _ in range(40)) for k in range(300)]
    for special in (True, False):
        want = [ref.encode(t, add_special_tokens=special).ids for t in texts]
        assert [ours.encode_ids(t, add_special_tokens=special) for t in texts] == want
        assert ours.encode_batch_ids(texts, add_special_tokens=special, threads=2) == want


def test_normalized_added_tokens_match_after_lowercasing_on_the_ids_path():
    def edit(doc):
        _no_padding(doc)
        doc["added_tokens"].append({"id": 30522, "content": "zqxw", "single_word": False, "lstrip": False,
                                    "rstrip": False, "normalized": True, "special": False})
    ref, ours = _variant("bert-base-uncased/tokenizer.json", edit)
    for text in ["ZQXW there", "say Zqxw", "zqxwzqxw", "no match"]:
        assert ours.encode_ids(text) == ref.encode(text).ids == ours.encode(text).ids, text
    assert 30522 in ref.encode("ZQXW").ids


def test_every_character_the_libraries_tables_disagree_on_is_read_as_tokenizers_reads_it():
    """Characters where tokenizers' tables (older punctuation and marks, newer lowercase) differ
    from ICU 72's, as tools/make_bert_character_table.py found them, each alone and beside letters
    and marks, plus random code points from every plane: ids and offsets equal tokenizers' with
    the uncased normalizer and with no lowercasing or accent stripping."""
    import json
    import random
    import re
    table = open(os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "Subtok", "Unicode",
                              "BertCharacterTable+Data.swift")).read()
    listed = [int(c, 16) for c in re.findall(r"^\s+\((0x[0-9A-F]+),", table, re.M)]
    assert len(listed) > 500
    rng = random.Random(11)
    sample = [c for c in (rng.randrange(0x80, 0x110000) for _ in range(20000)) if not 0xD800 <= c < 0xE000]
    texts = ["a%sb c%s" % (chr(c), chr(c)) for c in listed + sample]
    texts += ["e" + chr(c) + " \u00c9" + chr(c) + "x" for c in listed]
    texts += ["".join(chr(rng.choice(listed + [0x41, 0x20, 0x301, 0xC9, 0x4E00])) for _ in range(12)) for _ in range(2000)]
    with open(reference("bert-base-uncased/tokenizer.json"), encoding="utf-8") as f:
        document = json.load(f)
    document["padding"] = document["truncation"] = None
    for change in ({}, {"lowercase": False, "strip_accents": False}):
        variant = json.loads(json.dumps(document))
        variant["normalizer"].update(change)
        ours = subtok.Tokenizer.from_str(json.dumps(variant))
        theirs = oracle().Tokenizer.from_str(json.dumps(variant))
        got, want = ours.encode_batch(texts), theirs.encode_batch(texts)
        differing = [t for t, g, w in zip(texts, got, want) if g.ids != w.ids or g.offsets != w.offsets]
        assert differing == [], (change, differing[:5])
