"""GGUF model files: tokenizer metadata written with the `gguf` package the way llama.cpp's
converter writes it, from the reference tokenizers; Subtok loading the GGUF must encode as the
original does in its own library (sentencepiece for .model files, tokenizers for
tokenizer.json), with the BOS/EOS tokens the metadata asks for."""
import json
import struct

import pytest

import subtok
from conftest import oracle, reference

gguf = pytest.importorskip("gguf")
sentencepiece = pytest.importorskip("sentencepiece")
from sentencepiece import sentencepiece_model_pb2  # noqa: E402


def corpus_lines(limit=400):
    lines = []
    for name in ("big.txt", "wagahaiwa_nekodearu.txt", "botchan.txt"):
        with open(reference(f"corpora/{name}"), encoding="utf-8") as f:
            lines += [line for line in f.read().split("\n") if line][:limit]
    return lines + ["", " ", "  leading and trailing  ", "tabs\tand\nnew lines", "ünïcödé — 日本語 🙂", "<s> </s> <unk>"]


def write_gguf(path, model, tokens, types, scores=None, merges=None, pre=None, bos=None, eos=None, add_bos=None,
               add_eos=None, add_space_prefix=None, remove_extra_whitespaces=None, charsmap=None):
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_tokenizer_model(model)
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    optional = [(writer.add_tokenizer_pre, pre), (writer.add_token_scores, scores), (writer.add_token_merges, merges),
                (writer.add_bos_token_id, bos), (writer.add_eos_token_id, eos), (writer.add_add_bos_token, add_bos),
                (writer.add_add_eos_token, add_eos), (writer.add_add_space_prefix, add_space_prefix),
                (writer.add_remove_extra_whitespaces, remove_extra_whitespaces), (writer.add_precompiled_charsmap, charsmap)]
    for add, value in optional:
        if value is not None:
            add(value)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return str(path)


def sentencepiece_gguf(tmp_path, model_file, kind):
    proto = sentencepiece_model_pb2.ModelProto()
    with open(reference(model_file), "rb") as f:
        proto.ParseFromString(f.read())
    processor = sentencepiece.SentencePieceProcessor(model_file=reference(model_file))
    spec = proto.normalizer_spec
    path = write_gguf(
        tmp_path / f"{kind}.gguf", kind, [p.piece for p in proto.pieces], [int(p.type) for p in proto.pieces],
        scores=[p.score for p in proto.pieces], bos=processor.bos_id() if processor.bos_id() >= 0 else None,
        eos=processor.eos_id() if processor.eos_id() >= 0 else None,
        add_bos=kind == "llama", add_eos=kind == "t5", add_space_prefix=spec.add_dummy_prefix,
        remove_extra_whitespaces=spec.remove_extra_whitespaces,
        charsmap=spec.precompiled_charsmap if kind == "t5" else None)
    return path, processor


@pytest.mark.parametrize("model_file,kind", [("spm-trained/llama-style-bpe.model", "llama"),
                                             ("spm-trained/t5-style-unigram.model", "t5")])
def test_sentencepiece_models_encode_as_sentencepiece(tmp_path, model_file, kind):
    path, processor = sentencepiece_gguf(tmp_path, model_file, kind)
    tok = subtok.Tokenizer.from_file(path)
    lines = corpus_lines()
    want = processor.encode(lines)
    assert tok.encode_batch_ids(lines, add_special_tokens=False) == want
    boundary = ([processor.bos_id()], []) if kind == "llama" else ([], [processor.eos_id()])
    assert [tok.encode_ids(line) for line in lines[:200]] == [boundary[0] + ids + boundary[1] for ids in want[:200]]
    assert [tok.decode(ids) for ids in want[:200]] == processor.decode(want[:200])


def byte_level_gguf(tmp_path, document, pre, bos=None):
    """A gpt2-model GGUF of a byte-level tokenizer.json document, as llama.cpp's converter
    writes it: tokens by id, added special tokens as control (3), other added ones user-defined (4)."""
    vocab = document["model"]["vocab"]
    added = {t["id"]: t for t in document["added_tokens"]}
    size = max(list(vocab.values()) + list(added)) + 1
    tokens, types = [f"[PAD{i}]" for i in range(size)], [4] * size
    for token, i in vocab.items():
        tokens[i], types[i] = token, 1
    for i, t in added.items():
        tokens[i], types[i] = t["content"], 3 if t["special"] else 4
    merges = [m if isinstance(m, str) else " ".join(m) for m in document["model"]["merges"]]
    return write_gguf(tmp_path / f"{pre}.gguf", "gpt2", tokens, types, merges=merges, pre=pre, bos=bos,
                      add_bos=bos is not None)


