"""The store: one SQLite file in the cache folder holding every memo table and
the record of the last build.

One file, one schema version, one codec (``codec.py``). SQLite because each
build changes a few rows of tens of thousands and must never leave half a
write: a transaction is atomic, a killed build leaves the last committed
state. A file another version of sitegen wrote is replaced quietly; a damaged
one is a warning and a fresh store: the cache only ever costs speed, never
correctness. When the cache cannot be written at all (a read-only folder) the
build runs with a store in memory.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sitegen.incremental import codec

log = logging.getLogger(__name__)

SCHEMA = 5
"""Bump when a table or a stored value changes shape. The memo table keeps its
rowid: values of kilobytes (a body) in a table without one took a second per
thousand rows to write. 3: the remembered site's articles say whether their
body shows an image (``RenderedArticle.shows_images``); one stored before
would read back as showing none. 4: articles have ``expires``. 5: and ``dated``."""

FILE_NAME = "store.sqlite"

SPOOL_IN_MEMORY = 8 << 20
"""Bytes of a record being written that are kept in memory; the rest of a larger
one is spooled through a file (``Store.set_record``)."""

_TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (schema INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS memo (kind TEXT NOT NULL, key TEXT NOT NULL, "
    "value BLOB NOT NULL, PRIMARY KEY (kind, key))",
    "CREATE TABLE IF NOT EXISTS record (name TEXT PRIMARY KEY, value BLOB NOT NULL)",
)


class Store:
    """Rows of ``(kind, key) → value`` and named records, in one SQLite file.

    Writes are buffered and committed together by ``commit``: a build's new
    entries land all at once or not at all.
    """

    def __init__(self, path: Path | None) -> None:
        """``path`` None keeps everything in memory (tests, a cache that cannot be written)."""
        self.path = path
        self.lock = threading.RLock()
        self.on_disk = False
        """Whether another process can read what this one commits (``reading``)."""
        self.db = self._open(path)

    @classmethod
    def memory(cls) -> Store:
        return cls(None)

    @classmethod
    def reading(cls, path: Path) -> Store:
        """The store at ``path`` as another process of the same build reads it:
        read-only, never replaced or created (that is the build's own store's
        business). Raises ``sqlite3.Error`` when it cannot be opened."""
        store = cls.__new__(cls)
        store.path, store.lock, store.on_disk = path, threading.RLock(), True
        store.db = sqlite3.connect(
            f"{path.absolute().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
        return store

    def _open(self, path: Path | None) -> sqlite3.Connection:
        if path is None:
            return self._create(":memory:")
        path.parent.mkdir(parents=True, exist_ok=True)  # an OSError here is the caller's
        try:
            db = self._create(str(path))
            row = db.execute("SELECT schema FROM meta").fetchone()
            if row is None:
                db.execute("INSERT INTO meta VALUES (?)", (SCHEMA,))
                db.commit()
                self.on_disk = True
                return db
            if row[0] == SCHEMA:
                self.on_disk = True
                return db
            db.close()  # another version's store: start over, quietly
        except sqlite3.Error as error:
            log.warning("cache %s is damaged (%s); starting a new one", path, error)
        return self._fresh(path)

    def _fresh(self, path: Path) -> sqlite3.Connection:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        try:
            db = self._create(str(path))
            db.execute("INSERT INTO meta VALUES (?)", (SCHEMA,))
            db.commit()
            self.on_disk = True
            return db
        except sqlite3.Error as error:
            log.warning(
                "cannot write the cache %s (%s); this build keeps it in memory", path, error
            )
            return self._create(":memory:", schema=True)

    @staticmethod
    def _create(where: str, schema: bool = False) -> sqlite3.Connection:
        # The search index is made in a thread beside page rendering: ``lock`` keeps
        # the two from using the connection at once.
        db = sqlite3.connect(where, isolation_level="DEFERRED", check_same_thread=False)
        db.execute(
            "PRAGMA journal_mode=WAL" if where != ":memory:" else "PRAGMA journal_mode=MEMORY"
        )
        db.execute("PRAGMA synchronous=NORMAL")
        for statement in _TABLES:
            db.execute(statement)
        if schema:
            db.execute("INSERT INTO meta VALUES (?)", (SCHEMA,))
        return db

    # -- memo rows ------------------------------------------------------------

    def rows(self, kind: str) -> Iterator[tuple[str, Any]]:
        """Every readable ``(key, value)`` of ``kind``, read a few hundred at a time;
        a damaged one is dropped."""
        damaged = []
        for key, data in self._cursor("SELECT key, value FROM memo WHERE kind = ?", (kind,)):
            try:
                yield key, codec.loads(data)
            except codec.DamagedError as error:
                log.warning("ignoring a damaged cache entry %s/%s (%s)", kind, key, error)
                damaged.append(key)
        if damaged:
            self.delete(kind, damaged)

    def get_many(self, kind: str, keys: Sequence[str]) -> dict[str, Any]:
        """The readable values among ``keys``."""
        found: dict[str, Any] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, value FROM memo WHERE kind = ? AND key IN ({marks})"
            for key, data in self._query(query, (kind, *chunk)):
                try:
                    found[key] = codec.loads(data)
                except codec.DamagedError as error:
                    log.warning("ignoring a damaged cache entry %s/%s (%s)", kind, key, error)
        return found

    def keys(self, kind: str) -> list[str]:
        return [key for (key,) in self._query("SELECT key FROM memo WHERE kind = ?", (kind,))]

    def put_many(
        self, kind: str, items: Iterable[tuple[str, object]], encoded: bool = False
    ) -> None:
        """Each value encoded as SQLite takes it: ten thousand bodies are never all
        in memory twice, as objects and as bytes. ``encoded``: the values are
        already ``codec.dumps``'s bytes (a worker encoded them)."""
        rows = ((kind, key, value if encoded else codec.dumps(value)) for key, value in items)
        self._write("INSERT OR REPLACE INTO memo VALUES (?, ?, ?)", rows)

    def delete(self, kind: str, keys: Iterable[str]) -> None:
        self._write("DELETE FROM memo WHERE kind = ? AND key = ?", [(kind, k) for k in keys])

    def delete_groups_but(self, kind: str, kept: Sequence[str]) -> None:
        """Delete every row of ``kind`` but the groups ``kept``: a group is a key and
        the keys below it (``key/...``). SQLite finds them in its index of keys:
        a search index keeps a row per file, and listing them all in Python to
        keep a handful of groups cost 0.2 s at 100,000 articles."""
        group = "CASE WHEN instr(key, '/') THEN substr(key, 1, instr(key, '/') - 1) ELSE key END"
        marks = ", ".join("?" * len(kept))
        sql = f"DELETE FROM memo WHERE kind = ? AND {group} NOT IN ({marks})"
        self._write(sql, [(kind, *kept)])

    # -- records --------------------------------------------------------------

    def record(self, name: str) -> Any:
        """The record ``name``, or None when missing or damaged."""
        for (data,) in self._query("SELECT value FROM record WHERE name = ?", (name,)):
            try:
                return codec.loads(data)
            except codec.DamagedError as error:
                log.warning("ignoring a damaged cache record %s (%s)", name, error)
        return None

    def set_record(self, name: str, value: object) -> None:
        """Keep ``value`` as the record ``name``.

        At 100,000 articles the remembered site is 80 MB and the last build's
        record 70 MB, and writing them was the last peak of the build's memory.
        Their bytes go, as they are made, to a spool that keeps up to
        ``SPOOL_IN_MEMORY`` in memory and the rest in an unnamed file beside the
        store, and from there into a blob of their size a megabyte at a time:
        bound to the statement, SQLite would have copied them whole first, and
        made in memory they took up to twice their size as they grew, and once
        more as one ``bytes``."""
        folder = str(self.path.parent) if self.on_disk and self.path is not None else None
        in_memory = SPOOL_IN_MEMORY if folder is not None else 0  # 0: no limit (in memory)
        try:
            with tempfile.SpooledTemporaryFile(in_memory, dir=folder) as spool:
                codec.dump(value, spool)
                size = spool.tell()
                spool.seek(0)
                with self._writing():
                    sql = "INSERT OR REPLACE INTO record VALUES (?, zeroblob(?))"
                    row = self.db.execute(sql, (name, size)).lastrowid
                    assert row is not None
                    with self.db.blobopen("record", "value", row, readonly=False) as blob:
                        while chunk := spool.read(1 << 20):
                            blob.write(chunk)
        except OSError as error:  # the spool's file: a full disk, say
            log.warning("could not update the cache (%s)", error)
            self._rollback()

    def drop_record(self, name: str) -> None:
        self._write("DELETE FROM record WHERE name = ?", [(name,)])

    # -- transactions ---------------------------------------------------------

    def commit(self) -> None:
        """Make every write since the last commit durable, together. A cache that
        cannot be written only costs the next build its speed."""
        try:
            with self.lock:
                self.db.commit()
        except sqlite3.Error as error:
            log.warning("could not update the cache (%s)", error)
            self._rollback()

    def close(self) -> None:
        self.commit()
        self.db.close()

    def _cursor(self, sql: str, args: Sequence[object]) -> Iterator[Any]:
        """The rows of a query as they come: the lock is held until the last one."""
        with self.lock:
            try:
                cursor = self.db.execute(sql, args)
                while batch := cursor.fetchmany(256):
                    yield from batch
            except sqlite3.Error as error:
                log.warning("ignoring the cache (%s)", error)

    def _query(self, sql: str, args: Sequence[object]) -> list[Any]:
        try:
            with self.lock:
                return self.db.execute(sql, args).fetchall()
        except sqlite3.Error as error:
            log.warning("ignoring the cache (%s)", error)
            return []

    def _write(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        with self._writing():
            self.db.executemany(sql, rows)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """The connection to this process alone for the block; a write SQLite
        refuses is a warning and is undone (the cache costs speed, never the build)."""
        try:
            with self.lock:
                yield
        except sqlite3.Error as error:
            log.warning("could not update the cache (%s)", error)
            self._rollback()

    def _rollback(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.rollback()
