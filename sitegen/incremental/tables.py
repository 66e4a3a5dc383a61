"""The memo tables: what a build remembers of each kind of work, in the store.

Each table knows its key (what the work was made of) and its value (what came
out), and nothing of the stages that do the work: the build asks a table, does
what it lacks, and hands the results back. A table tracks which entries this
build used, so that a build that saw every article forgets the rest.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeGuard

from sitegen.digests import FileSignature, digest, file_digest, is_settled
from sitegen.errors import Problem, ShortcodeError
from sitegen.incremental import codec
from sitegen.incremental.store import Store
from sitegen.model import (
    Article,
    Blob,
    FaqItem,
    Heading,
    Link,
    RenderedArticle,
    blob_bytes,
    body_shows_images,
)


class MemoTable:
    """Entries of one kind: read once, written at ``flush``, pruned to what was used."""

    def __init__(self, store: Store, kind: str, encoded: bool = False) -> None:
        """``encoded``: values are put as ``codec.dumps``'s bytes already."""
        self.store = store
        self.kind = kind
        self.encoded = encoded
        self.pending: dict[str, object] = {}
        self.used: set[str] = set()

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        self.used.update(keys)
        return self.store.get_many(self.kind, keys)

    def all(self) -> dict[str, Any]:
        """Every entry (cheaper than asking by key when most will be asked for)."""
        return dict(self.store.rows(self.kind))

    def put(self, key: str, value: object) -> None:
        self.used.add(key)
        self.pending[key] = value

    def flush(self, prune: bool) -> None:
        """Store new entries; with ``prune``, forget those this build did not use."""
        self.store.put_many(self.kind, self.pending.items(), self.encoded)
        self.pending.clear()
        if prune:
            self.store.delete(
                self.kind, [k for k in self.store.keys(self.kind) if k not in self.used]
            )


# -- front matter -------------------------------------------------------------


class ParsedArticles:
    """Articles as the last build parsed them, by source path and file signature.

    Parsing front matter costs about 0.1 ms per article: a second per build at
    10,000 articles. A file whose signature is unchanged is not read again. A
    file changed just before the build (``digests.is_settled``) is remembered
    with the digest of its bytes as the build began (``at_start``), and trusted
    only while the file still holds them; once settled, by its signature again.
    A site written out and built at once would otherwise have every article
    parsed again by the next build that reads them, an import's first edit of a
    template among them.
    """

    KIND = "parsed"

    def __init__(
        self,
        store: Store,
        salt: str,
        started_ns: int,
        at_start: Callable[[str], str | None] = lambda file: None,
    ) -> None:
        """``at_start``: the digest of a racy file's bytes as the build began (the
        engine's inputs), None when not known."""
        self.table = MemoTable(store, self.KIND)
        self.salt = salt
        self.started_ns = started_ns
        self.at_start = at_start
        self.known: dict[str, tuple[Any, ...]] = {}
        for path, value in self.table.all().items():
            if _parse_entry(value):
                self.known[path] = value

    @classmethod
    def read(cls, store: Store, salt: str, paths: Sequence[str]) -> dict[str, Article]:
        """The remembered parses of ``paths``, signatures aside, without reading the rest."""
        found = {}
        for path, value in store.get_many(cls.KIND, list(paths)).items():
            if _parse_entry(value) and value[0] == salt:
                found[path] = value[2]
        return found

    def get(self, path: str, signature: FileSignature | None, file: str) -> Article | None:
        """The article parsed from this very file (read from ``file``), if remembered."""
        self.table.used.add(path)
        entry = self.known.get(path)
        if entry is None or signature is None or entry[:2] != (self.salt, signature):
            return None
        if len(entry) == 4:  # racy when parsed: only while the file holds those bytes
            if file_digest(file) != entry[3]:
                return None
            if is_settled(signature, self.started_ns):
                self.table.put(path, entry[:3])  # its signature stands for it now
        article: Article = entry[2]
        return article

    def put(self, path: str, signature: FileSignature | None, article: Article, file: str) -> None:
        """Remember a parse without problems: by signature, or with the bytes the
        file held as the build began when it changed just before."""
        self.table.used.add(path)
        if signature is None:
            return
        if is_settled(signature, self.started_ns):
            self.table.put(path, (self.salt, signature, article))
        elif (content := self.at_start(file)) is not None:
            self.table.put(path, (self.salt, signature, article, content))

    def flush(self) -> None:
        self.table.flush(prune=True)


def _parse_entry(value: object) -> TypeGuard[tuple[Any, ...]]:
    """``(salt, signature, article)``, or with the racy file's content digest after."""
    return (
        isinstance(value, tuple)
        and len(value) in (3, 4)
        and isinstance(value[2], Article)
        and (len(value) == 3 or isinstance(value[3], str))
    )


