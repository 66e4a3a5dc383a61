"""The persistent cache of rendered article bodies (``SITE/.sitegen-cache/``).

Markdown and shortcodes are most of a cold build's time, and an article's body
changes rarely, so its rendered form is kept between builds, keyed by
everything that can change it: the article itself (front matter and body), the
site configuration, the shortcode templates, and sitegen's own code. Relative
links depend on other articles' URLs and on the files in ``content/``, so each
entry also records how its relative links resolved (and which article each
``ref`` found) and is reused only if they still resolve the same way.

Deleting the cache changes nothing but speed. A corrupt, truncated or foreign
cache file is ignored with a warning and replaced, never trusted.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
import json
import logging
import pickle
import sqlite3
import zipfile
import zoneinfo
from array import array
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, Protocol

from sitegen import __version__
from sitegen.errors import Problem, ShortcodeError
from sitegen.model import Article, Correction, FaqItem, Heading, Link, RenderedArticle
from sitegen.site.assemble import rank_keys
from sitegen.site.related import RelatedInput, rerank
from sitegen.site.textrank import Counts, TextNeighbours

log = logging.getLogger(__name__)

SCHEMA = 6
_COLUMNS = "key TEXT PRIMARY KEY, meta TEXT, html TEXT, text TEXT"


@functools.cache
def code_fingerprint() -> str:
    """A hash of sitegen's own source, so a new version never reuses old renders.

    Read once per process: the preview asks on every rebuild.
    """
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def salt_for(parts: Iterable[str]) -> str:
    """Combine the build-wide inputs (config, templates, code) into one salt."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


Row = tuple[str, str, str]
"""``(metadata JSON, HTML, plain text)``: the large strings stay out of JSON, whose
decoding of escaped HTML was most of reading 10,000 cached bodies."""


class Resolver(Protocol):
    """How links and refs resolve now: ``LinkRewriter``."""

    def __call__(self, href: str, source: str) -> str: ...
    def find_article(self, path: str, source: str) -> str: ...


def _encode(rendered: RenderedArticle, resolved: Mapping[str, str], refs: Mapping[str, str]) -> Row:
    meta = json.dumps(
        {
            "summary": rendered.summary,
            "words": rendered.word_count,
            "minutes": rendered.reading_minutes,
            "headings": [[h.level, h.text, h.id] for h in rendered.headings],
            "links": [[k.href, k.line, k.kind] for k in rendered.links],
            "faq": [[f.question, f.answer_html] for f in rendered.faq],
            "warnings": [[w.line, w.message] for w in rendered.warnings],
            "digest": rendered.digest,
            "resolved": sorted(resolved.items()),
            "refs": sorted(refs.items()),
        },
        ensure_ascii=False,
    )
    return meta, rendered.html, rendered.text


def _decode(article: Article, row: Row) -> tuple[RenderedArticle, dict[str, str], dict[str, str]]:
    meta, html, text = row
    if not (isinstance(html, str) and isinstance(text, str)):
        raise TypeError("the body is not text")
    data = json.loads(meta)
    rendered = RenderedArticle(
        article=article,
        html=html,
        summary=data["summary"],
        word_count=data["words"],
        reading_minutes=data["minutes"],
        headings=tuple(Heading(int(a), str(b), str(c)) for a, b, c in data["headings"]),
        links=tuple(Link(str(a), int(b), str(c)) for a, b, c in data["links"]),
        faq=tuple(FaqItem(str(a), str(b)) for a, b in data["faq"]),
        warnings=tuple(Problem(article.source, int(a), str(b)) for a, b in data["warnings"]),
        text=text,
        digest=str(data["digest"]),
    )
    resolved = {str(k): str(v) for k, v in data["resolved"]}
    return rendered, resolved, {str(k): str(v) for k, v in data["refs"]}


