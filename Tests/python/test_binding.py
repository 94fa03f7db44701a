"""The binding's own behaviour: errors as exceptions, vocabulary queries, counting."""
import threading

import pytest

import subtok
from conftest import FIXTURES

FIXTURE = FIXTURES + "/tiny-bytelevel.json"


def test_vocabulary_queries():
    tok = subtok.Tokenizer.from_file(FIXTURE)
    assert tok.get_vocab_size() == 266
    assert tok.token_to_id("hello") == 259
    assert tok.token_to_id("<|end|>") == 265
    assert tok.token_to_id("nope") is None
    assert tok.id_to_token(264) == "Ġworld"
    assert tok.id_to_token(10**6) is None
    assert tok.id_to_token(-1) is None


def test_encode_ids_and_count():
    tok = subtok.Tokenizer.from_file(FIXTURE)
    assert tok.encode_ids("hello world<|end|>") == [259, 264, 265]
    assert tok.count("hello world<|end|>") == 3
    assert tok.encode("").ids == []


def test_errors_are_exceptions():
    with pytest.raises(subtok.SubtokError) as e:
        subtok.Tokenizer.from_file("/nonexistent.json")
    assert e.value.code == 2
    with pytest.raises(subtok.SubtokError) as e:
        subtok.Tokenizer.from_str('{"model": ')
    assert e.value.code == 3 and "JSON" in str(e.value)
    tok = subtok.Tokenizer.from_file(FIXTURE)
    with pytest.raises(subtok.SubtokError) as e:
        tok.decode([1, 99999])
    assert e.value.code == 5


def test_threads_share_one_tokenizer():
    tok = subtok.Tokenizer.from_file(FIXTURE)
    texts = [f"hello world {i} <|end|> héllo" for i in range(200)]
    want = [tok.encode_ids(t) for t in texts]
    errors = []

    def work():
        for _ in range(5):
            if [tok.encode_ids(t) for t in texts] != want:
                errors.append("mismatch")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
