"""The search index: Pagefind records fed from the site model, returned as files.

Takes the Site and returns the Pagefind bundle (index, fragments, filters, the
``pagefind.js`` runtime and the default UI) as OutputFiles under ``pagefind/``,
so the index goes through the same atomic write as every page. Records are
built from the rendered articles instead of crawling the written HTML: each
has the article's site-relative URL (Pagefind adds the base path it is served from),
its plain text, its title, image and date as metadata and its section, tags
and authors as filters.

Pagefind runs as a service process (``pagefind_extended --service``) speaking
base64 JSON messages separated by commas on stdin and stdout; the client here
is synchronous, one message at a time, so it needs no event loop and no
polling delay, and a large index is read whole.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import subprocess
import threading
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from sitegen.model import KeptFile, Output, OutputFile, RenderedArticle, Site, Urls
from sitegen.urlpaths import encode_url_path

SEARCH_DIR = "pagefind"


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One searchable article, as Pagefind's ``AddRecord`` takes it."""

    url: str
    """Site-relative (``/articles/x/``); Pagefind's runtime prefixes the base path it was
    loaded from, so a site under ``/blog/`` links to ``/blog/articles/x/``."""
    content: str
    """Plain text: title, summary, body."""
    meta: Mapping[str, str]
    filters: Mapping[str, tuple[str, ...]]
    made_from: str = ""
    """Digest of what ``content`` is made of (title, summary, body), so the record is
    fingerprinted without hashing its text; empty means hash the text."""


def search_records(site: Site, urls: Urls) -> tuple[SearchRecord, ...]:
    """One record per published article, in the site's order (newest first)."""
    names = {t.slug: t.name for t in (*site.tags, *site.authors)}
    return tuple(_record(site, urls, rendered, names) for rendered in site.articles)


def _record(
    site: Site, urls: Urls, rendered: RenderedArticle, names: Mapping[str, str]
) -> SearchRecord:
    article = rendered.article
    meta = {"title": article.title, "date": article.date.date().isoformat()}
    if article.image and ("://" in article.image or article.image.startswith("/")):
        meta["image"] = urls.media(article.image)
        meta["image_alt"] = article.image_alt or ""
    filters: dict[str, tuple[str, ...]] = {
        "tag": tuple(names.get(t, t) for t in site.article_tags.get(article.source, ())),
        "author": tuple(names.get(a, a) for a in site.article_authors.get(article.source, ())),
    }
    if article.section:
        filters["section"] = (article.section,)
    body = rendered.text
    text = "\n".join((article.title, rendered.summary, body))
    return SearchRecord(
        url=encode_url_path(site.urls[article.source]),
        content=text,
        meta=meta,
        filters={k: v for k, v in sorted(filters.items()) if v},
        made_from=f"{article.title}\0{rendered.digest}" if rendered.digest else "",
    )


class PagefindError(RuntimeError):
    """The Pagefind service failed: a broken installation, not an author's mistake."""