class BodyCache:
    """Rendered bodies in one SQLite file; ``None`` path means no caching."""

    def __init__(self, directory: Path | None, salt: str) -> None:
        self.salt = salt
        self.db: sqlite3.Connection | None = None
        self.pending: list[tuple[str, Row]] = []
        self.used: set[str] = set()
        """Keys this build read; with new entries, all that ``close`` keeps."""
        if directory is not None:
            self.db = self._open(directory / "bodies.sqlite")

    def _open(self, path: Path) -> sqlite3.Connection | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path)
            db.execute("CREATE TABLE IF NOT EXISTS meta (schema INTEGER)")
            db.execute(f"CREATE TABLE IF NOT EXISTS bodies ({_COLUMNS})")
            row = db.execute("SELECT schema FROM meta").fetchone()
            if row is None:
                db.execute("INSERT INTO meta VALUES (?)", (SCHEMA,))
            elif row[0] != SCHEMA:  # an older sitegen's cache: start over, quietly
                db.close()
                path.unlink(missing_ok=True)
                return self._fresh(path)
            return db
        except (sqlite3.Error, OSError) as error:
            log.warning("cache %s is unreadable (%s); starting a new one", path, error)
            path.unlink(missing_ok=True)
            try:
                return self._fresh(path)
            except (sqlite3.Error, OSError):
                return None

    def _fresh(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE meta (schema INTEGER)")
        db.execute(f"CREATE TABLE bodies ({_COLUMNS})")
        db.execute("INSERT INTO meta VALUES (?)", (SCHEMA,))
        return db

    def key(self, article: Article) -> str:
        """The article's digest names its source; an article made in memory has none."""
        made_of = article.digest or repr(article)
        return hashlib.sha256((self.salt + made_of).encode()).hexdigest()

    def get_many(
        self, articles: Sequence[Article], resolve: Resolver
    ) -> dict[str, RenderedArticle | None]:
        """``get`` for many articles in a few queries (source → body or None)."""
        keys = {self.key(a): a for a in articles}
        self.used.update(keys)
        rows: dict[str, Row] = {}
        if self.db is not None:
            wanted = list(keys)
            try:
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    query = f"SELECT key, meta, html, text FROM bodies WHERE key IN ({marks})"
                    rows.update((k, (m, h, t)) for k, m, h, t in self.db.execute(query, chunk))
            except sqlite3.Error as error:
                log.warning("ignoring the body cache (%s)", error)
                rows = {}
        found: dict[str, RenderedArticle | None] = {}
        for key, article in keys.items():
            found[article.source] = self._usable(article, rows.get(key), resolve)
        return found

    def _usable(
        self, article: Article, data: Row | None, resolve: Resolver
    ) -> RenderedArticle | None:
        if data is None:
            return None
        try:
            rendered, resolved, refs = _decode(article, data)
        except (ValueError, KeyError, TypeError) as error:
            log.warning("ignoring a damaged cache entry for %s (%s)", article.source, error)
            return None
        if any(resolve(href, article.source) != url for href, url in resolved.items()):
            return None
        if any(_found(resolve, path, article.source) != found for path, found in refs.items()):
            return None
        return rendered

    def put(
        self,
        rendered: RenderedArticle,
        resolved: Mapping[str, str],
        refs: Mapping[str, str] | None = None,
    ) -> None:
        if self.db is not None:
            row = _encode(rendered, resolved, refs or {})
            self.pending.append((self.key(rendered.article), row))

    def close(self, prune: bool = True) -> None:
        """Store new entries and, with ``prune``, forget those this build did not use
        (it read every article's). A cache that cannot be written is only a warning."""
        if self.db is None:
            return
        try:
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO bodies VALUES (?, ?, ?, ?)",
                    [(key, *row) for key, row in self.pending],
                )
                keep = self.used | {key for key, _ in self.pending}
                stale = [
                    (key,)
                    for (key,) in self.db.execute("SELECT key FROM bodies")
                    if prune and key not in keep
                ]
                self.db.executemany("DELETE FROM bodies WHERE key = ?", stale)
        except sqlite3.Error as error:
            log.warning("could not update the cache (%s)", error)
        finally:
            self.db.close()
            self.db = None


def _found(resolve: Resolver, path: str, source: str) -> str | None:
    """The article a ref finds now; None when it finds none (or two)."""
    try:
        return resolve.find_article(path, source)
    except ShortcodeError:
        return None


class BundleFiles:
    """Search bundles (one per shard) as zip files in the cache directory.

    Only the bundles of the latest build are kept: a stale one is never useful again.
    """

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory / "search" if directory is not None else None

    def get(self, key: str) -> dict[str, bytes] | None:
        if self.directory is None:
            return None
        path = self.directory / f"{key}.zip"
        try:
            with zipfile.ZipFile(path) as archive:
                return {name: archive.read(name) for name in archive.namelist()}
        except FileNotFoundError:
            return None
        except (OSError, zipfile.BadZipFile, KeyError) as error:
            log.warning("ignoring a damaged search cache %s (%s)", path, error)
            return None

    def names(self, key: str) -> list[str] | None:
        """The file names of a stored bundle, without reading the files."""
        if self.directory is None:
            return None
        try:
            with zipfile.ZipFile(self.directory / f"{key}.zip") as archive:
                return archive.namelist()
        except (OSError, zipfile.BadZipFile):
            return None

    def put(self, key: str, bundle: Mapping[str, bytes]) -> None:
        if self.directory is None:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            partial = self.directory / f"{key}.partial"
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as archive:
                for name, data in sorted(bundle.items()):
                    archive.writestr(name, data)
            partial.replace(self.directory / f"{key}.zip")
        except OSError as error:
            log.warning("could not store the search index in the cache (%s)", error)

    def keep(self, keys: Sequence[str]) -> None:
        """Delete every stored bundle but these."""
        if self.directory is None or not self.directory.is_dir():
            return
        wanted = {f"{key}.zip" for key in keys}
        for path in self.directory.glob("*.zip"):
            if path.name not in wanted:
                path.unlink(missing_ok=True)


