"""tiktoken rank files against tiktoken itself, and cl100k's tokenizer.json against tokenizers."""
import base64
import json
import os
import random
import subprocess

import pytest

import subtok
from conftest import reference
from test_oracle import OWN_TEXTS, corpus_lines, random_texts

HARD_TEXTS = OWN_TEXTS + [
    "1" * 5000, "12345678901234567890 x 1,234,567.89", "٣٤٥٦٧ ௧௨௩௪ ½⅓¼ 1²³", " " * 1000, "\n" * 100 + "x",
    "  \n  \n\n  x  \n", "\r\n\r\n \r\n", "a\r\nb\rc\nd", "'S 's 'ſ 'LL 'll 'Ve 'vE 'RE 'D 'M 'T don'T",
    "HELLO world HelloWorld helloWORLD ǅungla ǈ ǋx", "e\u0301\u0301 x\u0308y \u0301start", "ℌ𝔢𝔩𝔩𝔬 ⅰⅱⅲ",
    "ʰʲ ʷʸ Kelvin K Å", "naïve\u0301\u0302 日本語\u3099 ᄀ\u1161\u11a8", "a/b/c//\n//\r\n/x", "!!!\n\n\n???",
    "https://x.y/z?q=1&r=2\n", "<|endoftext|> <|fim_prefix|> <|endofprompt|>", "x" * 3000, "ab" * 2500,
]
ALPHABET = [" ", "  ", "\n", "\r\n", "\r", "\t", "a", "Z", "é", "e\u0301", "'", "s", "S", "ll", "1", "22", "333",
            ".", "/", "!", "東", "😀", "\u0301", "\u00a0", "ß", "Ⅻ", "ǅ", "ʰ", "ſ", "K", "٣", "\u3000"]


def mixed_texts(n, seed):
    rnd = random.Random(seed)
    return ["".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 60))) for _ in range(n)]


def tiktoken_encoding(name):
    try:
        import tiktoken
        from tiktoken.load import load_tiktoken_bpe
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("tiktoken is not installed under CI=true")
        pytest.skip("tiktoken not installed")
    path = reference(f"tiktoken/{name}.tiktoken")
    ranks = load_tiktoken_bpe(path)
    from tiktoken_ext import openai_public
    spec = getattr(openai_public, name)
    import unittest.mock as mock
    with mock.patch.object(openai_public, "load_tiktoken_bpe", lambda *a, **k: ranks):
        params = spec()
    return tiktoken.Encoding(params["name"], pat_str=params["pat_str"], mergeable_ranks=ranks,
                             special_tokens=params["special_tokens"]), path


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_against_tiktoken(name):
    enc, path = tiktoken_encoding(name)
    ours = subtok.Tokenizer.from_file(path)
    texts = HARD_TEXTS + mixed_texts(1500, 7) + random_texts(300, 9) + corpus_lines(300)
    for text in texts:
        want = enc.encode_ordinary(text)
        assert ours.encode_ids(text) == want, repr(text)
        assert ours.count(text) == len(want)
        assert ours.decode(want, skip_special_tokens=False) == enc.decode(want), repr(text)
        assert ours.decode_bytes(want) == enc.decode_bytes(want)
    special = "hi <|endoftext|> there<|endofprompt|>"
    assert ours.encode_ids(special, allow_special=True) == enc.encode(special, allowed_special="all")
    assert ours.encode_ids(special) == enc.encode_ordinary(special)
    ids = ours.encode_batch_ids(texts[:500], threads=2)
    assert ids == [enc.encode_ordinary(t) for t in texts[:500]]


def test_cl100k_tokenizer_json_against_tokenizers():
    from conftest import oracle
    tokenizers = oracle()
    path = reference("tiktoken/cl100k_base.tokenizer.json")
    ref = tokenizers.Tokenizer.from_file(path)
    ours = subtok.Tokenizer.from_file(path)
    for text in HARD_TEXTS + mixed_texts(800, 11) + corpus_lines(100):
        want = ref.encode(text)
        got = ours.encode(text)
        assert got.ids == want.ids, repr(text)
        assert got.offsets == want.offsets, repr(text)


