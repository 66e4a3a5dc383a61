"""What an output directory holds, per file: content digest, size, modification time.

The record of the last build keeps one manifest per output directory. With it
the next build knows which files are current without reading them
(``write.py`` links those into the new tree), which files it may keep and,
when no input changed, that there is nothing to do (``output_is_intact``). A
missing manifest only costs speed: every file is then compared by its bytes.

**Stamps.** Listing every folder of a site of ten thousand articles (eighteen
thousand of them) costs a third of a second; asking each folder for its
modification time costs a tenth of that. A folder's time moves whenever a name in it is added,
removed or replaced (a file saved by an editor, a stray file, a deletion), so
a folder whose time (and inode) is what the build saw holds the names it held.
Files edited in place are caught by their own size and time, as the manifest
always did.

The clock a file system stamps with is coarse (milliseconds): a change made in
the same tick as the build's last change of a folder would keep the folder's
time. As git does with its index, a stamp is taken after a *mark* file is
written, and any folder or file whose time is not older than the mark's is
*racy*: the stamp is not trusted for it (``take`` gives no stamp, and the
build falls back to the manifest).
"""

from __future__ import annotations

import array
import contextlib
import itertools
import operator
import os
import signal
import stat
import struct
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from zlib_ng import zlib_ng as zlib

from sitegen.digests import digest_bytes

if TYPE_CHECKING:  # the model is not imported by a build with nothing to do
    from sitegen.model import StrPath

Entry = list[object]
"""``[digest, size, mtime_ns, inode]`` of one output file."""


def recorded_inode(entry: Entry) -> int:
    """The inode an entry of four records (the store reads entries back as plain lists)."""
    inode: int = int(entry[3])  # type: ignore[call-overload]
    return inode


UNKNOWN = -1
"""A folder time that never matches: the folder is listed."""


@dataclass(frozen=True, slots=True)
class Stamp:
    """A tree's folders with their times and inodes, and a digest of its files'
    sizes, times and inodes, in the order of ``files``."""

    folders: str
    """Relative folder paths joined by NUL, ``.`` first (the tree's root)."""
    times: bytes
    """``array('q')`` of ``mtime_ns, inode`` per folder."""
    files: str
    """Relative file paths joined by NUL."""
    marks: str
    """``digest_bytes`` of the ``array('q')`` of ``size, mtime_ns, inode`` per file."""

    def encode(self) -> tuple[bytes, bytes, bytes, str]:
        return (_pack(self.folders), self.times, _pack(self.files), self.marks)

    @classmethod
    def decode(cls, value: object) -> Stamp | None:
        if not isinstance(value, tuple) or len(value) != 4:
            return None
        folders, times, files, marks = _unpack(value[0]), value[1], _unpack(value[2]), value[3]
        if not (isinstance(folders, str) and isinstance(times, bytes)):
            return None
        if not (isinstance(files, str) and isinstance(marks, str)):
            return None
        return cls(folders, times, files, marks)

    def folder_list(self) -> list[str]:
        return self.folders.split("\0")

    def file_list(self) -> list[str]:
        return self.files.split("\0") if self.files else []


def folders_of(paths: Iterable[str]) -> list[str]:
    """Every folder (relative, no trailing slash) holding one of ``paths``, ``.``
    first, parents before their children."""
    return [".", *sorted(folder_set(paths))]


def folder_set(paths: Iterable[str]) -> set[str]:
    """Every folder (relative, no trailing slash) below the root that holds one
    of ``paths``."""
    folders: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


@contextlib.contextmanager
def opened(root: str) -> Iterator[int]:
    """A descriptor of the folder ``root``: paths below it are then looked up from
    it, not from ``/`` each time."""
    descriptor = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def folder_times(descriptor: int, folders: Sequence[str]) -> array.array[int]:
    """``mtime_ns, inode`` of each folder below ``descriptor``; ``UNKNOWN, UNKNOWN``
    for one that is missing or no folder."""
    times: array.array[int] = array.array("q")
    for folder in folders:
        try:
            status = os.stat(folder, dir_fd=descriptor, follow_symlinks=False)
        except OSError:
            times.extend((UNKNOWN, UNKNOWN))
            continue
        if stat.S_ISDIR(status.st_mode):
            times.extend((status.st_mtime_ns, status.st_ino))
        else:
            times.extend((UNKNOWN, UNKNOWN))
    return times


