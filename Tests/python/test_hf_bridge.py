"""tok.as_hf(): transformers' PreTrainedTokenizerFast encoding and decoding with Subtok, against
PreTrainedTokenizerFast on the same file (tokenizers underneath)."""
import warnings

import numpy as np
import pytest

import subtok
from conftest import reference

transformers = pytest.importorskip("transformers")

CASES = [
    ("bert-base-uncased/tokenizer.json",
     dict(unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")),
    ("gpt2/tokenizer.json", dict(eos_token="<|endoftext|>", pad_token="<|endoftext|>")),
    ("spm-trained/llama-style-bpe.tokenizer.json", dict(bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<unk>")),
    ("spm-trained/t5-style-unigram.tokenizer.json", dict(eos_token="</s>", unk_token="<unk>", pad_token="<pad>")),
]
TEXTS = ["Hello world, this is a test.", "héllo wörld 日本語 😀", "short",
         "A much longer text that goes on and on and will be truncated somewhere along the way"]
SETTINGS = [dict(padding=True), dict(padding="max_length", max_length=16, truncation=True),
            dict(truncation=True, max_length=8, return_overflowing_tokens=True, stride=2, padding=True)]


def pair_of(path, special):
    warnings.filterwarnings("ignore")
    theirs = transformers.PreTrainedTokenizerFast(tokenizer_file=reference(path), **special)
    ours = subtok.Tokenizer.from_file(reference(path)).as_hf(**special)
    return ours, theirs


@pytest.mark.parametrize("path,special", CASES)
def test_as_hf_gives_what_pretrained_tokenizer_fast_gives(path, special):
    ours, theirs = pair_of(path, special)
    assert isinstance(ours, transformers.PreTrainedTokenizerFast)
    for settings in SETTINGS:
        got, want = ours(TEXTS, return_tensors="np", **settings), theirs(TEXTS, return_tensors="np", **settings)
        assert sorted(got.keys()) == sorted(want.keys())
        for key in want:
            assert np.array_equal(got[key], want[key]), (settings, key)
        assert all(type(e) is subtok.Encoding for e in got.encodings), "encoded by Subtok"
    got, want = ours(TEXTS[0], TEXTS[1], return_offsets_mapping=True), theirs(TEXTS[0], TEXTS[1], return_offsets_mapping=True)
    assert dict(got) == dict(want) and got.word_ids() == want.word_ids()
    words = ["New", "York", "is", "big"]
    assert ours(words, is_split_into_words=True).word_ids() == theirs(words, is_split_into_words=True).word_ids()
    ids = theirs(TEXTS)["input_ids"]
    assert ours.batch_decode(ids, skip_special_tokens=True) == theirs.batch_decode(ids, skip_special_tokens=True)
    assert ours.decode(ids[1]) == theirs.decode(ids[1])


def test_tokens_added_through_transformers_reach_subtok():
    ours, theirs = pair_of(*CASES[0])
    for tok in (ours, theirs):
        tok.add_tokens(["brandnewword"])
        tok.add_special_tokens({"additional_special_tokens": ["<extra>"]})
    text = "a brandnewword and <extra> here"
    assert ours(text)["input_ids"] == theirs(text)["input_ids"]
    assert ours.decode(ours(text)["input_ids"], skip_special_tokens=True) == theirs.decode(theirs(text)["input_ids"],
                                                                                          skip_special_tokens=True)