def assert_encodes_as(ours, theirs, lines):
    for add in (False, True):
        got, want = ours.encode_batch(lines, add_special_tokens=add), theirs.encode_batch(lines, add_special_tokens=add)
        assert [e.ids for e in got] == [e.ids for e in want], add
        assert [e.offsets for e in got] == [e.offsets for e in want], add
    ids = [e.ids for e in theirs.encode_batch(lines[:100])]
    assert [ours.decode(i) for i in ids] == [theirs.decode(i) for i in ids]


def test_gpt2_encodes_as_tokenizers(tmp_path):
    with open(reference("gpt2/tokenizer.json"), encoding="utf-8") as f:
        document = json.load(f)
    ours = subtok.Tokenizer.from_file(byte_level_gguf(tmp_path, document, "gpt-2"))
    assert_encodes_as(ours, oracle().Tokenizer.from_file(reference("gpt2/tokenizer.json")), corpus_lines())


def llama3_template(bos):
    """Llama 3's post-processor template, with cl100k's end-of-text token (id `bos`) as BOS."""
    return {"type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "<|endoftext|>", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {"<|endoftext|>": {"id": "<|endoftext|>", "ids": [bos], "tokens": ["<|endoftext|>"]}}}


@pytest.mark.parametrize("pre,pattern", [("llama-bpe", "llama3"), ("qwen2", "qwen2"), ("gpt-4o", "o200k"), ("dbrx", "cl100k")])
def test_pre_tokenizer_names_take_their_models_pattern(tmp_path, pre, pattern):
    """cl100k's vocabulary under each pre-tokenizer name, against tokenizers on a tokenizer.json
    built as that model family's own: its Split regex, then ByteLevel; Llama 3's family with
    ignore_merges and a BOS template after the ByteLevel post-processor."""
    with open(reference("tiktoken/cl100k_base.tokenizer.json"), encoding="utf-8") as f:
        document = json.load(f)
    regex = PATTERNS[pattern]
    document["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": {"Regex": regex}, "behavior": "Isolated", "invert": False},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]}
    llama3 = pre == "llama-bpe"
    bos = next(t["id"] for t in document["added_tokens"] if t["content"] == "<|endoftext|>")
    document["model"]["ignore_merges"] = llama3
    byte_level = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True}
    document["post_processor"] = {"type": "Sequence", "processors": [byte_level, llama3_template(bos)]} if llama3 else byte_level
    theirs = oracle().Tokenizer.from_str(json.dumps(document))
    ours = subtok.Tokenizer.from_file(byte_level_gguf(tmp_path, document, pre, bos=bos if llama3 else None))
    assert_encodes_as(ours, theirs, corpus_lines(200))


PATTERNS = {
    "llama3": r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+",
    "qwen2": r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+",
    "o200k": "|".join([
        r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
        r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
        r"\p{N}{1,3}", r" ?[^\s\p{L}\p{N}]+[\r\n/]*", r"\s*[\r\n]+", r"\s+(?!\S)", r"\s+"]),
    "cl100k": r"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s",
}