RELATED_FORMAT = 4

Stored = tuple[list[RelatedInput], dict[str, tuple[str, ...]], str | None]
"""Inputs, lists, and the fingerprint of the texts when some list was ranked by text."""


class RelatedLists:
    """ "You may also like" lists of the last build, with the inputs they were ranked from.

    Marks ``text.used`` when the lists it returns depend on the texts, and
    counts words with its own store unless ``text`` has one.

    The ranking reads every article's slug, date, tags, section and pinned
    slugs, and, for the lists that tags do not fill, every article's text. A
    body edit reuses every list when no list needed text, and ranks all again
    when one did (idf is global: one new word changes every score); a tag
    change ranks again only the articles it can reach (``related.rerank``).
    """

    def __init__(self, directory: Path | None) -> None:
        self.path = directory / "related.json" if directory is not None else None
        self.words = WordCounts(directory)

    def __call__(
        self, items: Sequence[RelatedInput], count: int, text: TextNeighbours
    ) -> Mapping[str, tuple[str, ...]]:
        text.store = text.store or self.words
        stored = self._load(count)
        ranked = None
        if stored is not None and (stored[2] is None or stored[2] == text.fingerprint):
            ranked = rerank(stored[0], stored[1], items, count, text)
            text.used = text.used or stored[2] is not None
        if ranked is None:
            ranked = dict(rank_keys(items, count, text))
        fingerprint = text.fingerprint if text.used else None
        if stored != (list(items), ranked, fingerprint):
            self._save(count, items, ranked, fingerprint)
        return ranked

    def _load(self, count: int) -> Stored | None:
        if self.path is None:
            return None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != RELATED_FORMAT or data.get("count") != count:
                return None  # another version's file, or another list length: rank again
            inputs = [
                RelatedInput(
                    str(key), str(slug), float(when), _texts(tags), section, _texts(pinned)
                )
                for key, slug, when, tags, section, pinned in data["inputs"]
            ]
            if not all(s is None or isinstance(s, str) for s in (i.section for i in inputs)):
                raise TypeError("a section is not text")
            lists = {str(key): _texts(keys) for key, keys in data["lists"].items()}
            fingerprint = data["text"]
            if fingerprint is not None and not isinstance(fingerprint, str):
                raise TypeError("the text fingerprint is not text")
            return inputs, lists, fingerprint
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            log.warning("ignoring a damaged cache file %s (%s)", self.path, error)
            return None

    def _save(
        self,
        count: int,
        items: Sequence[RelatedInput],
        ranked: Mapping[str, tuple[str, ...]],
        fingerprint: str | None,
    ) -> None:
        if self.path is None:
            return
        inputs = [[i.key, i.slug, i.timestamp, i.tags, i.section, i.pinned] for i in items]
        body = {
            "format": RELATED_FORMAT,
            "count": count,
            "inputs": inputs,
            "lists": ranked,
            "text": fingerprint,
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(body, separators=(",", ":")), encoding="utf-8")
        except OSError as error:
            log.warning("could not store related lists in the cache (%s)", error)


class WordCounts:
    """The words of each article's text as the last build that ranked by text
    counted them (``textrank.CountStore``), so an edit counts only what changed.

    A pickle of ``(words, {digest: (ids, counts)}, compacted)``: lists, tuples,
    text, bytes and a number only, read back by an unpickler that makes no object of any class: a
    foreign file cannot run code, and any damage is a warning and a fresh count.
    """

    def __init__(self, directory: Path | None) -> None:
        self.path = directory / "words.pickle" if directory is not None else None

    def load(self) -> Counts:
        if self.path is None:
            return Counts((), {})
        try:
            with self.path.open("rb") as file:
                words, texts, compacted = _NoClassUnpickler(file).load()
            _check_counts(words, texts)
            if not isinstance(compacted, int):
                raise TypeError("the vocabulary size is not a number")
            return Counts(words, texts, compacted)
        except FileNotFoundError:
            return Counts((), {})
        except Exception as error:  # a damaged pickle can raise nearly anything
            log.warning("ignoring a damaged cache file %s (%s)", self.path, error)
            return Counts((), {})

    def save(self, counts: Counts) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(".partial")
            data = (list(counts.words), dict(counts.texts), counts.compacted)
            partial.write_bytes(pickle.dumps(data, protocol=5))
            partial.replace(self.path)
        except OSError as error:
            log.warning("could not update the cache (%s)", error)


