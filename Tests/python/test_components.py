"""Components tokenizers 0.23 writes that Subtok once lacked (WordLevel, Nmt, the ByteLevel
normalizer, CharDelimiterSplit, FixedLength, UnicodeScripts, the CTC decoder): files written by
tokenizers itself, compared id for id and offset for offset, and decodes compared."""
import json
import random

import pytest

import subtok
from conftest import oracle
from test_oracle import OWN_TEXTS, corpus_lines, random_texts

TEXTS = OWN_TEXTS + corpus_lines(60) + random_texts(200, 21) + [
    "日本語のテキスト、カタカナとひらがな。漢字ー長音", "Русский текст и English mixed 123", "عربي مع English",
    "ab\u0001cd\u0008ef\u000bgh\u007fij\u0085kl\u008f\u009f", "tab\there\nnew\u200bzero\u2028sep\u2581low\ufeffbom\ufffd",
    "  leading spaces", "trailing   ", "x" * 23, "éèê" * 7, "🧑🏽‍💻🧑🏽‍💻 emoji", "e\u0301e\u0301e\u0301",
]


def pipeline_pair(normalizer, pre_tokenizer, texts=TEXTS):
    """The oracle with a WordLevel vocabulary of every piece its own pipeline makes of TEXTS,
    and Subtok on the file the oracle writes; equal ids mean equal pieces."""
    tokenizers = oracle()
    from tokenizers import models, Tokenizer
    probe = Tokenizer(models.WordLevel({"<unk>": 0}, unk_token="<unk>"))
    if normalizer is not None:
        probe.normalizer = normalizer
    if pre_tokenizer is not None:
        probe.pre_tokenizer = pre_tokenizer
    vocab = {"<unk>": 0}
    for text in texts:
        normalized = probe.normalizer.normalize_str(text) if normalizer is not None else text
        pieces = probe.pre_tokenizer.pre_tokenize_str(normalized) if pre_tokenizer is not None else [(normalized, None)]
        for piece, _ in pieces:
            vocab.setdefault(piece, len(vocab))
    ref = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    if normalizer is not None:
        ref.normalizer = normalizer
    if pre_tokenizer is not None:
        ref.pre_tokenizer = pre_tokenizer
    return ref, subtok.Tokenizer.from_str(ref.to_str())


def assert_same_encodings(ref, ours, texts=TEXTS):
    for text in texts:
        want, got = ref.encode(text), ours.encode(text)
        assert (got.ids, got.offsets) == (want.ids, want.offsets), text
        assert ours.encode_ids(text) == want.ids, text


def components():
    from tokenizers import normalizers, pre_tokenizers
    return {
        "nmt": (normalizers.Nmt(), pre_tokenizers.WhitespaceSplit()),
        "nmt-nfkc": (normalizers.Sequence([normalizers.Nmt(), normalizers.NFKC()]), pre_tokenizers.Metaspace()),
        "byte-level-normalizer": (normalizers.ByteLevel(), pre_tokenizers.FixedLength(3)),
        "byte-level-normalizer-whole": (normalizers.ByteLevel(), None),
        "char-delimiter": (None, pre_tokenizers.CharDelimiterSplit("e")),
        "char-delimiter-multibyte": (None, pre_tokenizers.CharDelimiterSplit("の")),
        "fixed-length": (None, pre_tokenizers.FixedLength(4)),
        "fixed-length-1": (None, pre_tokenizers.FixedLength(1)),
        "unicode-scripts": (None, pre_tokenizers.UnicodeScripts()),
        "unicode-scripts-sequence": (normalizers.NFKC(), pre_tokenizers.Sequence(
            [pre_tokenizers.UnicodeScripts(), pre_tokenizers.Whitespace()])),
    }


@pytest.mark.parametrize("name", ["nmt", "nmt-nfkc", "byte-level-normalizer", "byte-level-normalizer-whole",
                                  "char-delimiter", "char-delimiter-multibyte", "fixed-length", "fixed-length-1",
                                  "unicode-scripts", "unicode-scripts-sequence"])
def test_pipeline_components_are_tokenizers(name):
    oracle()
    normalizer, pre_tokenizer = components()[name]
    ref, ours = pipeline_pair(normalizer, pre_tokenizer)
    assert_same_encodings(ref, ours)
    again = subtok.Tokenizer.from_str(ours.to_str())
    assert json.loads(again.to_str()) == json.loads(ours.to_str())


def test_unicode_scripts_on_random_code_points_is_tokenizers():
    """Characters from every plane, assigned or not: tokenizers' own script table decides."""
    oracle()
    from tokenizers import pre_tokenizers
    rnd = random.Random(8)
    ranges = [(0x21, 0x7E), (0x80, 0x2FFF), (0x3000, 0x9FFF), (0xA000, 0xD7FF), (0xE000, 0xFFFF), (0x10000, 0x1FFFF),
              (0x20000, 0x10FFFF)]
    texts = ["".join(chr(rnd.randint(*rnd.choice(ranges))) + rnd.choice(["", "", " "]) for _ in range(rnd.randint(1, 12)))
             for _ in range(1500)]
    ref, ours = pipeline_pair(None, pre_tokenizers.UnicodeScripts(), texts)
    assert_same_encodings(ref, ours, texts)


def test_word_level_unknown_words_and_round_trip():
    tokenizers = oracle()
    from tokenizers import models, pre_tokenizers, Tokenizer
    vocab = {"<unk>": 0, "the": 1, "cat": 2, "sat": 3, ".": 4}
    ref = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    ref.pre_tokenizer = pre_tokenizers.Whitespace()
    ours = subtok.Tokenizer.from_str(ref.to_str())
    texts = ["the cat sat.", "the dog sat on the mat", "", "   ", "cat" * 3, "THE cat"]
    assert_same_encodings(ref, ours, texts)
    assert ours.get_vocab_size() == ref.get_vocab_size()
    for ids in ([1, 2, 3], [0, 0, 4], []):
        assert ours.decode(ids) == ref.decode(ids)
    with pytest.raises(subtok.SubtokError):
        subtok.Tokenizer.from_str(json.dumps({"model": {"type": "WordLevel", "vocab": {"a": 0}, "unk_token": "<unk>"}}))


