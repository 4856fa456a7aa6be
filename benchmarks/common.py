"""What every benchmark shares: the corpora, the synthetic corpus, results as JSON, markdown tables."""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # the scripts run as `python benchmarks/NAME.py`
    sys.path.insert(0, str(REPO))

from corpus.article import Article, article_id  # noqa: E402

CORPORA = Path(os.environ.get("GAZETTE_SHARED", REPO.parent / "shared")) / "corpora"
RESULTS = REPO / "benchmarks" / "results"

#: Publications the synthetic corpus credits, most frequent first (Zipf weights): Reuters
#: alone carries one source, which would make the source facet and filter trivial.
SYNTHETIC_SOURCES = (
    "Reuters", "Associated Press", "AFP", "Yonhap", "Xinhua", "BBC", "The New York Times",
    "The Washington Post", "The Guardian", "KCNA", "NK News", "Press TV", "Al Jazeera",
    "South China Morning Post", "The Korea Herald", "Bloomberg", "CNN", "Kyodo",
    "Financial Times", "Deutsche Welle",
)
SYNTHETIC_FIRST_DAY = dt.date(2000, 1, 1)
SYNTHETIC_LAST_DAY = dt.date(2025, 12, 31)


def corpus_path(*parts: str) -> Path:
    """A path under ../shared/corpora; exits with a clear message when it is absent."""
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        sys.exit(f"corpus not found: {path} (set GAZETTE_SHARED to the folder holding corpora/)")
    return path


def load_articles(paths: Sequence[Path]) -> list[Article]:
    """Normalized articles through Gazette's public path (what `gazette parse` prints)."""
    from corpus.pipeline import parse_paths

    problems: list[Any] = []
    articles = list(parse_paths([Path(p) for p in paths], problems.append, jobs=os.cpu_count() or 1))
    if problems:
        print(f"  ({len(problems)} problems while reading, e.g. {problems[0]})", file=sys.stderr)
    return articles


def synthetic_articles(base: Sequence[Article], count: int, seed: int = 2025) -> Iterator[Article]:
    """``count`` articles recombined from ``base``, the same ones for the same arguments.

    Headlines come from the base corpus, bodies are 1-8 paragraphs drawn from all its
    bodies (so the people they name are shuffled across articles: Gazette finds them in
    the text when it reads the corpus), dates are uniform over 2000-2025 and sources follow
    a Zipf law over :data:`SYNTHETIC_SOURCES`, so that the people, year and source facets
    and filters are about as selective as on a real news archive.
    """
    rng = random.Random(seed)
    headlines = sorted({a.headline for a in base if a.headline})
    paragraphs = sorted({p.strip() for a in base for p in a.body.split("\n\n") if len(p.strip()) > 40})
    if not headlines or not paragraphs:
        raise ValueError("the base corpus has no headlines or no paragraphs to recombine")
    source_weights = [1 / rank for rank in range(1, len(SYNTHETIC_SOURCES) + 1)]
    span = (SYNTHETIC_LAST_DAY - SYNTHETIC_FIRST_DAY).days
    for number in range(count):
        headline = rng.choice(headlines)
        body = "\n\n".join(rng.choices(paragraphs, k=rng.randint(1, 8)))
        yield Article(
            id=article_id(headline, f"{number}\n{body}"),  # unique even when a draw repeats
            path=f"synthetic/{number // 1000:04d}.jsonl",
            position=number % 1000 + 1,
            headline=headline,
            date=SYNTHETIC_FIRST_DAY + dt.timedelta(days=rng.randint(0, span)),
            date_from="metadata",
            source=rng.choices(SYNTHETIC_SOURCES, weights=source_weights)[0],
            people=(),
            leaders=(),
            body=body,
        )


def write_jsonl(articles: Iterable[Article], directory: Path, per_file: int = 1000) -> list[Path]:
    """Articles as JSON lines files (``Article.to_dict()``), ``per_file`` to a file."""
    directory.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    handle = None
    for number, article in enumerate(articles):
        if number % per_file == 0:
            if handle:
                handle.close()
            paths.append(directory / f"{len(paths):04d}.jsonl")
            handle = paths[-1].open("w", encoding="utf-8")
        handle.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    if handle:
        handle.close()
    return paths


def directory_size(path: Path) -> int:
    """Bytes of all files under ``path`` (or of the file itself)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def environment() -> dict[str, Any]:
    """Where and when a result was measured, stored next to the figures."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    return {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "commit": commit,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        # Other work on the machine slows every engine; the ratios of one run stay comparable.
        "load_average": os.getloadavg(),
    }


def save_results(name: str, figures: dict[str, Any]) -> Path:
    """Write ``figures`` (plus the environment) to benchmarks/results/NAME.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"environment": environment(), **figures}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A GitHub markdown table; floats get 3 significant decimals, None shows as a dash."""

    def cell(value: Any) -> str:
        if value is None:
            return "–"
        if isinstance(value, float):
            return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.0f}"
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, None when either is missing or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator
