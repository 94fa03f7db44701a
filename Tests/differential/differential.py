"""The exactness gate: Subtok against each family's oracle on many megabytes of real text.

Fast tokenizers' bugs show up on large real text, not on test sentences, so this encodes MB
megabytes per family (default 100) of text this machine has: the shared corpora, Python
source trees (standard library and installed packages), /usr/share/doc, seeded random
Unicode mixes (marks, digits, CR/LF, NBSP, contractions, emoji, CJK, runs of spaces), and long
seeded texts of a few recurring words (near ties, many-token words, kana and kanji). Each
document is encoded by Subtok and by the oracle (`tokenizers` for tokenizer.json, tiktoken for
rank files, `sentencepiece` for .model files), byte-level BPE, WordPiece and the SentencePiece
forms, and every id must agree; the first mismatches are printed with their context.

    usage: differential.py [--mb MB] [--reference DIR] [--family NAME ...]
Exit status 1 on any mismatch or if a family's oracle is missing.
"""
import argparse
import glob
import gzip
import os
import random
import shutil
import sys
import sysconfig
import tempfile
import time
from unittest import mock

import subtok

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCUMENT_BYTES = 64 * 1024


def chunks(text):
    """Splits text into documents of about DOCUMENT_BYTES, cut after a newline."""
    start = 0
    while start < len(text):
        end = min(len(text), start + DOCUMENT_BYTES)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut > start:
                end = cut + 1
        yield text[start:end]
        start = end


def random_mixes(seed, count):
    """Seeded documents that mix what pre-tokenizers get wrong: marks, digits of every script,
    CR/LF and other white space, contractions in both cases, punctuation runs, emoji, CJK, and
    white space, contractions or digits at the very end."""
    rng = random.Random(seed)
    atoms = ["the", "The", "THE", "don't", "DON'T", "I'm", "we'll", "you've", "they're", "it'S", "'s", "'ll",
             "123", "4567890", "٣٤٥", "१२३", "Ⅻ", "½", "3.14", "x²", "café", "cafe\u0301", "e\u0301\u0302",
             "\u0301", "naïve", "Ωμέγα", "Привет", "مرحبا", "שלום", "नमस्ते", "สวัสดี", "日本語", "漢字かな",
             "한국어", "😀", "👍🏽", "👨‍👩‍👧", "🇯🇵", " ", "  ", "   ", "\t", "\n", "\r\n", "\r", "\n\n", " \n",
             "\u00a0", "\u2009", "\u3000", "\u200b", "\ufeff", "...", "!!", "?!", "—", "«»", "(", ")", "{}", "//",
             "#", "$", "%", "&&", "<|endoftext|>", "<|fim_prefix|>", "' ", " '", "''", "`", "_", "__init__",
             "a_b", "CamelCase", "HTTPServer", "iPhone", "x86_64", "0x1F", "1e-9", "\\n", "\u0000", "\x7f"]
    # How a document may end: patterns treat white space at the end of a text on its own.
    tails = ["", "", "", " ", "\n", "\n  ", " \n\t ", "\r\n", "\n\n   ", "\u3000\n", "'s", "12345"]
    for _ in range(count):
        parts = [rng.choice(atoms) for _ in range(rng.randint(20, 400))]
        yield "".join(p if rng.random() < 0.5 else " " + p for p in parts) + rng.choice(tails)


def recurring_words(seed, count):
    """Seeded documents of DOCUMENT_BYTES made of a dozen words drawn again and again from ones
    whose segmentations are near or exact ties (runs of digits and dashes, numbers), words of
    many tokens, and kana and kanji runs: in a long text each recurs at every running total,
    which is where a SentencePiece .model's cached words must still agree with sentencepiece's
    float arithmetic (a fault there passed 100 MB of ordinary text)."""
    rng = random.Random(seed)
    words = (["0" * k for k in range(1, 12)] + ["-" * k for k in range(1, 16)] + ["=" * k for k in range(2, 9)]
             + ["1000", "$1000", "10.00", "2020", "1,000", "99.99", "0.000", "the", "and", "of", "Holmes", "thing",
                "...", "0123456789", "supercalifragilistic", "qzqzqzqzxw", "a-b-c-d-e-f-g", "Mississippi-Missouri",
                "ーー", "。。。", "あああ", "吾輩は猫である", "東京都", "😀😀", "naïve", "x²"])
    for _ in range(count):
        chosen = rng.sample(words, 12)
        parts, size = [], 0
        while size < DOCUMENT_BYTES:
            word = rng.choice(chosen)
            parts.append(word)
            size += len(word.encode()) + 1
        yield " ".join(parts)


