"""Texts of our own, compared against the `tokenizers` library itself."""
import os
import random

import pytest

import subtok
from conftest import FIXTURES, oracle, reference

OWN_TEXTS = [
    "", "a", " a", "a ", "  a  b  ", "\n\n\nx\n\n", "\r\n\r\n", "\t\tindent", " \u00a0 nbsp\u3000ideographic",
    "I'm you'RE they'll it'S 'tis ''quoted''", "x's y'all 'd 'll've",
    "3.14159 2,718 1e10 0x1F 12345678901234567890", "٣٤٥ ௧௨ ⅻ ½ ² ①",
    "café naïve e\u0301\u0302 a\u0308\u0323 Z\u0335\u0321a\u0337lgo", "ﬀ ﬁ ﬃ ǅ ǈ",
    "🧑🏽‍💻 👩‍❤️‍💋‍👨 🏴󠁧󠁢󠁳󠁣󠁴󠁿 1️⃣ ❤️", "\u200d\u200c\u2060\ufeff joiners",
    "日本語のテキスト、句読点。「括弧」", "中文，标点。", "ภาษาไทย ไม่มีช่องว่าง", "ꦗꦮ",
    "<|endoftext|>", "a<|endoftext|>b", " <|endoftext|> ", "<|endoftext|><|endoftext|>", "<|endof",
    "<s>hi</s> <pad><mask>", "x" * 5000, "ab" * 3000, " " * 300 + "end", "é" * 700,
    "\x00\x01\x02\x1b[31mansi\x1b[0m\x7f", "\ud7ff\ue000\uffff\U0010ffff", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛",
    "mixed1234abc!!!???...,,,;;", "__init__ self.x = y[0] ** 2 // 3", "a\u0300\u0301\u0302\u0303" * 50,
]


def random_texts(n, seed):
    rnd = random.Random(seed)
    alphabet = [" ", "  ", "\n", "\t", "a", "Z", "é", "'", "s", "ll", "1", "9", ".", ",", "!", "東", "😀",
                "\u0301", "\u00a0", "ß", "Ⅻ", "-", "_", "<", "|", ">", "\r"]
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(n)]


def corpus_lines(n):
    lines = []
    for name in ("big.txt", "botchan.txt", "wagahaiwa_nekodearu.txt"):
        with open(reference(f"corpora/{name}"), encoding="utf-8") as f:
            lines += [l.rstrip("\n") for l in f][1000:1000 + n]
    return lines


@pytest.mark.parametrize("path", ["gpt2/tokenizer.json", "gpt2/roberta-style.tokenizer.json"])
def test_against_tokenizers(path):
    tokenizers = oracle()
    ref = tokenizers.Tokenizer.from_file(reference(path))
    ours = subtok.Tokenizer.from_file(reference(path))
    texts = OWN_TEXTS + random_texts(400, 11) + corpus_lines(200)
    for text in texts:
        for special in (True, False):
            want = ref.encode(text, add_special_tokens=special)
            got = ours.encode(text, add_special_tokens=special)
            assert got.ids == want.ids, repr(text)
            assert got.offsets == want.offsets, repr(text)
            assert got.special_tokens_mask == want.special_tokens_mask, repr(text)
            assert got.type_ids == want.type_ids, repr(text)
        for skip in (True, False):
            assert ours.decode(want.ids, skip_special_tokens=skip) == ref.decode(want.ids, skip_special_tokens=skip), repr(text)


METASPACE_TEXTS = [
    "\u2581", "a \u2581b", "\u2581a", " \u2581", " ", "  ", "Ξ", "ÿx qé 日本", "9 ", "x   y", " lead", "trail ",
    "\u2581\u2581 \u2581", "é", "日本 語 ", "a\u00a0b c", "x\u0301 y", "😀 😀", "\t a \t", "a  b\n c",
]


@pytest.mark.parametrize("path", ["spm-trained/t5-style-unigram.tokenizer.json",
                                  "spm-trained/llama-style-bpe.tokenizer.json"])
def test_metaspace_files_full_encodings_against_tokenizers(path):
    """Every field of full encodings, one text at a time and in a batch: texts the normalizer
    leaves alone take the pre-tokenizer's own offset mapping, the others the general path."""
    tokenizers = oracle()
    ref = tokenizers.Tokenizer.from_file(reference(path))
    ours = subtok.Tokenizer.from_file(reference(path))
    texts = METASPACE_TEXTS + OWN_TEXTS + random_texts(600, 12) + corpus_lines(400)
    for text in texts:
        want = ref.encode(text)
        got = ours.encode(text)
        assert (got.ids, got.tokens, got.offsets) == (want.ids, want.tokens, want.offsets), repr(text)
        assert got.special_tokens_mask == want.special_tokens_mask, repr(text)
    for got, want in zip(ours.encode_batch(texts, threads=2), ref.encode_batch(texts)):
        assert (got.ids, got.offsets) == (want.ids, want.offsets)