@dataclass(frozen=True, slots=True)
class AskedTimes:
    """``folder_times`` of a tree's folders, asked early by another process (the
    engine's check aside, ``Engine.kept_intact_aside``) so that the writer, which
    prunes that tree much later, need not ask them again: at 100,000 articles,
    a ``stat`` of each of 100,000 folders cost the build 0.46 s. True of the tree
    as long as nothing but the build itself changes it, which holds for the
    spare: the build holds the output's lock, and the spare is changed only by
    its writer."""

    root: str
    folders: str
    """The folders asked, joined by NUL (``Known.folders``)."""
    times: bytes
    """``folder_times`` of them, as bytes."""

    def of(self, root: str, folders: str) -> array.array[int] | None:
        """The times, when asked of ``folders`` below ``root``; else None."""
        if root != self.root or folders != self.folders:
            return None
        times: array.array[int] = array.array("q")
        times.frombytes(self.times)
        return times if len(times) == 2 * (folders.count("\0") + 1) else None


@dataclass(frozen=True, slots=True)
class CopyKeys:
    """The copies whose source an earlier check found as the manifest's entry
    keys it (``copy_digest``), so that the writer need not ask each source again:
    at 100,000 articles, a ``stat`` of each social card's source cost 0.31 s.
    It holds for the very sequence of copies and entries checked, which the
    writer tells by identity; any other is asked source by source."""

    copies: Sequence[tuple[StrPath, str]]
    entries: Mapping[str, Entry]
    changed: frozenset[int]
    """The positions in ``copies`` whose source is not as the entry keys it (or
    that have no entry)."""

    def key(self, index: int, entry: Entry | None) -> str | None:
        """The key of the copy at ``index``, whose entry is ``entry``, when vouched for."""
        if entry is None or index in self.changed:
            return None
        key = entry[0]
        return key if isinstance(key, str) else None


def copy_keys_changed(copies: Iterable[tuple[StrPath, str]], limit: int) -> list[int] | None:
    """The positions of ``copies``, pairs of a source and the digest the manifest
    records for its output path, whose key (``copy_digest`` of
    the source) is not that digest; None past ``limit`` of them (then each is
    asked anew)."""
    changed: list[int] = []
    for index, (source, recorded) in enumerate(copies):
        try:
            same = recorded == copy_digest(source)
        except OSError:
            same = False
        if not same:
            changed.append(index)
            if len(changed) > limit:
                return None
    return changed


def mark(path: str, text: str) -> int:
    """Write ``text`` to the mark file ``path`` and return the file system's time
    of it: what the clock of the tree's file system said just before a stamp is taken."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(descriptor, text.encode())
        return os.fstat(descriptor).st_mtime_ns
    finally:
        os.close(descriptor)


def file_marks(entries: Mapping[str, Sequence[object]]) -> array.array[int]:
    """``size, mtime_ns, inode`` of each manifest entry (``[digest, size, mtime_ns, inode]``)."""
    return array.array("q", itertools.chain.from_iterable(map(_SIGNATURE, entries.values())))


_SIGNATURE = operator.itemgetter(1, 2, 3)


def take(
    root: str,
    entries: Mapping[str, Sequence[object]],
    marked: int,
    folders: Sequence[str] | None = None,
    carried: array.array[int] | None = None,
) -> Stamp | None:
    """The stamp of the tree at ``root``, which holds exactly the files of
    ``entries`` as they describe them (in ``folders``, if given: ``folders_of``
    them); None when a folder or file is racy: not older than the mark written at
    ``marked``, just before.

    ``carried``: ``mtime_ns, inode`` of each folder where already known (seen
    after a mark older than the time, and unchanged since by the caller), else
    ``UNKNOWN``: only those are asked."""
    if set(map(len, entries.values())) - {4}:
        return None  # written by an older version: no inodes
    folders = folders_of(entries) if folders is None else folders
    with opened(root) as descriptor:
        if carried is None or len(carried) != 2 * len(folders):
            times = folder_times(descriptor, folders)
        else:
            times = array.array("q", carried)
            asked = sorted({position // 2 for position in positions(times, UNKNOWN)})
            found = folder_times(descriptor, [folders[index] for index in asked])
            for number, index in enumerate(asked):
                times[2 * index : 2 * index + 2] = found[2 * number : 2 * number + 2]
    if not folders or max(times[0::2]) >= marked or UNKNOWN in times[0::2]:
        return None
    marks = file_marks(entries)
    if marks and max(marks[1::3]) >= marked:
        return None
    files = "\0".join(entries)
    return Stamp("\0".join(folders), times.tobytes(), files, digest_bytes(marks.tobytes()))


def positions(values: array.array[int], value: int) -> list[int]:
    """Every position of ``value`` in ``values``, found by the array's own search."""
    found: list[int] = []
    position = -1
    while True:
        try:
            position = values.index(value, position + 1)
        except ValueError:
            return found
        found.append(position)


