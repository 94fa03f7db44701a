"""SentencePiece .model files against the sentencepiece library itself."""
import json
import os
import subprocess

import pytest

import subtok
from conftest import reference
from test_oracle import OWN_TEXTS, corpus_lines, random_texts
from test_tiktoken import HARD_TEXTS, mixed_texts

MODELS = ["sentencepiece/test_model.model", "sentencepiece/test_ja_model.model", "spm-trained/t5-style-unigram.model",
          "spm-trained/llama-style-bpe.model"]
SP_TEXTS = HARD_TEXTS + ["  leading and   inner   spaces  ", "ｶﾞｷﾞ ㍻ ﬁ ① Ａ", "<|user|>hi<|assistant|> <|user|>",
                         "\u3000全角\u3000スペース\u3000", "tab\tand\nnewline", "🤖🦾 unknown 𓀀 glyphs", "\ufeff\u200b"]


def processor(path):
    try:
        import sentencepiece
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("sentencepiece is not installed under CI=true")
        pytest.skip("sentencepiece not installed")
    return sentencepiece.SentencePieceProcessor(model_file=reference(path))


@pytest.mark.parametrize("path", MODELS)
def test_against_sentencepiece(path):
    sp = processor(path)
    ours = subtok.Tokenizer.from_file(reference(path))
    texts = SP_TEXTS + OWN_TEXTS + mixed_texts(600, 21) + random_texts(300, 4) + corpus_lines(200) + long_texts()
    for text in texts:
        want = sp.encode(text)
        assert ours.encode_ids(text) == want, repr(text)
        assert ours.decode(want, skip_special_tokens=False) == sp.decode(want), repr(text)
    ids = list(range(min(sp.get_piece_size(), 3000)))
    assert ours.decode(ids, skip_special_tokens=False) == sp.decode(ids)


@pytest.mark.parametrize("path", MODELS)
def test_ascii_runs_against_sentencepiece(path):
    """Long printable ASCII runs broken at every alignment by bytes the normalizer rewrites or
    drops (tab, newline, DEL, controls, a combining accent after ASCII, full-width and
    compatibility characters), runs of spaces, and ASCII at the very end."""
    import random
    sp = processor(path)
    ours = subtok.Tokenizer.from_file(reference(path))
    rng = random.Random(17)
    breaks = ["\t", "\n", "\x7f", "\x01", "\x1f", "\u0301", "\uff21", "\ufb01", "é", "  ", "   ", "\u3000", "~", " "]
    texts = []
    for _ in range(600):
        parts = []
        for _ in range(rng.randrange(1, 6)):
            parts.append("".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789.,;'!?-") for _ in range(rng.randrange(0, 30))))
            parts.append(rng.choice(breaks))
        texts.append("".join(parts[:-1] if rng.random() < 0.5 else parts))
    for text in texts:
        assert ours.encode_ids(text) == sp.encode(text), repr(text)
    assert ours.encode_batch_ids(texts) == [sp.encode(t) for t in texts]


@pytest.mark.parametrize("path", MODELS)
def test_recurring_near_ties_against_sentencepiece(path):
    """Words whose segmentations are exact or near ties (runs of digits and dashes, numbers)
    and words of many tokens, met again and again in long texts, so that they recur at running
    totals of every binade up to sentencepiece's ±100,000 shift: the cache entries per binade."""
    import random
    sp = processor(path)
    ours = subtok.Tokenizer.from_file(reference(path))
    rng = random.Random(5)
    words = ["0" * k for k in range(1, 9)] + ["-" * k for k in range(1, 12)] + ["1000", "$1000", "10.00", "2020",
             "the", "and", "of", "Holmes", "ing", "thing", "==", "...", "1" * 7, "0.000", "x" * 5, "ab" * 4,
             "0123456789", "supercalifragilistic", "qzqzqzqzxw", "a-b-c-d-e-f-g", "Mississippi-Missouri" * 2]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randrange(2000, 20000))) for _ in range(12)]
    for text in texts:
        assert ours.encode_ids(text) == sp.encode(text)
    assert ours.encode_batch_ids(texts) == [sp.encode(t) for t in texts]


