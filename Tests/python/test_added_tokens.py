"""add_tokens / add_special_tokens / AddedToken / get_added_tokens_decoder against tokenizers."""
import pytest

import subtok
from conftest import oracle, reference

TEXTS = ["hello newword there", "a<sep>b <sep> c", "xyzzy!xyzzy", "MyToken mytoken MYTOKEN", "in newwordly words",
         "  [CTRL]  after", "plain text only", "", "newword", "<sep><sep>", "café [CTRL]é"]


def adds(module):
    return [
        ("tokens", ["newword", "hello", "newword", "", module.AddedToken("xyzzy", single_word=True)]),
        ("special", ["<sep>", module.AddedToken("[CTRL]", lstrip=True, rstrip=True)]),
        ("tokens", [module.AddedToken("mytoken", normalized=False), module.AddedToken("xyzzy", single_word=True)]),
        ("special", ["<sep>", "<eos2>"]),
    ]


@pytest.mark.parametrize("path", ["gpt2/tokenizer.json", "bert-base-uncased/tokenizer.json"])
def test_added_tokens_are_tokenizers(path):
    tokenizers = oracle()
    ref = tokenizers.Tokenizer.from_file(reference(path))
    ours = subtok.Tokenizer.from_file(reference(path))
    if path.startswith("bert"):
        ref.no_padding()
        ours.no_padding()
    for (kind, theirs), (_, mine) in zip(adds(tokenizers), adds(subtok)):
        want = (ref.add_tokens if kind == "tokens" else ref.add_special_tokens)(theirs)
        assert (ours.add_tokens if kind == "tokens" else ours.add_special_tokens)(mine) == want
    assert ours.get_vocab_size() == ref.get_vocab_size()
    assert ours.get_vocab_size(with_added_tokens=False) == ref.get_vocab_size(with_added_tokens=False)
    theirs = {i: (t.content, t.special, t.single_word, t.lstrip, t.rstrip, t.normalized)
              for i, t in ref.get_added_tokens_decoder().items()}
    mine = {i: (t.content, t.special, t.single_word, t.lstrip, t.rstrip, t.normalized)
            for i, t in ours.get_added_tokens_decoder().items()}
    assert mine == theirs
    for text in TEXTS:
        want, got = ref.encode(text), ours.encode(text)
        assert (got.ids, got.offsets, got.special_tokens_mask) == (want.ids, want.offsets, want.special_tokens_mask), text
        assert ours.encode_ids(text) == want.ids, text
        for skip in (True, False):
            assert ours.decode(want.ids, skip_special_tokens=skip) == ref.decode(want.ids, skip_special_tokens=skip), text
    assert ours.token_to_id("newword") == ref.token_to_id("newword")


def test_added_tokens_leave_copies_alone_and_survive_pickling():
    import copy
    import pickle
    tok = subtok.Tokenizer.from_file(reference("gpt2/tokenizer.json"))
    before = copy.copy(tok)
    assert tok.add_special_tokens(["<sep>"]) == 1
    assert before.token_to_id("<sep>") is None and tok.token_to_id("<sep>") == 50257
    again = pickle.loads(pickle.dumps(tok))
    assert again.encode_ids("a<sep>b") == tok.encode_ids("a<sep>b")
    with pytest.raises(TypeError):
        tok.add_tokens("not a list")
    with pytest.raises(TypeError):
        tok.add_tokens([3])
