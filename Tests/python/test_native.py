"""The native extension (python/native): numpy results, copies, handles replaced while other
threads encode, and argument handling under random Python values."""
import copy
import os
import random
import threading

import numpy as np
import pytest

import subtok
from conftest import FIXTURES

FIXTURE = FIXTURES + "/tiny-bytelevel.json"
TEXTS = ["hello world", "", "héllo wörld <|end|>", "hello " * 300, "日本語のテキスト"]


@pytest.fixture
def tok():
    return subtok.Tokenizer.from_file(FIXTURE)


def test_encode_to_numpy_matches_encode_ids(tok):
    for text in TEXTS:
        array = tok.encode_to_numpy(text, allow_special=True)
        assert array.dtype == np.uint32
        assert array.tolist() == tok.encode_ids(text, allow_special=True)
    assert tok.encode_to_numpy("hello world").tolist() == [259, 264]


def test_encode_batch_to_numpy_slices_match_encode_batch_ids(tok):
    ids, starts = tok.encode_batch_to_numpy(TEXTS, threads=2)
    assert ids.dtype == np.uint32 and starts.dtype == np.uint64 and len(starts) == len(TEXTS) + 1
    want = tok.encode_batch_ids(TEXTS, threads=2)
    assert [ids[starts[k]:starts[k + 1]].tolist() for k in range(len(TEXTS))] == want
    empty_ids, empty_starts = tok.encode_batch_to_numpy([])
    assert len(empty_ids) == 0 and empty_starts.tolist() == [0]


def test_batches_of_many_chunks_equal_one_call_per_text_and_leave_the_collector_as_found(tok):
    import gc
    rng = random.Random(7)
    words = ["hello", "world", "héllo", "wörld", "日本語", " ", "  ", "\n", "<|end|>", "x" * 40]
    texts = ["".join(rng.choice(words) for _ in range(rng.randrange(0, 30))) for _ in range(3000)]
    want = [tok.encode_ids(text) for text in texts]
    for threads in (1, 2):
        for collecting in (True, False):
            (gc.enable if collecting else gc.disable)()
            try:
                assert tok.encode_batch_ids(texts, threads=threads) == want
                assert gc.isenabled() == collecting
            finally:
                gc.enable()
        ids, starts = tok.encode_batch_to_numpy(texts, threads=threads)
        assert starts[-1] == len(ids) == sum(map(len, want))
        assert [ids[starts[k]:starts[k + 1]].tolist() for k in range(len(texts))] == want


def test_id_lists_are_plain_lists_the_cycle_collector_does_not_walk(tok):
    import gc
    lists = [tok.encode_ids("hello world"), tok.encode("hello world").ids] + tok.encode_batch_ids(TEXTS)
    for ids in lists:
        assert type(ids) is list and not gc.is_tracked(ids)
    ids = lists[0]
    ids.append(7)
    assert ids == [259, 264, 7] and ids[:2] == tok.encode_ids("hello world")
    assert gc.is_tracked(tok.encode_batch_ids(TEXTS))


def test_decode_takes_numpy_arrays_and_rejects_ids_beyond_32_bits(tok):
    assert tok.decode(np.array([259, 264], dtype=np.uint32)) == "hello world"
    assert tok.decode(ids for ids in [259, 264]) == "hello world"
    with pytest.raises(OverflowError):
        tok.decode([259, 2 ** 32])
    with pytest.raises(OverflowError):
        tok.decode([-1])
    with pytest.raises(TypeError):
        tok.decode(["hello"])


def test_a_long_text_and_long_decode_leave_the_stack_buffers(tok):
    text = "hello" + " world" * 5000
    ids = tok.encode_ids(text)
    assert ids == [259] + [264] * 5000
    assert tok.decode(ids) == text


def test_padding_beyond_the_stack_buffer_is_not_cut(tok):
    tok.enable_padding(length=3000, pad_id=0)
    ids = tok.encode_ids("hello world")
    assert len(ids) == 3000 and ids[:2] == [259, 264] and set(ids[2:]) == {0}
    assert len(tok.encode_to_numpy("hello world")) == 3000


def test_a_copy_keeps_its_own_settings(tok):
    for clone in (copy.copy(tok), copy.deepcopy(tok)):
        assert type(clone) is subtok.Tokenizer
        clone.enable_padding(length=8, pad_id=0)
        assert clone.encode_ids("hello") == [259] + [0] * 7
        assert tok.encode_ids("hello") == [259]


def test_the_base_type_cannot_be_made_unloaded():
    with pytest.raises(TypeError):
        subtok.Tokenizer()


def test_replacing_the_handle_while_threads_encode(tok):
    text = "hello world " * 50
    plain = tok.encode_ids(text)
    padded = plain + [0] * (2000 - len(plain))
    stop = threading.Event()
    seen = []

    def encode():
        while not stop.is_set():
            ids = tok.encode_ids(text)
            seen.append(ids == plain or ids == padded)

    workers = [threading.Thread(target=encode) for _ in range(3)]
    for w in workers:
        w.start()
    for _ in range(300):
        tok.enable_padding(length=2000, pad_id=0)
        tok.no_padding()
    stop.set()
    for w in workers:
        w.join()
    assert seen and all(seen)


