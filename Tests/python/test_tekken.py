"""Mistral tekken.json against mistral-common's Tekkenizer, on the real tekken files the
mistral-common package ships (tekken_240718: Mistral NeMo; tekken_240911: Pixtral)."""
import json
import os
import random

import pytest

import subtok
from test_oracle import OWN_TEXTS, corpus_lines, random_texts


def mistral():
    try:
        from mistral_common.tokens.tokenizers.tekken import Tekkenizer
        import mistral_common
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("mistral-common is not installed under CI=true")
        pytest.skip("mistral-common not installed")
    return Tekkenizer, os.path.join(os.path.dirname(mistral_common.__file__), "data")


@pytest.fixture(scope="module", params=["tekken_240718.json", "tekken_240911.json"])
def pair(request):
    Tekkenizer, data = mistral()
    path = os.path.join(data, request.param)
    return Tekkenizer.from_file(path), subtok.Tokenizer.from_file(path), path


TEXTS = OWN_TEXTS + corpus_lines(300) + random_texts(300, 13) + [
    "[INST] hello [/INST]", "<s>not special</s>", "<SPECIAL_20>", "path/to/file\r\n//comment", "CamelCaseWords ALLCAPS",
    "ﬁnancial résumé Ωmega ǅ", "  multiple   spaces\t\ttabs\n\n\n", "ação 漢字 한국어 العربية",
]


def test_ids_are_mistral_commons(pair):
    ref, ours, _ = pair
    for text in TEXTS:
        want = ref.encode(text, bos=False, eos=False)
        assert ours.encode_ids(text, add_special_tokens=False) == want, text
        assert ours.encode(text, add_special_tokens=False).ids == want, text
        assert ours.encode_ids(text) == ref.encode(text, bos=True, eos=False), text
    assert ours.encode_batch_ids(TEXTS, add_special_tokens=False) == [ref.encode(t, bos=False, eos=False) for t in TEXTS]


def test_vocabulary_and_decoding_are_mistral_commons(pair):
    ref, ours, _ = pair
    assert ours.get_vocab_size() == ref.n_words
    assert [ours.id_to_token(i) for i in (0, 1, 2, 3, 19, 20, 999)] == [ref.id_to_piece(i) for i in (0, 1, 2, 3, 19, 20, 999)]
    assert ours.token_to_id("<s>") == ref.bos_id and ours.token_to_id("</s>") == ref.eos_id
    rnd = random.Random(4)
    for text in TEXTS[:200]:
        ids = ref.encode(text, bos=True, eos=True)
        assert ours.decode(ids) == ref.decode(ids), text
    for _ in range(200):
        ids = [rnd.randrange(1000, ref.n_words) for _ in range(rnd.randint(1, 10))]
        assert ours.decode_bytes(ids) == b"".join(ref.id_to_byte_piece(i) for i in ids)


def test_special_tokens_are_text_unless_allowed(pair):
    ref, ours, _ = pair
    text = "[INST] hi [/INST]"
    assert ours.encode_ids(text, add_special_tokens=False) == ref.encode(text, bos=False, eos=False)
    assert ours.encode_ids(text, add_special_tokens=False, allow_special=True)[0] == ref.get_control_token("[INST]")


def test_bad_tekken_files_are_format_errors(tmp_path, pair):
    _, _, path = pair
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    cases = {
        "rank": lambda d: d["vocab"][5].update(rank=7),
        "base64": lambda d: d["vocab"][300].update(token_bytes="!!"),
        "size": lambda d: d["config"].update(default_vocab_size=10 ** 7),
        "version": lambda d: d["config"].update(version="v99"),
        "list": lambda d: d["config"].update(version="v11"),
    }
    for name, edit in cases.items():
        bad = json.loads(json.dumps(doc))
        edit(bad)
        target = tmp_path / f"{name}.json"
        target.write_text(json.dumps(bad))
        with pytest.raises(subtok.SubtokError) as error:
            subtok.Tokenizer.from_file(str(target))
        assert "tekken" in str(error.value), name


def test_converted_tokenizer_json_encodes_as_mistral_common_in_tokenizers(pair, tmp_path):
    from conftest import oracle
    tokenizers = oracle()
    ref, ours, _ = pair
    target = tmp_path / "tokenizer.json"
    ours.save(str(target))
    converted = tokenizers.Tokenizer.from_file(str(target))
    specials = [ref.id_to_piece(i) for i in range(ref.num_special_tokens)]
    for text in TEXTS:
        if any(s in text for s in specials):
            continue  # tokenizers matches special tokens in text; Tekkenizer.encode never does
        assert converted.encode(text, add_special_tokens=False).ids == ref.encode(text, bos=False, eos=False), text
        assert converted.encode(text).ids == ref.encode(text, bos=True, eos=False), text
