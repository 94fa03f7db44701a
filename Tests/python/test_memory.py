"""Bounded memory on one-line inputs (RELIABILITY.md): a full encoding of one 20 MB line stays
under 30 bytes of peak memory per input byte, in a process of its own, for the files whose
normalizers rewrite text (SentencePiece-style `tokenizer.json`, `.model`) and byte-level ones."""
import os
import subprocess
import sys

import pytest

from conftest import reference

LINE_BYTES = 20_000_000
BOUND = 30

PROBE = """
import resource, sys
import subtok
path, text_path = sys.argv[1], sys.argv[2]
with open(text_path, encoding="utf-8") as f:
    text = f.read()
tokenizer = subtok.Tokenizer.from_file(path)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
encoding = tokenizer.encode(text)
assert len(encoding.ids) > 0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((after - before) * 1024 / len(text.encode()))
"""


@pytest.fixture(scope="module")
def one_line(tmp_path_factory):
    """`big.txt` repeated to 20 MB with its line breaks turned into spaces, as one line."""
    with open(reference("corpora/big.txt"), encoding="utf-8") as f:
        text = f.read().replace("\n", " ")
    text = (text * (LINE_BYTES // len(text) + 1))[:LINE_BYTES]
    path = tmp_path_factory.mktemp("memory") / "line.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("path", [
    "spm-trained/t5-style-unigram.tokenizer.json", "spm-trained/llama-style-bpe.tokenizer.json",
    "spm-trained/t5-style-unigram.model", "spm-trained/llama-style-bpe.model", "gpt2/tokenizer.json",
    "tiktoken/cl100k_base.tiktoken"])
def test_full_encoding_of_one_long_line_stays_bounded(one_line, path):
    result = subprocess.run([sys.executable, "-c", PROBE, reference(path), one_line],
                            capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    assert result.returncode == 0, result.stderr
    per_byte = float(result.stdout.strip())
    assert per_byte < BOUND, f"{path}: {per_byte:.1f} bytes per input byte"
