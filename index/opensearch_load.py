"""``gazette index --engine URL PATH...``: the same normalized articles, bulk-loaded into an
OpenSearch cluster, incrementally.

One run:

1. read the file manifest from the cluster (its own index, :mod:`search.opensearch.mapping`):
   a file whose size and mtime match is not opened, one whose content digest matches is not
   parsed; so any machine can continue what another indexed;
2. read the other files in worker processes and resolve people across the corpus, exactly
   as the local build does (:func:`index.build.read_all`, :func:`corpus.pipeline.finish`);
3. send the articles (``_id`` = content id: re-runs and machines indexing disjoint folders
   deduplicate as locally) in bulk requests bounded in bytes and documents; items refused
   with 429 or 5xx, and requests that fail on the way, are sent again with exponential
   backoff;
4. only then delete the articles that left the files read, and write the files' manifest
   entries. A run killed at any point loses nothing the cluster acknowledged: what has no
   manifest entry yet is read and sent again by the next run, and sending is idempotent.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from index import manifest as mf
from search.opensearch import connection
from search.opensearch.connection import EngineError, EngineURL
from search.opensearch.mapping import (
    ALIASES_ID,
    MAPPING_VERSION,
    TERMS,
    analyzed,
    article_settings,
    file_id,
    manifest_settings,
    to_source,
)

#: A bulk request holds at most this many bytes and documents (OpenSearch's advice: a few MB).
BATCH_BYTES = 5 << 20
BATCH_DOCS = 1000
#: Sending a batch is tried this many times, waiting 0.5 s, 1 s, 2 s... (at most 30 s) between.
ATTEMPTS = 10
FIRST_WAIT = 0.5
MAX_WAIT = 30.0
#: Item statuses sent again: too many requests, and the cluster's own failures (a shard whose
#: node just left is unavailable until its replica is promoted).
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
#: The manifest index's document holding the people signature the articles were resolved with.
SIGNATURE_ID = "people-signature"
#: Articles asked for in one multi-get when their people are found again.
MGET_IDS = 256


@dataclass
class LoadReport:
    added: int = 0  # documents sent (new or rewritten)
    removed: int = 0  # documents deleted (they left every file read)
    files_read: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # files gone from disk whose articles stay
    reresolved: int = 0  # gazetteer or finder changed: documents whose people were found again
    people_changed: int = 0  # ... and whose people or leaders changed with it
    documents: int = 0
    batches: int = 0
    retries: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.added / self.seconds if self.seconds else 0.0


def load(
    paths: Iterable[Path],
    url: EngineURL,
    *,
    rebuild: bool = False,
    prune: bool = False,
    jobs: int | None = None,
    gazetteers: tuple[Path, ...] = (),
    client: Any = None,
    batch_bytes: int = BATCH_BYTES,
    batch_docs: int = BATCH_DOCS,
    sleep: Callable[[float], None] = time.sleep,
) -> LoadReport:
    """Index the articles under ``paths`` into the cluster index of ``url`` (see the module)."""
    from corpus.pipeline import iter_files
    from index.build import people_signature, resolve

    started = time.perf_counter()
    client = client or connection.client(url)
    report = LoadReport()
    signature = people_signature(tuple(gazetteers))
    _prepare(client, url, rebuild)
    refind = _signature(client, url) not in (None, signature)
    known = _manifest(client, url)
    roots = [Path(os.path.abspath(path)) for path in paths]
    seen: set[str] = set()
    tasks: list[tuple[str, str | None, tuple[Path, ...]]] = []
    for found in iter_files(roots):
        path = os.path.abspath(found)
        seen.add(path)
        entry = known.get(path)
        try:
            stat = os.stat(path)
        except OSError as error:
            report.skipped.append((path, error.strerror or str(error)))
            continue
        if entry and entry["size"] == stat.st_size and entry["mtime_ns"] == stat.st_mtime_ns:
            report.files_unchanged += 1
        else:
            tasks.append((path, entry["digest"] if entry else None, tuple(gazetteers)))
    gone = [path for path in known if path not in seen and mf.is_under(path, roots)]
    fresh, touched = _read(tasks, jobs or os.cpu_count() or 1, report)
    files = dict(known)
    for read in touched:
        files[read.path] = {**files[read.path], "size": read.size, "mtime_ns": read.mtime_ns}
    for path in gone:
        if prune:
            del files[path]
        else:
            report.kept.append(path)
    report.files_removed = len(gone) if prune else 0
    # People resolved across the corpus as the local build does it (learning from every
    # file's manifest entry); updates ``files`` with the entries of the files read.
    refound = _refind(client, url, files, fresh, tuple(gazetteers), jobs or os.cpu_count() or 1) if refind else {}
    articles, restyled = resolve(fresh, files, refound, tuple(gazetteers))
    report.reresolved, report.people_changed = len(refound), len(restyled)
    where = mf.id_locations(files)
    sources = (_article_action(url, doc, article, where[doc]) for doc, article in articles.items())
    report.added = _bulk(client, url, sources, report, batch_bytes, batch_docs, sleep)
    updates = (_people_action(url, doc, people, leaders) for doc, (_stored, people, leaders) in restyled.items())
    _bulk(client, url, updates, report, batch_bytes, batch_docs, sleep)
    before = {doc for path in [*fresh, *(gone if prune else ())] if path in known
              for doc in mf.locations(path, known[path]).values()}
    orphans = sorted(before - where.keys())
    deletions = ({"delete": {"_index": url.index, "_id": doc}} for doc in orphans)
    report.removed = _bulk(client, url, ((action, None) for action in deletions), report, batch_bytes, batch_docs,
                           sleep, missing_ok=True)
    rewritten = [*fresh, *(read.path for read in touched)]
    if refound:
        rewritten += [path for path in files if path not in fresh and any(row[0] in refound for row in files[path]["articles"])]
    entries = [_file_action(url, path, files[path]) for path in dict.fromkeys(rewritten)]
    entries.append(({"index": {"_index": url.manifest, "_id": SIGNATURE_ID}}, {"kind": "people", "digest": signature}))
    entries += [({"delete": {"_index": url.manifest, "_id": file_id(path)}}, None) for path in gone if prune]
    _bulk(client, url, iter(entries), report, batch_bytes, batch_docs, sleep, missing_ok=True)
    connection.call(url, client.indices.refresh, index=f"{url.index},{url.manifest}")
    _write_aliases(client, url, gazetteers)
    report.documents = connection.call(url, client.count, index=url.index)["count"]
    report.seconds = time.perf_counter() - started
    return report


def load_articles(
    articles: Iterable[Any],
    url: EngineURL,
    aliases: dict[str, str] | None = None,
    *,
    client: Any = None,
    batch_bytes: int = BATCH_BYTES,
    batch_docs: int = BATCH_DOCS,
    sleep: Callable[[float], None] = time.sleep,
) -> LoadReport:
    """Send ready articles (:class:`corpus.article.Article`, each at its own location) into a
    new index of ``url``: for the tests and benchmarks, which make articles without files."""
    started = time.perf_counter()
    client = client or connection.client(url)
    report = LoadReport()
    _prepare(client, url, rebuild=True)
    actions = (_article_action(url, article.id, article, [article.location]) for article in articles)
    report.added = _bulk(client, url, actions, report, batch_bytes, batch_docs, sleep)
    connection.call(url, client.indices.refresh, index=url.index)
    connection.call(url, client.index, index=url.manifest, id=ALIASES_ID,
                    body={"kind": "aliases", "aliases": aliases or {}}, refresh="true")
    report.documents = connection.call(url, client.count, index=url.index)["count"]
    report.seconds = time.perf_counter() - started
    return report


def _prepare(client: Any, url: EngineURL, rebuild: bool) -> None:
    """Create the two indexes when missing (delete them first for a rebuild); refuse an index
    of another mapping version."""
    names = (url.index, url.manifest)
    if rebuild:
        connection.call(url, client.indices.delete, index=",".join(names), ignore_unavailable=True)
    for name, settings in ((url.index, article_settings()), (url.manifest, manifest_settings())):
        if not connection.call(url, client.indices.exists, index=name):
            connection.call(url, client.indices.create, index=name, body=settings)
    mapping = connection.call(url, client.indices.get_mapping, index=url.index)
    version = next(iter(mapping.values()))["mappings"].get("_meta", {}).get("gazette_mapping")
    if version != MAPPING_VERSION:
        raise EngineError(
            f"the index {url.index!r} on {url} was not made by this version of Gazette (mapping {version}, "
            f"not {MAPPING_VERSION}); run `gazette index --engine {url} --rebuild PATH...`"
        )


def _signature(client: Any, url: EngineURL) -> str | None:
    """The people signature (gazetteer and finder, :func:`index.build.people_signature`) the
    cluster's articles were last resolved with; None for a new index or one of an older Gazette."""
    answer = connection.call(url, client.get, index=url.manifest, id=SIGNATURE_ID, ignore=[404])
    return (answer.get("_source") or {}).get("digest") if answer.get("found") else None


