"""tokenizers' API on Subtok's Tokenizer, against tokenizers itself: get_vocab, to_str, pickle and
copies, and the padding / truncation properties."""
import copy
import pickle

import pytest

import subtok
from conftest import oracle, reference

FILES = ["gpt2/tokenizer.json", "bert-base-uncased/tokenizer.json"]
TEXTS = ["Hello world, this is a test.", "héllo wörld 日本語", "  spaces   and\ttabs\n", ""]


@pytest.mark.parametrize("path", FILES)
def test_get_vocab_is_tokenizers(path):
    theirs = oracle().Tokenizer.from_file(reference(path))
    ours = subtok.Tokenizer.from_file(reference(path))
    assert ours.get_vocab() == theirs.get_vocab(with_added_tokens=True)


@pytest.mark.parametrize("path", FILES)
def test_to_str_loads_in_tokenizers_and_round_trips(path):
    ours = subtok.Tokenizer.from_file(reference(path))
    theirs = oracle().Tokenizer.from_str(ours.to_str())
    again = subtok.Tokenizer.from_str(ours.to_str(pretty=True))
    for text in TEXTS:
        assert theirs.encode(text).ids == ours.encode_ids(text) == again.encode_ids(text)


def test_pickle_and_copies_keep_settings_and_stay_independent():
    ours = subtok.Tokenizer.from_file(reference("bert-base-uncased/tokenizer.json"))
    ours.no_padding()
    ours.enable_truncation(8)
    for clone in (pickle.loads(pickle.dumps(ours)), copy.copy(ours), copy.deepcopy(ours)):
        assert type(clone) is subtok.Tokenizer
        assert [clone.encode_ids(t) for t in TEXTS] == [ours.encode_ids(t) for t in TEXTS]
        clone.enable_padding(length=12)
        assert len(clone.encode_ids("hi")) == 12 and len(ours.encode_ids("hi")) == 3


def test_pickle_keeps_sampling_and_seed():
    ours = subtok.Tokenizer.from_file(reference("spm-trained/t5-style-unigram.model"))
    ours.set_sampling(alpha=0.5, nbest_size=-1)
    ours.set_sampling_seed(7)
    clone = pickle.loads(pickle.dumps(ours))
    words = ["tokenization", "unbelievable", "reinstated", "subword"] * 5
    assert [clone.encode_ids(w) for w in words] == [ours.encode_ids(w) for w in words]


def test_padding_and_truncation_properties_are_tokenizers():
    path = reference("bert-base-uncased/tokenizer.json")
    theirs = oracle().Tokenizer.from_file(path)
    ours = subtok.Tokenizer.from_file(path)
    assert ours.padding == theirs.padding and ours.truncation == theirs.truncation
    for tok in (theirs, ours):
        tok.enable_padding(direction="left", pad_id=3, pad_type_id=1, pad_token="[X]", length=16, pad_to_multiple_of=8)
        tok.enable_truncation(10, stride=2, strategy="only_first", direction="left")
    assert ours.padding == theirs.padding
    assert ours.truncation == theirs.truncation
    for tok in (theirs, ours):
        tok.no_padding()
        tok.no_truncation()
    assert ours.padding is None and ours.truncation is None and theirs.padding is None


def test_encoding_fields_and_overflowing_parts_are_tokenizers():
    """The native Encoding: every field (character offsets included) of the encoding and of each
    truncated-off part equals tokenizers', on a text and pair with non-ASCII characters; a field
    is built once and the same list is returned again."""
    path = reference("gpt2/tokenizer.json")
    ours, theirs = subtok.Tokenizer.from_file(path), oracle().Tokenizer.from_file(path)
    for tok in (ours, theirs):
        tok.enable_truncation(6, stride=1)
    text, pair = "héllo wörld, naïve café — ünïcode text goes on", "pâir ñ"
    fields = ("ids", "tokens", "offsets", "type_ids", "attention_mask", "special_tokens_mask", "sequence_ids")
    for args in ((text,), (text, pair)):
        got, want = ours.encode(*args), theirs.encode(*args)
        assert isinstance(got, subtok.Encoding) and len(got) == len(want)
        for name in fields:
            assert getattr(got, name) == getattr(want, name), (args, name)
            assert getattr(got, name) is getattr(got, name)
        assert len(got.overflowing) == len(want.overflowing) > 0
        for g, w in zip(got.overflowing, want.overflowing):
            for name in fields:
                assert getattr(g, name) == getattr(w, name), (args, name)
        assert repr(got).startswith(f"Encoding(num_tokens={len(want)}, ids={want.ids[:8]}")
    batch = ours.encode_batch([text, "ünï"])
    assert [e.offsets for e in batch] == [e.offsets for e in theirs.encode_batch([text, "ünï"])]


