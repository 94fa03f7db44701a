"""Subtok for Python: a native extension over libsubtok.so with the names `tokenizers` users know.

    from subtok import Tokenizer
    tok = Tokenizer.from_file("tokenizer.json")
    enc = tok.encode("Hello world")
    enc.ids, enc.tokens, enc.offsets        # offsets are character offsets, as in tokenizers
    tok.decode(enc.ids)
    tok.encode_to_numpy(text)               # np.ndarray[uint32], when numpy is installed

Encode, decode, batch and training calls release the GIL, so Python threads run them in parallel.
The extension (subtok._native) finds libsubtok.so beside it (a wheel) or on the system's library
path (make install).
"""
import json
import os

from . import _native

__all__ = ["Tokenizer", "Encoding", "Trainer", "DecodeStream", "AddedToken", "SubtokError", "library_path", "version"]

#: Incremental decoding of one generated sequence, as tokenizers.decoders.DecodeStream:
#: ``DecodeStream(ids=None, skip_special_tokens=False)``, ``.step(tokenizer, id)`` -> str or None.
DecodeStream = _native.DecodeStream


class SubtokError(Exception):
    """A failed Subtok call: `code` is the C status (SUBTOK_E_*), the message says what was wrong."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


_native.set_error_class(SubtokError)

# Flags of subtok.h.
_ADD_SPECIAL_TOKENS = 1
_ALLOW_SPECIAL = 2
_LOAD_CASED = 0x1
_PATTERNS = ("gpt2", "cl100k", "llama3", "qwen2", "qwen35", "o200k", "tekken")
_FILE_KINDS = ("tokenizer-json", "tekken", "sentencepiece", "tiktoken", "bert-vocab", "gpt2-vocab", "gguf")


def version():
    """The library version string."""
    return _native.version()


def library_path():
    """The path of the libsubtok.so the extension runs on."""
    return _native.library_path()


def _flags(add_special_tokens, allow_special=False):
    return (_ADD_SPECIAL_TOKENS if add_special_tokens else 0) | (_ALLOW_SPECIAL if allow_special else 0)


def _numpy():
    try:
        import numpy
    except ImportError:
        raise ImportError("encode_to_numpy needs numpy (pip install numpy)") from None
    return numpy


Encoding = _native.Encoding


class AddedToken:
    """A token to add to a tokenizer, with tokenizers' AddedToken flags: single_word (match only
    as a whole word), lstrip / rstrip (swallow the white space before / after a match),
    normalized (match the normalized text; default: not special), special (skipped by
    decode(skip_special_tokens=True))."""

    __slots__ = ("content", "single_word", "lstrip", "rstrip", "_normalized", "special")

    def __init__(self, content, single_word=False, lstrip=False, rstrip=False, normalized=None, special=False):
        if not isinstance(content, str):
            raise TypeError("AddedToken(content): content must be a str")
        self.content, self.single_word, self.lstrip, self.rstrip = content, bool(single_word), bool(lstrip), bool(rstrip)
        self.special = bool(special)
        self._normalized = None if normalized is None else bool(normalized)

    @property
    def normalized(self):
        """Whether the token matches the normalized text: as given, else not special."""
        return (not self.special) if self._normalized is None else self._normalized

    def _json(self):
        entry = {"content": self.content, "single_word": self.single_word, "lstrip": self.lstrip,
                 "rstrip": self.rstrip, "special": self.special}
        if self._normalized is not None:
            entry["normalized"] = self._normalized
        return entry

    def __eq__(self, other):
        return isinstance(other, AddedToken) and (self.content, self.single_word, self.lstrip, self.rstrip,
                                                  self.normalized, self.special) == (
            other.content, other.single_word, other.lstrip, other.rstrip, other.normalized, other.special)

    def __hash__(self):
        return hash(self.content)

    def __str__(self):
        return self.content

    def __repr__(self):
        return (f"AddedToken({self.content!r}, rstrip={self.rstrip}, lstrip={self.lstrip}, "
                f"single_word={self.single_word}, normalized={self.normalized}, special={self.special})")


class Tokenizer(_native.Tokenizer):
    """A loaded tokenizer, safe to share between threads. The calls defined by the extension
    (encode, encode_ids, count, encode_batch_ids, decode, decode_bytes, get_vocab_size, token_to_id,
    id_to_token) run straight on the C ABI; see help() on each for its arguments and cost.
    Changing padding or truncation replaces this object's handle; copies keep theirs."""

    @classmethod
    def from_file(cls, path, cased=False, pattern=None, type=None, special_tokens=None):
        """Loads tokenizer.json, tekken.json, a model directory (its tokenizer.json, else its
        SentencePiece model, vocab.json, vocab.txt or *.tiktoken), a GPT-2 vocab.json or encoder.json
        with merges.txt or vocab.bpe beside it, a BERT vocab.txt (lowercasing unless cased=True), a
        SentencePiece .model, a GGUF file or a tiktoken rank file, told apart by content.
        type reads the file as one kind whatever it looks like: "tokenizer-json", "tekken",
        "sentencepiece", "tiktoken", "bert-vocab", "gpt2-vocab" or "gguf". pattern ("gpt2",
        "cl100k", "llama3", "qwen2", "qwen35", "o200k", "tekken") replaces the split pattern a
        rank file's name or number of tokens gives, and special_tokens (a dict of token strings to
        ids beyond the ranks, as tiktoken.Encoding's special_tokens) its special tokens."""
        if pattern is not None and pattern not in _PATTERNS:
            raise ValueError("pattern must be one of " + ", ".join(_PATTERNS))
        if type is not None and type not in _FILE_KINDS:
            raise ValueError("type must be one of " + ", ".join(_FILE_KINDS))
        return cls._from_file(os.fsencode(path), type, pattern, _LOAD_CASED if cased else 0,
                              None if special_tokens is None else dict(special_tokens))

    @classmethod
    def from_str(cls, json_text):
        """Loads a tokenizer from tokenizer.json text."""
        return cls._from_buffer(json_text.encode("utf-8"))

    @classmethod
    def from_buffer(cls, data):
        """Loads a tokenizer from tokenizer.json bytes."""
        return cls._from_buffer(bytes(data))

    def save(self, path, pretty=False):
        """Writes the tokenizer as tokenizer.json (a SentencePiece .model converted as the
        Hugging Face converters do)."""
        if pretty:
            with open(path, "w", encoding="utf-8") as f:
                f.write(self.to_str(pretty=True))
        else:
            self._save(os.fsencode(path))

    def to_str(self, pretty=False):
        """The tokenizer.json text (indented when pretty). O(vocabulary size)."""
        text = super().to_str()
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False) if pretty else text

    def __reduce__(self):
        """Pickles through the tokenizer.json text; sampling settings and the seed travel with it."""
        return (_restore, (type(self), self.to_str(), self.__dict__.copy()))

    def __copy__(self):
        clone = super().__copy__()
        clone.__dict__.update(self.__dict__)
        return clone

    def __deepcopy__(self, memo):
        return self.__copy__()

    @property
    def padding(self):
        """The padding settings as tokenizers gives them ({"length", "pad_to_multiple_of",
        "pad_id", "pad_token", "pad_type_id", "direction"}), or None."""
        padding = json.loads(super().to_str()).get("padding")
        if padding is None:
            return None
        strategy = padding.get("strategy")
        return {"length": strategy.get("Fixed") if isinstance(strategy, dict) else None,
                "pad_to_multiple_of": padding.get("pad_to_multiple_of"), "pad_id": padding.get("pad_id", 0),
                "pad_token": padding.get("pad_token", "[PAD]"), "pad_type_id": padding.get("pad_type_id", 0),
                "direction": padding.get("direction", "Right").lower()}

    @property
    def truncation(self):
        """The truncation settings as tokenizers gives them ({"max_length", "stride", "strategy",
        "direction"}), or None."""
        truncation = json.loads(super().to_str()).get("truncation")
        if truncation is None:
            return None
        strategies = {"LongestFirst": "longest_first", "OnlyFirst": "only_first", "OnlySecond": "only_second"}
        return {"max_length": truncation.get("max_length"), "stride": truncation.get("stride", 0),
                "strategy": strategies.get(truncation.get("strategy"), truncation.get("strategy")),
                "direction": truncation.get("direction", "Right").lower()}

    def encode_batch(self, inputs, is_pretokenized=False, add_special_tokens=True, threads=0, allow_special=False):
        """Encodes many texts in parallel (threads=0: one per CPU this process may use); results in
        input order. Each input is a str, or a (text, pair) tuple or list as in tokenizers; with
        is_pretokenized, a list of words, or a (words, pair words) tuple or list of two lists."""
        inputs = list(inputs)
        flags = _flags(add_special_tokens, allow_special)
        if is_pretokenized:
            return self._encode_words([_split_input(k, item) for k, item in enumerate(inputs)], flags, threads)
        if all(isinstance(item, str) for item in inputs):
            return self._encode_batch(inputs, flags, threads)
        texts, pairs = [], []
        for k, item in enumerate(inputs):
            if isinstance(item, str):
                texts.append(item)
                pairs.append(None)
            elif isinstance(item, (tuple, list)) and len(item) == 2 and all(isinstance(part, str) for part in item):
                texts.append(item[0])
                pairs.append(item[1])
            else:
                raise TypeError(f"encode_batch: input {k} must be a str or a (text, pair) tuple of two str")
        return self._encode_batch(texts, flags, threads, pairs)

    def encode_to_numpy(self, sequence, add_special_tokens=True, allow_special=False):
        """The ids of a text as a numpy uint32 array, written by the library into the array's
        memory (no Python int per id)."""
        np = _numpy()
        return np.frombuffer(self._encode_ids_buffer(sequence, _flags(add_special_tokens, allow_special)), np.uint32)

    def encode_batch_to_numpy(self, inputs, add_special_tokens=True, threads=0, allow_special=False):
        """(ids, starts): every text's ids in one uint32 array, text k's at ids[starts[k]:starts[k+1]]
        (starts: uint64, len(inputs) + 1 entries); encoded on `threads` threads without the GIL."""
        np = _numpy()
        ids, starts = self._encode_batch_ids_buffers(list(inputs), _flags(add_special_tokens, allow_special), threads)
        return np.frombuffer(ids, np.uint32), np.frombuffer(starts, np.uint64)

    def add_tokens(self, tokens):
        """Adds tokens (str or AddedToken), as tokenizers' add_tokens: one already added, or empty,
        is skipped; one the model has keeps its id; others get the next ids. Returns how many
        were not skipped. Replaces this object's handle (copies keep theirs)."""
        return self._add(tokens, special=False)

    def add_special_tokens(self, tokens):
        """Adds tokens as special ones (skipped by decode with skip_special_tokens), as
        tokenizers' add_special_tokens; returns how many were not skipped."""
        return self._add(tokens, special=True)

    def _add(self, tokens, special):
        if isinstance(tokens, (str, AddedToken)):
            raise TypeError("expected a list of str or AddedToken")
        entries = []
        for token in tokens:
            if isinstance(token, str):
                entries.append(AddedToken(token)._json())
            elif isinstance(token, AddedToken):
                entries.append(token._json())
            else:
                raise TypeError(f"expected str or AddedToken, got {type(token).__name__}")
        return self._with_added_tokens(json.dumps(entries).encode("utf-8"), special)

    def get_added_tokens_decoder(self):
        """{id: AddedToken} for every added token, as tokenizers gives it."""
        added = json.loads(super().to_str()).get("added_tokens") or []
        return {t["id"]: AddedToken(t["content"], t.get("single_word", False), t.get("lstrip", False),
                                    t.get("rstrip", False), t.get("normalized", True), t.get("special", False))
                for t in added}

    def enable_truncation(self, max_length, stride=0, strategy="longest_first", direction="right"):
        """Cuts encodings to max_length tokens (special tokens included), as tokenizers does."""
        strategies = {"longest_first": 0, "only_first": 1, "only_second": 2}
        if strategy not in strategies or direction not in ("right", "left") or max_length < 0 or stride < 0:
            raise ValueError("invalid truncation parameters")
        if stride and stride >= max_length:
            raise ValueError(f"stride ({stride}) must be less than max_length ({max_length})")
        self._with_truncation(max_length, stride, strategies[strategy], 0 if direction == "right" else 1)

    def no_truncation(self):
        """Turns truncation off."""
        self._without_truncation()

    def enable_padding(self, direction="right", pad_id=0, pad_type_id=0, pad_token="[PAD]", length=None,
                       pad_to_multiple_of=None):
        """Pads to `length`, or (None) to the longest encoding of a batch."""
        if direction not in ("right", "left"):
            raise ValueError("direction must be 'right' or 'left'")
        self._with_padding(length or 0, pad_to_multiple_of or 0, pad_id, pad_type_id, pad_token.encode("utf-8"),
                           0 if direction == "right" else 1)

    def no_padding(self):
        """Turns padding off."""
        self._without_padding()

    def set_sampling(self, alpha=0.1, nbest_size=-1):
        """Subword regularization for Unigram models, as sentencepiece's enable_sampling:
        nbest_size < 0 samples from all segmentations, 2..512 among the best nbest_size, 0 or 1
        (or alpha=None) turns it off."""
        if alpha is None:
            self._without_sampling()
            self.__dict__.pop("_sampling", None)
        else:
            self._with_sampling(float(alpha), int(nbest_size))
            self._sampling = (float(alpha), int(nbest_size))

    def set_sampling_seed(self, seed):
        """Seeds BPE-dropout and sampling: each text's sample then depends only on the seed and the text (in
        any order, thread or batch); None draws a fresh seed per call, as tokenizers does."""
        if seed is None:
            self._without_seed()
            self.__dict__.pop("_seed", None)
        else:
            self._with_seed(seed & 0xFFFFFFFFFFFFFFFF)
            self._seed = seed & 0xFFFFFFFFFFFFFFFF

    def decode_batch(self, sequences, skip_special_tokens=True):
        """Decodes several id lists."""
        return [self.decode(ids, skip_special_tokens) for ids in sequences]

    def train(self, files, trainer):
        """tokenizers' Tokenizer.train: trains `trainer` (a subtok.Trainer, whose options name the
        model and pipeline) on every line of `files`, and this tokenizer becomes the result."""
        self._adopt(trainer.train(files))

    def train_from_iterator(self, iterator, trainer, length=None):
        """tokenizers' Tokenizer.train_from_iterator: trains `trainer` on the texts (or batches of
        texts) of `iterator`, and this tokenizer becomes the result. `length` is accepted for
        tokenizers' signature (it only sizes tokenizers' progress bar)."""
        self._adopt(trainer.train_from_iterator(iterator))

    def as_hf(self, **kwargs):
        """A transformers PreTrainedTokenizerFast that encodes and decodes with this tokenizer
        (special tokens such as bos_token, pad_token as keyword arguments); see subtok.hf."""
        from .hf import as_hf
        return as_hf(self, **kwargs)

    def as_tiktoken(self, name="subtok"):
        """This tokenizer behind tiktoken's Encoding API (encode with allowed_special /
        disallowed_special, encode_ordinary, decode, decode_single_token_bytes, n_vocab,
        eot_token); for tokenizers that read special tokens as text (tiktoken rank files)."""
        from .tiktoken_encoding import TiktokenEncoding
        return TiktokenEncoding(self, name)


