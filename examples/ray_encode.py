"""Encodes a text dataset with Ray Data: one Subtok tokenizer per worker, shipped by pickling.

    python examples/ray_encode.py tokenizer.json corpus.txt [workers]

Each worker unpickles the tokenizer once (through its tokenizer.json text) and encodes whole
batches with one call that releases the GIL; the result has, per line, its ids and token count.
On a cluster, ray.init(address="auto") instead of a local one is the only change.
"""
import sys

import numpy as np
import ray

import subtok


class Encoder:
    """A Ray Data map_batches callable: batch["text"] -> batch["ids"] (uint32 arrays) and batch["tokens"]."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, batch):
        ids, starts = self.tokenizer.encode_batch_to_numpy(list(batch["text"]), add_special_tokens=False, threads=1)
        bounds = starts.astype(np.int64)
        batch["ids"] = np.array([ids[bounds[k]:bounds[k + 1]] for k in range(len(bounds) - 1)], dtype=object)
        batch["tokens"] = np.diff(bounds)
        return batch


def encode_dataset(dataset, tokenizer, workers=2, batch_size=1024):
    """The dataset (a "text" column) with "ids" and "tokens" added, on `workers` Ray actors."""
    return dataset.map_batches(Encoder, fn_constructor_args=(tokenizer,), concurrency=workers,
                               batch_size=batch_size, batch_format="numpy")


def main(tokenizer_path, corpus, workers=2):
    ray.init(num_cpus=int(workers), include_dashboard=False)
    tokenizer = subtok.Tokenizer.from_file(tokenizer_path)
    dataset = ray.data.read_text(corpus)
    total = encode_dataset(dataset, tokenizer, int(workers)).sum("tokens")
    print(f"{total} tokens")


if __name__ == "__main__":
    main(*sys.argv[1:])