def tree_texts(tree):
    """The UTF-8 text files under tree (gzip'd ones unpacked), in a fixed order."""
    for directory, subdirectories, files in os.walk(tree):
        subdirectories.sort()
        for name in sorted(files):
            if not name.endswith((".py", ".txt", ".rst", ".md", ".gz", ".html", "copyright", "README")):
                continue
            try:
                opener = gzip.open if name.endswith(".gz") else open
                with opener(os.path.join(directory, name), "rb") as f:
                    yield f.read(4_000_000).decode("utf-8")
            except (OSError, UnicodeDecodeError, EOFError):
                continue


def corpora_texts(reference):
    for path in sorted(glob.glob(os.path.join(reference, "corpora", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            yield f.read()


def documents(reference, mb):
    """Up to mb megabytes of documents, in a fixed order, each taken from the source that has
    given the fewest bytes so far (so a small run still mixes prose, Japanese, code and
    documentation; a source that runs out leaves its share to the others). Returns (list, sizes)."""
    limit = mb * 1_000_000
    paths = sysconfig.get_paths()
    sources = [("random mixes", random_mixes(20261202, 20000)), ("recurring words", recurring_words(20261207, 400)),
               ("shared corpora", corpora_texts(reference)),
               ("Python standard library", tree_texts(paths["stdlib"])),
               ("installed Python packages", tree_texts(paths["purelib"])), ("/usr/share/doc", tree_texts("/usr/share/doc"))]
    pending = {name: iter(()) for name, _ in sources}
    out, total, sizes = [], 0, {name: 0 for name, _ in sources}
    while sources and total < limit:
        # The next document comes from the source with the fewest bytes so far.
        source = min(sources, key=lambda source: sizes[source[0]])
        name, texts = source
        doc = next(pending[name], None)
        while doc is None:
            text = next(texts, None)
            if text is None:
                break
            pending[name] = chunks(text)
            doc = next(pending[name], None)
        if doc is None:
            sources.remove(source)
            continue
        size = len(doc.encode())
        out.append(doc)
        total += size
        sizes[name] += size
    return out, sizes


def tiktoken_oracle(reference, name):
    import tiktoken
    from tiktoken.load import load_tiktoken_bpe
    from tiktoken_ext import openai_public
    ranks = load_tiktoken_bpe(os.path.join(reference, "tiktoken", f"{name}.tiktoken"))
    with mock.patch.object(openai_public, "load_tiktoken_bpe", lambda *a, **k: ranks):
        params = getattr(openai_public, name)()
    encoding = tiktoken.Encoding(params["name"], pat_str=params["pat_str"], mergeable_ranks=ranks, special_tokens={})
    return lambda docs: encoding.encode_ordinary_batch(docs, num_threads=os.cpu_count() or 2)


def tekken_file(reference):
    """Mistral's tekken file that mistral-common ships (Pixtral's tekken_240911.json)."""
    import mistral_common
    return os.path.join(os.path.dirname(mistral_common.__file__), "data", "tekken_240911.json")


def tekken_oracle(path):
    from mistral_common.tokens.tokenizers.tekken import Tekkenizer
    tekken = Tekkenizer.from_file(path)
    return lambda docs: [tekken.encode(d, bos=False, eos=False) for d in docs]


def sentencepiece_oracle(path):
    import sentencepiece
    processor = sentencepiece.SentencePieceProcessor(model_file=path)
    return lambda docs: processor.encode(docs, num_threads=os.cpu_count() or 2)


def sentencepiece_family(relative):
    return reference_file(relative), lambda reference, path: sentencepiece_oracle(path)


def tokenizers_oracle(path):
    import tokenizers
    tokenizer = tokenizers.Tokenizer.from_file(path)
    return lambda docs: [e.ids for e in tokenizer.encode_batch(docs, add_special_tokens=False)]


LLAMA3_REGEX = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                r"|\s*[\r\n]+|\s+(?!\S)|\s+")
QWEN2_REGEX = LLAMA3_REGEX.replace(r"\p{N}{1,3}", r"\p{N}")
QWEN35_REGEX = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*"
                r"|\s*[\r\n]+|\s+(?!\S)|\s+")
DERIVED = tempfile.mkdtemp(prefix="subtok-differential-")


DEEPSEEK_V3_REGEXES = [
    r"\p{N}{1,3}", "[一-龥぀-ゟ゠-ヿ]+",
    r"""[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*"""
    r"""|\s*[\r\n]+|\s+(?!\S)|\s+""",
]


def derived(reference, base, name, regexes, normalizer=None):
    """A tokenizer.json written from `base` with its pre-tokenizer replaced by a Sequence of
    `Isolated` Splits with `regexes` and a ByteLevel without regex, and `normalizer` set: the
    Llama 3, Qwen2, Qwen3.5 and DeepSeek V3 patterns over the cl100k vocabulary, so that `tokenizers`
    judges the scanners for those patterns (the split, not the vocabulary, is under test)."""
    import json
    with open(os.path.join(reference, base)) as f:
        config = json.load(f)
    splits = [{"type": "Split", "pattern": {"Regex": r}, "behavior": "Isolated", "invert": False} for r in regexes]
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}
    config["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": splits + [byte_level]}
    config["normalizer"] = normalizer
    path = os.path.join(DERIVED, name)
    with open(path, "w") as f:
        json.dump(config, f)
    return path