def _split_input(k, item):
    """(words, pair words or None) of one pre-tokenized input of encode_batch."""
    def words(value):
        if isinstance(value, (list, tuple)) and all(isinstance(word, str) for word in value):
            return list(value)
        return None
    if words(item) is not None:
        return words(item), None
    if isinstance(item, (list, tuple)) and len(item) == 2 and words(item[0]) is not None and words(item[1]) is not None:
        return words(item[0]), words(item[1])
    raise TypeError(f"encode_batch: input {k} must be a list of str or a pair of lists of str when is_pretokenized")


def _restore(cls, json_text, state):
    """Unpickles a Tokenizer: its tokenizer.json text, then its sampling and seed."""
    tok = cls.from_str(json_text)
    if "_sampling" in state:
        tok.set_sampling(*state["_sampling"])
    if "_seed" in state:
        tok.set_sampling_seed(state["_seed"])
    tok.__dict__.update(state)
    return tok


class Trainer:
    """Learns a tokenizer from text: Trainer("byte-bpe", vocab_size=8000, ...), then feed texts
    (train_from_iterator) or files (train), then finish() for the Tokenizer. Options are those of
    `subtok train` in snake case: min_frequency, special_tokens, normalizer (list of names),
    pre_tokenizer, limit_alphabet, max_token_length, unk_token, continuing_subword_prefix,
    end_of_word_suffix, character_coverage, shrinking_factor, byte_fallback, threads, quiet.
    progress: a callable given (phase, done, total, message) for each report ("count": bytes read;
    "merge": tokens out of vocab_size; "unigram": EM rounds; total 0 when not known), at most
    about once a second and at each phase's end; or True for a tqdm bar per phase (tqdm must be
    installed)."""

    def __init__(self, model, vocab_size, progress=None, **options):
        config = dict(options, model=model, vocab_size=vocab_size)
        config.setdefault("quiet", True)
        self._native = _native.Trainer(json.dumps(config).encode("utf-8"))
        self._bars = _ProgressBars() if progress is True else None
        if progress is not None and progress is not False:
            self._native._set_progress(self._bars or progress)

    def feed(self, text):
        """Adds one text (str or UTF-8 bytes)."""
        self._native.feed(text if isinstance(text, (str, bytes)) else bytes(text))

    def feed_file(self, path):
        """Adds every line of a file as one text."""
        self._native.feed_file(os.fsencode(path))

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
        try:
            return self._native.finish(Tokenizer)
        finally:
            if self._bars is not None:
                self._bars.close()


class _ProgressBars:
    """A tqdm bar per training phase, moved by the trainer's progress reports."""

    def __init__(self):
        try:
            from tqdm.auto import tqdm
        except ImportError as error:
            raise ImportError("progress=True needs tqdm: pip install tqdm") from error
        self._tqdm, self._bars = tqdm, {}

    def __call__(self, phase, done, total, message):
        bar = self._bars.get(phase)
        if bar is None:
            bar = self._bars[phase] = self._tqdm(desc=phase, total=total or None, unit="B" if phase == "count" else "it",
                                                 unit_scale=phase == "count")
        if total and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)
        bar.set_postfix_str(message)

    def close(self):
        for bar in self._bars.values():
            bar.close()
