#!/usr/bin/env python3
"""`make bench`: Subtok and the reference libraries on the same inputs in one run.

Subtok is measured in-process through its C ABI (bench/bench_encode.c) and through the Python
binding; `tokenizers`, tiktoken, tokie and bpe-openai through their Python bindings (in-process,
one call per line or one batch call). Writes the table with ratios into BENCHMARKS.md.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from train import training_section

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.environ.get("SUBTOK_REFERENCE", os.path.join(os.path.dirname(ROOT), "shared", "reference"))


def best_of(repeats, fn):
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def machine():
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"


def tiktoken_encoding(name):
    """tiktoken's own encoding built from the reference rank file (no download)."""
    import tiktoken
    from tiktoken.load import load_tiktoken_bpe
    from tiktoken_ext import openai_public
    import unittest.mock as mock
    ranks = load_tiktoken_bpe(os.path.join(REFERENCE, "tiktoken", f"{name}.tiktoken"))
    with mock.patch.object(openai_public, "load_tiktoken_bpe", lambda *a, **k: ranks):
        params = getattr(openai_public, name)()
    return tiktoken.Encoding(params["name"], pat_str=params["pat_str"], mergeable_ranks=ranks,
                             special_tokens=params["special_tokens"])


class Rows:
    """Throughput rows of one table: each library loaded once, then timed per line and in batch."""

    def __init__(self, lines, repeats):
        self.lines = lines
        self.repeats = repeats
        self.data_bytes = sum(len(l.encode()) for l in lines)
        self.rows = {}

    def add(self, label, load, single, batch=None):
        """load() builds the library's object (ImportError or ValueError skips the row); single and
        batch take it and encode every line, one call each or one batch call."""
        try:
            t0 = time.perf_counter()
            obj = load()
            load_s = time.perf_counter() - t0
        except Exception as e:  # a peer that does not load this file is left out, with the reason
            print(f"{label}: skipped ({e})", file=sys.stderr)
            return
        try:
            single_s = best_of(self.repeats, lambda: single(obj))
            batch_s = best_of(self.repeats, lambda: batch(obj)) if batch else None
        except Exception as e:
            print(f"{label}: skipped ({e})", file=sys.stderr)
            return
        self.rows[label] = {"single_mbps": self.data_bytes / single_s / 1e6,
                            "batch_mbps": self.data_bytes / batch_s / 1e6 if batch_s else None, "load_s": load_s}


def _import(name):
    import importlib
    return importlib.import_module(name)


def tiktoken_side(name, lines, repeats, threads, tokenizer_json):
    """MB/s of the tiktoken-compatible libraries on `lines`."""
    t = Rows(lines, repeats)
    t.add("subtok (Python binding, ids)",
          lambda: _import("subtok").Tokenizer.from_file(os.path.join(REFERENCE, "tiktoken", f"{name}.tiktoken")),
          lambda tok: [tok.encode_ids(l) for l in lines], lambda tok: tok.encode_batch_ids(lines, threads=threads))
    add_numpy_row(t, lambda: _import("subtok").Tokenizer.from_file(os.path.join(REFERENCE, "tiktoken", f"{name}.tiktoken")),
                  threads)
    t.add("tiktoken " + getattr(_try_import("tiktoken"), "__version__", ""), lambda: tiktoken_encoding(name),
          lambda enc: [enc.encode_ordinary(l) for l in lines], lambda enc: enc.encode_ordinary_batch(lines, num_threads=threads))
    t.add("bpe-openai (rust-gems)", lambda: _import("bpe_openai").get_encoding(name),
          lambda bo: [bo.encode_ordinary(l) for l in lines])
    t.add("riptoken", lambda: riptoken_encoding(name),
          lambda r: [r.encode_ordinary(l) for l in lines], lambda r: r.encode_ordinary_batch(lines))
    add_fast_peer_rows(t, os.path.join(REFERENCE, "tiktoken", f"{name}.tiktoken"))
    if tokenizer_json:
        add_tokenizer_json_rows(t, tokenizer_json)
    return t.rows