def test_converted_rank_file_loads_in_tokenizers(tmp_path):
    from conftest import oracle
    tokenizers = oracle()
    enc, path = tiktoken_encoding("cl100k_base")
    out = str(tmp_path / "cl100k.json")
    subtok.Tokenizer.from_file(path).save(out)
    ref = tokenizers.Tokenizer.from_file(out)
    for text in HARD_TEXTS + mixed_texts(300, 5):
        # tokenizer.json has no "special tokens as text" setting: the file matches them.
        assert ref.encode(text).ids == enc.encode(text, allowed_special="all"), repr(text)


def test_cli_vectors_and_count():
    cli = os.environ.get("SUBTOK_CLI")
    if not cli:
        pytest.skip("SUBTOK_CLI not set")
    for name in ("cl100k_base", "o200k_base"):
        with open(reference(f"vectors/{name}.tiktoken.jsonl"), encoding="utf-8") as f:
            vectors = [json.loads(line) for line in f]
        stdin = "".join(json.dumps(v["text"]) + "\n" for v in vectors).encode()
        out = subprocess.run([cli, "encode", "-t", reference(f"tiktoken/{name}.tiktoken"), "--format", "jsonl"], input=stdin,
                             capture_output=True, check=True).stdout.decode().splitlines()
        assert [json.loads(o)["ids"] for o in out] == [v["ids"] for v in vectors]
        counts = subprocess.run([cli, "encode", "-t", reference(f"tiktoken/{name}.tiktoken"), "--format", "jsonl", "--count"],
                                input=stdin, capture_output=True, check=True).stdout.decode().split()
        assert [int(c) for c in counts] == [len(v["ids"]) for v in vectors]


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_binding_matches_vectors(name):
    ours = subtok.Tokenizer.from_file(reference(f"tiktoken/{name}.tiktoken"))
    with open(reference(f"vectors/{name}.tiktoken.jsonl"), encoding="utf-8") as f:
        for line in f:
            v = json.loads(line)
            assert ours.encode_ids(v["text"]) == v["ids"], v["text"]
            assert [ours.decode_bytes([i]).hex() for i in v["ids"]] == v["tokens"]
            assert ours.decode(v["ids"]) == v["decoded"]


def test_bad_rank_files(tmp_path):
    good = base64.b64encode(b"a").decode()
    cases = {
        "bad-base64": f"{good} 0\n!!!! 1\n",
        "duplicate-rank": f"{good} 0\n{base64.b64encode(b'b').decode()} 0\n",
        "gap": f"{good} 0\n{base64.b64encode(b'b').decode()} 2\n",
        "no-rank": f"{good}\n",
        "empty": "",
    }
    for label, content in cases.items():
        path = tmp_path / f"{label}.tiktoken"
        path.write_text(content)
        with pytest.raises(subtok.SubtokError) as e:
            subtok.Tokenizer.from_file(str(path), pattern="cl100k")
        assert e.value.code == 3, label
    unknown = tmp_path / "mine.tiktoken"
    unknown.write_text(f"{good} 0\n")
    with pytest.raises(subtok.SubtokError):
        subtok.Tokenizer.from_file(str(unknown))
    assert subtok.Tokenizer.from_file(str(unknown), pattern="gpt2").encode_ids("aa") == [0, 0]


LLAMA3_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                  r"|\s*[\r\n]+|\s+(?!\S)|\s+")
LLAMA3_SPECIALS = (["<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>", "<|reserved_special_token_1|>",
                    "<|reserved_special_token_2|>", "<|reserved_special_token_3|>", "<|start_header_id|>",
                    "<|end_header_id|>", "<|reserved_special_token_4|>", "<|eot_id|>"]
                   + [f"<|reserved_special_token_{i}|>" for i in range(5, 256 - 5)])


def write_ranks(path, ranks):
    with open(path, "w") as f:
        for token, rank in sorted(ranks.items(), key=lambda kv: kv[1]):
            f.write(f"{base64.b64encode(token).decode() or '='} {rank}\n")