def test_bad_files_are_format_errors_naming_the_problem(tmp_path):
    good = write_gguf(tmp_path / "good.gguf", "gpt2", ["a", "b", "ab"], [1, 1, 1], merges=["a b"], pre="gpt-2")
    assert subtok.Tokenizer.from_file(good).encode_ids("abab") == [2, 2]
    data = open(good, "rb").read()
    cases = {
        "truncated.gguf": (data[:len(data) // 2], "ends"),
        "absurd-count.gguf": (data[:16] + struct.pack("<Q", 2**62) + data[24:], "do not fit"),
        "version.gguf": (data[:4] + struct.pack("<I", 7) + data[8:], "version 7"),
    }
    for name, (content, message) in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(subtok.SubtokError) as e:
            subtok.Tokenizer.from_file(str(tmp_path / name))
        assert e.value.code == 3 and message in str(e.value) and name in str(e.value), (name, str(e.value))
    unknown = write_gguf(tmp_path / "unknown-pre.gguf", "gpt2", ["a", "b", "ab"], [1, 1, 1], merges=["a b"], pre="no-such-model")
    with pytest.raises(subtok.SubtokError) as e:
        subtok.Tokenizer.from_file(unknown)
    assert "no-such-model" in str(e.value) and "llama-bpe" in str(e.value)
    rwkv = write_gguf(tmp_path / "rwkv.gguf", "rwkv", ["a", "b"], [1, 1])
    with pytest.raises(subtok.SubtokError) as e:
        subtok.Tokenizer.from_file(rwkv)
    assert "rwkv" in str(e.value) and "not supported" in str(e.value)
    twice = write_gguf(tmp_path / "twice.gguf", "bert", ["[UNK]", "\u2581a", "[UNK]"], [3, 1, 1])
    with pytest.raises(subtok.SubtokError) as e:
        subtok.Tokenizer.from_file(twice)
    assert "token 2" in str(e.value)


@pytest.mark.parametrize("model_file,kind", [("spm-trained/llama-style-bpe.model", "llama"),
                                             ("spm-trained/t5-style-unigram.model", "t5")])
def test_converted_sentencepiece_gguf_keeps_its_boundary_tokens(tmp_path, model_file, kind):
    """The tokenizer.json written from a GGUF encodes in tokenizers as the GGUF does in Subtok,
    BOS/EOS included, on every text where converting the .model itself agrees with it
    (tokenizers' Metaspace semantics differ from sentencepiece's on some white space)."""
    path, _ = sentencepiece_gguf(tmp_path, model_file, kind)
    ours = subtok.Tokenizer.from_file(path)
    theirs = oracle().Tokenizer.from_str(ours.to_str())
    plain = subtok.Tokenizer.from_file(reference(model_file))
    plain_converted = oracle().Tokenizer.from_str(plain.to_str())
    lines = corpus_lines(200)
    agreeing = [line for line in lines
                if plain_converted.encode(line, add_special_tokens=False).ids == plain.encode_ids(line, add_special_tokens=False)]
    assert len(agreeing) > len(lines) - 10
    assert [e.ids for e in theirs.encode_batch(agreeing)] == [e.ids for e in ours.encode_batch(agreeing)]


def test_converted_byte_level_gguf_is_the_original(tmp_path):
    with open(reference("gpt2/tokenizer.json"), encoding="utf-8") as f:
        document = json.load(f)
    ours = subtok.Tokenizer.from_file(byte_level_gguf(tmp_path, document, "gpt-2"))
    assert_encodes_as(ours, oracle().Tokenizer.from_str(ours.to_str()), corpus_lines(200))


def bert_gguf(tmp_path, hf, config, old_converter=False):
    """A `bert` GGUF as llama.cpp's converter writes it from a model directory holding `hf`'s
    tokenizer.json and `config` as tokenizer_config.json: the vocabulary in its phantom-space
    spelling (control tokens as they are; older converters also left `[...]` tokens alone and
    marked none as control), the special ids and flags gguf's SpecialVocab takes from the files."""
    model = tmp_path / "model"
    model.mkdir()
    hf.save(str(model / "tokenizer.json"))
    (model / "tokenizer_config.json").write_text(json.dumps(config))
    vocab = hf.get_vocab(with_added_tokens=True)
    tokens = [None] * len(vocab)
    for token, k in vocab.items():
        tokens[k] = token
    special = {t.content for t in hf.get_added_tokens_decoder().values() if t.special}
    control, normal = int(gguf.TokenType.CONTROL), int(gguf.TokenType.NORMAL)
    types = [control if t in special and not old_converter else normal for t in tokens]

    def phantom(token, kind):
        if kind == control or (old_converter and token.startswith("[") and token.endswith("]")):
            return token
        return token[2:] if token.startswith("##") else "\u2581" + token
    writer = gguf.GGUFWriter(str(tmp_path / "bert.gguf"), "bert")
    writer.add_tokenizer_model("bert")
    writer.add_tokenizer_pre("default")
    writer.add_token_list([phantom(t, k) for t, k in zip(tokens, types)])
    writer.add_token_types(types)
    gguf.SpecialVocab(str(model), n_vocab=len(tokens)).add_to_gguf(writer, quiet=True)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return str(tmp_path / "bert.gguf")


@pytest.mark.parametrize("old_converter", [False, True])
def test_bert_uncased_gguf_encodes_as_tokenizers(tmp_path, old_converter):
    hf = oracle().Tokenizer.from_file(reference("bert-base-uncased/tokenizer.json"))
    hf.no_padding()
    hf.no_truncation()
    ours = subtok.Tokenizer.from_file(bert_gguf(tmp_path, hf, {"do_lower_case": True, "model_max_length": 512},
                                                old_converter))
    lines = corpus_lines() + ["Héllo WORLD, naïve café!", "日本語 and 中文", "unaffable ##x [mask", "x [MASK] [SEP]y"]
    assert_encodes_as(ours, hf, lines)
    pairs = [(a, b) for a, b in zip(lines[:50], lines[50:100])]
    got, want = ours.encode_batch(pairs), hf.encode_batch(pairs)
    assert [(e.ids, e.type_ids, e.offsets) for e in got] == [(e.ids, e.type_ids, e.offsets) for e in want]


def test_bert_cased_gguf_keeps_case(tmp_path):
    """bert-base-chinese does not lowercase, and its vocabulary says so (<S>, <T>)."""
    tokenizers = oracle()
    hf = tokenizers.BertWordPieceTokenizer(reference("bert-base-chinese/vocab.txt"), lowercase=False)._tokenizer
    ours = subtok.Tokenizer.from_file(bert_gguf(tmp_path, hf, {"do_lower_case": False}))
    assert_encodes_as(ours, hf, corpus_lines() + ["Hello WORLD <S> <T>", "Ünïcode 中文字符"])
    assert ours.encode("Hello").tokens == ["[CLS]", "[UNK]", "[SEP]"]
