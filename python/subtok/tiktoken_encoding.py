"""tiktoken's `Encoding` API over a Subtok tokenizer: `Tokenizer.as_tiktoken()`.

    enc = subtok.Tokenizer.from_file("cl100k_base.tiktoken").as_tiktoken()
    enc.encode("hi <|endoftext|>", allowed_special="all"); enc.encode_ordinary(text); enc.decode(ids)
"""
import functools
import re

__all__ = ["TiktokenEncoding"]


class TiktokenEncoding:
    """The calls of `tiktoken.Encoding` with its names, arguments and errors, on a tokenizer that
    reads special tokens as text unless asked (a tiktoken rank file). Every call encodes with
    Subtok; special tokens are those of the file."""

    def __init__(self, tokenizer, name="subtok"):
        import json
        self._tokenizer = tokenizer
        self.name = name
        added = json.loads(tokenizer.to_str()).get("added_tokens", [])
        self._special_tokens = {t["content"]: t["id"] for t in added
                                if t.get("special") and tokenizer.id_to_token(t["id"]) == t["content"]}
        self.special_tokens_set = frozenset(self._special_tokens)
        for token, id in self._special_tokens.items():
            if tokenizer.encode_ids(token, add_special_tokens=False) == [id]:
                raise ValueError("as_tiktoken needs a tokenizer that reads special tokens as text unless allowed "
                                 f"(a tiktoken rank file); this one always matches {token!r}")

    def __repr__(self):
        return f"<TiktokenEncoding {self.name!r}>"

    @property
    def n_vocab(self):
        """The number of ids (max_token_value + 1)."""
        return self.max_token_value + 1

    @property
    def max_token_value(self):
        return max([self._tokenizer.get_vocab_size() - 1] + list(self._special_tokens.values()))

    @property
    def eot_token(self):
        """The id of <|endoftext|>."""
        return self._special_tokens["<|endoftext|>"]

    def _allowed(self, allowed_special, disallowed_special, text):
        """The allowed set after tiktoken's checks: a disallowed special token in text is a ValueError."""
        if allowed_special == "all":
            allowed_special = self.special_tokens_set
        if disallowed_special == "all":
            disallowed_special = self.special_tokens_set - set(allowed_special)
        if disallowed_special:
            match = _special_regex(frozenset(disallowed_special)).search(text)
            if match:
                raise ValueError(
                    f"Encountered text corresponding to disallowed special token {match.group()!r}.\n"
                    "If you want this text to be encoded as a special token, pass it to `allowed_special`, e.g. "
                    f"`allowed_special={{{match.group()!r}, ...}}`.\n"
                    "If you want this text to be encoded as normal text, disable the check for this token by "
                    "passing `disallowed_special=(enc.special_tokens_set - {" + repr(match.group()) + "})`.\n"
                    "To disable this check for all special tokens, pass `disallowed_special=()`.\n")
        return frozenset(allowed_special)

    def encode_ordinary(self, text):
        """Ids of text with special tokens read as text."""
        return self._tokenizer.encode_ids(text, add_special_tokens=False)

    def encode(self, text, *, allowed_special=frozenset(), disallowed_special="all"):
        """Ids of text; special tokens in allowed_special ("all" or a set) become their ids, others
        in disallowed_special ("all": every special token not allowed) raise ValueError."""
        allowed = self._allowed(allowed_special, disallowed_special, text)
        if not allowed:
            return self.encode_ordinary(text)
        if allowed == self.special_tokens_set:
            return self._tokenizer.encode_ids(text, add_special_tokens=False, allow_special=True)
        ids, at = [], 0
        for match in _special_regex(allowed).finditer(text):
            ids += self.encode_ordinary(text[at:match.start()])
            ids.append(self._special_tokens[match.group()])
            at = match.end()
        return ids + self.encode_ordinary(text[at:])

    def encode_ordinary_batch(self, text, *, num_threads=8):
        """encode_ordinary of each text, on num_threads threads."""
        return self._tokenizer.encode_batch_ids(text, add_special_tokens=False, threads=num_threads)

    def encode_batch(self, text, *, num_threads=8, allowed_special=frozenset(), disallowed_special="all"):
        """encode of each text."""
        texts = list(text)
        allowed = {self._allowed(allowed_special, disallowed_special, t) for t in texts}
        if allowed <= {frozenset()}:
            return self.encode_ordinary_batch(texts, num_threads=num_threads)
        return [self.encode(t, allowed_special=allowed_special, disallowed_special=()) for t in texts]

    def encode_to_numpy(self, text, *, allowed_special=frozenset(), disallowed_special="all"):
        """encode as a numpy uint32 array."""
        allowed = self._allowed(allowed_special, disallowed_special, text)
        if not allowed or allowed == self.special_tokens_set:
            return self._tokenizer.encode_to_numpy(text, add_special_tokens=False, allow_special=bool(allowed))
        import numpy
        return numpy.array(self.encode(text, allowed_special=allowed, disallowed_special=()), dtype=numpy.uint32)

    def encode_single_token(self, text_or_bytes):
        """The id of one token given as text or bytes; KeyError when it is not one token."""
        data = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else bytes(text_or_bytes)
        special = self._special_tokens.get(data.decode("utf-8", "replace"))
        if special is not None:
            return special
        id = self._tokenizer.token_to_id("".join(_BYTE_CHARACTERS[b] for b in data))
        if id is not None and self.decode_single_token_bytes(id) == data:
            return id
        raise KeyError(text_or_bytes)

    def decode_bytes(self, tokens):
        """The bytes of ids, special tokens included."""
        return self._tokenizer.decode_bytes(tokens)

    def decode(self, tokens, errors="replace"):
        """The text of ids; bytes that are not UTF-8 are handled by `errors` as bytes.decode does."""
        return self.decode_bytes(tokens).decode("utf-8", errors=errors)

    def decode_single_token_bytes(self, token):
        """The bytes of one id; KeyError when the id is not a token."""
        from . import SubtokError
        try:
            return self.decode_bytes([token])
        except (SubtokError, OverflowError):
            raise KeyError(token) from None

    def decode_tokens_bytes(self, tokens):
        """The bytes of each id."""
        return [self.decode_single_token_bytes(t) for t in tokens]

    def decode_batch(self, batch, *, errors="replace", num_threads=8):
        """decode of each id list."""
        return [self.decode(tokens, errors=errors) for tokens in batch]


def _byte_characters():
    """GPT-2's byte-level alphabet: the character each byte is written as in token strings."""
    printable = list(range(0x21, 0x7F)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


_BYTE_CHARACTERS = _byte_characters()


@functools.lru_cache(maxsize=64)
def _special_regex(tokens):
    return re.compile("|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True)))
