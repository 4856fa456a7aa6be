"""Shared fixtures: where the real corpora are, and whether their absence is an error."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPORA = Path(os.environ.get("GAZETTE_SHARED", REPO.parent / "shared")) / "corpora"


def shared_path(*parts: str) -> Path:
    """Path under ../shared/corpora; skips the test (fails under CI) when absent."""
    path = SHARED_CORPORA.joinpath(*parts)
    if not path.exists():
        message = f"real corpus not found at {path}"
        if os.environ.get("GAZETTE_REQUIRE_SHARED") == "1":
            pytest.fail(message + " (GAZETTE_REQUIRE_SHARED=1)")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    return shared_path()


from tests.cluster_fixtures import opensearch_cluster  # noqa: E402,F401 - the session's OpenSearch cluster
