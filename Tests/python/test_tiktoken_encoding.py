"""Tokenizer.as_tiktoken() against tiktoken.Encoding on the same rank files: ids, errors on
disallowed special tokens, single-token calls, decoding."""
import pytest

import subtok
from conftest import FIXTURES
from test_tiktoken import HARD_TEXTS, mixed_texts, tiktoken_encoding

SPECIAL_TEXTS = ["hi <|endoftext|> there<|endofprompt|>", "<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>",
                 "<|endoftext|><|endoftext|>", "no specials", "<|endoftext", "<|endoftext|>日本"]


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_as_tiktoken_is_tiktoken(name):
    theirs, path = tiktoken_encoding(name)
    ours = subtok.Tokenizer.from_file(path).as_tiktoken()
    assert ours.special_tokens_set == theirs.special_tokens_set
    assert (ours.n_vocab, ours.max_token_value, ours.eot_token) == (theirs.n_vocab, theirs.max_token_value, theirs.eot_token)
    texts = HARD_TEXTS + mixed_texts(300, 3) + SPECIAL_TEXTS
    for text in texts:
        assert ours.encode_ordinary(text) == theirs.encode_ordinary(text)
        assert ours.encode(text, allowed_special="all") == theirs.encode(text, allowed_special="all")
        assert ours.encode(text, disallowed_special=()) == theirs.encode(text, disallowed_special=())
        some = {"<|endoftext|>"}
        assert ours.encode(text, allowed_special=some, disallowed_special=()) == \
            theirs.encode(text, allowed_special=some, disallowed_special=())
        ids = theirs.encode(text, allowed_special="all")
        assert ours.decode(ids) == theirs.decode(ids) and ours.decode_bytes(ids) == theirs.decode_bytes(ids)
        assert ours.encode_to_numpy(text, allowed_special="all").tolist() == ids
    assert ours.encode_ordinary_batch(texts[:50]) == theirs.encode_ordinary_batch(texts[:50])
    assert ours.encode_batch(texts[:50], allowed_special="all") == theirs.encode_batch(texts[:50], allowed_special="all")


@pytest.mark.parametrize("name", ["cl100k_base"])
def test_disallowed_special_tokens_raise_as_in_tiktoken(name):
    theirs, path = tiktoken_encoding(name)
    ours = subtok.Tokenizer.from_file(path).as_tiktoken()
    for kwargs in ({}, {"allowed_special": {"<|fim_prefix|>"}}, {"disallowed_special": {"<|endofprompt|>"}}):
        for text in SPECIAL_TEXTS:
            try:
                want = theirs.encode(text, **kwargs)
            except ValueError as e:
                with pytest.raises(ValueError) as ours_error:
                    ours.encode(text, **kwargs)
                assert str(ours_error.value) == str(e)
                continue
            assert ours.encode(text, **kwargs) == want


def test_single_tokens_as_in_tiktoken():
    theirs, path = tiktoken_encoding("cl100k_base")
    ours = subtok.Tokenizer.from_file(path).as_tiktoken()
    for token in (b"hello", b" world", "<|endoftext|>", b"\xe6\x97"):
        assert ours.encode_single_token(token) == theirs.encode_single_token(token)
    for id in (0, 100, 100257, 99999):
        assert ours.decode_single_token_bytes(id) == theirs.decode_single_token_bytes(id)
    with pytest.raises(KeyError):
        ours.decode_single_token_bytes(100256)
    with pytest.raises(KeyError):
        ours.encode_single_token(b"hello world")
    assert ours.decode_tokens_bytes([15339, 1917]) == theirs.decode_tokens_bytes([15339, 1917])


def test_a_tokenizer_that_always_matches_its_specials_is_refused():
    with pytest.raises(ValueError):
        subtok.Tokenizer.from_file(FIXTURES + "/tiny-bytelevel.json").as_tiktoken()