def unpadded(reference, base, name):
    """`base` with its truncation and padding removed (bert-base-uncased pads to 128): a
    document's ids are compared whole."""
    import json
    with open(os.path.join(reference, base)) as f:
        config = json.load(f)
    config["truncation"] = None
    config["padding"] = None
    path = os.path.join(DERIVED, name)
    with open(path, "w") as f:
        json.dump(config, f)
    return path


def reference_file(relative):
    return lambda reference: os.path.join(reference, relative)


def tiktoken_family(name):
    return reference_file(f"tiktoken/{name}.tiktoken"), lambda reference, path: tiktoken_oracle(reference, name)


def tokenizers_family(locate):
    return locate, lambda reference, path: tokenizers_oracle(path)


def full_fields(e):
    """What a full encoding holds: ids, offsets, type ids and both masks."""
    return (list(e.ids), [tuple(o) for o in e.offsets], list(e.type_ids), list(e.special_tokens_mask), list(e.attention_mask))


def compare_full(family, tok, path, docs):
    """Full encodings (with special tokens) against `tokenizers`' on `docs`; returns the number
    of documents that differ."""
    import tokenizers
    oracle = tokenizers.Tokenizer.from_file(path)
    mismatches = 0
    for k in range(0, len(docs), 256):
        part = docs[k:k + 256]
        for doc, a, b in zip(part, tok.encode_batch(part), oracle.encode_batch(part)):
            ours, theirs = full_fields(a), full_fields(b)
            if ours == theirs:
                continue
            mismatches += 1
            if mismatches <= 3:
                field = next(i for i, (x, y) in enumerate(zip(ours, theirs)) if x != y)
                print(f"  {family} full encoding: field {field} differs in {doc[:80]!r}")
    return mismatches