class Markdown:
    """Each article's markdown (its body as written), by the article's digest: a
    build holds its articles without it (``Article.body`` None: at 10,000
    articles, 70 MB) and the body stage reads it back. The digest names the
    file's path and text, and ``salt`` how it was split, so an entry never goes
    stale; a build that read every article forgets the others'."""

    KIND = "markdown"

    def __init__(self, store: Store, salt: str) -> None:
        self.table = MemoTable(store, self.KIND)
        self.salt = salt
        self.known: set[str] | None = None

    def key(self, article: Article) -> str:
        return digest((self.salt, article.digest))

    def has(self, article: Article) -> bool:
        """Whether the store holds ``article``'s markdown (it is then kept)."""
        if self.known is None:
            self.known = set(self.table.store.keys(self.KIND))
        key = self.key(article)
        if key not in self.known:
            return False
        self.table.used.add(key)
        return True

    def put(self, article: Article) -> None:
        """Keep ``article``'s markdown; written every few hundred, and at ``flush``."""
        assert article.body is not None
        self.table.put(self.key(article), article.body)
        if len(self.table.pending) >= RenderedBodies.WRITE_EVERY:
            self.table.flush(prune=False)

    def read(self, articles: Sequence[Article]) -> dict[str, str]:
        """Source → markdown of ``articles``; one the store does not hold is left out."""
        keys = {self.key(a): a.source for a in articles}
        rows = self.table.store.get_many(self.KIND, list(keys))
        return {keys[k]: text for k, text in rows.items() if isinstance(text, str)}

    def flush(self, prune: bool) -> None:
        self.table.flush(prune)


# -- bodies -------------------------------------------------------------------


class Resolver(Protocol):
    """How links and refs resolve now: ``LinkRewriter``."""

    def __call__(self, href: str, source: str) -> str: ...
    def find_article(self, path: str, source: str) -> str: ...
    def article_title(self, source: str) -> str: ...


BodyValue = tuple[Any, ...]


class RenderedBodies:
    """Rendered bodies, keyed by the article's digest and everything a body reads
    besides (``salt``: configuration, shortcode templates, sitegen's code).

    Relative links depend on other articles' URLs and on the files in
    ``content/``, so each entry records how its relative links resolved (which
    article each ``ref`` found, and the title of each article it shows) and is
    used only while they still resolve the same way. A body rendered with
    problems is never stored, so its errors are reported on every build.

    Entries are put encoded (``encode_body``): the worker that rendered a body
    encodes it, and the build only passes the bytes on.
    """

    KIND = "body"
    WRITE_EVERY = 256
    """Bodies put before they are written to the store: the build never holds
    more of them than that."""

    def __init__(self, store: Store, salt: str) -> None:
        self.table = MemoTable(store, self.KIND, encoded=True)
        self.salt = salt

    def key(self, article: Article) -> str:
        """The article's digest names its source; an article made in memory has none."""
        return digest((self.salt, article.digest or repr(article)))

    def get_many(
        self, articles: Sequence[Article], resolve: Resolver
    ) -> dict[str, RenderedArticle | None]:
        """Source → stored body, or None when there is none or it no longer applies."""
        keys = {self.key(a): a for a in articles}
        rows = self.table.get_many(list(keys))
        return {a.source: self._usable(a, rows.get(k), resolve) for k, a in keys.items()}

    def read(self, entries: Sequence[tuple[str, Article]]) -> dict[str, RenderedArticle]:
        """Source → body, of ``(key, article)`` entries this build found current or
        put (so their links are not checked again); one the store lost is left out."""
        rows = self.table.store.get_many(self.KIND, [key for key, _ in entries])
        found = {}
        for key, article in entries:
            try:
                found[article.source] = _decode(article, rows[key])[0]
            except (KeyError, ValueError, TypeError, IndexError):
                continue
        return found

    def _usable(self, article: Article, value: Any, resolve: Resolver) -> RenderedArticle | None:
        if value is None:
            return None
        try:
            rendered, resolved, refs, titles = _decode(article, value)
        except (ValueError, TypeError, IndexError):
            return None
        if any(resolve(href, article.source) != url for href, url in resolved):
            return None
        if any(_found(resolve, path, article.source) != found for path, found in refs):
            return None
        if any(_title(resolve, source) != title for source, title in titles):
            return None
        return rendered

    def put(self, article: Article, data: bytes) -> str:
        """Keep ``encode_body``'s bytes of ``article``'s body; returns its key.
        Written to the store every ``WRITE_EVERY`` bodies, and at ``flush``."""
        key = self.key(article)
        self.table.put(key, data)
        if len(self.table.pending) >= self.WRITE_EVERY:
            self.table.flush(prune=False)
        return key

    def flush(self, prune: bool) -> None:
        self.table.flush(prune)


def encode_body(
    rendered: RenderedArticle,
    resolved: Mapping[str, str],
    refs: Mapping[str, str],
    titles: Mapping[str, str],
) -> bytes:
    """A body as the memo keeps it, with how its links resolved (``RenderedBodies``)."""
    return codec.dumps(_encode(rendered, resolved, refs, titles))


def decode_body(article: Article, data: bytes) -> RenderedArticle:
    """``encode_body``'s body of ``article`` back; raises ValueError when damaged."""
    try:
        return _decode(article, codec.loads(data))[0]
    except (TypeError, IndexError) as error:
        raise ValueError(str(error)) from None


