"""Files under names that do not say what they are, read by content or by a named type, compared
with `tokenizers` reading the same files under their usual names."""
import shutil

import pytest

import subtok
from conftest import oracle, reference
from test_oracle import corpus_lines, random_texts
from test_tiktoken import tiktoken_encoding

TEXTS = ["", "Hello world, it's me", "  spaced\tout\n", "naïve café 日本語", "x" * 300] + random_texts(100, 5) + corpus_lines(100)


def test_openai_encoder_json_and_vocab_bpe_load_as_gpt2(tmp_path):
    tokenizers = oracle()
    shutil.copy(reference("gpt2/vocab.json"), tmp_path / "encoder.json")
    shutil.copy(reference("gpt2/merges.txt"), tmp_path / "vocab.bpe")
    ours = subtok.Tokenizer.from_file(str(tmp_path / "encoder.json"))
    ref = tokenizers.Tokenizer.from_file(reference("gpt2/tokenizer.json"))
    for text in TEXTS:
        assert ours.encode_ids(text) == ref.encode(text).ids, repr(text)


def test_a_bert_vocabulary_under_another_name_loads_by_its_lines(tmp_path):
    oracle()
    from tokenizers.implementations import BertWordPieceTokenizer
    shutil.copy(reference("bert-base-uncased/vocab.txt"), tmp_path / "bert-base-uncased-vocab")
    ours = subtok.Tokenizer.from_file(str(tmp_path / "bert-base-uncased-vocab"))
    ref = BertWordPieceTokenizer(reference("bert-base-uncased/vocab.txt"))
    for text in TEXTS:
        want = ref.encode(text)
        got = ours.encode(text)
        assert (got.ids, got.offsets) == (want.ids, want.offsets), repr(text)


def test_a_named_type_reads_a_misnamed_file(tmp_path):
    tokenizers = oracle()
    shutil.copy(reference("gpt2/roberta-style.tokenizer.json"), tmp_path / "tokenizer.model")
    shutil.copy(reference("tiktoken/cl100k_base.tiktoken"), tmp_path / "ranks.json")
    ref = tokenizers.Tokenizer.from_file(reference("gpt2/roberta-style.tokenizer.json"))
    ours = subtok.Tokenizer.from_file(str(tmp_path / "tokenizer.model"), type="tokenizer-json")
    for text in TEXTS:
        want = ref.encode(text)
        got = ours.encode(text)
        assert (got.ids, got.offsets) == (want.ids, want.offsets), repr(text)
    enc, _ = tiktoken_encoding("cl100k_base")
    ranks = subtok.Tokenizer.from_file(str(tmp_path / "ranks.json"), type="tiktoken", pattern="cl100k")
    for text in TEXTS:
        assert ranks.encode_ids(text) == enc.encode_ordinary(text), repr(text)


def test_bad_types_and_wrong_types_are_errors(tmp_path):
    shutil.copy(reference("gpt2/tokenizer.json"), tmp_path / "tokenizer.json")
    path = str(tmp_path / "tokenizer.json")
    with pytest.raises(ValueError, match="type must be one of"):
        subtok.Tokenizer.from_file(path, type="yaml")
    with pytest.raises(ValueError, match="pattern must be one of"):
        subtok.Tokenizer.from_file(path, pattern="r50k")
    with pytest.raises(subtok.SubtokError, match=r"read as sentencepiece: .*\(it begins with the text"):
        subtok.Tokenizer.from_file(path, type="sentencepiece")
    (tmp_path / "notes").write_text("Some prose, not a tokenizer.\n")
    with pytest.raises(subtok.SubtokError, match="not a tokenizer file Subtok can tell by its content"):
        subtok.Tokenizer.from_file(str(tmp_path / "notes"))