def test_encode_batch_of_texts_and_pairs_is_tokenizers():
    """A batch mixing texts and (text, pair) tuples and lists, with batch padding and pair
    truncation, against tokenizers; a malformed item is a TypeError naming its index."""
    path = reference("bert-base-uncased/tokenizer.json")
    ours, theirs = subtok.Tokenizer.from_file(path), oracle().Tokenizer.from_file(path)
    for tok in (ours, theirs):
        tok.enable_padding()
        tok.enable_truncation(12)
    inputs = ["Hello there, world!", ("A first text", "and its pair"), ["héllo", "wörld again and again"], "x"]
    got, want = ours.encode_batch(inputs), theirs.encode_batch(inputs)
    fields = ("ids", "type_ids", "attention_mask", "special_tokens_mask", "offsets", "sequence_ids", "tokens")
    for name in fields:
        assert [getattr(e, name) for e in got] == [getattr(e, name) for e in want], name
    with pytest.raises(TypeError, match="input 1"):
        ours.encode_batch(["a", ("only one",)])


@pytest.mark.parametrize("path", ["bert-base-uncased/tokenizer.json", "gpt2/tokenizer.json", "gpt2/roberta-style.tokenizer.json",
                                  "spm-trained/llama-style-bpe.tokenizer.json", "spm-trained/t5-style-unigram.tokenizer.json"])
def test_num_special_tokens_to_add_is_tokenizers(path):
    ours, theirs = subtok.Tokenizer.from_file(reference(path)), oracle().Tokenizer.from_file(reference(path))
    for is_pair in (False, True):
        assert ours.num_special_tokens_to_add(is_pair) == theirs.num_special_tokens_to_add(is_pair), (path, is_pair)


WORD_FILES = ["gpt2/tokenizer.json", "gpt2/roberta-style.tokenizer.json", "bert-base-uncased/tokenizer.json",
              "spm-trained/t5-style-unigram.tokenizer.json", "spm-trained/llama-style-bpe.tokenizer.json",
              "tiktoken/cl100k_base.tokenizer.json"]
WORD_TEXTS = ["", " ", "Hello, world!", "  don't   stop  ", "héllo wörld 😀 naïve", "a\u0301 x\ty\n", "日本語のテキスト です",
              "[CLS] hello [SEP] <s> hi </s> <|endoftext|>", "It's 1,234.5 miles—or so.  Right?"]


def navigation(e, texts):
    """Every answer of an Encoding's token / word / character navigation over `texts`."""
    answers = [e.n_sequences, e.word_ids, e.words]
    for i in range(len(e.ids) + 1):
        answers += [e.token_to_chars(i), e.token_to_word(i), e.token_to_sequence(i)]
    for sequence, text in enumerate(texts):
        for c in range(len(text) + 1):
            answers += [e.char_to_token(c, sequence), e.char_to_word(c, sequence)]
        for word in range(len(text) + 2):
            answers += [e.word_to_tokens(word, sequence), e.word_to_chars(word, sequence)]
    return answers


@pytest.mark.parametrize("path", WORD_FILES)
def test_word_ids_and_navigation_are_tokenizers(path):
    """word_ids (the pre-tokenizer's pieces, numbered per sequence) and tokenizers' token / word /
    character navigation, on texts, pairs, corpus lines and special tokens in the text."""
    from test_oracle import corpus_lines
    ours, theirs = subtok.Tokenizer.from_file(reference(path)), oracle().Tokenizer.from_file(reference(path))
    for tok in (ours, theirs):
        tok.no_padding()
        tok.no_truncation()
    texts = WORD_TEXTS + corpus_lines(40)
    for k, text in enumerate(texts):
        pair = texts[(k * 7 + 3) % len(texts)]
        for args in ((text,), (text, pair)):
            assert navigation(ours.encode(*args), args) == navigation(theirs.encode(*args), args), args
    got = ours.encode_batch(texts[:10])
    assert [e.word_ids for e in got] == [e.word_ids for e in theirs.encode_batch(texts[:10])]


def test_word_ids_of_truncated_padded_and_overflowing_parts_are_tokenizers():
    path = reference("bert-base-uncased/tokenizer.json")
    ours, theirs = subtok.Tokenizer.from_file(path), oracle().Tokenizer.from_file(path)
    for tok in (ours, theirs):
        tok.enable_truncation(9, stride=2)
        tok.enable_padding(length=9)
    text, pair = "The quick brown fox jumps over the lazy dog, twice and again.", "A pair of words here"
    for args in ((text,), (text, pair)):
        got, want = ours.encode(*args), theirs.encode(*args)
        assert navigation(got, args) == navigation(want, args)
        assert [navigation(p, args) for p in got.overflowing] == [navigation(p, args) for p in want.overflowing]


