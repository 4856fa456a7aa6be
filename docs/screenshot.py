"""Take docs/search-page.png, the README's picture of `gazette serve`: the search page on the
built-in sample corpus, in headless Debian chromium driven by Playwright.

    python docs/screenshot.py [--out docs/search-page.png]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

#: What the picture shows: a query, a leader filter, the facets and the timeline.
STATE = "/?q=summit&leader=Kim+Jong+Un"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "search-page.png")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    from importlib.resources import files

    from playwright.sync_api import sync_playwright
    from waitress import create_server

    from index.build import build
    from web import create_app

    with tempfile.TemporaryDirectory() as work:
        index_dir = Path(work) / "index"
        build([Path(str(files("corpus") / "sample"))], index_dir)
        server = create_server(create_app(index_dir), host="127.0.0.1", port=0, threads=2)
        threading.Thread(target=server.run, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"http://127.0.0.1:{server.effective_port}{STATE}")
                page.screenshot(path=str(args.out))
                browser.close()
        finally:
            server.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