def _refind(
    client: Any, url: EngineURL, files: dict[str, mf.Entry], fresh: dict[str, Any], gazetteers: tuple[Path, ...],
    jobs: int,
) -> dict[str, tuple[Any, dict[str, Any]]]:
    """The gazetteer or the finder changed: find the people of every article in the cluster
    that no file read this run holds, from the headline and body the cluster stores (files
    indexed from other machines included), as the local build does from its index; and record
    them in the files' manifest rows. Returns id -> (Found, stored people and leaders)."""
    from index.build import find_people_again, record_found
    from index.schema import join_names

    wanted = sorted({row[0] for path, entry in files.items() if path not in fresh for row in entry["articles"]})
    stored: dict[str, dict[str, Any]] = {}
    texts = []
    for start in range(0, len(wanted), MGET_IDS):
        answer = connection.call(url, client.mget, index=url.index, body={"ids": wanted[start : start + MGET_IDS]},
                                 _source=["headline", "body", "date", "people", "leaders"])
        for hit in answer["docs"]:
            if not hit.get("found"):
                continue
            source = hit["_source"]
            stored[hit["_id"]] = {name: join_names(source.get(name) or ()) for name in ("people", "leaders")}
            texts.append((hit["_id"], source.get("headline") or "", source.get("body") or "", source.get("date") or ""))
    found = find_people_again(texts, gazetteers, jobs)
    record_found(files, fresh, found, lambda _path, entry: entry["articles"])
    return {doc: (found[doc], stored[doc]) for doc in found}


