"""Shell completion of names (issue 16, point 4): any word of a name or of an alias completes
the whole name, and bash gets a name with spaces quoted, as one word."""
from __future__ import annotations

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner
from hypothesis import given, strategies as st

import cli
from search.names import NameTable, fold
from tests import search_fixtures


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return search_fixtures.build(tmp_path_factory.mktemp("cli-completion") / "index")


def values(index_dir, option: str, incomplete: str) -> list[str]:
    """What Click's completion API offers after ``gazette search --index DIR OPTION``."""
    completer = ShellComplete(cli.main, {}, "gazette", "_GAZETTE_COMPLETE")
    return [item.value for item in completer.get_completions(["search", "--index", str(index_dir), option], incomplete)]


@pytest.mark.parametrize("option, incomplete, expected", [
    ("--person", "Kim", ["Kim Jong Un"]),
    ("--person", "jong", ["Kim Jong Un"]),          # a middle word
    ("--person", "jin", ["Xi Jinping"]),            # the last word, any case
    ("--person", "Jong U", ["Kim Jong Un"]),        # several words from the middle
    ("--person", "pres", ["Xi Jinping"]),           # a word of an alias ("president xi")
    ("--person", "shinzo", ["Shinzō Abe"]),         # accents folded
    ("--person", "m", ["Moon Jae-in"]),
    ("--person", "jae", ["Moon Jae-in"]),           # a hyphenated word
    ("--leader", "trump", ["Donald Trump"]),
    ("--source", "news", ["Koryo News"]),
    ("--person", "zzz", []),
])
def test_any_word_of_a_name_or_alias_completes_it(index_dir, option, incomplete, expected):
    assert values(index_dir, option, incomplete) == expected


def test_bash_gets_names_with_spaces_quoted(index_dir):
    def bash(words: str, cword: int) -> str:
        result = CliRunner().invoke(cli.main, [], prog_name="gazette", env={
            "_GAZETTE_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword),
        })
        assert result.exit_code == 0
        return result.output

    assert bash(f"gazette search --index {index_dir} --leader Gordon", 5) == "\n"  # no such leader
    assert bash(f"gazette search --index {index_dir} --leader Trump", 5) == "plain,'Donald Trump'\n"
    assert bash(f"gazette search --index {index_dir} --source reu", 5) == "plain,Reuters\n"
    assert bash(f"gazette search --index {index_dir} --person \"Shinz", 5) == "plain,'Shinzō Abe'\n"
    assert bash("gazette sea", 1) == "plain,search\n"


def test_zsh_quotes_by_itself(index_dir):
    result = CliRunner().invoke(cli.main, [], prog_name="gazette", env={
        "_GAZETTE_COMPLETE": "zsh_complete", "COMP_WORDS": f"gazette search --index {index_dir} --leader trump",
        "COMP_CWORD": "5",
    })
    assert result.output == "plain\nDonald Trump\n_\n"


@given(st.lists(st.text(alphabet="abcdefgh -", min_size=1).filter(lambda n: fold(n)), min_size=1, max_size=5),
       st.data())
def test_every_word_start_completes_its_name(names, data):
    table = NameTable("people", names)
    name = data.draw(st.sampled_from(names))
    words = name.replace("-", " ").split()
    start = data.draw(st.integers(0, len(words) - 1))
    prefix = " ".join(words[start:])[: data.draw(st.integers(1, len(" ".join(words[start:]))))]
    if fold(prefix):
        assert name in table.completions(prefix)
