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
import subprocess
import sys
import time

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


def tiktoken_side(name, lines, repeats, threads, tokenizer_json):
    """MB/s of the tiktoken-compatible libraries on `lines`."""
    data_bytes = sum(len(l.encode()) for l in lines)
    rows = {}

    def record(label, single, batch, load):
        rows[label] = {"single_mbps": data_bytes / single / 1e6, "batch_mbps": data_bytes / batch / 1e6 if batch else None,
                       "load_s": load}

    import subtok
    t0 = time.perf_counter()
    tok = subtok.Tokenizer.from_file(os.path.join(REFERENCE, "tiktoken", f"{name}.tiktoken"))
    load = time.perf_counter() - t0
    record("subtok (Python binding, ids)", best_of(repeats, lambda: [tok.encode_ids(l) for l in lines]),
           best_of(repeats, lambda: tok.encode_batch_ids(lines, threads=threads)), load)
    try:
        import tiktoken
        t0 = time.perf_counter()
        enc = tiktoken_encoding(name)
        load = time.perf_counter() - t0
        record("tiktoken " + tiktoken.__version__, best_of(repeats, lambda: [enc.encode_ordinary(l) for l in lines]),
               best_of(repeats, lambda: enc.encode_ordinary_batch(lines, num_threads=threads)), load)
    except ImportError:
        print("tiktoken not installed: skipped", file=sys.stderr)
    try:
        import bpe_openai
        t0 = time.perf_counter()
        bo = bpe_openai.get_encoding(name)
        load = time.perf_counter() - t0
        record("bpe-openai (rust-gems)", best_of(repeats, lambda: [bo.encode_ordinary(l) for l in lines]), None, load)
    except ImportError:
        print("bpe-openai not installed: skipped", file=sys.stderr)
    if tokenizer_json:
        try:
            import tokenizers
            t0 = time.perf_counter()
            hf = tokenizers.Tokenizer.from_file(tokenizer_json)
            load = time.perf_counter() - t0
            record("tokenizers " + tokenizers.__version__ + " (tokenizer.json)", best_of(repeats, lambda: [hf.encode(l) for l in lines]),
                   best_of(repeats, lambda: hf.encode_batch(lines)), load)
        except ImportError:
            pass
        try:
            import tokie
            t0 = time.perf_counter()
            tk = tokie.Tokenizer.from_json(tokenizer_json)
            load = time.perf_counter() - t0
            record("tokie (tokenizer.json, not exact)", best_of(repeats, lambda: [tk.encode(l) for l in lines]),
                   best_of(repeats, lambda: tk.encode_batch(lines)), load)
        except ImportError:
            pass
    return rows


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
    data_bytes = sum(len(l.encode()) for l in lines)
    rows = {}

    def record(label, single, batch, load):
        rows[label] = {"single_mbps": data_bytes / single / 1e6, "batch_mbps": data_bytes / batch / 1e6 if batch else None,
                       "load_s": load}

    import subtok
    t0 = time.perf_counter()
    tok = subtok.Tokenizer.from_file(os.path.join(REFERENCE, model_file))
    load = time.perf_counter() - t0
    record("subtok (Python binding, ids)", best_of(repeats, lambda: [tok.encode_ids(l) for l in lines]),
           best_of(repeats, lambda: tok.encode_batch_ids(lines, threads=threads)), load)
    try:
        import sentencepiece
        t0 = time.perf_counter()
        sp = sentencepiece.SentencePieceProcessor(model_file=os.path.join(REFERENCE, model_file))
        load = time.perf_counter() - t0
        record("sentencepiece " + sentencepiece.__version__, best_of(repeats, lambda: [sp.encode(l) for l in lines]),
               best_of(repeats, lambda: sp.encode(lines, num_threads=threads)), load)
    except ImportError:
        print("sentencepiece not installed: skipped", file=sys.stderr)
    path = os.path.join(REFERENCE, tokenizer_json)
    try:
        import tokenizers
        t0 = time.perf_counter()
        hf = tokenizers.Tokenizer.from_file(path)
        load = time.perf_counter() - t0
        record("tokenizers " + tokenizers.__version__ + " (tokenizer.json)", best_of(repeats, lambda: [hf.encode(l) for l in lines]),
               best_of(repeats, lambda: hf.encode_batch(lines)), load)
    except ImportError:
        pass
    try:
        import tokie
        t0 = time.perf_counter()
        tk = tokie.Tokenizer.from_json(path)
        load = time.perf_counter() - t0
        record("tokie (tokenizer.json, not exact)", best_of(repeats, lambda: [tk.encode(l) for l in lines]),
               best_of(repeats, lambda: tk.encode_batch(lines)), load)
    except Exception as e:  # tokie may not read every file
        print(f"tokie: {e}", file=sys.stderr)
    return rows


