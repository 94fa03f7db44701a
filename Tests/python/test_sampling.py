"""Unigram subword regularization against sentencepiece's own sampling: the n-best set (drawn
uniformly with alpha 0) is exactly sentencepiece's nbest_encode, and full-lattice samples follow
the same distribution as sentencepiece's."""
import collections

import pytest

import subtok
from test_sentencepiece import processor

MODELS = ["spm-trained/t5-style-unigram.model", "sentencepiece/test_model.model"]
WORDS = ["hello", "tokenization", "unbelievable", "New York", "reinstated", "subword", "a\uA66E\U0001F701\uA66Eb"]


def loaded(path):
    from conftest import reference
    return subtok.Tokenizer.from_file(reference(path))


@pytest.mark.parametrize("path", MODELS)
def test_nbest_set_is_sentencepieces(path):
    sp = processor(path)
    ours = loaded(path)
    for k in (2, 4):
        ours.set_sampling(alpha=0.0, nbest_size=k)
        for word in WORDS:
            theirs = {tuple(ids) for ids in sp.nbest_encode_as_ids(word, nbest_size=k)}
            drawn = {tuple(ours.encode_ids(word)) for _ in range(40 * k)}
            assert drawn == theirs, (word, k)


@pytest.mark.parametrize("path", MODELS)
def test_full_sampling_matches_sentencepieces_distribution(path):
    sp = processor(path)
    ours = loaded(path)
    ours.set_sampling(alpha=0.5, nbest_size=-1)
    draws = 3000
    for word in WORDS[:4]:
        theirs = collections.Counter(tuple(sp.encode(word, out_type=int, enable_sampling=True, alpha=0.5, nbest_size=-1))
                                     for _ in range(draws))
        mine = collections.Counter(tuple(ours.encode_ids(word)) for _ in range(draws))
        distance = sum(abs(mine[k] - theirs[k]) for k in set(mine) | set(theirs)) / (2 * draws)
        assert distance < 0.08, (word, distance, mine.most_common(3), theirs.most_common(3))


def test_sampling_arguments_are_checked():
    ours = loaded(MODELS[0])
    with pytest.raises(subtok.SubtokError):
        ours.set_sampling(alpha=0.1, nbest_size=600)
    with pytest.raises(subtok.SubtokError):
        ours.set_sampling(alpha=-0.5, nbest_size=-1)
    plain = ours.encode_ids("tokenization")
    ours.set_sampling(alpha=0.1, nbest_size=1)
    assert ours.encode_ids("tokenization") == plain
    ours.set_sampling(None)
    assert ours.encode_ids("tokenization") == plain


BPE_MODEL = "spm-trained/llama-style-bpe.model"


def test_bpe_model_sampling_is_sentencepieces_dropout():
    sp = processor(BPE_MODEL)
    ours = loaded(BPE_MODEL)
    texts = ["Hello world, this is subword regularization.", "tokenization of 東京 and ｶﾞ", "reinstated the new york"]
    ours.set_sampling(alpha=1.0, nbest_size=-1)
    for text in texts:
        assert ours.encode_ids(text) == sp.encode(text, out_type=int, enable_sampling=True, alpha=1.0, nbest_size=-1)
    ours.set_sampling(alpha=0.2, nbest_size=-1)
    mine = [len(ours.encode_ids(t)) for t in texts for _ in range(400)]
    theirs = [len(sp.encode(t, out_type=int, enable_sampling=True, alpha=0.2, nbest_size=-1)) for t in texts for _ in range(400)]
    assert 0.97 < sum(mine) / sum(theirs) < 1.03


@pytest.mark.parametrize("path", MODELS)
def test_cli_nbest_is_sentencepieces_nbest_encode(path):
    """`subtok encode --nbest N`: the whole line's N best segmentations. Where no two of them tie
    (words, short phrases) the list is sentencepiece's; on long lines, where a substitution can
    score the same at two places, the best is the same, as are the count and the text of each."""
    import subprocess
    from conftest import cli as subtok_cli, reference
    from test_oracle import corpus_lines
    cli = subtok_cli()
    sp = processor(path)

    def nbest(texts, n):
        out = subprocess.run([cli, "encode", "-t", reference(path), "--nbest", str(n)], input="\n".join(texts) + "\n",
                             capture_output=True, text=True, check=True).stdout.split("\n")
        return [[[int(i) for i in part.split()] for part in line.split("\t")] for line in out[:len(texts)]]

    short = WORDS + ["the quick brown fox", "  spaced   out  ", "ünïcödé and 日本語", "Hello, world!"]
    for n in (1, 3, 8):
        for text, ours in zip(short, nbest(short, n)):
            assert ours == sp.nbest_encode_as_ids(text, nbest_size=n), (text, n)
    lines = [l for l in corpus_lines(30) if l][:60]
    for text, ours in zip(lines, nbest(lines, 4)):
        theirs = sp.nbest_encode_as_ids(text, nbest_size=4)
        assert ours[0] == theirs[0] and len(ours) == len(theirs), text
        assert {sp.decode(ids) for ids in ours} == {sp.decode(theirs[0])}, text
    refused = subprocess.run([cli, "encode", "-t", reference("spm-trained/llama-style-bpe.model"), "--nbest", "2"],
                             input="x\n", capture_output=True, text=True)
    assert refused.returncode == 1 and "Unigram model" in refused.stderr


@pytest.mark.parametrize("path", ["spm-trained/llama-style-bpe.model", "sentencepiece/test_model.model"])
def test_cli_extra_adds_bos_and_eos_as_spm_encode(path):
    """`subtok encode --extra bos:eos` (and bos, eos alone) against sentencepiece's add_bos / add_eos."""
    import subprocess
    from conftest import cli as subtok_cli, reference
    from test_oracle import corpus_lines
    cli = subtok_cli()
    sp = processor(path)
    texts = WORDS + [l for l in corpus_lines(20) if l][:40]
    for extra, bos, eos in (("bos:eos", True, True), ("bos", True, False), ("eos", False, True)):
        out = subprocess.run([cli, "encode", "-t", reference(path), "--extra", extra], input="\n".join(texts) + "\n",
                             capture_output=True, text=True, check=True).stdout.split("\n")
        for text, line in zip(texts, out):
            assert [int(i) for i in line.split()] == sp.encode(text, add_bos=bos, add_eos=eos), (text, extra)
    refused = subprocess.run([cli, "encode", "-t", reference("spm-trained/t5-style-unigram.model"), "--extra", "bos"],
                             input="x\n", capture_output=True, text=True)
    assert refused.returncode == 1 and "BOS token <s> is not in the vocabulary" in refused.stderr