def test_rank_files_are_known_by_content_and_size(tmp_path):
    """A renamed cl100k rank file keeps cl100k's pattern and special tokens; a Llama-3-sized file
    named tokenizer.model (Meta's original) takes the Llama 3 pattern and Meta's 256 specials
    from 128000, as Meta's reference tokenizer builds them with tiktoken."""
    import tiktoken
    enc, path = tiktoken_encoding("cl100k_base")
    renamed = tmp_path / "ranks"
    renamed.write_bytes(open(path, "rb").read())
    ours = subtok.Tokenizer.from_file(str(renamed))
    special = "hi <|endoftext|> there<|endofprompt|> 12345"
    assert ours.encode_ids(special, allow_special=True) == enc.encode(special, allowed_special="all")

    ranks = dict(enc._mergeable_ranks)
    base = sorted(ranks, key=ranks.get)
    rnd = random.Random(3)
    while len(ranks) < 128000:  # merges of existing tokens, so that BPE reaches them
        token = rnd.choice(base[256:20000]) + rnd.choice(base[256:20000])
        ranks.setdefault(token, len(ranks))
    model = tmp_path / "tokenizer.model"
    write_ranks(model, ranks)
    llama3 = tiktoken.Encoding("llama3-style", pat_str=LLAMA3_PATTERN, mergeable_ranks=ranks,
                               special_tokens={t: 128000 + i for i, t in enumerate(LLAMA3_SPECIALS)})
    ours = subtok.Tokenizer.from_file(str(model))
    for text in HARD_TEXTS + mixed_texts(300, 5) + corpus_lines(100):
        assert ours.encode_ids(text) == llama3.encode_ordinary(text), repr(text)
    chat = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi 12345\n  <|eot_id|>"
    assert ours.encode_ids(chat, allow_special=True) == llama3.encode(chat, allowed_special="all")


def test_empty_token_lines_load_as_tiktoken_loads_them(tmp_path):
    """Whisper's rank files hold a line `= N`: an empty token, which tiktoken loads and never
    produces."""
    import tiktoken
    from tiktoken.load import load_tiktoken_bpe
    enc, path = tiktoken_encoding("cl100k_base")
    ranks = dict(enc._mergeable_ranks)
    ranks[b""] = len(ranks)
    whisper_like = tmp_path / "multilingual.tiktoken"
    write_ranks(whisper_like, ranks)
    loaded = load_tiktoken_bpe(str(whisper_like))
    assert loaded[b""] == 100256
    theirs = tiktoken.Encoding("x", pat_str=enc._pat_str, mergeable_ranks=loaded, special_tokens={})
    ours = subtok.Tokenizer.from_file(str(whisper_like), pattern="cl100k")
    for text in HARD_TEXTS[:40]:
        assert ours.encode_ids(text) == theirs.encode_ordinary(text), repr(text)
    assert ours.decode_bytes([100256]) == theirs.decode_bytes([100256]) == b""


SPLIT_PATTERNS = [
    {"Regex": r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"},
    {"Regex": r"\p{N}{1,3}+|\p{L}+|[^\s\p{L}\p{N}]+|\s+"},
    {"Regex": r"\s+"},
    {"Regex": r"[0-9]"},
    {"String": " "},
    {"String": "ab"},
]


@pytest.mark.parametrize("pattern", SPLIT_PATTERNS)
@pytest.mark.parametrize("behavior", ["Isolated", "Removed", "MergedWithPrevious", "MergedWithNext", "Contiguous"])
@pytest.mark.parametrize("invert", [False, True])
def test_split_regex_fallback_against_tokenizers(pattern, behavior, invert):
    from conftest import oracle
    tokenizers = oracle()
    with open(reference("gpt2/tokenizer.json"), encoding="utf-8") as f:
        doc = json.load(f)
    doc["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": pattern, "behavior": behavior, "invert": invert},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]}
    text_json = json.dumps(doc, ensure_ascii=False)
    ref = tokenizers.Tokenizer.from_str(text_json)
    ours = subtok.Tokenizer.from_str(text_json)
    for text in HARD_TEXTS[:60] + mixed_texts(150, 13) + ["abab ab  a b", "12345 6789 x1y22z333", ""]:
        want = ref.encode(text)
        got = ours.encode(text)
        assert got.ids == want.ids, (repr(text), pattern, behavior, invert)
        assert got.offsets == want.offsets, (repr(text), pattern, behavior, invert)


def test_bad_split_regex_is_a_clear_error():
    with open(reference("gpt2/tokenizer.json"), encoding="utf-8") as f:
        doc = json.load(f)
    doc["pre_tokenizer"] = {"type": "Split", "pattern": {"Regex": "(unclosed"}, "behavior": "Isolated", "invert": False}
    with pytest.raises(subtok.SubtokError) as e:
        subtok.Tokenizer.from_str(json.dumps(doc))
    assert e.value.code == 3 and "(unclosed" in str(e.value)