@pytest.mark.parametrize("path", WORD_FILES)
def test_pretokenized_input_is_tokenizers(path):
    """is_pretokenized: every field, word ids and navigation (offsets within each word) of words,
    pairs of word lists and batches, against tokenizers."""
    from test_oracle import corpus_lines
    ours, theirs = subtok.Tokenizer.from_file(reference(path)), oracle().Tokenizer.from_file(reference(path))
    for tok in (ours, theirs):
        tok.no_padding()
        tok.no_truncation()
    items = [line.split() for line in corpus_lines(20)] + [["héllo", "wörld", "😀"], [], ["", "a", ""], ["Hello", ",", "!"]]
    fields = ("ids", "tokens", "offsets", "type_ids", "attention_mask", "special_tokens_mask", "sequence_ids")
    for k, words in enumerate(items):
        pair = tuple(items[(k * 5 + 1) % len(items)])
        for args in ((words,), (words, pair)):
            got, want = ours.encode(*args, is_pretokenized=True), theirs.encode(*args, is_pretokenized=True)
            assert [getattr(got, f) for f in fields] == [getattr(want, f) for f in fields], args
            assert navigation(got, []) == navigation(want, [])
    inputs = items[:6] + [(items[0], items[1])]
    got, want = ours.encode_batch(inputs, is_pretokenized=True), theirs.encode_batch(inputs, is_pretokenized=True)
    assert [(e.ids, e.offsets, e.word_ids) for e in got] == [(e.ids, e.offsets, e.word_ids) for e in want]
    with pytest.raises(TypeError, match="input 1"):
        ours.encode_batch([["a"], "not words"], is_pretokenized=True)


def test_pretokenized_input_with_truncation_and_padding_is_tokenizers():
    path = reference("bert-base-uncased/tokenizer.json")
    ours, theirs = subtok.Tokenizer.from_file(path), oracle().Tokenizer.from_file(path)
    for tok in (ours, theirs):
        tok.enable_truncation(12, stride=2)
        tok.enable_padding()
    words, pair = "The quick brown fox jumps over the lazy dog again and again".split(), ["a", "pair"]
    for args in ((words,), (words, pair)):
        got, want = ours.encode(*args, is_pretokenized=True), theirs.encode(*args, is_pretokenized=True)
        assert (got.ids, got.offsets, got.word_ids) == (want.ids, want.offsets, want.word_ids)
        assert len(got.overflowing) > 0
        assert [(p.ids, p.offsets, p.word_ids) for p in got.overflowing] == [(p.ids, p.offsets, p.word_ids) for p in want.overflowing]
    got = ours.encode_batch([words, words[:2]], is_pretokenized=True)
    want = theirs.encode_batch([words, words[:2]], is_pretokenized=True)
    assert [(e.ids, e.attention_mask, e.word_ids) for e in got] == [(e.ids, e.attention_mask, e.word_ids) for e in want]


SHAPES = [dict(truncation=dict(max_length=12)), dict(truncation=dict(max_length=12, direction="left", stride=3)),
          dict(truncation=dict(max_length=1)), dict(truncation=dict(max_length=2)),
          dict(padding=dict(length=16)), dict(padding=dict(direction="left", pad_to_multiple_of=8)),
          dict(truncation=dict(max_length=10), padding=dict(length=10, direction="left")),
          dict(truncation=dict(max_length=20), padding=dict(pad_to_multiple_of=7))]


@pytest.mark.parametrize("path", ["bert-base-uncased/tokenizer.json", "gpt2/roberta-style.tokenizer.json",
                                  "spm-trained/llama-style-bpe.tokenizer.json", "gpt2/tokenizer.json"])
@pytest.mark.parametrize("shape", range(len(SHAPES)))
def test_encodings_under_truncation_and_padding_are_tokenizers(path, shape):
    """encode_ids, encode_batch_ids and encode_batch_to_numpy with truncation and padding (the ids
    path shapes ids without building encodings) equal tokenizers' encode(...).ids; encode and
    encode_batch (one pass for texts that fit) equal tokenizers' in every field."""
    from test_oracle import corpus_lines
    ours, theirs = subtok.Tokenizer.from_file(reference(path)), oracle().Tokenizer.from_file(reference(path))
    for tok in (ours, theirs):
        tok.no_padding()
        tok.no_truncation()
        settings = SHAPES[shape]
        if "truncation" in settings:
            tok.enable_truncation(**settings["truncation"])
        if "padding" in settings:
            tok.enable_padding(**settings["padding"])
    texts = corpus_lines(30) + ["", "x", "Hello, world!", "héllo wörld 日本語 😀 " * 6]
    for special in (True, False):
        want = [theirs.encode(t, add_special_tokens=special).ids for t in texts]
        assert [ours.encode_ids(t, add_special_tokens=special) for t in texts] == want
        assert [ours.count(t, add_special_tokens=special) for t in texts] == [len(w) for w in want]
        batch = [e.ids for e in theirs.encode_batch(texts, add_special_tokens=special)]
        assert ours.encode_batch_ids(texts, add_special_tokens=special) == batch
        ids, starts = ours.encode_batch_to_numpy(texts, add_special_tokens=special)
        assert [ids[starts[k]:starts[k + 1]].tolist() for k in range(len(texts))] == batch
        fields = ("ids", "tokens", "offsets", "type_ids", "attention_mask", "special_tokens_mask", "sequence_ids")
        for got, want in zip([ours.encode(t, add_special_tokens=special) for t in texts] +
                             ours.encode_batch(texts, add_special_tokens=special),
                             [theirs.encode(t, add_special_tokens=special) for t in texts] +
                             theirs.encode_batch(texts, add_special_tokens=special)):
            assert [getattr(got, f) for f in fields] == [getattr(want, f) for f in fields]