def test_saved_file_loads_in_tokenizers(tmp_path):
    tokenizers = oracle()
    texts = OWN_TEXTS + random_texts(200, 5)
    for path in ("gpt2/roberta-style.tokenizer.json", "gpt2/vocab.json"):
        ours = subtok.Tokenizer.from_file(reference(path))
        out = str(tmp_path / "saved.json")
        ours.save(out)
        ref = tokenizers.Tokenizer.from_file(out)
        for text in texts:
            want = ref.encode(text)
            got = ours.encode(text)
            assert (got.ids, got.offsets) == (want.ids, want.offsets), repr(text)


def test_fixture_options_against_tokenizers(tmp_path):
    """Added-token flags and ByteLevel options that the reference files do not exercise."""
    tokenizers = oracle()
    import json
    base = json.load(open(os.path.join(FIXTURES, "tiny-bytelevel.json"), encoding="utf-8"))
    variants = []
    for prefix in (False, True):
        for trim in (False, True):
            for flags in ({}, {"lstrip": True}, {"rstrip": True}, {"single_word": True}, {"normalized": True},
                          {"lstrip": True, "rstrip": True, "special": False}):
                doc = json.loads(json.dumps(base))
                doc["pre_tokenizer"]["add_prefix_space"] = prefix
                doc["post_processor"]["add_prefix_space"] = prefix
                doc["post_processor"]["trim_offsets"] = trim
                doc["added_tokens"][0].update(flags)
                doc["added_tokens"].append({"id": 266, "content": "ell", "single_word": False, "lstrip": False,
                                            "rstrip": False, "normalized": True, "special": False})
                variants.append(doc)
    texts = ["hello world<|end|>", "  <|end|>  hello", "x<|end|>y", "<|end|><|end|>", "hello <|end|> world",
             "wellness hello", "he<|end|>llo", " ", "", "a  <|end|>\t\tb", "hello\u00a0<|end|>\u3000x"] + random_texts(100, 3)
    for doc in variants:
        text_json = json.dumps(doc, ensure_ascii=False)
        ref = tokenizers.Tokenizer.from_str(text_json)
        ours = subtok.Tokenizer.from_str(text_json)
        for text in texts:
            want = ref.encode(text)
            got = ours.encode(text)
            assert (got.ids, got.tokens, got.offsets) == (want.ids, want.tokens, want.offsets), (repr(text), doc["added_tokens"][0], doc["pre_tokenizer"], doc["post_processor"])
            assert ours.decode(want.ids, False) == ref.decode(want.ids, False)


def llama3_style(tmp_path, trim_offsets):
    """Meta-Llama-3's tokenizer.json layout over the cl100k vocabulary: the Llama 3 Split regex,
    `<|begin_of_text|>` as an added special token, and its post-processor
    Sequence[ByteLevel, TemplateProcessing]."""
    import json
    with open(reference("tiktoken/cl100k_base.tokenizer.json")) as f:
        config = json.load(f)
    config["pre_tokenizer"]["pretokenizers"][0]["pattern"] = {"Regex": (
        r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
        r"|\s*[\r\n]+|\s+(?!\S)|\s+")}
    bos = "<|begin_of_text|>"
    config["added_tokens"].append({"id": 100257, "content": bos, "single_word": False, "lstrip": False,
                                   "rstrip": False, "normalized": False, "special": True})
    config["post_processor"] = {"type": "Sequence", "processors": [
        {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": trim_offsets, "use_regex": True},
        {"type": "TemplateProcessing",
         "single": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
         "pair": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                  {"SpecialToken": {"id": bos, "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
         "special_tokens": {bos: {"id": bos, "ids": [100257], "tokens": [bos]}}}]}
    path = tmp_path / f"llama3-style-{trim_offsets}.json"
    path.write_text(json.dumps(config))
    return str(path)


@pytest.mark.parametrize("trim_offsets", [False, True])
def test_llama3_style_post_processor_sequence(tmp_path, trim_offsets):
    tokenizers = oracle()
    path = llama3_style(tmp_path, trim_offsets)
    ref = tokenizers.Tokenizer.from_file(path)
    ours = subtok.Tokenizer.from_file(path)
    texts = OWN_TEXTS + random_texts(200, 3) + corpus_lines(50)
    for text, pair in zip(texts, [None, "pair text", " second\n  "] * len(texts)):
        for special in (True, False):
            want = ref.encode(text, pair, add_special_tokens=special)
            got = ours.encode(text, pair, add_special_tokens=special)
            assert got.ids == want.ids, repr(text)
            assert got.offsets == want.offsets, repr(text)
            assert got.type_ids == want.type_ids, repr(text)
            assert got.special_tokens_mask == want.special_tokens_mask, repr(text)
        assert list(ours.encode_batch_ids([text])[0]) == ref.encode(text).ids, repr(text)