def long_pieces(seed):
    """Pieces of 20 kB to 1 MB without white space, which BPE merges with its linear (backtracking)
    encoder: random letters, the letters of English and Japanese prose run together, runs of
    symbols and of one repeated token."""
    import unicodedata
    rnd = random.Random(seed)
    with open(reference("corpora/big.txt"), encoding="utf-8") as f:
        english = "".join(c for c in f.read(3_000_000) if c.isalpha())
    with open(reference("corpora/wagahaiwa_nekodearu.txt"), encoding="utf-8") as f:
        japanese = "".join(c for c in f.read() if unicodedata.category(c).startswith("L"))
    texts = ["".join(rnd.choice("abcdefghij") for _ in range(1_000_000)), "é" * 300_000, "1" * 500_000,
             "=" * 40_000, "ab" * 30_000, "".join(rnd.choice("!@#$%^&*()_+{}|:<>?~-=") for _ in range(30_000))]
    for source in (english, english.lower(), japanese):
        for size in (20_000, 200_000):
            start = rnd.randrange(len(source) - size)
            texts.append(source[start:start + size])
    return texts


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_long_pieces_match_tiktoken(name):
    """Megabyte pieces without white space (one pre-token each) stay exact."""
    enc, path = tiktoken_encoding(name)
    ours = subtok.Tokenizer.from_file(path)
    for text in long_pieces(5):
        assert ours.encode_ids(text) == enc.encode_ordinary(text), text[:40]


def test_long_pieces_match_tokenizers():
    """The same through a tokenizer.json's merges, with offsets."""
    from conftest import oracle
    tokenizers = oracle()
    path = reference("gpt2/tokenizer.json")
    ref = tokenizers.Tokenizer.from_file(path)
    ours = subtok.Tokenizer.from_file(path)
    for text in long_pieces(6)[3:]:
        want, got = ref.encode(text), ours.encode(text)
        assert got.ids == want.ids, text[:40]
        assert got.offsets == want.offsets, text[:40]


def test_given_special_tokens_match_tiktoken(tmp_path):
    """A rank file under a name that says nothing, with special tokens of our own: as
    tiktoken.Encoding(special_tokens=...) reads them, from Python and from the CLI."""
    import tiktoken
    enc, path = tiktoken_encoding("cl100k_base")
    specials = {"<|endoftext|>": 100257, "<|tool|>": 100300, "<|im_end|>": 100301}
    custom = tiktoken.Encoding("custom", pat_str=enc._pat_str, mergeable_ranks=enc._mergeable_ranks, special_tokens=specials)
    renamed = tmp_path / "ranks"
    renamed.write_bytes(open(path, "rb").read())
    ours = subtok.Tokenizer.from_file(str(renamed), special_tokens=specials)
    texts = HARD_TEXTS + ["<|tool|>call<|im_end|>", "a<|endoftext|>b <|tool|>", "<|fim_prefix|>"] + corpus_lines(50)
    for text in texts:
        assert ours.encode_ids(text, allow_special=True) == custom.encode(text, allowed_special="all"), repr(text)
        assert ours.encode_ids(text) == custom.encode_ordinary(text), repr(text)
    (tmp_path / "specials.json").write_text(json.dumps(specials))
    cli = os.environ.get("SUBTOK_CLI")
    if cli:
        out = subprocess.run([cli, "encode", "-t", str(renamed), "--special-tokens", str(tmp_path / "specials.json"), "--allow-special"],
                             input="<|tool|>call<|im_end|>\n", capture_output=True, text=True, check=True).stdout
        assert out.split() == [str(i) for i in custom.encode("<|tool|>call<|im_end|>", allowed_special="all")]
    with pytest.raises(subtok.SubtokError, match="ordinary token already has"):
        subtok.Tokenizer.from_file(str(renamed), special_tokens={"<|x|>": 5})
    with pytest.raises(subtok.SubtokError, match="tiktoken rank file only"):
        subtok.Tokenizer.from_file(reference("gpt2/tokenizer.json"), special_tokens={"<|x|>": 60000})