@pytest.mark.parametrize("path,vectors", [(m, m.split("/")[1].replace(".model", "") + ".model") for m in MODELS])
def test_binding_and_cli_match_vectors(path, vectors):
    name = vectors if not path.startswith("sentencepiece/") else "sentencepiece-" + vectors
    with open(reference(f"vectors/{name}.jsonl"), encoding="utf-8") as f:
        lines = [json.loads(line) for line in f]
    ours = subtok.Tokenizer.from_file(reference(path))
    for v in lines:
        e = ours.encode(v["text"])
        assert (e.ids, e.tokens) == (v["ids"], v["tokens"]), v["text"]
        assert ours.decode(v["ids"], skip_special_tokens=False) == v["decoded"]
    cli = os.environ.get("SUBTOK_CLI")
    if cli:
        stdin = "".join(json.dumps(v["text"]) + "\n" for v in lines).encode()
        out = subprocess.run([cli, "encode", "-t", reference(path), "--format", "jsonl"], input=stdin,
                             capture_output=True, check=True).stdout.decode().splitlines()
        assert [json.loads(o)["ids"] for o in out] == [v["ids"] for v in lines]


def test_corrupt_models_are_clear_errors(tmp_path):
    with open(reference("sentencepiece/test_model.model"), "rb") as f:
        data = f.read()
    for label, blob in {"truncated": data[:len(data) // 2], "empty": b"", "garbage": b"\xff" * 64,
                        "flipped": data[:100] + bytes([data[100] ^ 0x55]) + data[101:]}.items():
        path = tmp_path / f"{label}.model"
        path.write_bytes(blob)
        try:
            subtok.Tokenizer.from_file(str(path))
        except subtok.SubtokError as e:
            assert e.code in (3, 7), label


@pytest.mark.parametrize("path", ["spm-trained/t5-style-unigram.tokenizer.json", "spm-trained/llama-style-bpe.tokenizer.json"])
def test_tokenizer_json_forms_against_tokenizers(path):
    from conftest import oracle
    tokenizers = oracle()
    ref = tokenizers.Tokenizer.from_file(reference(path))
    ours = subtok.Tokenizer.from_file(reference(path))
    name = path.split("/")[1]
    with open(reference(f"vectors/{name}.jsonl"), encoding="utf-8") as f:
        for line in f:
            v = json.loads(line)
            e = ours.encode(v["text"])
            assert (e.ids, e.tokens, [list(o) for o in e.offsets]) == (v["ids"], v["tokens"], v["offsets"]), v["text"]
    for text in SP_TEXTS + OWN_TEXTS + mixed_texts(500, 31) + corpus_lines(150):
        for special in (True, False):
            want = ref.encode(text, add_special_tokens=special)
            got = ours.encode(text, add_special_tokens=special)
            assert (got.ids, got.tokens, got.offsets) == (want.ids, want.tokens, want.offsets), repr(text)
        assert ours.decode(want.ids, skip_special_tokens=False) == ref.decode(want.ids, skip_special_tokens=False), repr(text)
        assert ours.decode(want.ids) == ref.decode(want.ids), repr(text)


GRAPHEME_EDGES = ["a", "e", "\u0301", "\u0308", "\r", "\n", "\r\n", " ", "  ", "\u200d", "\U0001F468", "\U0001F469",
                  "\u1100", "\u1161", "\u11a8", "\uac00", "\u0600", "\u0915", "\u093f", "\u094d", "\U0001F1EF",
                  "\U0001F1F5", "ｶ", "\uff9e", "か", "\u3099", "ﬁ", "Ⅸ", "①", "\u00a0", "\u3000", "Å", "\u212b", "x", "1",
                  "\t", "\x0b", "\u0085", "\u200b", "\ufe0f", "</s>", "\x7f", "\x01", "Ⅻ", "ab", "cd ", "½"]


def test_precompiled_ids_path_at_grapheme_edges(tmp_path):
    """The ids path applies the Precompiled rules per grapheme cluster without alignments,
    deciding most cluster edges itself (CR LF, marks, ZWJ, Hangul jamo, Prepend, regional
    indicators, halfwidth voicing marks), and full encodings keep what the rules leave alone
    and transform the rest stretch by stretch (deleted controls, expansions such as Ⅻ, a text
    that starts with a deletion): random strings of such characters, ids and full encodings
    with offsets, against tokenizers."""
    import random
    from conftest import oracle
    path = reference("spm-trained/t5-style-unigram.tokenizer.json")
    ref = oracle().Tokenizer.from_file(path)
    ours = subtok.Tokenizer.from_file(path)
    generator = random.Random(7)
    for _ in range(4000):
        text = "".join(generator.choice(GRAPHEME_EDGES) for _ in range(generator.randint(1, 12)))
        full = ref.encode(text, add_special_tokens=False)
        want = full.ids
        assert ours.encode_ids(text, add_special_tokens=False) == want, repr(text)
        got = ours.encode(text, add_special_tokens=False)
        assert (got.ids, got.offsets) == (want, full.offsets), repr(text)


def test_saved_sentencepiece_forms_load_in_tokenizers(tmp_path):
    from conftest import oracle
    tokenizers = oracle()
    for path in ("spm-trained/t5-style-unigram.tokenizer.json", "spm-trained/llama-style-bpe.tokenizer.json"):
        ours = subtok.Tokenizer.from_file(reference(path))
        out = str(tmp_path / "saved.json")
        ours.save(out)
        ref = tokenizers.Tokenizer.from_file(out)
        for text in SP_TEXTS + mixed_texts(200, 2):
            assert ref.encode(text).ids == ours.encode(text).ids, repr(text)


def trained_model(tmp_path, name, model_type="bpe", unused=0, reserved=(), **options):
    """A SentencePiece model trained here on botchan.txt with `options`; then the `unused`
    highest-scoring merged pieces are marked UNUSED and the single characters in `reserved`
    CONTROL (types no trainer option gives such pieces)."""
    import sentencepiece
    prefix = str(tmp_path / name)
    sentencepiece.SentencePieceTrainer.train(input=reference("corpora/botchan.txt"), model_prefix=prefix, model_type=model_type,
                                             vocab_size=1500, minloglevel=2, **options)
    if unused or reserved:
        from sentencepiece import sentencepiece_model_pb2
        proto = sentencepiece_model_pb2.ModelProto()
        with open(prefix + ".model", "rb") as f:
            proto.ParseFromString(f.read())
        merged = [p for p in proto.pieces if p.type == p.NORMAL and len(p.piece) > 1]
        for p in merged[:unused]:
            p.type = p.UNUSED
        for p in proto.pieces:
            if p.piece in reserved:
                p.type = p.CONTROL
        with open(prefix + ".model", "wb") as f:
            f.write(proto.SerializeToString())
    return prefix + ".model"


def trained_bpe_model(tmp_path, name, **options):
    return trained_model(tmp_path, name, "bpe", **options)


def long_texts():
    """Whole chapters as one text (600 lines of the Japanese corpus, 200 of the English): their
    running totals pass sentencepiece's ±100,000 shift several times, and float rounding there
    decides near ties."""
    texts = []
    for name, count in (("wagahaiwa_nekodearu.txt", 600), ("big.txt", 200)):
        with open(reference(f"corpora/{name}"), encoding="utf-8") as f:
            texts.append(" ".join(f.read().splitlines()[:count]))
    return texts


BPE_OPTIONS = {
    "default": {},
    "whitespace_as_suffix": {"treat_whitespace_as_suffix": True},
    "pieces_span_whitespace": {"split_by_whitespace": False},
    "user_defined": {"user_defined_symbols": ["<sep>", "ing", "e▁t", "▁the"]},
    "user_defined_words": {"user_defined_symbols": ["<sep>", "ing", "Holmes"]},
    "unknown_characters": {"character_coverage": 0.98, "split_digits": True},
    "byte_fallback": {"byte_fallback": True, "character_coverage": 0.98},
    "unused_pieces": {"unused": 40},
    "identity_normalization": {"normalization_rule_name": "identity", "byte_fallback": True},
    "identity_unknown_characters": {"normalization_rule_name": "identity", "character_coverage": 0.98},
    "reserved_characters": {"reserved": ("q", "z", "ー")},
}


@pytest.mark.parametrize("name", BPE_OPTIONS)
def test_bpe_merge_paths_against_sentencepiece(tmp_path, name):
    """Every way a BPE .model can be merged (word by word over ids, whole text when pieces span
    whitespace or UNUSED pieces exist, user-defined pieces, unknown characters, long words)."""
    processor("spm-trained/llama-style-bpe.model")
    import sentencepiece
    options = dict(BPE_OPTIONS[name])
    path = trained_bpe_model(tmp_path, name, unused=options.pop("unused", 0), **options)
    sp = sentencepiece.SentencePieceProcessor(model_file=path)
    ours = subtok.Tokenizer.from_file(path)
    long_words = ["a" * 100, "the" * 40 + " x", "吾輩は猫である。名前はまだ無い。" * 6, " e the  ething  " * 10, "ing" * 30,
                  "吾輩はここで始めて人間というものを見た。" * 3 + "。。、、ー" + "𓀀𓀁" * 9 + "猫猫ねこネコ" * 5]
    # Words holding characters the pieces lack (ASCII ones become one byte piece each with byte
    # fallback, and such words are cached; others are not), each several times in one text.
    unknown_words = [" ".join(["of\nthe", "x\x01y", "q~z", "é\x7fé", "ﬁ\u3000ﬁ", "𓀀the"] * 3), "of\nthe of\nthe"]
    texts = SP_TEXTS + OWN_TEXTS + long_words + unknown_words + mixed_texts(400, 5) + random_texts(300, 6) + corpus_lines(150)
    fresh = subtok.Tokenizer.from_file(path)
    for text in texts:
        assert ours.encode_ids(text) == sp.encode(text), repr(text)
    # Again, now that the words are in the piece caches: the same ids, and the same offsets as
    # a tokenizer whose caches are empty.
    for text in texts:
        assert ours.encode_ids(text) == sp.encode(text), repr(text)
        warm, cold = ours.encode(text), fresh.encode(text)
        assert (warm.ids, warm.offsets) == (cold.ids, cold.offsets), repr(text)


@pytest.mark.parametrize("name", ["t5-style-unigram", "llama-style-bpe"])
def test_model_converts_to_the_reference_tokenizer_json(tmp_path, name):
    """A .model saved as tokenizer.json is the document the Hugging Face converters made from it
    (from_spm for Unigram, LlamaConverter for BPE: same merges in the same order), and
    `tokenizers` encodes with it exactly as with the reference file."""
    from conftest import oracle
    tokenizers = oracle()
    out = str(tmp_path / "converted.json")
    subtok.Tokenizer.from_file(reference(f"spm-trained/{name}.model")).save(out)
    with open(out, encoding="utf-8") as f:
        ours = json.load(f)
    with open(reference(f"spm-trained/{name}.tokenizer.json"), encoding="utf-8") as f:
        want = json.load(f)
    for key in want:
        assert ours[key] == want[key], key
    converted, ref = tokenizers.Tokenizer.from_file(out), tokenizers.Tokenizer.from_file(reference(f"spm-trained/{name}.tokenizer.json"))
    for text in SP_TEXTS + OWN_TEXTS + mixed_texts(300, 8) + corpus_lines(100):
        assert converted.encode(text).ids == ref.encode(text).ids, repr(text)
    again = subtok.Tokenizer.from_file(out)
    for text in SP_TEXTS + mixed_texts(100, 9):
        assert again.encode_ids(text) == ref.encode(text).ids, repr(text)


@pytest.mark.parametrize("name", ["default", "user_defined_words", "byte_fallback"])
def test_trained_bpe_models_convert_as_llama_converter(tmp_path, name):
    """Merges generated for other BPE models load in `tokenizers` and encode as `sentencepiece`
    on ordinary text, where the converted form and the .model agree (they do not on runs of
    spaces, on text the charsmap changes, or with user-defined pieces that hold `▁`)."""
    from conftest import oracle
    tokenizers = oracle()
    import sentencepiece
    path = trained_bpe_model(tmp_path, name, **BPE_OPTIONS[name])
    out = str(tmp_path / "converted.json")
    subtok.Tokenizer.from_file(path).save(out)
    converted = tokenizers.Tokenizer.from_file(out)
    sp = sentencepiece.SentencePieceProcessor(model_file=path)
    for text in corpus_lines(150):
        if text.isascii() and text and "  " not in text and text == text.strip():
            assert converted.encode(text, add_special_tokens=False).ids == sp.encode(text), repr(text)


def test_whitespace_as_suffix_has_no_tokenizer_json_form(tmp_path):
    processor("spm-trained/llama-style-bpe.model")
    path = trained_bpe_model(tmp_path, "suffix", treat_whitespace_as_suffix=True)
    with pytest.raises(subtok.SubtokError) as e:
        subtok.Tokenizer.from_file(path).save(str(tmp_path / "out.json"))
    assert e.value.code == 7
    assert not os.path.exists(tmp_path / "out.json")


UNIGRAM_OPTIONS = {
    "default": {},
    "user_defined": {"user_defined_symbols": ["<sep>", "ing", "Holmes", "▁the", "e▁t"]},
    "user_defined_words": {"user_defined_symbols": ["<sep>", "ing", "Holmes", "▁and"]},
    "byte_fallback": {"byte_fallback": True, "character_coverage": 0.98, "split_digits": True},
    "whitespace_as_suffix": {"treat_whitespace_as_suffix": True},
    "pieces_span_whitespace": {"split_by_whitespace": False},
    "unused_pieces": {"unused": 40},
    "spaces_kept": {"remove_extra_whitespaces": False},
    "no_dummy_prefix": {"add_dummy_prefix": False},
}


@pytest.mark.parametrize("name", UNIGRAM_OPTIONS)
def test_unigram_paths_against_sentencepiece(tmp_path, name):
    """Unigram .model files of every shape against sentencepiece: user-defined pieces (scored by
    length, some holding ▁ so the text cannot be cut into words), byte fallback, pieces that span
    white space, totals past the ±100,000 shift, and the word cache: the same words met again
    after other texts, in other contexts and other orders."""
    processor("spm-trained/t5-style-unigram.model")
    import sentencepiece
    options = dict(UNIGRAM_OPTIONS[name])
    path = trained_model(tmp_path, name, "unigram", unused=options.pop("unused", 0), **options)
    sp = sentencepiece.SentencePieceProcessor(model_file=path)
    ours = subtok.Tokenizer.from_file(path)
    texts = SP_TEXTS + OWN_TEXTS + mixed_texts(300, 12) + random_texts(200, 13) + corpus_lines(150) + long_texts()
    texts += ["1000 and 1000 and $1000 of 1000", "0" * 40, "-" * 70, "+" + "-" * 68 + "+", "Holmesing <sep>ing the thing"]
    for text in texts + texts[::-1]:
        assert ours.encode_ids(text) == sp.encode(text), repr(text)
    assert ours.encode_batch_ids(texts) == [sp.encode(t) for t in texts]
