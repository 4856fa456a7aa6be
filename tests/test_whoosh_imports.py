"""The search path imports Whoosh without urllib.request, asyncio and morph_en's regexes
(index.whoosh_imports), and what those stand-ins replace still works when called."""
import subprocess
import sys


def run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_opening_the_search_path_leaves_out_unused_modules():
    code = (
        "import sys, search.searcher, search.feedback, whoosh.query; "
        "morph = sys.modules['whoosh.lang.morph_en']; "
        "print(sorted(m for m in ('asyncio', 'urllib.request', 'http.client') if m in sys.modules), "
        "hasattr(morph, 'rules'))"
    )
    assert run(code) == "[] False"


def test_the_stand_ins_do_what_the_real_modules_do():
    code = (
        "import index, functools; from whoosh.query.terms import variations; "
        "from whoosh import compat, reading; import urllib.request; "
        "print(sorted(variations('rate')) == sorted(__import__('whoosh.lang.morph_en', fromlist=['x']).variations('rate')), "
        "'rates' in variations('rate'), "
        "type(reading.SegmentReader.__dict__['deleted_docs_set']) is functools.cached_property, "
        "callable(compat.urlretrieve), urllib.request.urlretrieve.__module__)"
    )
    assert run(code) == "True True True True urllib.request"