class _PagefindService:
    """A ``pagefind --service`` process, one request and one response at a time."""

    def __init__(self, executable: Path) -> None:
        self.process = subprocess.Popen(
            [str(executable), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.message_id = 0
        assert self.process.stdout is not None
        self.responses = _Responses(self.process.stdout)

    def send(self, payload: Mapping[str, object]) -> dict[str, object]:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        self.message_id += 1
        message = {"message_id": self.message_id, "payload": dict(payload)}
        stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
        stdin.flush()
        response = json.loads(base64.b64decode(self.responses.next()))
        result: dict[str, object] = response["payload"]
        if result.get("type") == "Error":
            raise PagefindError(f"pagefind: {result.get('message')}")
        return result

    def send_all(self, payloads: Iterable[Mapping[str, object]]) -> None:
        """Send many requests without waiting for each answer; fail on any error.

        One write and a few large reads, not one per message: each call needs
        this interpreter's lock, which a build busy in another thread hands
        over only every few milliseconds.
        """
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        messages = []
        for payload in payloads:
            self.message_id += 1
            message = {"message_id": self.message_id, "payload": dict(payload)}
            messages.append(base64.b64encode(json.dumps(message).encode()) + b",")
        data = b"".join(messages)

        def write() -> None:
            try:
                stdin.write(data)
                stdin.flush()
            except OSError:
                pass  # the service died; reading below reports it

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        answers = self.responses.take(len(messages))
        writer.join()
        for answer in answers:
            response = json.loads(base64.b64decode(answer))
            if response["payload"].get("type") == "Error":
                raise PagefindError(f"pagefind: {response['payload'].get('message')}")

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.terminate()
        self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


class _Responses:
    """Comma-separated responses from the service's stdout, however they arrive."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.buffer = b""

    def next(self) -> bytes:
        """The next response; linear in its size however many reads it takes."""
        parts: list[bytes] = []
        while (end := self.buffer.find(b",")) < 0:
            parts.append(self.buffer)
            self.buffer = self.stream.read1(1 << 20) if hasattr(self.stream, "read1") else b""
            if not self.buffer:
                raise PagefindError("pagefind: the service stopped before answering")
        parts.append(self.buffer[:end])
        self.buffer = self.buffer[end + 1 :]
        return b"".join(parts)

    def take(self, count: int) -> list[bytes]:
        """The next ``count`` responses, read in as few calls as the pipe allows."""
        parts = [self.buffer]
        found = self.buffer.count(b",")
        while found < count:
            chunk = self.stream.read1(1 << 20) if hasattr(self.stream, "read1") else b""
            if not chunk:
                raise PagefindError("pagefind: the service stopped before answering")
            parts.append(chunk)
            found += chunk.count(b",")
        pieces = b"".join(parts).split(b",")
        self.buffer = b",".join(pieces[count:])
        return pieces[:count]


def _executable() -> Path:
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise PagefindError("pagefind: no Pagefind binary; install 'pagefind[extended]'")
    return found


def index_records(records: Sequence[SearchRecord], language: str) -> dict[str, bytes]:
    """Run Pagefind over ``records``; returns its bundle, path (in ``pagefind/``) → bytes.

    Records are streamed to the service from a thread while responses are read
    here, so Pagefind indexes on all its threads instead of one record per
    round trip.
    """
    service = _PagefindService(_executable())
    try:
        created = service.send({"type": "NewIndex", "config": {"force_language": language}})
        index_id = created["index_id"]
        service.send_all(
            {
                "type": "AddRecord",
                "index_id": index_id,
                "url": record.url,
                "content": record.content,
                "language": language,
                "meta": dict(record.meta),
                "filters": {k: list(v) for k, v in record.filters.items()},
                "sort": None,
            }
            for record in records
        )
        files = service.send({"type": "GetFiles", "index_id": index_id})["files"]
    finally:
        service.close()
    assert isinstance(files, list)
    return {str(f["path"]): base64.b64decode(f["content"]) for f in files}


class BundleStore(Protocol):
    """Where a previous Pagefind bundle is kept between builds (the build's cache)."""

    def get(self, key: str) -> Mapping[str, bytes] | None: ...

    def names(self, key: str) -> Sequence[str] | None: ...

    def put(self, key: str, bundle: Mapping[str, bytes]) -> None: ...

    def keep(self, keys: Sequence[str]) -> None: ...


def records_key(records: Sequence[SearchRecord], language: str) -> str:
    """A hash of everything Pagefind is given, and of Pagefind's own version."""
    digest = hashlib.sha256(f"{_pagefind_version()}\0{language}\0".encode())
    for record in records:
        content = f"made from {record.made_from}" if record.made_from else record.content
        digest.update(repr((record.url, content, record.meta, record.filters)).encode())
    return digest.hexdigest()


def _pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:
        return "unknown"


SHARD_SIZE = 500
"""About how many articles one Pagefind index holds before the site is sharded."""


def shard_count(articles: int) -> int:
    """One index for a small site; a power of two of ~SHARD_SIZE-article shards above.

    Pagefind cannot update an index, so an edit re-indexes the whole index it
    falls in: shards keep that to a few hundred articles at archive scale, and
    the search page merges them in the browser (Pagefind's ``mergeIndex``).
    """
    count = 1
    while articles > count * SHARD_SIZE * 1.5:
        count *= 2
    return count


def shard_paths(count: int) -> tuple[str, ...]:
    """Site paths of every shard's bundle; the first is the primary ``/pagefind/``."""
    return (f"/{SEARCH_DIR}/", *(f"/{SEARCH_DIR}/shard-{i}/" for i in range(1, count)))


def _shard_of(url: str, count: int) -> int:
    return int(hashlib.blake2b(url.encode(), digest_size=8).hexdigest(), 16) % count


def search_index(
    site: Site,
    urls: Urls,
    store: BundleStore | None = None,
    jobs: int = 1,
    known: Mapping[str, str] | None = None,
) -> list[Output]:
    """The Pagefind bundles for the site, as files under ``pagefind/``, sorted by path.

    Indexing is the slowest step of a large build and its result depends only
    on the records, so each shard whose records are unchanged reuses its stored
    bundle; an edit re-indexes one shard. Shards that need indexing run in
    ``jobs`` Pagefind processes at once (threads here only wait on their pipes).
    Each file's key is its shard's; a shard whose files already carry that key
    in ``known`` (the last build's output) comes back as a ``KeptFile``.
    """
    language = site.config.language.split("-")[0].lower() or "en"
    records = search_records(site, urls)
    count = shard_count(len(records))
    shards: list[list[SearchRecord]] = [[] for _ in range(count)]
    for record in records:
        shards[_shard_of(record.url, count)].append(record)
    roots = shard_paths(count)
    keys = [
        records_key(shard, f"{language}:{root}:{count}")
        for root, shard in zip(roots, shards, strict=True)
    ]
    reused: dict[int, list[str]] = {}
    for i, (root, key) in enumerate(zip(roots, keys, strict=True)):
        names = store.names(key) if store is not None and known else None
        paths = [root.lstrip("/") + _bundle_path(name) for name in names or ()]
        if paths and known and all(known.get(path) == key for path in paths):
            reused[i] = paths
    bundles = [
        {} if i in reused else store.get(key) if store is not None else None
        for i, key in enumerate(keys)
    ]
    missing = [i for i, bundle in enumerate(bundles) if bundle is None]
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        made = pool.map(lambda i: canonical_bundle(index_records(shards[i], language)), missing)
        for i, fresh in zip(missing, made, strict=True):
            bundles[i] = fresh
            if store is not None:
                store.put(keys[i], fresh)
    files: list[Output] = []
    for i, (root, stored) in enumerate(zip(roots, bundles, strict=True)):
        assert stored is not None
        files.extend(KeptFile(path, keys[i]) for path in reused.get(i, ()))
        for name, data in sorted(stored.items()):
            files.append(OutputFile(root.lstrip("/") + _bundle_path(name), data, key=keys[i]))
    if store is not None:
        store.keep(keys)
    return sorted(files, key=lambda f: f.path)


def _bundle_path(name: str) -> str:
    """A bundle file's path below its shard's folder."""
    path = name.replace("\\", "/").lstrip("/")
    return path[len(SEARCH_DIR) + 1 :] if path.startswith(SEARCH_DIR + "/") else path


# -- determinism ----------------------------------------------------------
#
# Pagefind writes each filter's values (and the list of filters in its
# metadata file) in hash-map order, which changes from run to run. The rest of
# the bundle is stable. So the filter files are decoded, sorted by value and
# re-encoded, then renamed after their new content, and the metadata file that
# names them (and the entry file that names it) follow.

_SIGNATURE = b"pagefind_dcd"
_META = re.compile(r"^pagefind\.(?P<lang>[^.]+)_(?P<hash>[0-9a-f]+)\.pf_meta$")
_FILTER = re.compile(r"^filter/(?P<lang>[^/]+)_(?P<hash>[0-9a-f]+)\.pf_filter$")


def canonical_bundle(bundle: Mapping[str, bytes]) -> dict[str, bytes]:
    """The same bundle with filter values and filter lists in sorted order."""
    result = {name: data for name, data in bundle.items() if not _FILTER.match(name)}
    renamed: dict[str, str] = {}
    for name, data in bundle.items():
        if match := _FILTER.match(name):
            filter_name, values = _unpack(data)
            packed = _pack([filter_name, sorted(values, key=lambda v: (v[0], v[1]))])
            digest = hashlib.sha256(packed).hexdigest()[:7]
            renamed[f"{match['lang']}_{match['hash']}"] = f"{match['lang']}_{digest}"
            result[f"filter/{match['lang']}_{digest}.pf_filter"] = packed
    for name, data in bundle.items():
        if match := _META.match(name):
            meta = _unpack(data)
            meta[3] = sorted([f, renamed.get(h, h)] for f, h in meta[3])
            packed = _pack(meta)
            old = f"{match['lang']}_{match['hash']}"
            new = f"{match['lang']}_{hashlib.sha256(packed).hexdigest()[:10]}"
            del result[name]
            result[f"pagefind.{new}.pf_meta"] = packed
            entry = result["pagefind-entry.json"].decode()
            result["pagefind-entry.json"] = entry.replace(f'"{old}"', f'"{new}"').encode()
    return result


def _unpack(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(_SIGNATURE):
        raise PagefindError("pagefind: unexpected index file format")
    value, end = _cbor_decode(raw, len(_SIGNATURE))
    if end != len(raw):
        raise PagefindError("pagefind: trailing data in an index file")
    return value


def _pack(value: Any) -> bytes:
    return gzip.compress(_SIGNATURE + _cbor_encode(value), compresslevel=9, mtime=0)


def _cbor_decode(data: bytes, pos: int) -> tuple[Any, int]:
    """The subset of CBOR Pagefind writes: integers, strings, arrays."""
    major, info = data[pos] >> 5, data[pos] & 31
    pos += 1
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        arg, pos = int.from_bytes(data[pos : pos + size], "big"), pos + size
    else:
        raise PagefindError(f"pagefind: unsupported CBOR item {data[pos - 1]:#x}")
    if major == 0:
        return arg, pos
    if major == 3:
        return data[pos : pos + arg].decode(), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = _cbor_decode(data, pos)
            items.append(item)
        return items, pos
    raise PagefindError(f"pagefind: unsupported CBOR item {data[pos - 1]:#x}")


def _cbor_encode(value: Any) -> bytes:
    if isinstance(value, bool) or not isinstance(value, int | str | list):
        raise PagefindError(f"pagefind: cannot encode {type(value).__name__}")
    if isinstance(value, int):
        return _cbor_head(0, value)
    if isinstance(value, str):
        raw = value.encode()
        return _cbor_head(3, len(raw)) + raw
    return _cbor_head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)


def _cbor_head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise PagefindError("pagefind: integer too large")