def test_library_path_names_the_loaded_library():
    path = subtok.library_path()
    assert os.path.exists(path) and "libsubtok.so" in os.path.basename(path)
    assert subtok.version().count(".") == 2


VALUES = [None, 0, 1, -1, 2 ** 32, 2 ** 64, -2 ** 70, 1.5, float("nan"), "", "hello", "\ud800", "é" * 2000,
          b"hello", bytearray(b"x"), [], [259], [-1], [2 ** 40], ["a"], [None], (259, 264), range(3), {"a": 1},
          object(), np.array([259], dtype=np.int64), np.array([-5]), True, ("a", "b"), ["a", ("a", "b")], [("a",)],
          [("a", None)], ["\ud800", ("a", "\ud800")]]
METHODS = ["encode_ids", "count", "encode_batch_ids", "decode", "decode_bytes", "get_vocab_size", "token_to_id",
           "id_to_token", "encode", "encode_batch", "encode_to_numpy", "encode_batch_to_numpy", "decode_batch",
           "enable_truncation", "enable_padding", "set_sampling", "set_sampling_seed", "num_special_tokens_to_add"]
KEYWORDS = ["add_special_tokens", "allow_special", "threads", "skip_special_tokens", "pair", "with_added_tokens",
            "bogus"]
RAISED = (TypeError, ValueError, OverflowError, subtok.SubtokError)


def test_random_arguments_raise_python_errors_never_crash():
    rng = random.Random(20261202)
    for _ in range(4000):
        tok = subtok.Tokenizer.from_file(FIXTURE)
        method = getattr(tok, rng.choice(METHODS))
        args = [rng.choice(VALUES) for _ in range(rng.randrange(4))]
        kwargs = {rng.choice(KEYWORDS): rng.choice(VALUES) for _ in range(rng.randrange(2))}
        try:
            method(*args, **kwargs)
        except RAISED:
            pass
    assert tok.encode_ids("hello world") == [259, 264]


ENCODING_METHODS = ["token_to_sequence", "token_to_chars", "token_to_word", "char_to_token", "char_to_word",
                    "word_to_tokens", "word_to_chars"]


def test_random_encoding_navigation_arguments_raise_python_errors_never_crash():
    rng = random.Random(20261207)
    tok = subtok.Tokenizer.from_file(FIXTURE)
    encodings = [tok.encode("hello world<|end|>"), tok.encode("hello", "world"), tok.encode("")]
    for _ in range(3000):
        method = getattr(rng.choice(encodings), rng.choice(ENCODING_METHODS))
        args = [rng.choice(VALUES + [3, 2 ** 62]) for _ in range(rng.randrange(4))]
        kwargs = {rng.choice(["sequence_index", "char_pos", "word_index", "bogus"]): rng.choice(VALUES) for _ in range(rng.randrange(2))}
        try:
            method(*args, **kwargs)
        except RAISED:
            pass
    # As tokenizers answers for this file: "world" is the tokens w, or, ld.
    assert encodings[0].word_ids == [0, 1, 2] and encodings[1].char_to_token(1, 1) == 2


def test_random_decode_stream_arguments_raise_python_errors_never_crash():
    rng = random.Random(20261203)
    tok = subtok.Tokenizer.from_file(FIXTURE)
    for _ in range(3000):
        try:
            stream = subtok.DecodeStream(*[rng.choice(VALUES) for _ in range(rng.randrange(3))])
        except RAISED:
            stream = subtok.DecodeStream()
        for _ in range(rng.randrange(4)):
            args = [rng.choice(VALUES + [tok, tok]) for _ in range(rng.randrange(3))]
            try:
                stream.step(*args)
            except RAISED:
                pass
    assert subtok.DecodeStream().step(tok, 259) == "hello"


def test_the_stubs_name_every_public_method():
    import ast
    stub = ast.parse(open(os.path.join(os.path.dirname(subtok.__file__), "__init__.pyi")).read())
    declared = {node.name: {item.name if isinstance(item, ast.FunctionDef) else item.target.id
                            for item in node.body if isinstance(item, (ast.FunctionDef, ast.AnnAssign))}
                for node in stub.body if isinstance(node, ast.ClassDef)}
    assert os.path.exists(os.path.join(os.path.dirname(subtok.__file__), "py.typed"))
    for cls in (subtok.Tokenizer, subtok.Encoding, subtok.Trainer, subtok.DecodeStream):
        public = {name for name in dir(cls) if not name.startswith("_")}
        assert public - declared[cls.__name__] == set(), cls.__name__


def test_a_stride_not_below_max_length_is_a_value_error(tok):
    with pytest.raises(ValueError):
        tok.enable_truncation(4, stride=4)
    with pytest.raises(ValueError):
        tok.enable_truncation(4, stride=9)
    tok.enable_truncation(4, stride=3)
    assert len(tok.encode_ids("hello" + " world" * 10)) == 4


def test_a_model_directory_loads_its_tokenizer_json(tmp_path):
    import shutil
    shutil.copy(FIXTURE, tmp_path / "tokenizer.json")
    (tmp_path / "vocab.txt").write_text("[UNK]\nhello\n")
    assert subtok.Tokenizer.from_file(tmp_path).encode_ids("hello world") == [259, 264]
