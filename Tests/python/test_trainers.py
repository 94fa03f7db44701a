"""The trainers against `tokenizers`' trainers (same vocabulary and merges where the reference
is deterministic) and SentencePiece's (compression on held-out text), through the Python
binding, the C ABI and the CLI."""
import json
import os
import subprocess

import pytest

import subtok
from conftest import ROOT, oracle, reference

CLI = os.environ.get("SUBTOK_CLI", os.path.join(ROOT, ".build", "release", "subtok-cli"))


def corpus_slice(tmp_path, start, size, name):
    """`size` bytes of big.txt from `start`, cut at line ends, as a file."""
    with open(reference("corpora/big.txt"), "rb") as f:
        data = f.read()
    begin = data.index(b"\n", start) + 1 if start else 0
    end = data.index(b"\n", begin + size) + 1
    path = tmp_path / name
    path.write_bytes(data[begin:end])
    return str(path)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    return corpus_slice(d, 0, 600_000, "train.txt"), corpus_slice(d, 2_000_000, 200_000, "held.txt")


def hf_trainer(kind, vocab_size):
    tk = oracle()
    from tokenizers import models, normalizers, pre_tokenizers, trainers, decoders
    if kind == "byte-bpe":
        t = tk.Tokenizer(models.BPE())
        t.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        t.decoder = decoders.ByteLevel()
        tr = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=["<|endoftext|>"],
                                 initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    elif kind == "wordpiece":
        t = tk.Tokenizer(models.WordPiece(unk_token="[UNK]"))
        t.normalizer = normalizers.BertNormalizer(lowercase=True)
        t.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        tr = trainers.WordPieceTrainer(vocab_size=vocab_size, min_frequency=2, limit_alphabet=1000,
                                       special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"], show_progress=False)
    else:
        t = tk.Tokenizer(models.BPE(unk_token="<unk>", end_of_word_suffix="</w>"))
        t.normalizer = normalizers.BertNormalizer(lowercase=False)
        t.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        tr = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=["<unk>"],
                                 end_of_word_suffix="</w>", show_progress=False)
    return t, tr


def held_lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip()]


@pytest.mark.parametrize("kind", ["byte-bpe", "wordpiece", "bpe"])
def test_bpe_family_matches_tokenizers(tmp_path, corpus, kind):
    train, held = corpus
    reference_tokenizer, reference_trainer = hf_trainer(kind, 3000)
    reference_tokenizer.train([train], reference_trainer)
    theirs = json.loads(reference_tokenizer.to_str())["model"]
    ours_tokenizer = subtok.Trainer(kind, 3000).train([train])
    out = tmp_path / "ours.json"
    ours_tokenizer.save(str(out))
    ours = json.loads(out.read_text())["model"]
    if kind == "byte-bpe":
        # No ties depend on hash order here: the same ids and merges, in order.
        assert ours["vocab"] == theirs["vocab"]
        assert ours["merges"] == theirs["merges"]
    else:
        # `tokenizers` numbers prefixed/suffixed characters in hash-map order; the tokens agree.
        assert set(ours["vocab"]) == set(theirs["vocab"])
    # The written file is a tokenizer `tokenizers` loads and encodes as we do.
    loaded = oracle().Tokenizer.from_file(str(out))
    for line in held_lines(held)[:400]:
        e = loaded.encode(line)
        assert ours_tokenizer.encode_ids(line) == e.ids, line
        assert ours_tokenizer.decode(e.ids) == loaded.decode(e.ids)


def test_byte_level_special_tokens_match_tokenizers(tmp_path):
    """Special tokens outside ASCII keep their spelling; one a merge spells shares its id."""
    specials = ["Ì>", "</s>", "a", "ÃĮ", "東"]
    text = ["the quick brown fox Ì> and </s> 東京 ÃĮ Ì> Ì>", "ab ab Ì>Ì>"] * 3
    tk = oracle()
    from tokenizers import models, pre_tokenizers, trainers, decoders
    reference_tokenizer = tk.Tokenizer(models.BPE())
    reference_tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    reference_tokenizer.decoder = decoders.ByteLevel()
    reference_tokenizer.train_from_iterator(text, trainers.BpeTrainer(
        vocab_size=300, min_frequency=1, special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False))
    ours = subtok.Trainer("byte-bpe", 300, special_tokens=specials, min_frequency=1).train_from_iterator(text)
    out = tmp_path / "ours.json"
    ours.save(str(out))
    theirs = json.loads(reference_tokenizer.to_str())["model"]
    mine = json.loads(out.read_text())["model"]
    assert mine["vocab"] == theirs["vocab"]
    assert mine["merges"] == theirs["merges"]
    for line in text + specials:
        ids = reference_tokenizer.encode(line).ids
        assert ours.encode_ids(line) == ids, line
        assert ours.decode(ids, skip_special_tokens=False) == reference_tokenizer.decode(ids, skip_special_tokens=False)


