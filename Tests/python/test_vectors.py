"""Every reference vector through the Python binding and through the CLI."""
import json
import os
import subprocess

import pytest

import subtok
from conftest import reference

CASES = [
    ("gpt2/tokenizer.json", "gpt2.tokenizer.json"),
    ("gpt2/vocab.json", "gpt2.vocab-merges"),
    ("gpt2/roberta-style.tokenizer.json", "roberta-style.tokenizer.json"),
    ("bert-base-uncased/vocab.txt", "bert-base-uncased.vocab.txt"),
    ("bert-base-chinese/vocab.txt", "bert-base-chinese.vocab.txt"),
    ("bert-base-uncased/tokenizer.json", "bert-base-uncased.tokenizer.json"),
]
CASED = {"bert-base-chinese/vocab.txt"}


def load_vectors(name):
    with open(reference(f"vectors/{name}.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.mark.parametrize("path,vectors", CASES)
def test_binding_matches_vectors(path, vectors):
    tok = subtok.Tokenizer.from_file(reference(path), cased=path in CASED)
    lines = load_vectors(vectors)
    assert len(lines) == 348
    bad = []
    for v in lines:
        e = tok.encode(v["text"])
        got = (e.ids, e.tokens, [list(o) for o in e.offsets], tok.decode(e.ids, skip_special_tokens=False))
        want = (v["ids"], v["tokens"], v["offsets"], v["decoded"])
        if got != want:
            bad.append(v["text"])
    assert bad == []


@pytest.mark.parametrize("path,vectors", CASES)
def test_batch_matches_vectors(path, vectors):
    tok = subtok.Tokenizer.from_file(reference(path), cased=path in CASED)
    lines = load_vectors(vectors)
    encodings = tok.encode_batch([v["text"] for v in lines], threads=2)
    assert [e.ids for e in encodings] == [v["ids"] for v in lines]
    assert [[list(o) for o in e.offsets] for e in encodings] == [v["offsets"] for v in lines]


@pytest.mark.parametrize("path,vectors", CASES)
def test_cli_matches_vectors(path, vectors):
    cli = os.environ.get("SUBTOK_CLI")
    if not cli:
        pytest.skip("SUBTOK_CLI not set")
    lines = load_vectors(vectors)
    stdin = "".join(json.dumps(v["text"]) + "\n" for v in lines)
    cased = ["--cased"] if path in CASED else []
    out = subprocess.run([cli, "encode", "-t", reference(path), "--format", "jsonl"] + cased, input=stdin.encode(),
                         capture_output=True, check=True).stdout.decode().splitlines()
    assert len(out) == len(lines)
    decode_in = ""
    for got_line, v in zip(out, lines):
        got = json.loads(got_line)
        assert got["ids"] == v["ids"], v["text"]
        assert got["tokens"] == v["tokens"], v["text"]
        data = v["text"].encode()
        chars = [[len(data[:s].decode()), len(data[:e].decode())] for s, e in got["offsets"]]
        assert chars == v["offsets"], v["text"]
        decode_in += json.dumps({"ids": got["ids"]}) + "\n"
    decoded = subprocess.run([cli, "decode", "-t", reference(path), "--format", "jsonl"] + cased, input=decode_in.encode(),
                             capture_output=True, check=True).stdout.decode().splitlines()
    assert [json.loads(d)["text"] for d in decoded] == [v["decoded"] for v in lines]
