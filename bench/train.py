"""Training benchmark: each trainer in its own process on the same corpus, timed, with its peak
resident memory (from wait4) and its tokens per byte on held-out text. Used by bench/run.py."""
import glob
import os
import subprocess
import sys
import tempfile
import time

HF_SCRIPT = r'''
import sys
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
kind, corpus, size, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
if kind == "byte-bpe":
    t = Tokenizer(models.BPE())
    t.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tr = trainers.BpeTrainer(vocab_size=size, min_frequency=2, special_tokens=["<|endoftext|>"],
                             initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
elif kind == "wordpiece":
    t = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    t.normalizer = normalizers.BertNormalizer(lowercase=True)
    t.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tr = trainers.WordPieceTrainer(vocab_size=size, min_frequency=2, limit_alphabet=1000,
                                   special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"], show_progress=False)
else:
    t = Tokenizer(models.BPE(unk_token="<unk>", end_of_word_suffix="</w>"))
    t.normalizer = normalizers.BertNormalizer(lowercase=False)
    t.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tr = trainers.BpeTrainer(vocab_size=size, min_frequency=2, special_tokens=["<unk>"], end_of_word_suffix="</w>",
                             show_progress=False)
t.train([corpus], tr)
t.save(out)
'''

SP_SCRIPT = r'''
import sys
import sentencepiece as spm
corpus, size, prefix, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
spm.SentencePieceTrainer.train(input=corpus, model_prefix=prefix, vocab_size=size, model_type="unigram",
                               num_threads=threads, minloglevel=2)
'''


# Linux keeps a process's peak RSS across fork and exec, so a child of this (large) process would
# report at least our own peak: a small launcher runs each command and reports its child's peak.
LAUNCHER = r'''
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
'''


def measured(command):
    """Runs command; returns (seconds, peak resident MB)."""
    result = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, *command], capture_output=True, text=True)
    elapsed, maxrss, code = result.stdout.split()
    if int(code) != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr[-2000:]}")
    return float(elapsed), int(maxrss) / 1024


def held_out_lines(limit_bytes=1_000_000):
    """Python standard library files the large corpus does not contain (it takes the first 1500)."""
    stdlib = os.path.dirname(os.__file__)
    files = sorted(f for f in glob.glob(os.path.join(stdlib, "**", "*.py"), recursive=True)
                   if "site-packages" not in f and os.path.getsize(f) < 200_000)
    lines, total = [], 0
    for path in files[1500:]:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.rstrip("\n")
                if line.strip():
                    lines.append(line)
                    total += len(line.encode())
        if total >= limit_bytes:
            break
    return lines


def rate(lines, encode):
    return sum(len(encode(l)) for l in lines) / sum(len(l.encode()) for l in lines)


def large_corpus(reference, out, mb):
    """The corpus `make_large_corpus.sh OUT MB` builds (the shared corpora and the first 1,500
    standard-library .py files under 200 kB, repeated to MB MiB, valid UTF-8, cut at a line end),
    built here because the script's `sort | head` pipeline fails now and then with SIGPIPE."""
    import glob
    import sysconfig
    stdlib = sysconfig.get_paths()["stdlib"]
    sources = sorted(glob.glob(os.path.join(reference, "corpora", "*.txt")))
    python = sorted(p for p in glob.glob(os.path.join(stdlib, "**", "*.py"), recursive=True)
                    if "site-packages" not in p and os.path.getsize(p) < 200 * 1024)[:1500]
    limit, data = mb * 1024 * 1024, bytearray()
    while len(data) < limit:
        for path in sources + python:
            with open(path, "rb") as f:
                data += f.read()
    text = bytes(data[:limit]).decode("utf-8", errors="ignore")
    with open(out, "w", encoding="utf-8") as f:
        f.write(text[:text.rfind("\n") + 1])


def training_section(cli, reference, threads, size=8000, mb=20):
    """The markdown section: time, memory and held-out tokens per byte, per trainer."""
    import subtok
    from tokenizers import Tokenizer
    work = tempfile.mkdtemp(prefix="subtok-train-bench-")
    corpus = os.path.join(work, "corpus.txt")
    large_corpus(reference, corpus, mb)
    corpus_mb = os.path.getsize(corpus) / 1e6
    held = held_out_lines()
    rows = []
    for kind in ("byte-bpe", "wordpiece", "bpe", "unigram"):
        ours_out = os.path.join(work, f"subtok-{kind}.json")
        ours_time, ours_mem = measured([cli, "train", "--quiet", "--model", kind, "--vocab-size", str(size),
                                        "--threads", str(threads), "-o", ours_out, corpus])
        ours = subtok.Tokenizer.from_file(ours_out)
        ours_rate = rate(held, lambda l: ours.encode_ids(l, add_special_tokens=False))
        if kind == "unigram":
            prefix = os.path.join(work, "sp")
            ref_time, ref_mem = measured([sys.executable, "-c", SP_SCRIPT, corpus, str(size), prefix, str(threads)])
            import sentencepiece as spm
            sp = spm.SentencePieceProcessor(model_file=prefix + ".model")
            ref_rate, ref_name = rate(held, sp.encode), "sentencepiece"
        else:
            ref_out = os.path.join(work, f"hf-{kind}.json")
            ref_time, ref_mem = measured([sys.executable, "-c", HF_SCRIPT, kind, corpus, str(size), ref_out])
            hf = Tokenizer.from_file(ref_out)
            ref_rate, ref_name = rate(held, lambda l: hf.encode(l, add_special_tokens=False).ids), "tokenizers"
        rows.append((kind, ref_name, ours_time, ref_time, ours_mem, ref_mem, ours_rate, ref_rate))
        print(f"train {kind}: subtok {ours_time:.1f}s {ours_mem:.0f} MB {ours_rate:.4f} t/B; "
              f"{ref_name} {ref_time:.1f}s {ref_mem:.0f} MB {ref_rate:.4f} t/B", flush=True)
    lines = [f"### Training: vocab {size} on a {corpus_mb:.1f} MB corpus (that of `make_large_corpus.sh OUT {mb}`)", "",
             f"Each trainer runs alone in its own process ({threads} threads where it has an option); time is wall "
             "clock including reading the corpus, memory is peak resident set. Compression: tokens per byte on "
             f"{sum(len(l.encode()) for l in held) / 1e6:.1f} MB of held-out text (Python standard library files "
             "not in the corpus); lower is better.", "",
             "| model | reference | subtok s | reference s | speed-up | subtok MB | reference MB | subtok tokens/byte | reference tokens/byte | ratio |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for kind, ref, ot, rt, om, rm, orate, rrate in rows:
        lines.append(f"| {kind} | {ref} | {ot:.1f} | {rt:.1f} | {rt / ot:.1f}x | {om:.0f} | {rm:.0f} | "
                     f"{orate:.4f} | {rrate:.4f} | {orate / rrate:.3f} |")
    return "\n".join(lines) + "\n"