def add_numpy_row(t, load, threads):
    """Subtok's batch into numpy arrays (flat ids and starts, the form gigatoken's encode_batch
    returns): the "single thread" column is one batch call on one thread, so the row also shows
    how the batch scales."""
    lines = t.lines
    t.add("subtok (Python binding, `encode_batch_to_numpy`: 1 thread, then batch)", load,
          lambda tok: tok.encode_batch_to_numpy(lines, threads=1),
          lambda tok: tok.encode_batch_to_numpy(lines, threads=threads))


def add_fast_peer_rows(t, path):
    """gigatoken, kitoken and fastokens on a tokenizer.json or rank file (each where it loads it)."""
    lines = t.lines
    rank_file = path.endswith(".tiktoken")
    t.add("gigatoken " + getattr(_try_import("gigatoken"), "__version__", ""),
          lambda: (_import("gigatoken").Tokenizer.from_tiktoken(path) if rank_file else _import("gigatoken").Tokenizer(path)),
          lambda g: [g.encode(l) for l in lines], lambda g: g.encode_batch(lines))
    t.add("kitoken", lambda: (_import("kitoken").Kitoken.from_tiktoken_file(path) if rank_file
                              else _import("kitoken").Kitoken.from_tokenizers_file(path)),
          lambda k: [k.encode(l, True) for l in lines], lambda k: k.encode_all(lines, True))
    if not rank_file:
        t.add("fastokens", lambda: _import("fastokens").Tokenizer.from_file(path),
              lambda f: [f.encode(l) for l in lines], lambda f: f.encode_batch(lines))


def add_tokenizer_json_rows(t, path):
    """`tokenizers` and tokie on a tokenizer.json."""
    t.add("tokenizers " + getattr(_try_import("tokenizers"), "__version__", "") + " (tokenizer.json)",
          lambda: _import("tokenizers").Tokenizer.from_file(path),
          lambda hf: [hf.encode(l) for l in t.lines], lambda hf: hf.encode_batch(t.lines))
    t.add("tokie (tokenizer.json, not exact)", lambda: _import("tokie").Tokenizer.from_json(path),
          lambda tk: [tk.encode(l) for l in t.lines], lambda tk: tk.encode_batch(t.lines))


def _try_import(name):
    try:
        return _import(name)
    except ImportError:
        return None


def worst_case(harness, name, repeats):
    """Seconds to encode one string of random letters without white space (100 kB and 1 MB)."""
    import random
    rnd = random.Random(1)
    out = {}
    for size in (100_000, 1_000_000):
        text = "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(size))
        path = os.path.join(ROOT, ".build-bench", f"nospace-{size}.txt")
        with open(path, "w") as f:
            f.write(text)
        c = json.loads(subprocess.run([harness, os.path.join(REFERENCE, "tiktoken", f"{name}.tiktoken"), path, "1",
                                       str(repeats), "whole"], capture_output=True, text=True, check=True).stdout)
        row = {"subtok": c["seconds"]}
        try:
            enc = tiktoken_encoding(name)
            row["tiktoken"] = best_of(repeats, lambda: enc.encode_ordinary(text))
        except ImportError:
            pass
        try:
            import bpe_openai
            bo = bpe_openai.get_encoding(name)
            row["bpe-openai"] = best_of(repeats, lambda: bo.encode_ordinary(text))
        except ImportError:
            pass
        except ValueError:
            row["bpe-openai"] = None  # refuses long inputs ("Input too long to encode safely")
        out[size] = row
    return out


def sentencepiece_side(model_file, tokenizer_json, lines, repeats, threads):
    """MB/s of sentencepiece (the .model), tokenizers and tokie (the tokenizer.json) and Subtok's binding."""
    t = Rows(lines, repeats)
    path = os.path.join(REFERENCE, model_file)
    t.add("subtok (Python binding, ids)", lambda: _import("subtok").Tokenizer.from_file(path),
          lambda tok: [tok.encode_ids(l) for l in lines], lambda tok: tok.encode_batch_ids(lines, threads=threads))
    add_numpy_row(t, lambda: _import("subtok").Tokenizer.from_file(path), threads)
    t.add("sentencepiece " + getattr(_try_import("sentencepiece"), "__version__", ""),
          lambda: _import("sentencepiece").SentencePieceProcessor(model_file=path),
          lambda sp: [sp.encode(l) for l in lines], lambda sp: sp.encode(lines, num_threads=threads))
    add_tokenizer_json_rows(t, os.path.join(REFERENCE, tokenizer_json))
    return t.rows


