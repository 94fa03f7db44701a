import os
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFERENCE = os.environ.get("SUBTOK_REFERENCE", os.path.join(os.path.dirname(ROOT), "shared", "reference"))
FIXTURES = os.path.join(ROOT, "Tests", "fixtures")


def reference(path):
    """Path of a file under ../shared/reference; skips where absent, fails under CI=true."""
    full = os.path.join(REFERENCE, path)
    if not os.path.exists(full):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{full} is missing under CI=true")
        pytest.skip(f"{full} not found (reference files live in ../shared/reference)")
    return full


def oracle():
    """The `tokenizers` library; required under CI=true."""
    try:
        import tokenizers
        return tokenizers
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("tokenizers is not installed under CI=true")
        pytest.skip("tokenizers not installed")


def cli():
    """Path of the `subtok` binary under test (SUBTOK_CLI, set by `make test-python`); required under CI=true."""
    path = os.environ.get("SUBTOK_CLI")
    if not path:
        if os.environ.get("CI") == "true":
            pytest.fail("SUBTOK_CLI is not set under CI=true")
        pytest.skip("SUBTOK_CLI not set")
    return path
