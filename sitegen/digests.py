"""One digest function and one file signature for every stage and the engine.

Everything incremental asks two questions: "is this value the one I saw last
time?" (a digest of it) and "is this file the one I read last time?" (its
signature). One answer to each, here, so a cache key, a page key, a manifest
entry and an input stamp can never disagree on what "the same" means.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from sitegen import __version__


def digest_bytes(data: bytes) -> str:
    """The digest of some bytes: 32 hex digits of BLAKE2b (fast, and no collision
    will ever be met by accident at a site's scale)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digest(path: str) -> str:
    """``digest_bytes`` of a file's bytes; empty when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return digest_bytes(handle.read())
    except OSError:
        return ""


def digest(value: object) -> str:
    """The digest of a value made of text, numbers, tuples, mappings and frozen
    dataclasses: of its ``repr``, which is exact for all of them (a dataclass's
    repr names every field, a string's is escaped)."""
    return digest_bytes(repr(value).encode("utf-8", "surrogatepass"))


@functools.cache
def code_fingerprint() -> str:
    """A digest of sitegen's own source, so a new version never reuses old work.

    Read once per process: the preview asks on every rebuild.
    """
    hasher = hashlib.blake2b(__version__.encode(), digest_size=16)
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        hasher.update(path.relative_to(package).as_posix().encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


FileSignature = tuple[int, int, int, int]
"""A file's size, modification and change times (ns) and inode: equal signatures,
same bytes, unless the file is *racy* (see ``is_settled``)."""


def signature_of(status: os.stat_result) -> FileSignature:
    """The change time and inode catch an edit that kept size and modification time."""
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


RACY_NS = 2_000_000_000
"""How close to a build a file may have changed and still change again unseen."""


def is_settled(signature: FileSignature, started_ns: int) -> bool:
    """Whether a file with this signature may be recognised by it next time.

    As git does for its index: a file modified less than two seconds before the
    build started could be written again within the file system's timestamp
    granularity and keep its size and times, so what was read from it is not
    remembered by signature (it is read again, or hashed, next time).
    """
    return signature[1] < started_ns - RACY_NS
