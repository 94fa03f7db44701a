"""Every code point of the assigned planes through the split patterns, against the oracles' own character
tables: tokenizers' regex engine for tokenizer.json files, tiktoken's for rank files. Subtok's
scanners and ICU classify letters, numbers, marks and white space with ICU 72's tables; a code
point those tables see otherwise would split differently here (BERT's tables have their own
test, test_bert_oracle.py)."""
import pytest

import subtok
from conftest import oracle, reference
from test_tiktoken import tiktoken_encoding


def code_point_texts(chunk):
    """Each code point after a letter, before a digit, after an apostrophe, doubled, after a
    newline and before a space: the places where the patterns' classes decide a split."""
    return [f"a{chr(c)}b {chr(c)}1 '{chr(c)}s 1{chr(c)}{chr(c)}x\n{chr(c)} " for c in chunk]


def all_code_points():
    """Planes 0 to 3 and 14, where every Unicode version so far assigns characters; planes 4 to
    13 (unassigned in all of them) and the private-use planes 15 and 16 are left out."""
    planes = list(range(0x80, 0x40000)) + list(range(0xE0000, 0xF0000))
    return [c for c in planes if not 0xD800 <= c < 0xE000]


def differing(encode_theirs, ours):
    points = all_code_points()
    bad = []
    for start in range(0, len(points), 8192):
        chunk = points[start:start + 8192]
        texts = code_point_texts(chunk)
        got = ours.encode_batch_ids(texts, add_special_tokens=False)
        bad += [c for c, want, have in zip(chunk, encode_theirs(texts), got) if want != have]
    return [hex(c) for c in bad]


@pytest.mark.parametrize("path", ["gpt2/tokenizer.json", "tiktoken/cl100k_base.tokenizer.json"])
def test_every_code_point_splits_as_tokenizers(path):
    theirs = oracle().Tokenizer.from_file(reference(path))
    ours = subtok.Tokenizer.from_file(reference(path))
    assert differing(lambda texts: [e.ids for e in theirs.encode_batch(texts, add_special_tokens=False)], ours) == []


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_every_code_point_splits_as_tiktoken(name):
    encoding, path = tiktoken_encoding(name)
    assert differing(encoding.encode_ordinary_batch, subtok.Tokenizer.from_file(path)) == []
