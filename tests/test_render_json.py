"""search.render.to_json: orjson's speed, json.dumps's exact text."""
from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from search.render import to_json

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()  # no lone surrogates: their escape is kept, see the last test
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def _reference(data: object, indent: int | None) -> str:
    separators = None if indent else (",", ":")
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)


@given(_JSON)
def test_indented_text_is_json_dumps_text(data: object) -> None:
    assert to_json(data) == _reference(data, 2)


@given(_JSON)
def test_compact_text_is_json_dumps_text(data: object) -> None:
    assert to_json(data, indent=None) == _reference(data, None)


def test_small_exponents_and_tuples_are_written_as_json_writes_them() -> None:
    data = {"share": 1e-06, "big": 1e16, "pair": (1, 2.5), "deep": [[]], "none": {}}
    assert to_json(data) == json.dumps(data, ensure_ascii=False, indent=2)


def test_a_lone_surrogate_keeps_its_escape() -> None:
    assert to_json({"query": "\ud800x"}, indent=None) == '{"query":"\\ud800x"}'
