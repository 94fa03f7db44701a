"""subtok.DecodeStream against tokenizers.decoders.DecodeStream: the same chunks (None included)
step by step, on every tokenizer.json reference file, real texts and random id sequences."""
import copy
import random

import pytest

import subtok
from conftest import FIXTURES, oracle, reference
from test_oracle import OWN_TEXTS, corpus_lines, random_texts

FILES = [
    "gpt2/tokenizer.json", "gpt2/roberta-style.tokenizer.json", "tiktoken/cl100k_base.tokenizer.json",
    "bert-base-uncased/tokenizer.json", "spm-trained/llama-style-bpe.tokenizer.json",
    "spm-trained/t5-style-unigram.tokenizer.json",
]


def chunks(stream, tokenizer, ids):
    """The step results, up to an error (tokenizers' InvalidPrefix, which random ids can cause)."""
    out = []
    for i in ids:
        try:
            out.append(stream.step(tokenizer, i))
        except Exception as error:
            out.append(("error", "prefix" in str(error).lower()))
            break
    return out


def id_sequences(ref, seed):
    """Ids of real and odd texts, and random ids (partial characters, lone byte-fallback bytes)."""
    texts = OWN_TEXTS + corpus_lines(30) + random_texts(60, seed)
    sequences = [ref.encode(t).ids for t in texts]
    rnd = random.Random(seed)
    size = ref.get_vocab_size()
    sequences += [[rnd.randrange(size) for _ in range(rnd.randint(1, 40))] for _ in range(150)]
    return sequences


@pytest.mark.parametrize("path", FILES)
@pytest.mark.parametrize("skip", [False, True])
def test_steps_are_tokenizers(path, skip):
    tokenizers = oracle()
    from tokenizers.decoders import DecodeStream as Reference
    ref = tokenizers.Tokenizer.from_file(reference(path))
    ours = subtok.Tokenizer.from_file(reference(path))
    for ids in id_sequences(ref, 7):
        want = chunks(Reference(skip_special_tokens=skip), ref, ids)
        assert chunks(subtok.DecodeStream(skip_special_tokens=skip), ours, ids) == want, ids


@pytest.mark.parametrize("path", FILES)
def test_prefill_and_lists_of_ids_are_tokenizers(path):
    tokenizers = oracle()
    from tokenizers.decoders import DecodeStream as Reference
    ref = tokenizers.Tokenizer.from_file(reference(path))
    ours = subtok.Tokenizer.from_file(reference(path))
    rnd = random.Random(3)
    for ids in id_sequences(ref, 11)[::3]:
        cut = rnd.randint(0, len(ids))
        want = chunks(Reference(ids=ids[:cut]), ref, ids[cut:])
        assert chunks(subtok.DecodeStream(ids=ids[:cut]), ours, ids[cut:]) == want, (ids, cut)
        groups = [ids[k:k + 3] for k in range(0, len(ids), 3)]
        reference_stream, stream = Reference(), subtok.DecodeStream()
        assert [stream.step(ours, g) for g in groups] == [reference_stream.step(ref, g) for g in groups], ids


def test_metaspace_and_byte_fallback_keep_spaces_and_characters():
    tokenizers = oracle()
    path = reference("spm-trained/llama-style-bpe.tokenizer.json")
    ref = tokenizers.Tokenizer.from_file(path)
    ours = subtok.Tokenizer.from_file(path)
    text = "Hello world, naïve 東京 🧑🏽‍💻 done"
    ids = ref.encode(text, add_special_tokens=False).ids
    pieces = [p for p in chunks(subtok.DecodeStream(), ours, ids) if p is not None]
    assert "".join(pieces) == ref.decode(ids, skip_special_tokens=False)
    assert any(p.startswith(" ") for p in pieces), pieces
    assert all("\ufffd" not in p for p in pieces), pieces


def test_bad_ids_raise_and_leave_the_stream_usable():
    tok = subtok.Tokenizer.from_file(FIXTURES + "/tiny-bytelevel.json")
    stream = subtok.DecodeStream()
    assert stream.step(tok, 259) == "hello"
    with pytest.raises(subtok.SubtokError):
        stream.step(tok, 99999)
    with pytest.raises(OverflowError):
        stream.step(tok, 2**32)
    with pytest.raises(OverflowError):
        stream.step(tok, -1)
    with pytest.raises(TypeError):
        stream.step("not a tokenizer", 259)
    with pytest.raises(TypeError):
        stream.step(tok, "259")
    assert stream.step(tok, 264) == " world"


def test_copies_continue_independently():
    tok = subtok.Tokenizer.from_file(FIXTURES + "/tiny-bytelevel.json")
    stream = subtok.DecodeStream()
    e_acute = [tok.token_to_id(t) for t in ("Ã", "©")]
    assert stream.step(tok, e_acute[0]) is None
    twin = copy.copy(stream)
    deep = copy.deepcopy(stream)
    assert stream.step(tok, e_acute[1]) == "é"
    assert twin.step(tok, e_acute[1]) == "é"
    assert deep.step(tok, 259) is not None
