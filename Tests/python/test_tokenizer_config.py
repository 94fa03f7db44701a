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
