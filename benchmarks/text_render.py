"""A second HTML-to-text renderer, for checking that text-page rules do not depend on one tool.

``../shared/tools/page_text.py`` puts every block on its own line between blank lines. Other
tools lay a page out differently, and the text reader must read both. This one writes what
console browsers and converters typically give:

- list items as bullets (``*``, then ``•``, then ``-`` when nested), indented two spaces per level,
  with no blank line between items;
- table rows as one line, the cells as columns separated by three spaces;
- a ``<nav>`` or ``<header>`` menu as one long run of menu words on one line;
- headings and paragraphs with a blank line after them, other blocks on their own lines.

    python benchmarks/text_render.py PAGE.html [...] --out DIR
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

_SKIP = frozenset("script style noscript template head svg iframe".split())
_BLOCKS = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr "
    "main nav ol p pre section ul li table tr td th tbody thead tfoot br".split()
)
_PARAGRAPHS = frozenset("p h1 h2 h3 h4 h5 h6 blockquote pre figure table".split())
_FLAT = frozenset(["nav"])
_BULLETS = ("*", "•", "-")


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.prefix = ""

    def add(self, text: str | None) -> None:
        if text and text.strip():
            self.current.append(text)

    def end_line(self, blank: bool = False) -> None:
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(self.prefix + line)
        self.current = []
        self.prefix = ""
        if blank and self.lines and self.lines[-1] != "":
            self.lines.append("")


def _walk(element, writer: _Writer, depth: int) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if not tag or tag in _SKIP:
        writer.add(element.tail)
        return
    if tag in _FLAT:
        writer.end_line()
        writer.add(_text(element))
        writer.end_line(blank=True)
        writer.add(element.tail)
        return
    if tag == "tr":
        writer.end_line()
        cells = [_text(cell) for cell in element if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th")]
        row = "   ".join(cell for cell in cells if cell)
        if row:
            writer.lines.append(row)  # the columns keep their spacing
        writer.add(element.tail)
        return
    block = tag in _BLOCKS
    if block:
        writer.end_line()
    if tag == "li":
        level = sum(1 for parent in element.iterancestors() if isinstance(parent.tag, str) and parent.tag.lower() in ("ul", "ol"))
        writer.prefix = "  " * max(level - 1, 0) + _BULLETS[min(max(level - 1, 0), 2)] + " "
    writer.add(element.text)
    for child in element:
        _walk(child, writer, depth + 1)
    if block:
        writer.end_line(blank=tag in _PARAGRAPHS)
    writer.add(element.tail)


def render(raw: bytes) -> str:
    """The text of an HTML page laid out as described in the module docstring."""
    import lxml.html

    root = lxml.html.document_fromstring(raw, parser=lxml.html.HTMLParser(huge_tree=True))
    body = root.find("body")
    writer = _Writer()
    _walk(body if body is not None else root, writer, 0)
    writer.end_line()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(writer.lines)).strip() + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in args.pages:
        path = Path(name)
        stem = path.parent.name if path.name == "source.html" else path.stem
        (out / f"{stem}.txt").write_text(render(path.read_bytes()), encoding="utf-8")
    print(f"{len(args.pages)} pages rendered to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
