"""The Ray Data example (examples/ray_encode.py) on a local Ray cluster: every line's ids equal
the tokenizer's own, with the tokenizer shipped to the workers by pickling."""
import os
import sys

import pytest

import subtok
from conftest import FIXTURES, ROOT

ray = pytest.importorskip("ray") if os.environ.get("CI") != "true" else __import__("ray")
EXAMPLES = os.path.join(ROOT, "examples")
sys.path.insert(0, EXAMPLES)
from ray_encode import encode_dataset  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": os.pathsep.join(filter(None, [EXAMPLES, os.environ.get("PYTHONPATH")]))}})
    yield
    ray.shutdown()


def test_map_batches_encodes_like_the_tokenizer(cluster):
    tok = subtok.Tokenizer.from_file(FIXTURES + "/tiny-bytelevel.json")
    lines = [f"hello world {i} héllo" + " world" * (i % 7) for i in range(3000)]
    dataset = ray.data.from_items([{"index": i, "text": line} for i, line in enumerate(lines)])
    rows = encode_dataset(dataset, tok, workers=2, batch_size=256).take_all()
    assert len(rows) == len(lines)
    for row in rows:
        want = tok.encode_ids(lines[row["index"]], add_special_tokens=False)
        assert list(row["ids"]) == want and row["tokens"] == len(want)