def test_replace_decoder_with_a_regex_is_tokenizers():
    tokenizers = oracle()
    from tokenizers import decoders, models, Regex, Tokenizer
    vocab = {t: i for i, t in enumerate(["<unk>", "▁hello", "▁▁world", "a▁b", "x", "é▁"])}
    ref = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    ref.decoder = decoders.Sequence([decoders.Replace(Regex("▁+"), " "), decoders.Strip(" ", 1, 0)])
    ours = subtok.Tokenizer.from_str(ref.to_str())
    rnd = random.Random(2)
    for ids in [[1, 2, 3], [4, 5, 2], []] + [[rnd.randrange(6) for _ in range(rnd.randint(0, 8))] for _ in range(200)]:
        assert ours.decode(ids, skip_special_tokens=False) == ref.decode(ids, skip_special_tokens=False), ids


def test_ctc_decoder_is_tokenizers():
    tokenizers = oracle()
    from tokenizers import decoders, models, Tokenizer
    letters = ["<pad>", "<s>", "</s>", "<unk>", "|"] + list("ETAONISRHDLUMWCFGYPBVK'XJQZ.,?!")
    vocab = {t: i for i, t in enumerate(letters)}
    rnd = random.Random(5)
    for cleanup in (True, False):
        ref = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
        ref.decoder = decoders.CTC(pad_token="<pad>", word_delimiter_token="|", cleanup=cleanup)
        ours = subtok.Tokenizer.from_str(ref.to_str())
        sequences = [[rnd.choice([0, 0, 4] + list(range(5, len(letters)))) for _ in range(rnd.randint(0, 30))]
                     for _ in range(300)]
        sequences.append([7, 7, 0, 7, 4, 4, 8, 0, 8, 4, vocab["."], 4, vocab["?"], vocab["'"], vocab["T"]])
        for ids in sequences:
            assert ours.decode(ids, skip_special_tokens=False) == ref.decode(ids, skip_special_tokens=False), ids


def test_every_component_tokenizers_can_write_loads():
    """The component list has no gap: each type tokenizers 0.23 defines, as it writes it, loads."""
    tokenizers = oracle()
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    normalizer_list = [normalizers.BertNormalizer(), normalizers.ByteLevel(), normalizers.Lowercase(), normalizers.NFC(),
                       normalizers.NFD(), normalizers.NFKC(), normalizers.NFKD(), normalizers.Nmt(),
                       normalizers.Prepend("▁"), normalizers.Replace("a", "b"), normalizers.Replace(Regex("a+"), "b"),
                       normalizers.Sequence([normalizers.NFC()]), normalizers.Strip(), normalizers.StripAccents()]
    pre_list = [pre_tokenizers.BertPreTokenizer(), pre_tokenizers.ByteLevel(), pre_tokenizers.CharDelimiterSplit("x"),
                pre_tokenizers.Digits(), pre_tokenizers.FixedLength(3), pre_tokenizers.Metaspace(),
                pre_tokenizers.Punctuation(), pre_tokenizers.Sequence([pre_tokenizers.Whitespace()]),
                pre_tokenizers.Split(" ", "removed"), pre_tokenizers.Split(Regex(r"\d+"), "isolated", invert=True),
                pre_tokenizers.UnicodeScripts(), pre_tokenizers.Whitespace(), pre_tokenizers.WhitespaceSplit()]
    decoder_list = [decoders.BPEDecoder(), decoders.ByteFallback(), decoders.ByteLevel(), decoders.CTC(), decoders.Fuse(),
                    decoders.Metaspace(), decoders.Replace("▁", " "), decoders.Replace(Regex("▁"), " "),
                    decoders.Sequence([decoders.Fuse()]), decoders.Strip(" ", 1, 0), decoders.WordPiece()]
    processor_list = [processors.BertProcessing(("[SEP]", 1), ("[CLS]", 2)), processors.ByteLevel(),
                      processors.RobertaProcessing(("</s>", 1), ("<s>", 2)),
                      processors.TemplateProcessing(single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
                                                    special_tokens=[("[CLS]", 2), ("[SEP]", 1)]),
                      processors.Sequence([processors.ByteLevel()])]
    vocab = {"<unk>": 0, "[SEP]": 1, "[CLS]": 2, "a": 3, "b": 4, "[UNK]": 5}
    model_list = [models.WordLevel(vocab, unk_token="<unk>"), models.WordPiece(vocab, unk_token="[UNK]"),
                  models.BPE({"<unk>": 0, "a": 1, "b": 2, "ab": 3}, [("a", "b")], unk_token="<unk>"),
                  models.Unigram([("<unk>", 0.0), ("a", -1.0), ("b", -2.0)], 0, False)]
    failures = []
    for kind, items in (("normalizer", normalizer_list), ("pre_tokenizer", pre_list), ("decoder", decoder_list),
                        ("post_processor", processor_list), ("model", model_list)):
        for item in items:
            tok = Tokenizer(item if kind == "model" else models.WordLevel(vocab, unk_token="<unk>"))
            if kind != "model":
                setattr(tok, kind, item)
            try:
                ours = subtok.Tokenizer.from_str(tok.to_str())
                assert ours.encode("ab a b").ids == tok.encode("ab a b").ids
            except Exception as error:
                failures.append(f"{kind} {item}: {error}")
    assert failures == []