def intact(root: str, stamp: Stamp) -> bool:
    """Whether the tree at ``root`` holds the names ``stamp`` saw, its files as
    they were: one ``stat`` per folder and per file, no listing."""
    with TreeCheck(root, stamp, aside=False) as check:
        return check()


class TreeCheck:
    """``intact``, begun now and answered when called. With ``aside``, a forked
    process asks the folders meanwhile, then the files in blocks from the last
    one back, sending the marks of each block as it is done; the call asks
    blocks from the first one on until it reaches one the child has done, and
    takes the child's answer for the rest. At 10,000 articles a build with
    nothing to do asks 18,000 folders and 38,000 files: 0.16 s of ``stat``
    calls, mostly Python making their results, so threads do not help (0.22 s
    with two) and two processes do. The two meet wherever their speeds put
    them: a fixed part for each (the caller 40 % of the files, having read the
    inputs) left the caller waiting a tenth of a second for its child, or the
    child for the caller, as the machine's load and the folders' count moved.
    Use with ``with``: leaving it stops a child that was never asked."""

    BLOCK = 512
    """Files in a block: the caller looks for the child's answers between two."""

    def __init__(self, root: str, stamp: Stamp, aside: bool) -> None:
        self.root, self.stamp = root, stamp
        self.files = stamp.file_list()
        self.blocks = max(1, -(-len(self.files) // self.BLOCK))
        self.child = forked(self._latter) if aside else None
        self.asked = 0
        """Blocks the caller asked itself, once called (the child asked the others)."""

    def __enter__(self) -> TreeCheck:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()

    def _stop(self) -> None:
        child, self.child = self.child, None
        if child is not None:
            pid, reading = child
            os.close(reading)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)

    def __call__(self) -> bool:
        try:
            with opened(self.root) as descriptor:
                if self.child is None:
                    if not self._folders_intact(descriptor):
                        return False
                    marks = _file_marks(descriptor, self.files)
                    self.asked = self.blocks
                    return marks is not None and digest_bytes(marks.tobytes()) == self.stamp.marks
                return self._shared(descriptor, _Blocks(self.child[1], self.blocks))
        except OSError:
            return False
        finally:
            self._stop()

    def _shared(self, descriptor: int, answers: _Blocks) -> bool:
        """The blocks up to the child's, asked here; the rest as the child found them."""
        first: list[bytes] = []
        index = 0
        while index < answers.lowest:
            if not answers.poll():
                return False  # the child found a change
            if index >= answers.lowest:
                break
            marks = _file_marks(descriptor, self._block(index))
            if marks is None:
                return False
            first.append(marks.tobytes())
            index += 1
        self.asked = index
        rest = answers.down_to(index)
        return rest is not None and digest_bytes(b"".join(first) + rest) == self.stamp.marks

    def _block(self, index: int) -> list[str]:
        return self.files[index * self.BLOCK : (index + 1) * self.BLOCK]

    def _folders_intact(self, descriptor: int) -> bool:
        return folder_times(descriptor, self.stamp.folder_list()).tobytes() == self.stamp.times

    def _latter(self, pipe: int) -> None:
        """The child's part: the folders, then each block's marks from the last back
        (``_Blocks``), until the caller stops it; a failure when a folder or file
        is not as the stamp saw it."""
        try:
            with opened(self.root) as descriptor:
                if not self._folders_intact(descriptor):
                    write_all(pipe, _BLOCK_HEAD.pack(-1, 0))
                    return
                write_all(pipe, _BLOCK_HEAD.pack(self.blocks, 0))  # the folders are intact
                for index in reversed(range(self.blocks)):
                    marks = _file_marks(descriptor, self._block(index))
                    if marks is None:
                        write_all(pipe, _BLOCK_HEAD.pack(-1, 0))
                        return
                    data = marks.tobytes()
                    write_all(pipe, _BLOCK_HEAD.pack(index, len(data)) + data)
        except OSError:
            write_all(pipe, _BLOCK_HEAD.pack(-1, 0))


_BLOCK_HEAD = struct.Struct("<ii")
"""A child's answer for one block: its index and the length of the marks that
follow; first, the count of blocks (the folders are intact), and -1 for a
change found."""


class _Blocks:
    """The child's answers as they arrive on ``reading``: whether the folders are
    intact, each block's marks, the lowest block answered so far, or a change
    found."""

    def __init__(self, reading: int, blocks: int) -> None:
        self.reading = reading
        self.buffer = bytearray()
        self.marks: dict[int, bytes] = {}
        self.lowest = blocks
        self.blocks = blocks
        self.folders = False
        self.failed = False
        os.set_blocking(reading, False)

    def poll(self) -> bool:
        """Take what has arrived, without waiting; False once a change was found."""
        while not self.failed:
            try:
                chunk = os.read(self.reading, 1 << 16)
            except BlockingIOError:
                break
            if not chunk:
                break  # the child is gone: ``down_to`` finds out what it left
            self._take(chunk)
        return not self.failed

    def down_to(self, index: int) -> bytes | None:
        """The marks of blocks ``index`` to the last, joined, once the child has
        found the folders intact and answered those blocks; None when it found a
        change or ended before."""
        os.set_blocking(self.reading, True)
        while (self.lowest > index or not self.folders) and not self.failed:
            chunk = os.read(self.reading, 1 << 16)
            if not chunk:
                return None
            self._take(chunk)
        if self.failed:
            return None
        return b"".join(self.marks[block] for block in range(index, self.blocks))

    def _take(self, chunk: bytes) -> None:
        buffer = self.buffer
        buffer += chunk
        head = _BLOCK_HEAD.size
        while len(buffer) >= head:
            block, length = _BLOCK_HEAD.unpack_from(buffer)
            if block < 0:
                self.failed = True
                return
            if len(buffer) < head + length:
                return
            if block == self.blocks:
                self.folders = True
            else:
                self.marks[block] = bytes(buffer[head : head + length])
                self.lowest = min(self.lowest, block)
            del buffer[: head + length]


def _file_marks(descriptor: int, paths: Sequence[str]) -> array.array[int] | None:
    """``size, mtime_ns, inode`` of each file below ``descriptor``; None when one is
    no regular file."""
    marks: array.array[int] = array.array("q")
    for path in paths:
        status = os.stat(path, dir_fd=descriptor, follow_symlinks=False)
        if not stat.S_ISREG(status.st_mode):
            return None
        marks.extend((status.st_size, status.st_mtime_ns, status.st_ino))
    return marks


def forked(work: Callable[[int], None]) -> tuple[int, int] | None:
    """A forked process that runs ``work`` with a pipe's writing end, then exits:
    its pid and the pipe's reading end; None where the process cannot fork (the
    caller then does the work itself). The child touches nothing of the
    parent's state but the pipe, and leaves by ``os._exit`` (no handler of the
    parent's runs twice)."""
    if not hasattr(os, "fork"):
        return None
    try:
        reading, writing = os.pipe()
    except OSError:  # out of descriptors
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid:
        os.close(writing)
        return pid, reading
    try:
        os.close(reading)
        work(writing)
    finally:
        os._exit(0)


def write_all(descriptor: int, data: bytes) -> None:
    """All of ``data`` to ``descriptor``, however many writes the pipe takes."""
    message = memoryview(data)
    while message:
        message = message[os.write(descriptor, message) :]


@dataclass(frozen=True, slots=True)
class Known:
    """What the spare tree holds, as the last build left it, told against the
    manifest of the same record (``Manifest.entries``, the output's files): its
    folders with their times and inodes when known (``Stamp``); its files, which
    are the output's files (the same inodes) but ``dropped``, and ``extra``.
    Trusted only while the spare's *claim* file (``spare.claim``) holds ``token``: a
    build removes it before it changes the spare and writes a new one after."""

    token: str
    folders: str
    """Relative folder paths joined by NUL, ``.`` first."""
    times: bytes
    """``array('q')`` of ``mtime_ns, inode`` per folder, ``UNKNOWN`` where the
    build itself changed the folder since (the folder is listed)."""
    dropped: str
    """The manifest's files the spare has not (the old versions of those the build
    wrote), joined by NUL."""
    extra: str
    """The spare's files the manifest has not (those the build no longer made),
    joined by NUL."""
    inodes: bytes
    """``array('q')`` of the inode of each file of ``extra``."""

    def encode(self) -> tuple[str, bytes, bytes, bytes, bytes, bytes]:
        packed = _pack(self.folders), _pack(self.dropped), _pack(self.extra)
        return (self.token, packed[0], self.times, packed[1], packed[2], self.inodes)

    @classmethod
    def decode(cls, value: object) -> Known | None:
        if not isinstance(value, tuple) or len(value) != 6:
            return None  # another version's
        token, packed, times, dropped, extra, inodes = value
        folders, dropped, extra = _unpack(packed), _unpack(dropped), _unpack(extra)
        if not isinstance(token, str) or folders is None or dropped is None or extra is None:
            return None
        if not (isinstance(times, bytes) and isinstance(inodes, bytes)):
            return None
        return cls(token, folders, times, dropped, extra, inodes)


_PACKED: list[tuple[str, bytes]] = []
"""The texts this process last packed or unpacked, with their packed form: the
paths of a tree change seldom, and at 100,000 articles (27 MB of paths)
compressing them took 0.1 s and reading them back 0.09 s, which every build
did for one and the same text (and the command line read it twice: once to
ask whether anything changed, once to build)."""

_PACKED_KEPT = 4
"""Texts kept: a stamp's two (a spare record's folders are its stamp's), and two more."""


def _pack(text: str) -> bytes:
    """Paths compressed (a tenth of their size): the record of the last build is
    written by every build, and its paths would be megabytes at 10,000 articles.
    By zlib-ng, a zlib stream either library reads: at 100,000 articles the
    stamp's paths were packed in 0.1 s and unpacked in as much by the standard
    library's zlib, each in a third of that by zlib-ng."""
    for known, packed in _PACKED:
        if known == text:  # the same paths: compared at memory speed
            return packed
    packed = b"z" + zlib.compress(text.encode("utf-8", "surrogateescape"), 1)
    _remember_packed(text, packed)
    return packed


_DAMAGED_STREAM: type[Exception] = getattr(zlib, "error")  # noqa: B009
"""What zlib-ng raises for a damaged stream (its own class, not ``zlib.error``;
its type stubs name an instance, hence the lookup)."""


def _unpack(value: object) -> str | None:
    """The text ``_pack`` packed; None for anything else."""
    if not isinstance(value, bytes) or value[:1] != b"z":
        return None
    for text, packed in _PACKED:
        if packed == value:
            return text
    try:
        text = zlib.decompress(value[1:]).decode("utf-8", "surrogateescape")
    except (_DAMAGED_STREAM, UnicodeDecodeError):
        return None
    _remember_packed(text, value)
    return text


def _remember_packed(text: str, packed: bytes) -> None:
    if len(text) < 4096:
        return  # cheap to pack again; the cache is for a tree's paths
    _PACKED.insert(0, (text, packed))
    del _PACKED[_PACKED_KEPT:]


@dataclass(frozen=True, slots=True)
class Since:
    """What a write changed of the manifest it was given (``base``): the entries
    it set anew and the paths it no longer wrote. Told by the writer, which
    knows them, so the record of an edit build (a delta over the last one)
    need not compare every entry to find them (0.1 s at 30,000 articles)."""

    base: Mapping[str, Entry]
    changed: dict[str, Entry]
    removed: frozenset[str]


@dataclass(frozen=True, slots=True)
class Manifest:
    """What an output directory held after the last build."""

    output: str
    entries: dict[str, Entry]
    stamp: Stamp | None = None
    """The tree's folders and files as that build left them (``Stamp``), if not racy."""
    spare: Known | None = None
    """What that build left in its spare tree (``spare.py``), if known."""
    since: Since | None = None
    """What the write that made it changed, if told."""


def digest(data: bytes) -> str:
    return digest_bytes(data)


def copy_digest(source: StrPath) -> str:
    """A copied file is identified by its source's size and modification time."""
    status = os.stat(source)
    return f"copy:{status.st_size}:{status.st_mtime_ns}"


def output_is_intact(output_dir: Path, manifest: Manifest) -> bool:
    """True when the directory holds exactly the manifest's files, untouched.

    The whole check of a rebuild with nothing to do: one ``scandir`` per folder,
    strings rather than path objects.
    """
    try:
        seen = _count_intact(str(output_dir), "", manifest.entries)
    except OSError:
        return False
    return seen == len(manifest.entries)


def _count_intact(folder: str, prefix: str, entries: dict[str, Entry]) -> int:
    """How many files below ``folder`` match their entry; -1 at the first that does not."""
    seen = 0
    with os.scandir(folder) as scan:
        for item in scan:
            if item.is_symlink():
                return -1  # the writer never makes links: something else put it there
            if item.is_dir():
                found = _count_intact(item.path, prefix + item.name + "/", entries)
                if found < 0:
                    return -1
                seen += found
                continue
            entry = entries.get(prefix + item.name)
            status = item.stat()
            if entry is None or list(entry[1:3]) != [status.st_size, status.st_mtime_ns]:
                return -1
            seen += 1
    return seen