def _check_counts(words: object, texts: object) -> None:
    """Raises TypeError unless ``words`` and ``texts`` are what ``Counts`` promises."""
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise TypeError("the vocabulary is not a list of text")
    if not isinstance(texts, dict):
        raise TypeError("the counts are not a mapping")
    for digest, entry in texts.items():
        if not (
            isinstance(digest, bytes)
            and isinstance(entry, tuple)
            and len(entry) == 2
            and all(isinstance(part, bytes) for part in entry)
            and len(entry[0]) == len(entry[1])
            and len(entry[0]) % 4 == 0
        ):
            raise TypeError("a text's counts are damaged")
        if entry[0] and max(array("I", entry[0])) >= len(words):
            raise TypeError("a word id is outside the vocabulary")


class _NoClassUnpickler(pickle.Unpickler):
    """Makes only dicts, tuples, text and bytes, which need no class lookup."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"unexpected {module}.{name}")


def _texts(values: object) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise TypeError("expected a list of text")
    return tuple(values)


class ParsedArticles:
    """Articles as the last build parsed them, by source path and file signature.

    Parsing front matter costs about 0.1 ms per article: a second per build at
    10,000 articles. A file whose size, times and inode are unchanged is not
    read again. As git does for its index, a file changed less than
    ``RACY_SECONDS`` before the build started is not remembered: a second
    write within the file system's timestamp granularity could keep the
    signature. The file is a pickle read back by an unpickler that makes only
    Articles and dates, so a foreign file cannot run code; any damage is a
    warning and a full parse.
    """

    RACY_SECONDS = 2

    def __init__(self, directory: Path | None, salt: str, started_ns: int) -> None:
        self.path = directory / "articles.pickle" if directory is not None else None
        self.salt = salt
        self.trusted_before = started_ns - self.RACY_SECONDS * 1_000_000_000
        self.known: dict[str, tuple[tuple[int, ...], Article]] = {}
        self.seen: set[str] = set()
        self.changed = False
        if self.path is not None:
            self.known = self._load(self.path)

    def _load(self, path: Path) -> dict[str, tuple[tuple[int, ...], Article]]:
        try:
            with path.open("rb") as file:
                salt, entries = _ArticleUnpickler(file).load()
            if salt != self.salt:
                return {}
            return {
                str(p): (tuple(int(n) for n in signature), article)
                for p, signature, article in entries
                if isinstance(article, Article)
            }
        except FileNotFoundError:
            return {}
        except Exception as error:  # a damaged pickle can raise nearly anything
            log.warning("ignoring a damaged cache file %s (%s)", path, error)
            return {}

    def get(self, path: str, signature: tuple[int, ...]) -> Article | None:
        """The article parsed from this very file, if remembered."""
        self.seen.add(path)
        entry = self.known.get(path)
        if entry is None or not signature or entry[0] != signature:
            return None
        return entry[1]

    def put(self, path: str, signature: tuple[int, ...], article: Article) -> None:
        """Remember a parse without problems; a file changed just now is not trusted."""
        self.seen.add(path)
        if signature and signature[1] < self.trusted_before:
            self.known[path] = (signature, article)
            self.changed = True

    def save(self) -> None:
        """Write the parses of the files this build saw, when any is new.

        A file edited just now keeps its older entry, which its new signature
        will not match; rewriting the whole cache for it would only cost time.
        """
        gone = self.known.keys() - self.seen
        if self.path is None or not (self.changed or gone):
            return
        entries = [(p, s, a) for p, (s, a) in sorted(self.known.items()) if p in self.seen]
        buffer = io.BytesIO()
        _ArticlePickler(buffer).dump((self.salt, entries))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(".partial")
            partial.write_bytes(buffer.getvalue())
            partial.replace(self.path)
        except OSError as error:
            log.warning("could not update the cache (%s)", error)


class _ArticlePickler(pickle.Pickler):
    """Writes a time zone by its name, so reading it back needs no ``getattr``."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=5)

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, zoneinfo.ZoneInfo):
            return zoneinfo.ZoneInfo, (obj.key,)
        return NotImplemented


class _ArticleUnpickler(pickle.Unpickler):
    """Makes Articles, dates and time zones, and refuses every other class."""

    ALLOWED: ClassVar[Mapping[tuple[str, str], type]] = {
        ("sitegen.model", "Article"): Article,
        ("sitegen.model", "Correction"): Correction,
        ("datetime", "datetime"): datetime.datetime,
        ("datetime", "date"): datetime.date,
        ("datetime", "time"): datetime.time,
        ("datetime", "timezone"): datetime.timezone,
        ("datetime", "timedelta"): datetime.timedelta,
        ("zoneinfo", "ZoneInfo"): zoneinfo.ZoneInfo,
    }

    def find_class(self, module: str, name: str) -> Any:
        try:
            return self.ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"unexpected {module}.{name}") from None