def tokens_per_byte(lines, encode):
    return sum(len(encode(l)) for l in lines) / sum(len(l.encode()) for l in lines)


def test_unigram_compresses_like_sentencepiece(tmp_path, corpus):
    spm = pytest.importorskip("sentencepiece")
    train, held = corpus
    spm.SentencePieceTrainer.train(input=train, model_prefix=str(tmp_path / "sp"), vocab_size=2000,
                                   model_type="unigram", num_threads=2, minloglevel=2)
    sp = spm.SentencePieceProcessor(model_file=str(tmp_path / "sp.model"))
    ours = subtok.Trainer("unigram", 2000).train([train])
    assert ours.get_vocab_size() == 2000
    lines = held_lines(held)
    theirs_rate = tokens_per_byte(lines, sp.encode)
    ours_rate = tokens_per_byte(lines, lambda l: ours.encode_ids(l, add_special_tokens=False))
    # Within 2% on this small corpus (BENCHMARKS.md has the full-size figures).
    assert ours_rate <= theirs_rate * 1.02, (ours_rate, theirs_rate)
    # The written file loads in `tokenizers` and encodes the same.
    out = tmp_path / "uni.json"
    ours.save(str(out))
    loaded = oracle().Tokenizer.from_file(str(out))
    for line in lines[:300]:
        assert loaded.encode(line).ids == ours.encode_ids(line), line
        assert loaded.decode(loaded.encode(line).ids) == ours.decode(ours.encode_ids(line))


def test_train_from_iterator_equals_files(corpus):
    train, _ = corpus
    with open(train, encoding="utf-8") as f:
        lines = f.readlines()
    a = subtok.Trainer("byte-bpe", 800).train_from_iterator(lines)
    b = subtok.Trainer("byte-bpe", 800, threads=1).train([train])
    assert a.get_vocab_size() == b.get_vocab_size() == 800
    assert [a.id_to_token(i) for i in range(800)] == [b.id_to_token(i) for i in range(800)]
    for line in lines[:200]:
        assert a.encode_ids(line) == b.encode_ids(line)


def test_tokenizer_train_takes_a_trainer_as_tokenizers_does(corpus):
    """Tokenizer.train(files, trainer) and train_from_iterator(iterator, trainer, length): the
    tokenizer becomes what the trainer learns; copies made before keep the old one."""
    train, _ = corpus
    with open(train, encoding="utf-8") as f:
        lines = f.readlines()
    want = subtok.Trainer("byte-bpe", 600, threads=1).train([train])
    tok = subtok.Tokenizer.from_file(reference("gpt2/tokenizer.json"))
    before = tok.__copy__()
    tok.train([train], subtok.Trainer("byte-bpe", 600, threads=1))
    assert tok.get_vocab_size() == 600 and tok.get_vocab() == want.get_vocab()
    assert before.get_vocab_size() == 50257
    other = subtok.Tokenizer.from_file(reference("gpt2/tokenizer.json"))
    other.train_from_iterator(iter(lines), subtok.Trainer("byte-bpe", 600, threads=1), length=len(lines))
    assert other.get_vocab() == want.get_vocab()
    assert [other.encode_ids(line) for line in lines[:100]] == [want.encode_ids(line) for line in lines[:100]]
    with pytest.raises(TypeError):
        tok._adopt("not a tokenizer")


def test_trainer_errors():
    with pytest.raises(subtok.SubtokError, match="model must be one of"):
        subtok.Trainer("nope", 100)
    with pytest.raises(subtok.SubtokError, match="unknown key"):
        subtok.Trainer("bpe", 100, vocab=3)
    with pytest.raises(subtok.SubtokError, match="no words"):
        subtok.Trainer("byte-bpe", 100).train_from_iterator([])
    with pytest.raises(subtok.SubtokError, match="given twice"):
        subtok.Trainer("bpe", 100, special_tokens=["<a>", "<a>"]).train_from_iterator(["hello world"])
    with pytest.raises(subtok.SubtokError, match="too small"):
        subtok.Trainer("unigram", 10).train_from_iterator(["the quick brown fox jumps over the lazy dog"])
    t = subtok.Trainer("byte-bpe", 300)
    t.feed("aaaa")
    t.finish()
    with pytest.raises(subtok.SubtokError, match="already finished"):
        t.feed("more")


