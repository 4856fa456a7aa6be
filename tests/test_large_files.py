"""A long file costs a small multiple of its size (issue 14, large text).

The text reader, the shared normalization and the index build each used to keep several
whole copies of a page alive at once: a 50 MB text file took 674 MB to index. These tests
check the copies that are gone stay gone: the normalizers return text that is already
normal as the same object, and a long page is indexed within a few times its size.
"""
from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from corpus.chrome import collapse
from corpus.normalize import PARAGRAPH_GAP, clean_line, split_paragraphs
from corpus.readers.base import Handoff

_TEXT = st.text(alphabet=st.sampled_from(list("ab \n\t\r\x0b\x1c\u00a0\u2028é")), max_size=60)


@given(_TEXT)
def test_split_paragraphs_is_the_regex_split_one_piece_at_a_time(text: str) -> None:
    assert list(split_paragraphs(text)) == PARAGRAPH_GAP.split(text)


@given(_TEXT)
def test_collapse_is_split_and_join(text: str) -> None:
    assert collapse(text) == " ".join(text.split())


@given(_TEXT)
def test_clean_line_is_idempotent_and_keeps_clean_text_as_it_is(text: str) -> None:
    once = clean_line(text)
    assert clean_line(once) is once
    assert once == " ".join(once.split())


def test_a_handoff_gives_its_value_once() -> None:
    handed = Handoff(b"bytes")
    assert handed.take() == b"bytes"
    try:
        handed.take()
    except ValueError as error:
        assert str(error) == "the value was taken already"
    else:
        raise AssertionError("a second take must fail")


_WORDS = "the minister said talks on trade and security would resume after the summit in the capital where officials met".split()


def _long_page(path: Path, megabytes: float) -> int:
    """A text page: a headline, a byline and paragraphs of prose up to ``megabytes``."""
    rng = random.Random(14)
    parts = ["Harbour Board Approves Expansion Plan", "", "By Staff Writer", ""]
    size = 0
    while size < megabytes * 2**20:
        sentences = (" ".join(rng.choices(_WORDS, k=rng.randint(8, 24))).capitalize() + "." for _ in range(rng.randint(3, 8)))
        paragraph = " ".join(sentences)
        parts += [paragraph, ""]
        size += len(paragraph) + 2
    path.write_text("\n".join(parts), encoding="utf-8")
    return path.stat().st_size


_PEAK = re.compile(r"^peak (\d+)$", re.MULTILINE)


def _peak_rss_of_index(folder: Path, index: Path) -> int:
    """Peak resident memory in bytes of a ``gazette index`` run in a fresh process."""
    script = (
        "import resource, sys\n"
        "from click.testing import CliRunner\n"
        "from cli import main\n"
        "result = CliRunner().invoke(main, ['index', '--index', sys.argv[2], sys.argv[1]])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(folder), str(index)], capture_output=True, text=True, timeout=600, check=True)
    return int(_PEAK.search(done.stdout).group(1))


def test_a_long_text_page_is_indexed_in_a_few_times_its_size(tmp_path: Path) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir()
    large.mkdir()
    _long_page(small / "page.txt", 0.02)
    size = _long_page(large / "page.txt", 8)
    base = _peak_rss_of_index(small, tmp_path / "small-index")
    peak = _peak_rss_of_index(large, tmp_path / "large-index")
    # before: 11 times the file over the base (50 MB took 674 MB); now 4 to 5.5 times
    assert peak - base <= 7 * size, f"{(peak - base) / size:.1f} times the file's size"
