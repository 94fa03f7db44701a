"""Model directories with a SentencePiece model and a tokenizer_config.json: the BOS/EOS tokens
transformers adds (its AutoTokenizer is the oracle), on the texts where transformers' own
conversion of the model agrees with sentencepiece (it follows tokenizers' white-space rules)."""
import json
import shutil

import pytest

import subtok
from conftest import reference

transformers = pytest.importorskip("transformers")

CASES = [
    ("spm-trained/llama-style-bpe.model", "tokenizer.model", {"tokenizer_class": "LlamaTokenizer", "add_bos_token": True,
                                                             "add_eos_token": True, "bos_token": "<s>", "eos_token": "</s>"}),
    ("spm-trained/llama-style-bpe.model", "tokenizer.model", {"tokenizer_class": "LlamaTokenizer"}),
    ("spm-trained/llama-style-bpe.model", "tokenizer.model", {"tokenizer_class": "LlamaTokenizer", "add_bos_token": True,
                                                             "bos_token": {"__type": "AddedToken", "content": "<s>",
                                                                           "special": True}}),
    ("spm-trained/t5-style-unigram.model", "spiece.model", {"tokenizer_class": "T5Tokenizer", "eos_token": "</s>",
                                                           "unk_token": "<unk>", "extra_ids": 0}),
    ("spm-trained/t5-style-unigram.model", "spiece.model", {"tokenizer_class": "T5Tokenizer", "add_eos_token": False,
                                                           "extra_ids": 0}),
]


@pytest.mark.parametrize("model_file,name,config", CASES)
def test_directory_adds_the_tokens_transformers_adds(tmp_path, model_file, name, config):
    shutil.copy(reference(model_file), tmp_path / name)
    (tmp_path / "tokenizer_config.json").write_text(json.dumps(config))
    theirs = transformers.AutoTokenizer.from_pretrained(str(tmp_path))
    ours = subtok.Tokenizer.from_file(str(tmp_path))
    with open(reference("corpora/big.txt"), encoding="utf-8") as f:
        lines = [line for line in f.read().split("\n") if line][:300]
    plain = subtok.Tokenizer.from_file(reference(model_file))
    agreeing = [line for line in lines if theirs(line, add_special_tokens=False).input_ids == plain.encode_ids(line)]
    assert len(agreeing) > 250
    assert [ours.encode_ids(line) for line in agreeing] == [theirs(line).input_ids for line in agreeing]
    assert ours.encode(agreeing[0], agreeing[1]).ids == theirs(agreeing[0], agreeing[1]).input_ids
    assert [ours.encode_ids(line, add_special_tokens=False) for line in agreeing] == [
        theirs(line, add_special_tokens=False).input_ids for line in agreeing]


def test_a_token_the_vocabulary_lacks_is_an_error(tmp_path):
    shutil.copy(reference("spm-trained/llama-style-bpe.model"), tmp_path / "tokenizer.model")
    (tmp_path / "tokenizer_config.json").write_text(json.dumps({"add_bos_token": True, "bos_token": "<|nope|>"}))
    with pytest.raises(subtok.SubtokError) as e:
        subtok.Tokenizer.from_file(str(tmp_path))
    assert "<|nope|>" in str(e.value) and "tokenizer_config.json" in str(e.value)


def added(content, special, **flags):
    return dict(content=content, special=special, lstrip=flags.get("lstrip", False), rstrip=flags.get("rstrip", False),
                normalized=flags.get("normalized", not special), single_word=False)


@pytest.mark.parametrize("legacy", [None, False])
def test_added_tokens_decoder_and_special_tokens_in_text_as_transformers(tmp_path, legacy):
    """A SentencePiece directory whose tokenizer_config.json adds tokens (added_tokens_decoder, ids
    after the model's) and names special tokens: they are found in text, and the dummy prefix goes
    only on the text's start (transformers' reading unless legacy is true), as AutoTokenizer gives."""
    shutil.copy(reference("spm-trained/llama-style-bpe.model"), tmp_path / "tokenizer.model")
    n = subtok.Tokenizer.from_file(reference("spm-trained/llama-style-bpe.model")).get_vocab_size()
    config = {"tokenizer_class": "LlamaTokenizer", "add_bos_token": True, "bos_token": "<s>", "eos_token": "</s>",
              "unk_token": "<unk>",
              "added_tokens_decoder": {"0": added("<unk>", True), "1": added("<s>", True), "2": added("</s>", True),
                                       str(n): added("<|im_start|>", True), str(n + 1): added("<|im_end|>", True),
                                       str(n + 2): added("newword", False)}}
    if legacy is not None:
        config["legacy"] = legacy
    (tmp_path / "tokenizer_config.json").write_text(json.dumps(config))
    theirs = transformers.AutoTokenizer.from_pretrained(str(tmp_path))
    ours = subtok.Tokenizer.from_file(str(tmp_path))
    texts = ["hi <|im_start|>user newword x<|im_end|>", "<|im_start|>", "anewwordb", "a <s> b", "x</s>y", "<unk> z",
             "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n"]
    assert [ours.encode_ids(t) for t in texts] == [theirs(t).input_ids for t in texts]
    assert ours.get_vocab_size() == n + 3
    ids = theirs(texts[-1]).input_ids
    assert ours.decode(ids, skip_special_tokens=True) == theirs.decode(ids, skip_special_tokens=True)


def test_added_tokens_decoder_with_a_gap_is_an_error(tmp_path):
    shutil.copy(reference("spm-trained/llama-style-bpe.model"), tmp_path / "tokenizer.model")
    (tmp_path / "tokenizer_config.json").write_text(json.dumps({"added_tokens_decoder": {"9000": added("<x>", True)}}))
    with pytest.raises(subtok.SubtokError) as e:
        subtok.Tokenizer.from_file(str(tmp_path))
    assert "added_tokens_decoder" in str(e.value) and "<x>" in str(e.value)
