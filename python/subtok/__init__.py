"""Subtok for Python: a ctypes binding over libsubtok.so with the names `tokenizers` users know.

    from subtok import Tokenizer
    tok = Tokenizer.from_file("tokenizer.json")
    enc = tok.encode("Hello world")
    enc.ids, enc.tokens, enc.offsets        # offsets are character offsets, as in tokenizers
    tok.decode(enc.ids)

The library is found through $SUBTOK_LIBRARY, next to this package, or the system's library path.
"""
import ctypes
import json
import ctypes.util
import os

__all__ = ["Tokenizer", "Encoding", "SubtokError", "library_path"]

_HERE = os.path.dirname(os.path.abspath(__file__))


class SubtokError(Exception):
    """A failed Subtok call: `code` is the C status (SUBTOK_E_*), the message says what was wrong."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def library_path():
    """The path of libsubtok.so this binding loads."""
    env = os.environ.get("SUBTOK_LIBRARY")
    if env:
        return env
    for candidate in (os.path.join(_HERE, "libsubtok.so"), os.path.join(_HERE, "libsubtok.so.0")):
        if os.path.exists(candidate):
            return candidate
    found = ctypes.util.find_library("subtok")
    if found:
        return found
    raise OSError("libsubtok.so not found: set SUBTOK_LIBRARY or install Subtok (make install)")


_lib = ctypes.CDLL(library_path())
_size_t = ctypes.c_size_t
_u32p = ctypes.POINTER(ctypes.c_uint32)
_tok = ctypes.c_void_p
_enc = ctypes.c_void_p


def _fn(name, restype, *argtypes):
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_version = _fn("subtok_version", ctypes.c_char_p)
_last_error = _fn("subtok_last_error", ctypes.c_char_p)
_from_file = _fn("subtok_tokenizer_from_file_ex", ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32, ctypes.POINTER(_tok))
_from_buffer = _fn("subtok_tokenizer_from_buffer", ctypes.c_int, ctypes.c_char_p, _size_t, ctypes.POINTER(_tok))
_save = _fn("subtok_tokenizer_save", ctypes.c_int, _tok, ctypes.c_char_p)
_free = _fn("subtok_tokenizer_free", None, _tok)
_vocab_size = _fn("subtok_vocab_size", _size_t, _tok)
_token_to_id = _fn("subtok_token_to_id", ctypes.c_int, _tok, ctypes.c_char_p, _size_t, _u32p)
_id_to_token = _fn("subtok_id_to_token", ctypes.c_int, _tok, ctypes.c_uint32, ctypes.c_char_p, _size_t, ctypes.POINTER(_size_t))
_encode_ids = _fn("subtok_encode_ids_alloc", ctypes.c_int, _tok, ctypes.c_char_p, _size_t, ctypes.c_uint32,
                  ctypes.POINTER(_u32p), ctypes.POINTER(_size_t))
_ids_free = _fn("subtok_ids_free", None, _u32p)
_count = _fn("subtok_count", ctypes.c_int, _tok, ctypes.c_char_p, _size_t, ctypes.c_uint32, ctypes.POINTER(_size_t))
_encode = _fn("subtok_encode", ctypes.c_int, _tok, ctypes.c_char_p, _size_t, ctypes.c_uint32, ctypes.POINTER(_enc))
_encode_batch = _fn("subtok_encode_batch", ctypes.c_int, _tok, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(_size_t),
                    _size_t, ctypes.c_uint32, _size_t, ctypes.POINTER(_enc), ctypes.POINTER(_size_t))
_encode_batch_ids = _fn("subtok_encode_batch_ids", ctypes.c_int, _tok, ctypes.POINTER(ctypes.c_char_p),
                        ctypes.POINTER(_size_t), _size_t, ctypes.c_uint32, _size_t, ctypes.POINTER(_u32p),
                        ctypes.POINTER(ctypes.POINTER(_size_t)), ctypes.POINTER(_size_t))
_offsets_free = _fn("subtok_offsets_free", None, ctypes.POINTER(_size_t))
_enc_free = _fn("subtok_encoding_free", None, _enc)
_enc_len = _fn("subtok_encoding_len", _size_t, _enc)
_enc_ids = _fn("subtok_encoding_ids", _u32p, _enc)
_enc_type_ids = _fn("subtok_encoding_type_ids", _u32p, _enc)
_enc_attention = _fn("subtok_encoding_attention_mask", _u32p, _enc)
_enc_special = _fn("subtok_encoding_special_tokens_mask", _u32p, _enc)
_enc_offsets = _fn("subtok_encoding_offsets", ctypes.POINTER(_size_t), _enc)
_enc_token = _fn("subtok_encoding_token_bytes", ctypes.c_void_p, _enc, _size_t, ctypes.POINTER(_size_t))
_enc_sequence_ids = _fn("subtok_encoding_sequence_ids", ctypes.POINTER(ctypes.c_int32), _enc)
_enc_overflowing_len = _fn("subtok_encoding_overflowing_len", _size_t, _enc)
_enc_overflowing = _fn("subtok_encoding_overflowing", _enc, _enc, _size_t)
_encode_pair = _fn("subtok_encode_pair", ctypes.c_int, _tok, ctypes.c_char_p, _size_t, ctypes.c_char_p, _size_t,
                   ctypes.c_uint32, ctypes.POINTER(_enc))
_with_truncation = _fn("subtok_tokenizer_with_truncation", ctypes.c_int, _tok, _size_t, _size_t, ctypes.c_int, ctypes.c_int,
                       ctypes.POINTER(_tok))
_without_truncation = _fn("subtok_tokenizer_without_truncation", ctypes.c_int, _tok, ctypes.POINTER(_tok))
_with_padding = _fn("subtok_tokenizer_with_padding", ctypes.c_int, _tok, _size_t, _size_t, ctypes.c_uint32, ctypes.c_uint32,
                    ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(_tok))
_without_padding = _fn("subtok_tokenizer_without_padding", ctypes.c_int, _tok, ctypes.POINTER(_tok))
_with_seed = _fn("subtok_tokenizer_with_seed", ctypes.c_int, _tok, ctypes.c_uint64, ctypes.POINTER(_tok))
_without_seed = _fn("subtok_tokenizer_without_seed", ctypes.c_int, _tok, ctypes.POINTER(_tok))
_with_sampling = _fn("subtok_tokenizer_with_sampling", ctypes.c_int, _tok, ctypes.c_double, ctypes.c_int,
                     ctypes.POINTER(_tok))
_without_sampling = _fn("subtok_tokenizer_without_sampling", ctypes.c_int, _tok, ctypes.POINTER(_tok))
_decode = _fn("subtok_decode_alloc", ctypes.c_int, _tok, _u32p, _size_t, ctypes.c_uint32,
              ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(_size_t))
_string_free = _fn("subtok_string_free", None, ctypes.c_void_p)
_trainer = ctypes.c_void_p
_trainer_new = _fn("subtok_trainer_new", ctypes.c_int, ctypes.c_char_p, _size_t, ctypes.POINTER(_trainer))
_trainer_feed = _fn("subtok_trainer_feed", ctypes.c_int, _trainer, ctypes.c_char_p, _size_t)
_trainer_feed_file = _fn("subtok_trainer_feed_file", ctypes.c_int, _trainer, ctypes.c_char_p)
_trainer_finish = _fn("subtok_trainer_finish", ctypes.c_int, _trainer, ctypes.POINTER(_tok))
_trainer_free = _fn("subtok_trainer_free", None, _trainer)


def _check(status):
    if status != 0:
        raise SubtokError(status, _last_error().decode("utf-8", "replace"))


def version():
    """The library version string."""
    return _version().decode()


def _char_index(text, data):
    """For each byte offset into data (text's UTF-8), the character offset into text; None when
    they coincide (ASCII)."""
    if len(data) == len(text):
        return None
    char_at = [0] * (len(data) + 1)
    b = 0
    for i, ch in enumerate(text):
        n = len(ch.encode("utf-8"))
        for k in range(n):
            char_at[b + k] = i
        b += n
    char_at[b] = len(text)
    return char_at


def _char_offsets(text, data, byte_offsets):
    """Byte offsets into data (text's UTF-8) as character offsets into text."""
    char_at = _char_index(text, data)
    if char_at is None:
        return byte_offsets
    return [(char_at[s], char_at[e]) for s, e in byte_offsets]


class Encoding:
    """One encoded text: `ids`, `tokens`, `offsets` (character offsets), `type_ids`,
    `attention_mask`, `special_tokens_mask`, like `tokenizers.Encoding`. Fields other than
    `ids` are read from the library on first access."""

    __slots__ = ("_handle", "_texts", "_owner", "_n", "ids", "_cache")

    def __init__(self, handle, texts, owner=None):
        """Wraps an encoding handle; `texts` are (text, utf8) per input sequence; `owner` keeps a
        parent alive for borrowed (overflowing) handles, which are not freed here."""
        self._handle = handle
        self._texts = texts
        self._owner = owner
        self._n = n = _enc_len(handle)
        self.ids = _enc_ids(handle)[:n] if n else []
        self._cache = {}

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle and getattr(self, "_owner", None) is None:
            _enc_free(handle)
            self._handle = None

    def _array(self, name, getter):
        if name not in self._cache:
            self._cache[name] = getter(self._handle)[:self._n] if self._n else []
        return self._cache[name]

    @property
    def type_ids(self):
        return self._array("type_ids", _enc_type_ids)

    @property
    def attention_mask(self):
        return self._array("attention_mask", _enc_attention)

    @property
    def special_tokens_mask(self):
        return self._array("special_tokens_mask", _enc_special)

    @property
    def tokens(self):
        if "tokens" not in self._cache:
            n = _size_t()
            tokens = []
            for i in range(self._n):
                pointer = _enc_token(self._handle, i, ctypes.byref(n))
                tokens.append(ctypes.string_at(pointer, n.value).decode("utf-8"))
            self._cache["tokens"] = tokens
        return self._cache["tokens"]

    @property
    def sequence_ids(self):
        """The input sequence of each token (0, 1), None for special tokens and padding."""
        if "sequence_ids" not in self._cache:
            raw = _enc_sequence_ids(self._handle)[:self._n] if self._n else []
            self._cache["sequence_ids"] = [None if s < 0 else s for s in raw]
        return self._cache["sequence_ids"]

    @property
    def offsets(self):
        """Character offsets into the text each token came from ((0, 0) for special tokens)."""
        if "offsets" not in self._cache:
            flat = _enc_offsets(self._handle)[:2 * self._n] if self._n else []
            pairs = list(zip(flat[0::2], flat[1::2]))
            if len(self._texts) == 1:
                text, data = self._texts[0]
                self._cache["offsets"] = _char_offsets(text, data, pairs)
            else:
                maps = [_char_index(text, data) for text, data in self._texts]
                result = []
                for (start, end), s in zip(pairs, self.sequence_ids):
                    if s is None or s >= len(maps):
                        result.append((start, end))
                    elif maps[s] is None:
                        result.append((start, end))
                    else:
                        result.append((maps[s][start], maps[s][end]))
                self._cache["offsets"] = result
        return self._cache["offsets"]

    @property
    def overflowing(self):
        """The parts cut off by truncation, as Encodings."""
        if "overflowing" not in self._cache:
            count = _enc_overflowing_len(self._handle)
            self._cache["overflowing"] = [Encoding(_enc(_enc_overflowing(self._handle, i)), self._texts, owner=self)
                                          for i in range(count)]
        return self._cache["overflowing"]

    def __len__(self):
        return self._n

    def __repr__(self):
        return f"Encoding(num_tokens={self._n}, ids={self.ids[:8]}{'...' if self._n > 8 else ''})"


def _batch(inputs):
    """Texts, their UTF-8, and the C arrays of pointers and lengths for a batch call."""
    texts = list(inputs)
    datas = [t.encode("utf-8") for t in texts]
    ptrs = (ctypes.c_char_p * max(len(datas), 1))(*datas)
    lens = (_size_t * max(len(datas), 1))(*[len(d) for d in datas])
    return texts, datas, ptrs, lens


def _flags(add_special_tokens, allow_special=False):
    return (1 if add_special_tokens else 0) | (2 if allow_special else 0)


class Tokenizer:
    """A loaded tokenizer; immutable and safe to share between threads."""

    def __init__(self, handle):
        self._handle = handle

    @classmethod
    def from_file(cls, path, cased=False, pattern=None):
        """Loads tokenizer.json, a GPT-2 vocab.json with merges.txt beside it, a BERT vocab.txt
        (lowercasing unless cased=True), a SentencePiece .model, or a tiktoken rank file (found by
        its content; pattern: "gpt2", "cl100k", "llama3", "qwen2" or "o200k" in place of the one
        its name or number of tokens gives)."""
        patterns = {None: 0, "gpt2": 0x100, "cl100k": 0x200, "o200k": 0x300, "llama3": 0x400, "qwen2": 0x500}
        if pattern not in patterns:
            raise ValueError("pattern must be gpt2, cl100k, llama3, qwen2 or o200k")
        handle = _tok()
        _check(_from_file(os.fsencode(path), (1 if cased else 0) | patterns[pattern], ctypes.byref(handle)))
        return cls(handle)

    @classmethod
    def from_str(cls, json_text):
        """Loads a tokenizer from tokenizer.json text."""
        data = json_text.encode("utf-8")
        handle = _tok()
        _check(_from_buffer(data, len(data), ctypes.byref(handle)))
        return cls(handle)

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle:
            _free(handle)
            self._handle = None

    def save(self, path):
        """Writes the tokenizer as tokenizer.json (a SentencePiece .model converted as the
        Hugging Face converters do)."""
        _check(_save(self._handle, os.fsencode(path)))

    def get_vocab_size(self, with_added_tokens=True):
        """The number of ids (added tokens included)."""
        return _vocab_size(self._handle)

    def token_to_id(self, token):
        """The id of a token string, or None."""
        data = token.encode("utf-8")
        out = ctypes.c_uint32()
        if _token_to_id(self._handle, data, len(data), ctypes.byref(out)) != 0:
            return None
        return out.value

    def id_to_token(self, id):
        """The token string of an id, or None."""
        if not 0 <= id < 2 ** 32:
            return None
        n = _size_t()
        buf = ctypes.create_string_buffer(256)
        status = _id_to_token(self._handle, id, buf, 256, ctypes.byref(n))
        if status == 4:
            buf = ctypes.create_string_buffer(n.value + 1)
            status = _id_to_token(self._handle, id, buf, n.value + 1, ctypes.byref(n))
        if status != 0:
            return None
        return buf.raw[:n.value].decode("utf-8")

    def encode(self, sequence, pair=None, add_special_tokens=True, allow_special=False):
        """Encodes a text (and optionally its pair) into an Encoding. allow_special matches special
        tokens in tokenizers that read them as text (tiktoken rank files)."""
        data = sequence.encode("utf-8")
        handle = _enc()
        flags = _flags(add_special_tokens, allow_special)
        if pair is None:
            _check(_encode(self._handle, data, len(data), flags, ctypes.byref(handle)))
            return Encoding(handle, [(sequence, data)])
        pair_data = pair.encode("utf-8")
        _check(_encode_pair(self._handle, data, len(data), pair_data, len(pair_data), flags, ctypes.byref(handle)))
        return Encoding(handle, [(sequence, data), (pair, pair_data)])

    def _replace(self, function, *args):
        new = _tok()
        _check(function(self._handle, *args, ctypes.byref(new)))
        _free(self._handle)
        self._handle = new

    def enable_truncation(self, max_length, stride=0, strategy="longest_first", direction="right"):
        """Cuts encodings to max_length tokens (special tokens included), as tokenizers does."""
        strategies = {"longest_first": 0, "only_first": 1, "only_second": 2}
        if strategy not in strategies or direction not in ("right", "left") or max_length < 0 or stride < 0:
            raise ValueError("invalid truncation parameters")
        self._replace(_with_truncation, max_length, stride, strategies[strategy], 0 if direction == "right" else 1)

    def no_truncation(self):
        """Turns truncation off."""
        self._replace(_without_truncation)

    def enable_padding(self, direction="right", pad_id=0, pad_type_id=0, pad_token="[PAD]", length=None,
                       pad_to_multiple_of=None):
        """Pads to `length`, or (None) to the longest encoding of a batch."""
        if direction not in ("right", "left"):
            raise ValueError("direction must be 'right' or 'left'")
        self._replace(_with_padding, length or 0, pad_to_multiple_of or 0, pad_id, pad_type_id,
                      pad_token.encode("utf-8"), 0 if direction == "right" else 1)

    def no_padding(self):
        """Turns padding off."""
        self._replace(_without_padding)

    def set_sampling(self, alpha=0.1, nbest_size=-1):
        """Subword regularization for Unigram models, as sentencepiece's enable_sampling:
        nbest_size < 0 samples from all segmentations, 2..512 among the best nbest_size, 0 or 1
        (or alpha=None) turns it off."""
        if alpha is None:
            self._replace(_without_sampling)
        else:
            self._replace(_with_sampling, float(alpha), int(nbest_size))

    def set_sampling_seed(self, seed):
        """Seeds BPE-dropout and sampling: each text's sample then depends only on the seed and the text (in
        any order, thread or batch); None draws a fresh seed per call, as tokenizers does."""
        if seed is None:
            self._replace(_without_seed)
        else:
            self._replace(_with_seed, seed & 0xFFFFFFFFFFFFFFFF)

    def encode_ids(self, sequence, add_special_tokens=True, allow_special=False):
        """Only the ids of a text (faster than encode)."""
        data = sequence.encode("utf-8")
        ids = _u32p()
        n = _size_t()
        _check(_encode_ids(self._handle, data, len(data), _flags(add_special_tokens, allow_special), ctypes.byref(ids),
                           ctypes.byref(n)))
        try:
            return ids[:n.value] if n.value else []
        finally:
            _ids_free(ids)

    def count(self, sequence, add_special_tokens=True, allow_special=False):
        """The number of tokens a text encodes to (no token list is built)."""
        data = sequence.encode("utf-8")
        n = _size_t()
        _check(_count(self._handle, data, len(data), _flags(add_special_tokens, allow_special), ctypes.byref(n)))
        return n.value

    def encode_batch(self, inputs, add_special_tokens=True, threads=0, allow_special=False):
        """Encodes many texts in parallel (threads=0: one per core); results in input order."""
        texts, datas, ptrs, lens = _batch(inputs)
        n = len(texts)
        if n == 0:
            return []
        out = (_enc * n)()
        failed = _size_t()
        status = _encode_batch(self._handle, ptrs, lens, n, _flags(add_special_tokens, allow_special), threads, out,
                               ctypes.byref(failed))
        if status != 0:
            raise SubtokError(status, f"text {failed.value}: " + _last_error().decode("utf-8", "replace"))
        return [Encoding(_enc(out[k]), [(texts[k], datas[k])]) for k in range(n)]

    def encode_batch_ids(self, inputs, add_special_tokens=True, threads=0, allow_special=False):
        """Only the ids of many texts, in parallel: one list of ids per text (fastest batch call)."""
        texts, datas, ptrs, lens = _batch(inputs)
        n = len(texts)
        if n == 0:
            return []
        ids = _u32p()
        starts = ctypes.POINTER(_size_t)()
        failed = _size_t()
        status = _encode_batch_ids(self._handle, ptrs, lens, n, _flags(add_special_tokens, allow_special), threads,
                                   ctypes.byref(ids), ctypes.byref(starts), ctypes.byref(failed))
        if status != 0:
            raise SubtokError(status, f"text {failed.value}: " + _last_error().decode("utf-8", "replace"))
        try:
            bounds = starts[:n + 1]
            flat = ids[:bounds[n]] if bounds[n] else []
            return [flat[bounds[k]:bounds[k + 1]] for k in range(n)]
        finally:
            _ids_free(ids)
            _offsets_free(starts)

    def decode(self, ids, skip_special_tokens=True):
        """Decodes ids back into text."""
        ids = list(ids)
        array = (ctypes.c_uint32 * len(ids))(*ids) if ids else None
        text = ctypes.c_void_p()
        n = _size_t()
        flags = 1 if skip_special_tokens else 0
        _check(_decode(self._handle, ctypes.cast(array, _u32p) if array else None, len(ids), flags,
                       ctypes.byref(text), ctypes.byref(n)))
        try:
            return ctypes.string_at(text, n.value).decode("utf-8")
        finally:
            _string_free(text)

    def decode_bytes(self, ids):
        """The raw bytes of ids, special tokens kept, without UTF-8 repair (tiktoken's decode_bytes)."""
        ids = list(ids)
        array = (ctypes.c_uint32 * len(ids))(*ids) if ids else None
        text = ctypes.c_void_p()
        n = _size_t()
        _check(_decode(self._handle, ctypes.cast(array, _u32p) if array else None, len(ids), 2,
                       ctypes.byref(text), ctypes.byref(n)))
        try:
            return ctypes.string_at(text, n.value)
        finally:
            _string_free(text)

    def decode_batch(self, sequences, skip_special_tokens=True):
        """Decodes several id lists."""
        return [self.decode(ids, skip_special_tokens) for ids in sequences]


class Trainer:
    """Learns a tokenizer from text: Trainer("byte-bpe", vocab_size=8000, ...), then feed texts
    (train_from_iterator) or files (train), then finish() for the Tokenizer. Options are those of
    `subtok train` in snake case: min_frequency, special_tokens, normalizer (list of names),
    pre_tokenizer, limit_alphabet, max_token_length, unk_token, continuing_subword_prefix,
    end_of_word_suffix, character_coverage, shrinking_factor, byte_fallback, threads, quiet."""

    def __init__(self, model, vocab_size, **options):
        config = dict(options, model=model, vocab_size=vocab_size)
        config.setdefault("quiet", True)
        data = json.dumps(config).encode("utf-8")
        handle = _trainer()
        _check(_trainer_new(data, len(data), ctypes.byref(handle)))
        self._handle = handle

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle:
            _trainer_free(handle)
            self._handle = None

    def feed(self, text):
        """Adds one text (str or UTF-8 bytes)."""
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        _check(_trainer_feed(self._handle, data, len(data)))

    def feed_file(self, path):
        """Adds every line of a file as one text."""
        _check(_trainer_feed_file(self._handle, os.fsencode(path)))

    def train_from_iterator(self, iterator):
        """Adds every text of an iterator (strings, or lists of strings as batches); returns the Tokenizer."""
        for item in iterator:
            if isinstance(item, (list, tuple)):
                for text in item:
                    self.feed(text)
            else:
                self.feed(item)
        return self.finish()

    def train(self, files):
        """Adds every line of each file; returns the Tokenizer."""
        for path in files:
            self.feed_file(path)
        return self.finish()

    def finish(self):
        """Trains on everything fed and returns the Tokenizer; the trainer is spent afterwards."""
        handle = _tok()
        _check(_trainer_finish(self._handle, ctypes.byref(handle)))
        return Tokenizer(handle)
