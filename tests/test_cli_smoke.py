from click.testing import CliRunner

import cli


def test_help_lists_the_group_description():
    result = CliRunner().invoke(cli.main, ["--help"])
    assert result.exit_code == 0
    assert "Gazette: normalize, index and search a corpus of news articles." in result.output


def test_article_id_ignores_whitespace_layout():
    from corpus.article import article_id

    assert article_id("A  title", "one\n\ntwo") == article_id("A title", "one two")
    assert article_id("A title", "one two") != article_id("A title", "one three")