#: family -> (where its file is, given the reference folder; its oracle, given that and the file)
FAMILIES = {
    "gpt2": tokenizers_family(reference_file("gpt2/tokenizer.json")),
    "roberta-style": tokenizers_family(reference_file("gpt2/roberta-style.tokenizer.json")),
    "cl100k-json": tokenizers_family(reference_file("tiktoken/cl100k_base.tokenizer.json")),
    "cl100k": tiktoken_family("cl100k_base"),
    "o200k": tiktoken_family("o200k_base"),
    "llama3-style": tokenizers_family(
        lambda ref: derived(ref, "tiktoken/cl100k_base.tokenizer.json", "llama3.json", [LLAMA3_REGEX])),
    "qwen2-style": tokenizers_family(
        lambda ref: derived(ref, "tiktoken/cl100k_base.tokenizer.json", "qwen2.json", [QWEN2_REGEX], {"type": "NFC"})),
    # Without Qwen's NFC normalizer, so that combining marks reach the split.
    "qwen35-style": tokenizers_family(
        lambda ref: derived(ref, "tiktoken/cl100k_base.tokenizer.json", "qwen35.json", [QWEN35_REGEX])),
    "deepseek-v3-style": tokenizers_family(
        lambda ref: derived(ref, "tiktoken/cl100k_base.tokenizer.json", "deepseek-v3.json", DEEPSEEK_V3_REGEXES)),
    "tekken": (tekken_file, lambda reference, path: tekken_oracle(path)),
    "llama-style-bpe-json": tokenizers_family(reference_file("spm-trained/llama-style-bpe.tokenizer.json")),
    "t5-style-unigram-json": tokenizers_family(reference_file("spm-trained/t5-style-unigram.tokenizer.json")),
    "t5-style-unigram-model": sentencepiece_family("spm-trained/t5-style-unigram.model"),
    "llama-style-bpe-model": sentencepiece_family("spm-trained/llama-style-bpe.model"),
    "sentencepiece-test-model": sentencepiece_family("sentencepiece/test_model.model"),
    "bert-uncased": tokenizers_family(lambda ref: unpadded(ref, "bert-base-uncased/tokenizer.json", "bert-uncased.json")),
}


#: the families whose oracle is `tokenizers`, whose full encodings are compared too
TOKENIZERS_FAMILIES = {"gpt2", "roberta-style", "cl100k-json", "llama3-style", "qwen2-style", "qwen35-style",
                       "deepseek-v3-style", "llama-style-bpe-json", "t5-style-unigram-json", "bert-uncased"}


def first_difference(a, b):
    for k, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return k
    return min(len(a), len(b))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=100)
    parser.add_argument("--reference", default=os.path.join(ROOT, "..", "shared", "reference"))
    parser.add_argument("--family", action="append", choices=sorted(FAMILIES))
    parser.add_argument("--full-mb", type=float, default=30,
                        help="megabytes on which full encodings (offsets, type ids, masks) are compared too, for tokenizer.json families")
    args = parser.parse_args()
    docs, sources = documents(args.reference, args.mb)
    size = sum(len(d.encode()) for d in docs)
    print(f"{len(docs)} documents, {size / 1e6:.1f} MB: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sources.items()))
    failed = False
    for family in args.family or sorted(FAMILIES):
        locate, make_oracle = FAMILIES[family]
        path = locate(args.reference)
        tok = subtok.Tokenizer.from_file(path)
        oracle = make_oracle(args.reference, path)
        started = time.perf_counter()
        mismatches = 0
        batch = 256
        for k in range(0, len(docs), batch):
            part = docs[k:k + batch]
            ours = tok.encode_batch_ids(part, add_special_tokens=False)
            theirs = oracle(part)
            for doc, a, b in zip(part, ours, theirs):
                if list(a) == list(b):
                    continue
                mismatches += 1
                if mismatches <= 3:
                    at = first_difference(list(a), list(b))
                    context = tok.decode(list(b[max(0, at - 3):at + 3]), skip_special_tokens=False)
                    print(f"  {family}: mismatch at token {at}: subtok {list(a[at:at + 4])} oracle {list(b[at:at + 4])} "
                          f"near {context!r}")
        seconds = time.perf_counter() - started
        status = "ok" if mismatches == 0 else f"{mismatches} documents differ"
        print(f"{family}: {size / 1e6:.1f} MB compared in {seconds:.0f} s: {status}")
        failed |= mismatches > 0
        if family in TOKENIZERS_FAMILIES and args.full_mb > 0:
            started = time.perf_counter()
            part, total = [], 0
            for doc in docs:
                if total >= args.full_mb * 1e6:
                    break
                part.append(doc)
                total += len(doc.encode())
            full = compare_full(family, tok, path, part)
            status = "ok" if full == 0 else f"{full} documents differ"
            print(f"{family}: full encodings on {total / 1e6:.1f} MB compared in {time.perf_counter() - started:.0f} s: {status}")
            failed |= full > 0
    shutil.rmtree(DERIVED, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