def _people_action(url: EngineURL, doc: str, people: list[str], leaders: list[str]) -> tuple[dict, dict]:
    """A partial update of an article's people (its text is unchanged)."""
    global _ANALYZER
    from index.schema import text_analyzer

    if _ANALYZER is None:
        _ANALYZER = text_analyzer()
    names = " ".join(people)
    fields = {"people": list(people), "leaders": list(leaders), "names": names,
              TERMS["names"]: analyzed(_ANALYZER, names)}
    return {"update": {"_index": url.index, "_id": doc}}, {"doc": fields}


def _manifest(client: Any, url: EngineURL) -> dict[str, mf.Entry]:
    """Every file's manifest entry in the cluster, by path."""
    files: dict[str, mf.Entry] = {}
    after = None
    while True:
        body: dict[str, Any] = {"size": 1000, "query": {"term": {"kind": "file"}}, "sort": [{"path": "asc"}],
                                "_source": ["path", "entry"]}
        if after:
            body["search_after"] = after
        hits = connection.call(url, client.search, index=url.manifest, body=body)["hits"]["hits"]
        for hit in hits:
            files[hit["_source"]["path"]] = hit["_source"]["entry"]
        if len(hits) < 1000:
            return files
        after = hits[-1]["sort"]


def _read(tasks: list, jobs: int, report: LoadReport) -> tuple[dict[str, Any], list[Any]]:
    """The files parsed, in path order as the local build resolves them (path -> (_FileRead,
    its problems)),
    and those only touched (same content, new mtime). A file without a readable article is
    skipped, and keeps the articles of its last readable version."""
    from index.build import read_all

    fresh: dict[str, Any] = {}
    touched: list[Any] = []
    for read in sorted(read_all(tasks, jobs), key=lambda read: read.path):
        if read.same:
            touched.append(read)
            report.files_unchanged += 1
            continue
        problems = [] if read.result is None else [p.reason for p in read.result.problems]
        if read.error:
            problems.insert(0, read.error)
        if read.result is None or not read.result.drafts:
            report.skipped.append((read.path, "; ".join(problems) or "no article found"))
            continue
        report.skipped.extend((read.path, reason) for reason in problems)
        fresh[read.path] = (read, problems)
        report.files_read += 1
    return fresh, touched


_ANALYZER: Any = None


def _article_action(url: EngineURL, doc: str, article: Any, paths: list[str]) -> tuple[dict, dict]:
    global _ANALYZER
    from index.schema import document, text_analyzer

    if _ANALYZER is None:
        _ANALYZER = text_analyzer()
    return {"index": {"_index": url.index, "_id": doc}}, to_source(document(article, paths), _ANALYZER)