def test_one_repeated_character_and_invalid_utf8():
    t = subtok.Trainer("byte-bpe", 300)
    t.feed("a" * 10000)
    t.feed(b"\xff\xfe not utf-8")
    tok = t.finish()
    ids = tok.encode_ids("a" * 64)
    assert len(ids) < 64 and tok.decode(ids) == "a" * 64
    # The invalid text was skipped: only runs of "a" were merged.
    learned = [tok.id_to_token(i) for i in range(257, tok.get_vocab_size())]
    assert learned and all(set(token) == {"a"} for token in learned), learned


def test_cli_counts_shards_and_trains_from_them(tmp_path, corpus):
    train, held = corpus
    with open(train, "rb") as f:
        data = f.read()
    half = data.index(b"\n", len(data) // 2) + 1
    (tmp_path / "a.txt").write_bytes(data[:half])
    (tmp_path / "b.txt").write_bytes(data[half:])
    run = lambda *args: subprocess.run([CLI, *args], check=True, capture_output=True)
    run("count", "--model", "wordpiece", "--quiet", "-o", str(tmp_path / "a.tsv"), str(tmp_path / "a.txt"))
    run("count", "--model", "wordpiece", "--quiet", "-o", str(tmp_path / "b.tsv"), str(tmp_path / "b.txt"))
    run("count", "--model", "wordpiece", "--merge", "--quiet", "-o", str(tmp_path / "all.tsv"),
        str(tmp_path / "a.tsv"), str(tmp_path / "b.tsv"))
    run("train", "--model", "wordpiece", "--vocab-size", "2000", "--quiet", "--from-counts",
        "-o", str(tmp_path / "from-counts.json"), str(tmp_path / "all.tsv"))
    run("train", "--model", "wordpiece", "--vocab-size", "2000", "--quiet", "-o", str(tmp_path / "from-text.json"), train)
    assert (tmp_path / "from-counts.json").read_text() == (tmp_path / "from-text.json").read_text()
    header, first = [line.split("\t") for line in (tmp_path / "all.tsv").read_text().splitlines()[:2]]
    assert header[:2] == ["#subtok-counts", "normalizer=bert pre-tokenizer=bert"]
    assert first[0].isdigit() and int(first[0]) > 1000
    # A Spark-style sum (the README's recipe: header lines dropped) trains the same vocabulary.
    summed = {}
    for shard in ("a.tsv", "b.tsv"):
        for line in (tmp_path / shard).read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                count, word = line.split("\t", 1)
                summed[word] = summed.get(word, 0) + int(count)
    (tmp_path / "spark.tsv").write_text("".join(f"{n}\t{w}\n" for w, n in summed.items()), encoding="utf-8")
    run("train", "--model", "wordpiece", "--vocab-size", "2000", "--quiet", "--from-counts",
        "-o", str(tmp_path / "from-spark.json"), str(tmp_path / "spark.tsv"))
    assert (tmp_path / "from-spark.json").read_text() == (tmp_path / "from-text.json").read_text()
    bad = tmp_path / "bad.tsv"
    bad.write_text("12\thello\nnot a count\n")
    r = subprocess.run([CLI, "train", "--model", "bpe", "--vocab-size", "100", "--from-counts", "-o",
                        str(tmp_path / "x.json"), str(bad)], capture_output=True)
    assert r.returncode == 1 and b"bad.tsv:2" in r.stderr
    assert not (tmp_path / "x.json").exists()


def test_progress_reaches_a_callback_and_a_tqdm_bar(corpus, capsys):
    """Trainer(progress=callable) gets (phase, done, total, message) reports: the counting phase
    ends with every byte counted, the merge phase ends at vocab_size; progress=True draws tqdm
    bars (on stderr) for the same phases; an exception in the callback does not stop training."""
    train, _ = corpus
    reports = []
    tok = subtok.Trainer("byte-bpe", 600, threads=1, progress=lambda *r: reports.append(r)).train([train])
    assert tok.get_vocab_size() == 600
    phases = [r[0] for r in reports]
    assert "count" in phases and "merge" in phases and phases.index("count") < phases.index("merge")
    count = [r for r in reports if r[0] == "count"][-1]
    assert count[1] == count[2] == os.path.getsize(train) and "counted" in count[3]
    merge = [r for r in reports if r[0] == "merge"][-1]
    assert merge[1] == merge[2] == 600 and "BPE" in merge[3]
    assert all(r[2] == 0 or r[1] <= r[2] for r in reports)

    def broken(*_):
        raise RuntimeError("callback failed")
    assert subtok.Trainer("bpe", 300, progress=broken).train([train]).get_vocab_size() == 300
    with pytest.raises(TypeError):
        subtok.Trainer("bpe", 300, progress=42)
    pytest.importorskip("tqdm")
    subtok.Trainer("unigram", 400, progress=True).train([train])
    assert "unigram" in capsys.readouterr().err