def python_side(path, lines, repeats, threads):
    """MB/s of each Python library on `lines`: per-line encode and batch encode."""
    data_bytes = sum(len(l.encode()) for l in lines)
    rows = {}

    def record(name, single, batch, load):
        rows[name] = {"single_mbps": data_bytes / single / 1e6 if single else None,
                      "batch_mbps": data_bytes / batch / 1e6 if batch else None, "load_s": load}

    import subtok
    t0 = time.perf_counter()
    tok = subtok.Tokenizer.from_file(path)
    load = time.perf_counter() - t0
    record("subtok (Python binding, ids)", best_of(repeats, lambda: [tok.encode_ids(l) for l in lines]),
           best_of(repeats, lambda: tok.encode_batch_ids(lines, threads=threads)), load)
    record("subtok (Python binding, Encoding)", best_of(repeats, lambda: [tok.encode(l) for l in lines]),
           best_of(repeats, lambda: tok.encode_batch(lines, threads=threads)), load)

    try:
        import tokenizers
        t0 = time.perf_counter()
        hf = tokenizers.Tokenizer.from_file(path)
        load = time.perf_counter() - t0
        record("tokenizers " + tokenizers.__version__, best_of(repeats, lambda: [hf.encode(l) for l in lines]),
               best_of(repeats, lambda: hf.encode_batch(lines)), load)
    except ImportError:
        print("tokenizers not installed: skipped", file=sys.stderr)

    if os.path.basename(path) == "tokenizer.json" and "gpt2" in path:
        try:
            import tiktoken
            vocab = json.load(open(os.path.join(os.path.dirname(path), "vocab.json"), encoding="utf-8"))
            from subtok import Tokenizer  # noqa: F401  (alphabet below mirrors GPT-2's)
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
            t0 = time.perf_counter()
            enc = tiktoken.Encoding("gpt2", pat_str=r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""",
                                    mergeable_ranks=ranks, special_tokens={"<|endoftext|>": 50256})
            load = time.perf_counter() - t0
            record("tiktoken " + tiktoken.__version__, best_of(repeats, lambda: [enc.encode_ordinary(l) for l in lines]),
                   best_of(repeats, lambda: enc.encode_ordinary_batch(lines, num_threads=threads)), load)
        except ImportError:
            print("tiktoken not installed: skipped", file=sys.stderr)

    try:
        import tokie
        t0 = time.perf_counter()
        tk = tokie.Tokenizer.from_json(path)
        load = time.perf_counter() - t0
        record("tokie (not exact)", best_of(repeats, lambda: [tk.encode(l) for l in lines]),
               best_of(repeats, lambda: tk.encode_batch(lines)), load)
    except ImportError:
        print("tokie not installed: skipped", file=sys.stderr)
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--harness", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--output", default=os.path.join(ROOT, "BENCHMARKS.md"))
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

    sections = []
    for title, rel, path in cases:
        out = subprocess.run([args.harness, path, corpus, str(args.threads), str(args.repeats)],
                             capture_output=True, text=True, check=True).stdout
        c = json.loads(out)
        rows = python_side(path, lines, args.repeats, args.threads)
        hf = next((v for k, v in rows.items() if k.startswith("tokenizers")), None)
        table = ["| library | single thread MB/s | vs tokenizers | batch (%d threads) MB/s | vs tokenizers | load s |" % args.threads,
                 "|---|---|---|---|---|---|"]

        def ratio(x, base):
            return f"{x / base:.1f}x" if x and base else "-"

        table.append(f"| **subtok, C ABI, ids** | {c['ids_mbps']:.1f} | {ratio(c['ids_mbps'], hf and hf['single_mbps'])} | "
                     f"{c['batch_ids_mbps']:.1f} | {ratio(c['batch_ids_mbps'], hf and hf['batch_mbps'])} | {c['load_s']:.3f} |")
        table.append(f"| **subtok, C ABI, full encoding** | {c['full_mbps']:.1f} | {ratio(c['full_mbps'], hf and hf['single_mbps'])} | "
                     f"{c['batch_mbps']:.1f} | {ratio(c['batch_mbps'], hf and hf['batch_mbps'])} | - |")
        for name, r in rows.items():
            table.append(f"| {name} | {r['single_mbps']:.1f} | {ratio(r['single_mbps'], hf and hf['single_mbps'])} | "
                         f"{r['batch_mbps']:.1f} | {ratio(r['batch_mbps'], hf and hf['batch_mbps'])} | {r['load_s']:.3f} |")
        sections.append(f"### {title}: `{rel}` on `corpora/big.txt`\n\n" + "\n".join(table) + "\n")
        print("\n".join(table))

    for name, tokenizer_json in (("cl100k_base", os.path.join(REFERENCE, "tiktoken", "cl100k_base.tokenizer.json")),
                                 ("o200k_base", None)):
        path = os.path.join(REFERENCE, "tiktoken", f"{name}.tiktoken")
        c = json.loads(subprocess.run([args.harness, path, corpus, str(args.threads), str(args.repeats)],
                                      capture_output=True, text=True, check=True).stdout)
        rows = tiktoken_side(name, lines, args.repeats, args.threads, tokenizer_json)
        base = next((v for k, v in rows.items() if k.startswith("tiktoken")), None)
        table = ["| library | single thread MB/s | vs tiktoken | batch (%d threads) MB/s | vs tiktoken | load s |" % args.threads,
                 "|---|---|---|---|---|---|"]

        def ratio(x, b):
            return f"{x / b:.1f}x" if x and b else "-"

        table.append(f"| **subtok, C ABI, ids** | {c['ids_mbps']:.1f} | {ratio(c['ids_mbps'], base and base['single_mbps'])} | "
                     f"{c['batch_ids_mbps']:.1f} | {ratio(c['batch_ids_mbps'], base and base['batch_mbps'])} | {c['load_s']:.3f} |")
        for label, r in rows.items():
            batch = f"{r['batch_mbps']:.1f}" if r["batch_mbps"] else "-"
            table.append(f"| {label} | {r['single_mbps']:.1f} | {ratio(r['single_mbps'], base and base['single_mbps'])} | "
                         f"{batch} | {ratio(r['batch_mbps'], base and base['batch_mbps'])} | {r['load_s']:.3f} |")
        worst = worst_case(args.harness, name, args.repeats)
        table.append("")
        table.append("One string of random letters without white space (one piece), seconds (growth 100 kB -> 1 MB; linear = 10x):")
        table.append("")
        table.append("| library | 100 kB | 1 MB | growth |")
        table.append("|---|---|---|---|")
        for lib in worst[1_000_000]:
            small, big = worst[100_000].get(lib), worst[1_000_000][lib]
            cells = [f"{v:.4f}" if v else "refused" for v in (small, big)]
            growth = f"{big / small:.1f}x" if small and big else "-"
            table.append(f"| {lib} | {cells[0]} | {cells[1]} | {growth} |")
        sections.append(f"### {name} (tiktoken rank file) on `corpora/big.txt`\n\n" + "\n".join(table) + "\n")
        print("\n".join(table))

    for title, model_file, tokenizer_json in (
            ("Unigram (T5-style, SentencePiece)", "spm-trained/t5-style-unigram.model", "spm-trained/t5-style-unigram.tokenizer.json"),
            ("SentencePiece BPE (Llama-2-style, byte fallback)", "spm-trained/llama-style-bpe.model", "spm-trained/llama-style-bpe.tokenizer.json")):
        c = json.loads(subprocess.run([args.harness, os.path.join(REFERENCE, model_file), corpus, str(args.threads), str(args.repeats)],
                                      capture_output=True, text=True, check=True).stdout)
        rows = sentencepiece_side(model_file, tokenizer_json, lines, args.repeats, args.threads)
        base = next((v for k, v in rows.items() if k.startswith("sentencepiece")), None)
        table = ["| library | single thread MB/s | vs sentencepiece | batch (%d threads) MB/s | vs sentencepiece | load s |" % args.threads,
                 "|---|---|---|---|---|---|"]

        def ratio(x, b):
            return f"{x / b:.1f}x" if x and b else "-"

        table.append(f"| **subtok, C ABI, ids (.model)** | {c['ids_mbps']:.1f} | {ratio(c['ids_mbps'], base and base['single_mbps'])} | "
                     f"{c['batch_ids_mbps']:.1f} | {ratio(c['batch_ids_mbps'], base and base['batch_mbps'])} | {c['load_s']:.3f} |")
        for label, r in rows.items():
            batch = f"{r['batch_mbps']:.1f}" if r["batch_mbps"] else "-"
            table.append(f"| {label} | {r['single_mbps']:.1f} | {ratio(r['single_mbps'], base and base['single_mbps'])} | "
                         f"{batch} | {ratio(r['batch_mbps'], base and base['batch_mbps'])} | {r['load_s']:.3f} |")
        sections.append(f"### {title}: `{model_file}` on `corpora/big.txt`\n\n" + "\n".join(table) + "\n")
        print("\n".join(table))

    text = f"""# Benchmarks

Written by `make bench` ({datetime.date.today()}, commit {commit()}).

- Machine: {machine()}.
- Input: `../shared/reference/corpora/big.txt` ({sum(len(l.encode()) for l in lines) / 1e6:.2f} MB, {len(lines)} lines), one text per line.
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
- The machines are shared and noisy: compare ratios within one run, not absolute numbers across runs.

""" + "\n".join(sections)
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