def _file_action(url: EngineURL, path: str, entry: mf.Entry) -> tuple[dict, dict]:
    ids = sorted({row[0] for row in entry["articles"]})
    source = {"kind": "file", "path": path, "size": entry["size"], "mtime_ns": entry["mtime_ns"],
              "digest": entry["digest"], "articles": ids, "locations": len(entry["articles"]), "entry": entry,
              "built": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    return {"index": {"_index": url.manifest, "_id": file_id(path)}}, source


def _write_aliases(client: Any, url: EngineURL, gazetteers: tuple[Path, ...]) -> None:
    """The people's aliases (folded alias -> name), for the names of every indexed person."""
    from corpus.pipeline import load_gazetteer
    from index.aliases import merge_aliases
    from search.opensearch.engine import OpenSearchEngine

    people = OpenSearchEngine(url, client)._values("people")
    aliases = merge_aliases(load_gazetteer(tuple(gazetteers)).aliases(), people)
    connection.call(url, client.index, index=url.manifest, id=ALIASES_ID,
                    body={"kind": "aliases", "aliases": aliases}, refresh="true")


def _batches(actions: Iterator[tuple[dict, dict | None]], max_bytes: int, max_docs: int) -> Iterator[list[str]]:
    """Bulk bodies of at most ``max_bytes`` (a document larger than that goes alone) and
    ``max_docs`` documents: the pending lines are all this holds in memory."""
    lines: list[str] = []
    size = 0
    for action, source in actions:
        item = json.dumps(action) + ("\n" + json.dumps(source, ensure_ascii=False) if source is not None else "")
        cost = len(item.encode("utf-8", "surrogatepass")) + 1  # its bytes and the newline ending it
        if lines and (size + cost > max_bytes or len(lines) >= max_docs):
            yield lines
            lines, size = [], 0
        lines.append(item)
        size += cost
    if lines:
        yield lines


def _bulk(
    client: Any,
    url: EngineURL,
    actions: Iterator[tuple[dict, dict | None]],
    report: LoadReport,
    max_bytes: int,
    max_docs: int,
    sleep: Callable[[float], None],
    missing_ok: bool = False,
) -> int:
    """Send ``actions``; returns how many the cluster acknowledged."""
    acknowledged = 0
    for lines in _batches(actions, max_bytes, max_docs):
        acknowledged += _send(client, url, lines, report, sleep, missing_ok)
        report.batches += 1
    return acknowledged


def _send(client: Any, url: EngineURL, lines: list[str], report: LoadReport, sleep: Callable[[float], None],
          missing_ok: bool) -> int:
    """One bulk body, with the items refused for a passing reason sent again after a wait."""
    from opensearchpy import exceptions as ex

    pending = lines
    done = 0
    wait = FIRST_WAIT
    problem = ""
    for attempt in range(ATTEMPTS):
        if attempt:
            report.retries += 1
            sleep(wait)
            wait = min(wait * 2, MAX_WAIT)
        try:
            answer = client.bulk(body="\n".join(pending) + "\n", request_timeout=120)
        except (ex.ConnectionError, ex.ConnectionTimeout) as error:
            problem = f"the cluster did not answer ({type(error).__name__})"
            continue
        except ex.TransportError as error:
            if error.status_code in RETRY_STATUSES or not isinstance(error.status_code, int):
                problem = f"the cluster answered {error.status_code}"
                continue
            raise EngineError(f"the cluster at {url} refused a bulk request ({error.status_code}: {error.error})") from None
        again: list[str] = []
        for line, item in zip(pending, answer["items"]):
            result = next(iter(item.values()))
            status = result.get("status", 500)
            if status < 300 or (missing_ok and status == 404):
                done += 1
            elif status in RETRY_STATUSES:
                again.append(line)
                problem = f"{status}: {(result.get('error') or {}).get('type', '')}"
            else:
                reason = result.get("error") or {}
                raise EngineError(
                    f"the cluster at {url} refused article {result.get('_id')} ({status}: "
                    f"{reason.get('type')}: {reason.get('reason')})"
                )
        if not again:
            return done
        pending = again
    raise EngineError(
        f"the cluster at {url} did not take {len(pending):,} documents after {ATTEMPTS} tries ({problem}); "
        f"what it acknowledged is kept: run the same command again to complete the load"
    )
