"""A transformers tokenizer that encodes and decodes with Subtok.

`as_hf(tokenizer, **kwargs)` builds transformers' `PreTrainedTokenizerFast` from the tokenizer's
JSON form (so every setting transformers reads, such as special tokens, the vocabulary and
templates, is the file's own) and hands its encoding and decoding to Subtok: `__call__`,
`encode`, `batch_encode_plus`, `decode` and `batch_decode` give what `PreTrainedTokenizerFast`
on the same file gives, with Subtok's speed. When transformers changes the pipeline (its
post-processor, normalizer, added tokens), the Subtok tokenizer is rebuilt from the changed
JSON, so the two never disagree.
"""

_MIRRORED = ("enable_truncation", "no_truncation", "enable_padding", "no_padding")
_REBUILDING = ("add_tokens", "add_special_tokens")


class _Backend:
    """Stands where transformers keeps its `tokenizers.Tokenizer`: reads and settings go to that
    tokenizer, encode and decode calls to Subtok's."""

    def __init__(self, subtok_tokenizer, hf_tokenizer):
        object.__setattr__(self, "_subtok", subtok_tokenizer)
        object.__setattr__(self, "_hf", hf_tokenizer)

    def _rebuild(self):
        from . import Tokenizer
        object.__setattr__(self, "_subtok", Tokenizer.from_str(self._hf.to_str()))

    def __getattr__(self, name):
        value = getattr(self._hf, name)
        if name in _MIRRORED:
            def mirrored(*args, **kwargs):
                result = value(*args, **kwargs)
                getattr(self._subtok, name)(*args, **kwargs)
                return result
            return mirrored
        if name in _REBUILDING:
            def rebuilding(*args, **kwargs):
                result = value(*args, **kwargs)
                self._rebuild()
                return result
            return rebuilding
        return value

    def __setattr__(self, name, value):
        setattr(self._hf, name, value)
        if name != "encode_special_tokens":
            self._rebuild()

    def encode(self, sequence, pair=None, is_pretokenized=False, add_special_tokens=True):
        if self._hf.encode_special_tokens:
            return self._hf.encode(sequence, pair, is_pretokenized, add_special_tokens)
        return self._subtok.encode(sequence, pair, is_pretokenized, add_special_tokens)

    def encode_batch(self, inputs, is_pretokenized=False, add_special_tokens=True):
        if self._hf.encode_special_tokens:
            return self._hf.encode_batch(inputs, is_pretokenized=is_pretokenized, add_special_tokens=add_special_tokens)
        return self._subtok.encode_batch(inputs, is_pretokenized=is_pretokenized, add_special_tokens=add_special_tokens)

    def decode(self, ids, skip_special_tokens=True):
        return self._subtok.decode(ids, skip_special_tokens=skip_special_tokens)

    def decode_batch(self, sequences, skip_special_tokens=True):
        return self._subtok.decode_batch(sequences, skip_special_tokens=skip_special_tokens)


def as_hf(tokenizer, **kwargs):
    """A `transformers.PreTrainedTokenizerFast` over `tokenizer` (special tokens and other
    settings as keyword arguments, as `PreTrainedTokenizerFast` takes them). Needs transformers
    and tokenizers installed."""
    try:
        import tokenizers
        from transformers import PreTrainedTokenizerFast
    except ImportError as error:
        raise ImportError("as_hf needs transformers and tokenizers: pip install transformers") from error
    from . import Tokenizer
    hf = tokenizers.Tokenizer.from_str(tokenizer.to_str())
    fast = PreTrainedTokenizerFast(tokenizer_object=hf, **kwargs)
    fast._tokenizer = _Backend(Tokenizer.from_str(fast._tokenizer.to_str()), fast._tokenizer)
    return fast