def _encode(
    rendered: RenderedArticle,
    resolved: Mapping[str, str],
    refs: Mapping[str, str],
    titles: Mapping[str, str],
) -> BodyValue:
    return (
        rendered.html,
        rendered.text,
        rendered.summary,
        rendered.word_count,
        rendered.reading_minutes,
        tuple((h.level, h.text, h.id) for h in rendered.headings),
        tuple((k.href, k.line, k.kind) for k in rendered.links),
        tuple((f.question, f.answer_html) for f in rendered.faq),
        tuple((w.line, w.message) for w in rendered.warnings),
        rendered.digest,
        tuple(sorted(resolved.items())),
        tuple(sorted(refs.items())),
        tuple(sorted(titles.items())),
    )


Pairs = tuple[tuple[str, str], ...]


def _decode(article: Article, value: BodyValue) -> tuple[RenderedArticle, Pairs, Pairs, Pairs]:
    html, text, summary, words, minutes, headings, links, faq, warnings, made, *depends = value
    resolved, refs, titles = depends
    if not all(isinstance(s, str) for s in (html, text, summary, made)):
        raise TypeError("a stored body is not text")
    found = tuple(Link(str(a), int(b), str(c)) for a, b, c in links)
    rendered = RenderedArticle(
        article=article,
        html=html,
        summary=summary,
        word_count=int(words),
        reading_minutes=int(minutes),
        headings=tuple(Heading(int(a), str(b), str(c)) for a, b, c in headings),
        links=found,
        faq=tuple(FaqItem(str(a), str(b)) for a, b in faq),
        warnings=tuple(Problem(article.source, int(a), str(b)) for a, b in warnings),
        text=text,
        digest=made,
        shows_images=body_shows_images(html, found),
    )
    return rendered, resolved, refs, titles


def _found(resolve: Resolver, path: str, source: str) -> str | None:
    """The article a ref finds now; None when it finds none (or two)."""
    try:
        return resolve.find_article(path, source)
    except ShortcodeError:
        return None


def _title(resolve: Resolver, source: str) -> str | None:
    """The title of the article at ``source`` now; None when it is none any more."""
    try:
        return resolve.article_title(source)
    except ShortcodeError:
        return None


# -- records ------------------------------------------------------------------


class Slot:
    """One named record of the store, for a stage that keeps its own memory
    (the related lists, ``site/remembered.py``): it reads and writes plain values."""

    def __init__(self, store: Store, name: str) -> None:
        self.store = store
        self.name = name

    def get(self) -> Any:
        return self.store.record(self.name)

    def set(self, value: object) -> None:
        self.store.set_record(self.name, value)


# -- search -------------------------------------------------------------------


class SearchBundles:
    """Search index bundles by the digest of what they index: the bundle's row
    names its files, each a row of its own, written as soon as it is put. A base
    index of 10,000 articles is 45 MB: kept as one value until the build ended,
    it took three times that to write. Only the latest build's are kept (a
    stale one is never useful again): ``keep`` forgets the others by key, so the
    store is used directly, not through a ``MemoTable``, which remembers every
    key it is asked for or given for its pruning: a 100,000-article index's
    100,000 file names, 19 MB held to the build's end for nothing."""

    KIND = "search"
    READ = 500
    """Files read back at a time."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(
        self, key: str, keep: Callable[[str, bytes], Blob] | None = None
    ) -> dict[str, Blob] | None:
        """The bundle ``key``; None when it is missing or any file of it is damaged.
        ``keep`` is given each file as it is read (to write it into the staging
        folder): a base index read back is the whole index, never all in memory."""
        names = self.store.get_many(self.KIND, [key]).get(key)
        if not isinstance(names, tuple) or not all(isinstance(n, str) for n in names):
            return None
        files: dict[str, Blob] = {}
        for start in range(0, len(names), self.READ):
            some = names[start : start + self.READ]
            rows = self.store.get_many(self.KIND, [_file_key(key, name) for name in some])
            for name in some:
                data = rows.get(_file_key(key, name))
                if not isinstance(data, bytes):
                    return None
                files[name] = keep(name, data) if keep is not None else data
        return files

    def put(self, key: str, bundle: Mapping[str, Blob]) -> None:
        """Write the bundle a file at a time, each read from the staging folder as it
        is written and let go: a base index of 30,000 articles is 180 MB, which
        the build no longer holds (``pagefind.Spill``)."""
        self.store.put_many(
            self.KIND,
            itertools.chain(
                [(key, tuple(bundle))],
                ((_file_key(key, name), blob_bytes(data)) for name, data in bundle.items()),
            ),
        )

    def keep(self, keys: Iterable[str]) -> None:
        """Forget every bundle but those of ``keys``, with their files."""
        self.store.delete_groups_but(self.KIND, list(keys))


def _file_key(bundle: str, name: str) -> str:
    """A bundle's key holds no ``/``: its files are the keys below it, which
    ``keep`` forgets with it (``Store.delete_groups_but``)."""
    return f"{bundle}/{name}"