def gpt2_tiktoken(path):
    """tiktoken given GPT-2's ranks (from vocab.json beside `path`) and pattern."""
    import tiktoken
    vocab = json.load(open(os.path.join(os.path.dirname(path), "vocab.json"), encoding="utf-8"))
    bs = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    byte_of = {chr(c): b for b, c in zip(bs, cs)}
    ranks = {bytes(byte_of[ch] for ch in token): rank for token, rank in vocab.items()}
    return tiktoken.Encoding("gpt2", pat_str=r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""",
                             mergeable_ranks=ranks, special_tokens={"<|endoftext|>": 50256})


def python_side(path, lines, repeats, threads):
    """MB/s of each Python library on `lines`: per-line encode and batch encode."""
    t = Rows(lines, repeats)
    load = lambda: _import("subtok").Tokenizer.from_file(path)  # noqa: E731
    t.add("subtok (Python binding, ids)", load, lambda tok: [tok.encode_ids(l) for l in lines],
          lambda tok: tok.encode_batch_ids(lines, threads=threads))
    t.add("subtok (Python binding, Encoding)", load, lambda tok: [tok.encode(l) for l in lines],
          lambda tok: tok.encode_batch(lines, threads=threads))
    add_numpy_row(t, load, threads)
    t.add("tokenizers " + getattr(_try_import("tokenizers"), "__version__", ""),
          lambda: _import("tokenizers").Tokenizer.from_file(path),
          lambda hf: [hf.encode(l) for l in lines], lambda hf: hf.encode_batch(lines))
    if os.path.basename(path) == "tokenizer.json" and "gpt2" in path:
        t.add("tiktoken " + getattr(_try_import("tiktoken"), "__version__", ""), lambda: gpt2_tiktoken(path),
              lambda enc: [enc.encode_ordinary(l) for l in lines], lambda enc: enc.encode_ordinary_batch(lines, num_threads=threads))
    t.add("tokie (not exact)", lambda: _import("tokie").Tokenizer.from_json(path),
          lambda tk: [tk.encode(l) for l in lines], lambda tk: tk.encode_batch(lines))
    if "bert" not in path:
        add_fast_peer_rows(t, path)
    return t.rows


def call_overhead_section(path, repeats):
    """Microseconds per call on the empty string through each Python binding (GPT-2 file): what a
    caller pays per line before any tokenizing."""
    calls = 200_000
    peers = [
        ("subtok `encode_ids`", lambda: _import("subtok").Tokenizer.from_file(path), lambda o: o.encode_ids),
        ("subtok `encode`", lambda: _import("subtok").Tokenizer.from_file(path), lambda o: o.encode),
        ("tokenizers `encode`", lambda: _import("tokenizers").Tokenizer.from_file(path), lambda o: o.encode),
        ("tiktoken `encode_ordinary`", lambda: gpt2_tiktoken(path), lambda o: o.encode_ordinary),
        ("gigatoken `encode`", lambda: _import("gigatoken").Tokenizer(path), lambda o: o.encode),
        ("kitoken `encode`", lambda: _import("kitoken").Kitoken.from_tokenizers_file(path), lambda o: (lambda t: o.encode(t, True))),
        ("fastokens `encode`", lambda: _import("fastokens").Tokenizer.from_file(path), lambda o: o.encode),
        ("tokie `encode`", lambda: _import("tokie").Tokenizer.from_json(path), lambda o: o.encode),
    ]
    table = ["| library | µs per call on \"\" |", "|---|---|"]
    for label, load, method in peers:
        try:
            call = method(load())
            seconds = best_of(repeats, lambda: [call("") for _ in range(calls)])
        except Exception as e:
            print(f"{label}: skipped ({e})", file=sys.stderr)
            continue
        table.append(f"| {label} | {seconds / calls * 1e6:.2f} |")
    print("\n".join(table))
    return table


def riptoken_encoding(name):
    """riptoken's Encoding over tiktoken's, built from the reference rank file (no download)."""
    import riptoken
    encoding = tiktoken_encoding(name)
    ranks = riptoken.load_tiktoken_bpe(os.path.join(REFERENCE, "tiktoken", f"{name}.tiktoken"))
    return riptoken.Encoding(riptoken.CoreBPE(ranks, encoding._special_tokens, encoding._pat_str), encoding)


def code_corpus(directory, size=1_500_000):
    """About `size` bytes of Python source: the standard library's modules in name order, written to
    `directory`; returns the file's path. Built at each run, not kept."""
    import sysconfig
    stdlib = sysconfig.get_paths()["stdlib"]
    parts, total = [], 0
    for name in sorted(os.listdir(stdlib)):
        if not name.endswith(".py"):
            continue
        with open(os.path.join(stdlib, name), "rb") as f:
            data = f.read()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        parts.append(data)
        total += len(data)
        if total >= size:
            break
    path = os.path.join(directory, "stdlib-code.py.txt")
    with open(path, "wb") as f:
        f.write(b"".join(parts))
    return path


#: Fresh loads whose first call is timed, the best kept.
FIRST_CALLS = 3


def whole_text_section(harness, repeats, text_path):
    """One call on the whole corpus: Subtok's C ABI against each peer that loads the file, with each
    peer's agreement with the oracle's ids on that text. "first call" is one call on a freshly
    loaded tokenizer (its caches empty), the best of `FIRST_CALLS` fresh loads (one sample swung
    2-4x between runs); "MB/s" the best of `repeats` calls after it (caches warm)."""
    with open(text_path, encoding="utf-8", newline="") as f:
        text = f.read()
    size = len(text.encode())
    cases = [("GPT-2 `tokenizer.json`", os.path.join(REFERENCE, "gpt2", "tokenizer.json"), "tokenizers"),
             ("cl100k_base rank file", os.path.join(REFERENCE, "tiktoken", "cl100k_base.tiktoken"), "cl100k_base"),
             ("o200k_base rank file", os.path.join(REFERENCE, "tiktoken", "o200k_base.tiktoken"), "o200k_base")]
    # The Llama 3, Qwen2, Qwen3.5 and DeepSeek V3 pre-tokenizers over the cl100k vocabulary, as the
    # differential gate writes them (their own vocabularies are not in the reference folder).
    sys.path.insert(0, os.path.join(ROOT, "Tests", "differential"))
    import differential
    base = "tiktoken/cl100k_base.tokenizer.json"
    cases += [("Llama-3-style `tokenizer.json`", differential.derived(REFERENCE, base, "llama3.json", [differential.LLAMA3_REGEX]), "tokenizers"),
              ("Qwen2-style `tokenizer.json` (NFC)", differential.derived(REFERENCE, base, "qwen2.json", [differential.QWEN2_REGEX],
                                                                          {"type": "NFC"}), "tokenizers"),
              ("Qwen3.5-style `tokenizer.json`", differential.derived(REFERENCE, base, "qwen35.json", [differential.QWEN35_REGEX]),
               "tokenizers"),
              ("DeepSeek-V3-style `tokenizer.json`", differential.derived(REFERENCE, base, "deepseek-v3.json",
                                                                          differential.DEEPSEEK_V3_REGEXES), "tokenizers")]
    # The other three families: WordPiece, Unigram and SentencePiece BPE, in both their forms.
    spm = os.path.join(REFERENCE, "spm-trained")
    cases += [("BERT uncased `tokenizer.json` (no padding)", os.path.join(ROOT, ".build-bench", "bert-base-uncased.no-padding.json"),
               "tokenizers"),
              ("T5-style Unigram `.model`", os.path.join(spm, "t5-style-unigram.model"), "sentencepiece"),
              ("T5-style Unigram `tokenizer.json`", os.path.join(spm, "t5-style-unigram.tokenizer.json"), "tokenizers"),
              ("Llama-2-style BPE `.model` (byte fallback)", os.path.join(spm, "llama-style-bpe.model"), "sentencepiece"),
              ("Llama-2-style BPE `tokenizer.json`", os.path.join(spm, "llama-style-bpe.tokenizer.json"), "tokenizers")]
    table = ["| tokenizer | library | first call MB/s | vs subtok | MB/s | vs subtok | ids equal to the oracle's |",
             "|---|---|---|---|---|---|---|"]
    for title, path, oracle_name in cases:
        if oracle_name == "tokenizers":
            hf = _import("tokenizers").Tokenizer.from_file(path)
            oracle = hf.encode(text, add_special_tokens=False).ids
            peers = [("tokenizers", lambda: hf, lambda o: o.encode(text, add_special_tokens=False).ids)]
        elif oracle_name == "sentencepiece":
            sp = _import("sentencepiece").SentencePieceProcessor(model_file=path)
            oracle = sp.encode(text)
            peers = [("sentencepiece", lambda: sp, lambda o: o.encode(text)),
                     ("kitoken", lambda: _import("kitoken").Kitoken.from_sentencepiece_file(path), lambda o: o.encode(text, True))]
        else:
            enc = tiktoken_encoding(oracle_name)
            oracle = enc.encode_ordinary(text)
            peers = [("tiktoken", lambda: enc, lambda o: o.encode_ordinary(text)),
                     ("riptoken", lambda: riptoken_encoding(oracle_name), lambda o: o.encode_ordinary(text)),
                     ("bpe-openai", lambda: _import("bpe_openai").get_encoding(oracle_name), lambda o: o.encode_ordinary(text))]
        rank_file = path.endswith(".tiktoken")
        if oracle_name != "sentencepiece":
            peers += [("gigatoken", lambda: (_import("gigatoken").Tokenizer.from_tiktoken(path) if rank_file
                                             else _import("gigatoken").Tokenizer(path)), lambda o: o.encode(text)),
                      ("kitoken", lambda: (_import("kitoken").Kitoken.from_tiktoken_file(path) if rank_file
                                           else _import("kitoken").Kitoken.from_tokenizers_file(path)), lambda o: o.encode(text, True))]
        if oracle_name == "tokenizers":
            peers += [("fastokens", lambda: _import("fastokens").Tokenizer.from_file(path), lambda o: o.encode(text).ids),
                      ("tokie (not exact)", lambda: _import("tokie").Tokenizer.from_json(path),
                       lambda o: o.encode(text, add_special_tokens=False).ids)]
        def run(count):
            return json.loads(subprocess.run([harness, path, text_path, "1", str(count), "whole"],
                                             capture_output=True, text=True, check=True).stdout)
        first = max(size / run(1)["seconds"] / 1e6 for _ in range(FIRST_CALLS))
        c = run(repeats + 1)
        ours = size / c["seconds"] / 1e6
        table.append(f"| {title} | **subtok, C ABI** | {first:.1f} | 1.0x | {ours:.1f} | 1.0x | "
                     f"{c['tokens'] == len(oracle)} (token count; ids: `make differential`) |")
        for label, load, encode in peers:
            try:
                cold = 0.0
                for _ in range(FIRST_CALLS):
                    obj = load()
                    start = time.perf_counter()
                    ids = list(encode(obj))
                    cold = max(cold, size / (time.perf_counter() - start) / 1e6)
                seconds = best_of(repeats, lambda: encode(obj))
            except Exception as e:
                print(f"{label} on {title}: skipped ({e})", file=sys.stderr)
                continue
            mbps = size / seconds / 1e6
            table.append(f"| {title} | {label} | {cold:.1f} | {cold / first:.2f}x | {mbps:.1f} | {mbps / ours:.2f}x | {ids == list(oracle)} |")
    print("\n".join(table))
    return table


def render(own, rows, baseline, threads):
    """Markdown table: Subtok's C harness rows (label, single, batch, load), then the library rows,
    with ratios against the row whose label starts with `baseline`."""
    base = next((v for k, v in rows.items() if k.startswith(baseline)), None)

    def ratio(x, key):
        return f"{x / base[key]:.1f}x" if x and base and base[key] else "-"

    def cell(x, digits=1):
        return f"{x:.{digits}f}" if x is not None else "-"

    table = [f"| library | single thread MB/s | vs {baseline} | batch ({threads} threads) MB/s | vs {baseline} | load s |",
             "|---|---|---|---|---|---|"]
    entries = own + [(k, v["single_mbps"], v["batch_mbps"], v["load_s"]) for k, v in rows.items()]
    for label, single, batch, load in entries:
        table.append(f"| {label} | {cell(single)} | {ratio(single, 'single_mbps')} | {cell(batch)} | {ratio(batch, 'batch_mbps')} | "
                     f"{cell(load, 3)} |")
    print("\n".join(table))
    return table


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--harness", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--output", default=os.path.join(ROOT, "BENCHMARKS.md"))
    parser.add_argument("--cli", required=True, help="the subtok CLI, for the training benchmark")
    args = parser.parse_args()

    corpus = os.path.join(REFERENCE, "corpora", "big.txt")
    with open(corpus, encoding="utf-8") as f:
        lines = f.read().split("\n")
    bert = os.path.join(ROOT, ".build-bench", "bert-base-uncased.no-padding.json")
    with open(os.path.join(REFERENCE, "bert-base-uncased", "tokenizer.json"), encoding="utf-8") as f:
        doc = json.load(f)
    doc["truncation"] = None
    doc["padding"] = None
    with open(bert, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    cases = [
        ("GPT-2 (byte-level BPE)", "gpt2/tokenizer.json", os.path.join(REFERENCE, "gpt2/tokenizer.json")),
        ("RoBERTa-style (byte-level BPE, trimmed offsets)", "gpt2/roberta-style.tokenizer.json",
         os.path.join(REFERENCE, "gpt2/roberta-style.tokenizer.json")),
        ("BERT base uncased (WordPiece)", "bert-base-uncased/tokenizer.json without truncation and padding", bert),
    ]

    def harness(path):
        return json.loads(subprocess.run([args.harness, path, corpus, str(args.threads), str(args.repeats)],
                                         capture_output=True, text=True, check=True).stdout)

    sections = []
    for title, rel, path in cases:
        c = harness(path)
        own = [("**subtok, C ABI, ids**", c["ids_mbps"], c["batch_ids_mbps"], c["load_s"]),
               ("**subtok, C ABI, full encoding**", c["full_mbps"], c["batch_mbps"], None)]
        table = render(own, python_side(path, lines, args.repeats, args.threads), "tokenizers", args.threads)
        sections.append(f"### {title}: `{rel}` on `corpora/big.txt`\n\n" + "\n".join(table) + "\n")

    for name, tokenizer_json in (("cl100k_base", os.path.join(REFERENCE, "tiktoken", "cl100k_base.tokenizer.json")),
                                 ("o200k_base", None)):
        c = harness(os.path.join(REFERENCE, "tiktoken", f"{name}.tiktoken"))
        own = [("**subtok, C ABI, ids**", c["ids_mbps"], c["batch_ids_mbps"], c["load_s"])]
        table = render(own, tiktoken_side(name, lines, args.repeats, args.threads, tokenizer_json), "tiktoken", args.threads)
        worst = worst_case(args.harness, name, args.repeats)
        table += ["", "One string of random letters without white space (one piece), seconds (growth 100 kB -> 1 MB; linear = 10x):",
                  "", "| library | 100 kB | 1 MB | growth |", "|---|---|---|---|"]
        for lib in worst[1_000_000]:
            small, big = worst[100_000].get(lib), worst[1_000_000][lib]
            cells = [f"{v:.4f}" if v else "refused" for v in (small, big)]
            growth = f"{big / small:.1f}x" if small and big else "-"
            table.append(f"| {lib} | {cells[0]} | {cells[1]} | {growth} |")
        print("\n".join(table[-7:]))
        sections.append(f"### {name} (tiktoken rank file) on `corpora/big.txt`\n\n" + "\n".join(table) + "\n")

    for title, model_file, tokenizer_json in (
            ("Unigram (T5-style, SentencePiece)", "spm-trained/t5-style-unigram.model", "spm-trained/t5-style-unigram.tokenizer.json"),
            ("SentencePiece BPE (Llama-2-style, byte fallback)", "spm-trained/llama-style-bpe.model", "spm-trained/llama-style-bpe.tokenizer.json")):
        c = harness(os.path.join(REFERENCE, model_file))
        own = [("**subtok, C ABI, ids (.model)**", c["ids_mbps"], c["batch_ids_mbps"], c["load_s"])]
        table = render(own, sentencepiece_side(model_file, tokenizer_json, lines, args.repeats, args.threads), "sentencepiece", args.threads)
        sections.append(f"### {title}: `{model_file}` on `corpora/big.txt`\n\n" + "\n".join(table) + "\n")

    with tempfile.TemporaryDirectory() as scratch:
        inputs = [("English prose: `corpora/big.txt`", corpus),
                  ("Japanese prose: `corpora/wagahaiwa_nekodearu.txt`", os.path.join(REFERENCE, "corpora", "wagahaiwa_nekodearu.txt")),
                  ("Python source: the standard library's modules, 1.5 MB", code_corpus(scratch))]
        for k, (label, path) in enumerate(inputs):
            whole = whole_text_section(args.harness, args.repeats, path)
            sections.insert(k, f"### Whole text, one call, one thread: {label} as one string\n\n" + "\n".join(whole) + "\n")
    import differential
    shutil.rmtree(differential.DERIVED, ignore_errors=True)

    overhead = call_overhead_section(os.path.join(REFERENCE, "gpt2/tokenizer.json"), args.repeats)
    sections.insert(3, "### Cost of one Python call (GPT-2 `tokenizer.json`, empty string)\n\n" + "\n".join(overhead) + "\n")

    sections.append(training_section(args.cli, REFERENCE, args.threads))

    text = f"""# Benchmarks

Written by `make bench` ({datetime.date.today()}, commit {commit()}).

- Machine: {machine()}.
- Input: `../shared/reference/corpora/big.txt` ({sum(len(l.encode()) for l in lines) / 1e6:.2f} MB, {len(lines)} lines), one text per line.
- Whole text: each of three inputs (English prose, Japanese prose, Python source) as one string. "first call" is
  one call on a freshly loaded tokenizer (caches empty, as on text never seen before), best of 3 fresh loads; "MB/s" is the best of
  {args.repeats} calls after it on the same text (caches warm: engines that cache whole pieces gain most there).
- MB/s = 10^6 bytes of input per second, best of {args.repeats} runs, everything in one run on the same machine.
- Single thread: one encode call per line. Subtok's C ABI rows come from `bench/bench_encode.c` (in-process C);
  the other rows are in-process Python bindings (`tokenizers`: `encode` per line with offsets; tiktoken:
  `encode_ordinary`; Subtok's Python binding: `encode_ids` and `encode`). Batch: one batch call over
  all lines (`subtok_encode_batch_ids` / `encode_batch_ids` for ids, `subtok_encode_batch` /
  `encode_batch` for full encodings; `tokenizers`: `encode_batch`).
- "full encoding" also builds offsets, type ids and masks (what `tokenizers`' `encode` returns).
- tiktoken is given GPT-2's ranks and pattern (same ids as the GPT-2 file, no special tokens); for
  cl100k/o200k it loads the reference rank files. bpe-openai is the Python binding of rust-gems'
  linear `bpe-openai` (tiktoken-compatible); tokie and `tokenizers` read cl100k's `tokenizer.json`.
- tokie is fast but not exact (it disagrees with `tokenizers` on some inputs); it is listed for speed only.
- gigatoken, kitoken, fastokens, riptoken (PyPI, `bench/requirements.txt`) are listed where they load the file.
  The whole-text table says for each peer whether its ids equal the oracle's on that text.
- gigatoken's `encode_batch` returns one awkward array (flat ids and offsets), not a list per text: compare its
  batch column with Subtok's `encode_batch_to_numpy` row, whose first column is that batch call on one thread.
- The Llama-3-, Qwen2-, Qwen3.5- and DeepSeek-V3-style files are cl100k's `tokenizer.json` with those models'
  pre-tokenizers (and Qwen2's NFC normalizer), written as `make differential` writes them.
- Exactness: `make differential` (run by CI) compares Subtok's ids with the oracle's (`tokenizers`, tiktoken,
  `mistral-common`, sentencepiece) document by document on 100 MB of text per family, 16 families: gpt2,
  roberta-style, cl100k, cl100k-json, o200k, llama3-, qwen2-, qwen35- and deepseek-v3-style, tekken,
  llama-style-bpe-json, t5-style-unigram-json, bert-uncased, and the .model files t5-style-unigram-model,
  llama-style-bpe-model and sentencepiece-test-model.
- The machines are shared and noisy: compare ratios within one run, not absolute numbers across runs.

""" + "\n".join(sections)
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
