"""Write a build so that ``output/`` is, at every instant, one complete site.

The new site is made in a second tree, the *spare*, which then takes the place
of ``output/`` in one step (``swap.py``); the old output becomes the next
build's spare. Anything that fails before the swap (a full disk, a read-only
folder, an interrupt) leaves ``output/`` exactly as it was.

Exact: the spare is pruned to this build's files, so pages of deleted articles
disappear. Unchanged files keep their bytes and modification time (what rsync
and CDN uploads compare): the spare holds them as hard links to the files in
``output/``, the same inodes. Since the spare is the previous output, most of
its files already are those links, and an incremental build only links or
writes what changed in the last two builds; making a whole tree of ten
thousand folders anew, and deleting the old one, would cost seconds each time.
The files the swap retires (the old versions of what changed) are dropped from
the spare right after it, so it costs folders and links, not a second copy.

The spare lives in the cache (``.sitegen-cache/outputs/KEY.previous``) when that
is on the output's file system, else beside the output (``.output.previous``).
It is the build's scratch space: whatever state a killed build left it in, the
next build prunes and fills it again.
"""

from __future__ import annotations

import array
import bisect
import contextlib
import errno
import functools
import itertools
import operator
import os
import posixpath
import stat
import time
from collections.abc import Callable, Container, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.errors import RunError
from sitegen.model import KeptFile, Output, Outputs, StagedFile, StrPath, output_paths
from sitegen.output.manifest import (
    UNKNOWN,
    AskedTimes,
    CopyKeys,
    Entry,
    Known,
    Manifest,
    Since,
    Stamp,
    copy_digest,
    digest,
    folder_set,
    folder_times,
    mark,
    opened,
    recorded_inode,
    take,
)
from sitegen.output.spare import NO_LINKS, Spare, claim, claim_path
from sitegen.output.swap import recover, spare_path, swap_in


@dataclass(frozen=True, slots=True)
class WriteStats:
    """What the write did, for the summary line."""

    written: int
    unchanged: int


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _checked(relative: str) -> str:
    """``relative`` normalised, refusing any path that could leave the output directory."""
    if relative and _plain(relative):
        return relative  # what nearly every path is: no ``.`` part, no empty part
    normal = posixpath.normpath(relative)
    if normal.startswith(("/", "../")) or normal in ("..", ".") or "\\" in relative:
        raise ValueError(f"refusing to write outside the output directory: {relative}")
    return normal


def _unplain(paths: Sequence[str]) -> list[str]:
    """Those of ``paths`` that may not be ``_plain``, found with them all joined,
    one line each, by searches in C: at 10,000 articles, 38,000 calls of
    ``_plain`` were a tenth of a body edit's write. A path that is not plain
    shows one of ``_NOT_PLAIN`` (then each path is asked), or starts with a dot,
    as ``.nojekyll`` and ``.well-known/`` do (then only those are). A path
    holding a newline could hide a mark: then each path is asked too."""
    joined = "\n" + "\n".join(paths) + "\n"
    if joined.count("\n") != len(paths) + 1 or any(mark in joined for mark in _NOT_PLAIN):
        return [path for path in paths if not path or not _plain(path)]
    dotted = []
    start = joined.find("\n.")
    while start >= 0:
        end = joined.index("\n", start + 1)
        dotted.append(joined[start + 1 : end])
        start = joined.find("\n.", end)
    return [path for path in dotted if not _plain(path)]


_NOT_PLAIN = ("\n\n", "\n/", "/\n", "//", "/.", "\\")
"""What ``_unplain`` looks for: an empty path, a leading ``/``, a trailing
``/``, an empty part, a part starting with ``.``, a backslash."""


def _plain(relative: str) -> bool:
    """Whether ``relative`` (not empty) is already normal and safe: no leading or
    trailing ``/``, no ``//``, no part starting with ``.`` (which normalising
    would leave, or not), no backslash."""
    return not (
        relative[0] in "./"
        or relative[-1] == "/"
        or "//" in relative
        or "/." in relative
        or "\\" in relative
    )


def write_site(
    files: Sequence[Output],
    copies: Sequence[tuple[StrPath, str]],
    output_dir: Path,
    manifest: Manifest | None = None,
    spare_near: Path | None = None,
    swapping: Callable[[], None] = lambda: None,
    intact: Container[str] = frozenset(),
    asked: AskedTimes | None = None,
    copy_keys: CopyKeys | None = None,
    owned: StrPath | None = None,
) -> tuple[WriteStats, Manifest]:
    """Replace ``output_dir`` with exactly ``files`` and ``copies``, in one step;
    returns what was done and the new manifest.

    ``manifest`` describes ``output_dir`` as the last build left it (files it
    names and still match are linked, not compared); ``spare_near`` is where the
    spare tree is kept when that is on the output's file system (the cache);
    ``swapping`` is called right before the swap. A ``KeptFile`` must be in
    ``output_dir`` as ``manifest`` describes it. ``intact``: the paths the caller
    has just found in ``output_dir`` as ``manifest`` describes them (the same
    inode, size and time; the engine's check of kept files), which are not asked
    again: at 100,000 articles, asking every copied file (a social card each)
    cost a second stat call per card. ``asked``: the times of the spare's
    folders, and ``copy_keys``: the copies' keys, both as the caller asked them
    earlier (each used only where it is of this spare and of these copies; see
    ``manifest.py``). ``owned``: a folder of plain files the build made
    itself (the image cache), copied the short way (``Spare.copy``). The
    caller holds the build lock of ``output_dir``. Raises RunError, naming the
    file as the author knows it, when the file system refuses.
    """
    shown, output_dir = output_dir, output_dir.absolute()
    for path in _unplain([*output_paths(files), *(relative for _, relative in copies)]):
        _checked(path)
    # An output that is a link to a folder stays one: the folder it names is replaced.
    place = Path(os.path.realpath(output_dir))
    if place.is_dir() and not os.access(place, os.W_OK):
        raise RunError(f"cannot write {shown}: the folder is read-only")
    written: list[str] = []
    spare = place  # until known; nothing is written before
    try:
        spare = spare_path(place, spare_near)
        known = claim(spare, manifest.spare if manifest is not None else None)
        if recover(place, spare):
            known = None
        tree = Spare(spare)
        made: list[str] = []
        entries = _fill(
            files, copies, place, tree, manifest, written, known, intact, made, asked, copy_keys,
            owned,
        )  # fmt: skip
        swapping()  # from the swap until the caller records it, no manifest describes output/
        replaced = os.path.lexists(place)
        swap_in(spare, place)
    except OSError as error:
        _drop(spare, written)  # give back the space: a full disk stays no fuller
        raise RunError(_cannot_write(error, shown, place, spare)) from None
    except BaseException:
        _drop(spare, written)
        raise
    if replaced:  # else no tree came back from the swap: nothing to retire
        _drop(spare, written)  # the retired versions of what changed, now in the spare
    folders = tree.folders()
    carried = _carried(tree, folders)
    stamp, left = _settle(place, spare, entries, folders, manifest, written, replaced, carried)
    stats = WriteStats(len(written), len(entries) - len(written))
    base = manifest.entries if manifest is not None else {}
    changes = {path: entries[path] for path in made if base.get(path) != entries[path]}
    since = Since(base, changes, frozenset(base.keys() - entries.keys()))
    return stats, Manifest(str(output_dir), entries, stamp, left, since)


PREFILL_FROM = 10_000
"""Files from which a first build links its whole site into the (empty) spare
right away: the first edit after it then writes a few files instead of making
every folder and link (1.3 s at 10,000 articles, 38,000 files). Below, the
first edit makes the spare itself in a few tenths of a second, and a first
build need not pay for an edit that may never come: a cold build is what a
site's CI runs, on a machine it then throws away. At 1,000 articles (4,447
files, about 2,000 folders) the prefill cost the cold build 0.6 to 0.9 s of
its 7 to 9 s, nearly all of it making folders on a disk a large ``rm -rf``
had just freed (ext4 skips recently freed inodes); the first edit without it
took 0.56 s against 0.32 s for the next, a minute after the cold build."""


def _settle(
    place: Path,
    spare: Path,
    entries: dict[str, Entry],
    folders: list[str],
    manifest: Manifest | None,
    written: Sequence[str],
    replaced: bool,
    carried: array.array[int] | None = None,
) -> tuple[Stamp | None, Known | None]:
    """The stamp of the new output, and what the spare now holds, for the next
    build: it then checks the output and prunes the spare by folder times
    instead of listing every folder. Nothing when it cannot be known.
    ``carried``: the folder times already known (``_carried``)."""
    token = os.urandom(8).hex()
    try:
        made = not replaced and len(entries) >= PREFILL_FROM
        made = made and _prefill(place, spare, entries, folders)
        marked, stamp = _stamped(place, spare, entries, folders, token, carried)
        if made:
            return stamp, _known_made(spare, entries, folders, token, marked)
        if replaced and manifest is not None and manifest.stamp is not None:
            return stamp, _known_left(manifest, manifest.stamp, entries, written, token)
        return stamp, None
    except (OSError, ValueError, IndexError, TypeError):  # a manifest of an older shape too
        return None, None  # the next build lists both trees, as it always could


STAMP_PATIENCE = 0.25
"""Seconds a build waits for the file system's clock to pass its last write."""


def _stamped(
    place: Path,
    spare: Path,
    entries: dict[str, Entry],
    folders: list[str],
    token: str,
    carried: array.array[int] | None = None,
) -> tuple[int, Stamp | None]:
    """The time of the mark and the stamp taken after it. The swap has just
    renamed files into folders, most likely in the clock tick the mark is
    written in, which would make them racy and the stamp unusable: the very
    next build would then compare the whole manifest and list every folder of
    the spare. So the mark is written again until the clock has moved past the
    tree's last change; a file system whose clock ticks in seconds gives up
    after ``STAMP_PATIENCE`` and the next build does the long check."""
    if set(map(len, entries.values())) - {4}:
        return mark(str(claim_path(spare)), token), None  # an older manifest's: no inodes
    waited_until = time.monotonic() + STAMP_PATIENCE
    while True:
        marked = mark(str(claim_path(spare)), token)
        stamp = take(str(place), entries, marked, folders, carried)
        if stamp is not None or time.monotonic() >= waited_until:
            return marked, stamp
        time.sleep(0.001)  # polls the clock: nothing to be notified of


def _carried(tree: Spare, folders: list[str]) -> array.array[int] | None:
    """``mtime_ns, inode`` of each of ``folders`` (the new output's) as the spare's
    pruning found them, where that pruning trusted them and the fill then added
    or removed no name there; ``UNKNOWN`` for the others and for the root (the
    swap moved it). None when nothing was trusted (the spare was walked).

    A trusted folder's time is one an earlier stamp took after its mark, and
    the folder still had it when this build began: the tree it is in changes
    only by this build's own hand until the swap, so the stamp may take that
    time as it is instead of asking every folder again. A stray change after it
    was seen moves the folder's time past it, and the next build sees that."""
    seen = tree.seen
    if seen is None:
        return None
    if seen.folders == folders:
        times = array.array("q", seen.times)
    else:  # folders added or removed: the others are where they were, in order
        position = {folder: index for index, folder in enumerate(seen.folders)}
        times = array.array("q")
        for folder in folders:
            index = position.get(folder)
            if index is None:
                times.extend((UNKNOWN, UNKNOWN))
            else:
                times.extend(seen.times[2 * index : 2 * index + 2])
    for folder in tree.touched | {"."}:
        index = _index(folders, folder)
        if index is not None:
            times[2 * index] = times[2 * index + 1] = UNKNOWN
    return times


def _prefill(place: Path, spare: Path, entries: dict[str, Entry], folders: list[str]) -> bool:
    """Link every file of the output into a new spare; False where that cannot be
    done (links refused, a spare already there)."""
    if os.path.lexists(spare):
        return False
    try:
        for folder in folders:
            os.mkdir(os.path.join(spare, folder) if folder != "." else spare)
        for path in entries:
            os.link(os.path.join(place, path), os.path.join(spare, path), follow_symlinks=False)
    except OSError as error:
        if error.errno in NO_LINKS:
            return False
        raise
    return True


def _known_made(
    spare: Path, entries: dict[str, Entry], folders: list[str], token: str, marked: int
) -> Known:
    """The spare as ``_prefill`` made it: every file of the output, the same inodes."""
    with opened(str(spare)) as descriptor:
        times = folder_times(descriptor, folders)
    for index in range(0, len(times), 2):
        if times[index] >= marked:  # racy: listed by the next build
            times[index] = times[index + 1] = UNKNOWN
    return Known(token, "\0".join(folders), times.tobytes(), "", "", b"")


def _known_left(
    manifest: Manifest, stamp: Stamp, entries: dict[str, Entry], written: Sequence[str], token: str
) -> Known:
    """The spare as the swap left it: the previous output (``manifest``, ``stamp``)
    less the files just dropped, whose folders' times moved (they are listed);
    told against the new output's ``entries``, whose files it holds but those
    written, with the same inodes (each was linked from it), and those the
    build no longer made."""
    folders = stamp.folder_list()
    times = array.array("q")
    times.frombytes(stamp.times)
    for folder in {path.rpartition("/")[0] or "." for path in written}:
        index = _index(folders, folder)
        if index is not None:
            times[2 * index] = times[2 * index + 1] = UNKNOWN
    extra = list(manifest.entries.keys() - entries.keys() - set(written))
    inodes = array.array("q", map(_INODE, map(manifest.entries.__getitem__, extra)))
    joined = "\0".join(written), "\0".join(extra)
    return Known(token, stamp.folders, times.tobytes(), joined[0], joined[1], inodes.tobytes())


_INODE = operator.itemgetter(3)


def _index(folders: list[str], folder: str) -> int | None:
    """Where ``folder`` is in ``folders`` (``.`` first, the rest sorted), if it is."""
    index = 0 if folder == "." else bisect.bisect_left(folders, folder, 1)
    if index < len(folders) and folders[index] == folder:
        return index
    return folders.index(folder) if folder in folders else None  # a list of another order


def _cannot_write(error: OSError, shown: Path, place: Path, spare: Path) -> str:
    """``cannot write output/a/index.html: No space left on device``, with the path as
    the author named the output (the spare tree is sitegen's business)."""
    name = os.fsdecode(error.filename) if error.filename is not None else str(place)
    for root in (str(spare), str(place)):
        if name == root:
            name = str(shown)
        elif name.startswith(root + os.sep):
            name = str(shown / os.path.relpath(name, root))
        else:
            continue
        break
    reason = error.strerror or str(error)
    if error.errno == errno.EBUSY:
        reason += " (a mount point cannot be replaced: build into a folder inside it with -o)"
    return f"cannot write {name}: {reason}"


def _drop(spare: Path, paths: Sequence[str]) -> None:
    for relative in paths:
        with contextlib.suppress(OSError):  # the next build prunes the spare anyway
            os.unlink(os.path.join(spare, relative))


def _fill(
    files: Sequence[Output],
    copies: Sequence[tuple[StrPath, str]],
    place: Path,
    spare: Spare,
    manifest: Manifest | None,
    written: list[str],
    left: Known | None = None,
    intact: Container[str] = frozenset(),
    made: list[str] | None = None,
    asked: AskedTimes | None = None,
    copy_keys: CopyKeys | None = None,
    owned: StrPath | None = None,
) -> dict[str, Entry]:
    """Make the spare tree the new site; returns the new manifest's entries and
    appends to ``written`` each file written rather than kept from ``place``,
    to ``made`` each whose entry is not the manifest's own.
    ``left``: what the spare holds, if known; ``intact``, ``asked``,
    ``copy_keys`` and ``owned``: see ``write_site``.

    A file the manifest describes and the spare already holds (the same inode)
    costs a few lookups, no system call: that is nearly every file of an edit
    build. Those of them an ``Outputs`` keeps, and the copies the check aside
    vouched for, are entered all at once (``_entered``, ``_entered_copies``)."""
    known = manifest.entries if manifest is not None else {}
    keep = set(output_paths(files))
    keep.update(relative for _, relative in copies)
    stamp = manifest.stamp if manifest is not None else None
    folders = _folders_after(stamp, known.keys(), keep) if stamp is not None else None
    spare.open(keep, left, known, folders, asked)
    made = [] if made is None else made
    old, entries, inode, join = str(place), {}, spare.inode, os.path.join
    unsure = spare.unsure(keep)  # the others are in the spare as ``known`` says

    def kept(path: str) -> None:
        """A ``KeptFile``'s entry, its file linked into the spare where it is not."""
        entry = known.get(path)
        if entry is not None and len(entry) == 4:
            if path not in unsure or inode(path) == entry[3]:
                entries[path] = entry  # linked by an earlier build: nothing to do
                return
            if path in intact:
                spare.keep(path, join(old, path), recorded_inode(entry))
                entries[path] = entry
                return
        previous = join(old, path)
        status = _regular(previous)
        if status is None:
            raise FileNotFoundError(errno.ENOENT, "removed during the build", previous)
        spare.keep(path, previous, status.st_ino)
        entries[path] = entry or [_digest_of(previous), *_signature(status)]
        made.append(path)

    if isinstance(files, Outputs):  # most of an edit's files: kept, told as one map
        for path in _entered(files.kept, known, unsure, entries):
            kept(path)
    for file in files.made if isinstance(files, Outputs) else files:
        path = file.path
        entry = known.get(path)
        if isinstance(file, KeptFile):  # checked against the manifest before rendering
            kept(path)
            continue
        made.append(path)
        if isinstance(file, StagedFile):
            key, read = file.digest, file.read
        else:
            key, read = digest(file.data), functools.partial(bytes, file.data)
        previous = join(old, path)
        unchanged = _current(previous, key, entry, read)
        if unchanged is not None:
            spare.keep(path, previous, unchanged.st_ino)
            entries[path] = [key, *_signature(unchanged)]
        elif isinstance(file, StagedFile):
            entries[path] = [key, *_signature(spare.move(path, file.staged))]
            written.append(path)
        else:
            entries[path] = [key, *_signature(spare.put(path, file.data))]
            written.append(path)
    if copy_keys is not None and (copy_keys.copies is not copies or copy_keys.entries is not known):
        copy_keys = None  # checked for other copies, or against another manifest
    ours = _within(owned)
    for index in _entered_copies(copies, copy_keys, known, unsure, intact, entries):
        source, relative = copies[index]
        entry = known.get(relative)
        vouched = copy_keys.key(index, entry) if copy_keys is not None else None
        key = vouched if vouched is not None else copy_digest(source)
        if entry is not None and relative in intact and len(entry) == 4 and entry[0] == key:
            if relative in unsure and inode(relative) != entry[3]:  # else linked already
                spare.keep(relative, join(old, relative), recorded_inode(entry))
            entries[relative] = entry
            continue
        previous = join(old, relative)
        unchanged = _regular(previous)
        if unchanged is not None and entry is not None and _described(entry, key, unchanged):
            if inode(relative) != unchanged.st_ino:  # else linked by an earlier build
                spare.keep(relative, previous, unchanged.st_ino)
            entries[relative] = entry
            continue
        made.append(relative)
        unchanged = _copied(unchanged, source, entry)
        if unchanged is not None:
            spare.keep(relative, previous, unchanged.st_ino)
            entries[relative] = [key, *_signature(unchanged)]
        else:
            entries[relative] = [key, *_signature(spare.copy(relative, source, ours(source)))]
            written.append(relative)
    return entries


def _within(folder: StrPath | None) -> Callable[[StrPath], bool]:
    """Whether a path is inside ``folder`` (never, without one)."""
    if folder is None:
        return lambda path: False
    prefix = os.path.join(os.path.abspath(folder), "")
    return lambda path: os.path.abspath(path).startswith(prefix)


def _entered(
    kept: Mapping[str, str], known: Mapping[str, Entry], unsure: Set[str], entries: dict[str, Entry]
) -> Iterable[str]:
    """Enter in ``entries`` the manifest's entry of each of ``kept`` that the spare
    already holds as ``known`` describes it (not ``unsure``): what ``_fill`` does
    for such a file, for all of them at once, in C. Returns the others, for
    ``_fill`` to take one by one: all of them when some entry is missing or of
    an older shape."""
    sure = list(itertools.filterfalse(unsure.__contains__, kept))
    found: list[Any] = list(map(known.get, sure))
    if None in found or set(map(len, found)) - {4}:
        return kept
    entries.update(zip(sure, found, strict=True))
    return filter(unsure.__contains__, kept)


def _entered_copies(
    copies: Sequence[tuple[StrPath, str]],
    copy_keys: CopyKeys | None,
    known: Mapping[str, Entry],
    unsure: Set[str],
    intact: Container[str],
    entries: dict[str, Entry],
) -> Iterable[int]:
    """``_entered`` for copies: the entry of each copy whose source ``copy_keys``
    vouches for, whose file is ``intact`` and which the spare holds (not
    ``unsure``), entered at once; returns the positions of the others, for
    ``_fill`` to take one by one (all of them without ``copy_keys``, or when
    some entry is of an older shape). At 100,000 articles the copies
    are the social cards, 100,000 of them, nearly all as they were."""
    if copy_keys is None:
        return range(len(copies))
    relatives = list(map(_SECOND, copies))
    found: list[Any] = list(map(known.get, relatives))
    present = list(filter(None, found))  # an entry is a list of four: true
    if set(map(len, present)) - {4} or set(map(type, map(_FIRST, present))) - {str}:
        return range(len(copies))
    others = set(copy_keys.changed)
    others.update(itertools.compress(itertools.count(), map(operator.not_, found)))  # new
    gone = map(operator.not_, map(intact.__contains__, relatives))
    others.update(itertools.compress(itertools.count(), gone))
    if unsure:
        position = dict(zip(relatives, itertools.count(), strict=False))
        others.update(position[path] for path in unsure if path in position)
    sure = bytearray(b"\1") * len(copies)
    for index in others:
        sure[index] = 0
    entries.update(itertools.compress(zip(relatives, found, strict=True), sure))
    return sorted(others)


_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)


FOLDERS_FROM_STAMP = 1_000
"""Files added or removed since the last build up to which the new folders are
told from its stamp's; past that, they are found from every path."""


def _folders_after(stamp: Stamp, before: Set[str], keep: Set[str]) -> list[str] | None:
    """``folders_of(keep)`` told from the folders of ``before`` (the last build's
    files, which ``stamp`` lists), or None when that would not pay. An edit
    build makes the same files but a few (the search index names its files by
    their content): finding the folders of every path again cost 0.3 s at
    100,000 articles. A folder that only removed files were in is looked for
    among the others; None if there is one (an article deleted, say)."""
    if keep == before:
        return stamp.folder_list()
    added, removed = keep - before, before - keep
    if len(added) + len(removed) > FOLDERS_FROM_STAMP:
        return None
    gained = folder_set(added)
    if not folder_set(removed) <= gained:
        return None  # a folder may be left empty: asking every path is the sure way
    folders = stamp.folder_list()
    new = gained.difference(folders)
    return [".", *sorted(new.union(folders[1:]))] if new else folders


def _digest_of(path: str) -> str:
    with open(path, "rb") as handle:
        return digest(handle.read())


def _signature(status: os.stat_result) -> tuple[int, int, int]:
    """What a manifest entry records of a file besides its digest: size and time
    (what a change shows in) and inode (so a spare file linked to it is known)."""
    return status.st_size, status.st_mtime_ns, status.st_ino


def _regular(path: str) -> os.stat_result | None:
    """The status of a regular file at ``path`` (never a link), else None."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return status if stat.S_ISREG(status.st_mode) else None


def _described(entry: Entry, key: str, status: os.stat_result) -> bool:
    """Whether the manifest's ``entry`` describes a file of digest ``key`` and ``status``."""
    return (
        len(entry) == 4
        and entry[0] == key
        and entry[1] == status.st_size
        and entry[2] == status.st_mtime_ns
        and entry[3] == status.st_ino
    )


def _current(
    previous: str, key: str, entry: Entry | None, data: Callable[[], bytes]
) -> os.stat_result | None:
    """The status of the output file ``previous`` when it already holds the bytes
    whose digest is ``key`` (``data`` reads them, if a comparison needs them)."""
    status = _regular(previous)
    if status is None or (entry is not None and _described(entry, key, status)):
        return status
    # Touched, or no manifest: compare bytes.
    return status if _same_bytes(Path(previous), data()) else None


def _copied(
    status: os.stat_result | None, source: StrPath, entry: Entry | None
) -> os.stat_result | None:
    """``status`` (of the output file) when the file is a copy of ``source`` as it is
    now and no manifest's ``entry`` says otherwise: copies keep their source's
    time (to the second on any file system)."""
    if status is None or entry is not None:
        return None  # a manifest that describes another file: copied again
    origin = os.stat(source)
    same = (origin.st_size, int(origin.st_mtime)) == (status.st_size, int(status.st_mtime))
    return status if same else None


def write_changed(files: Sequence[Output], output_dir: Path) -> int:
    """Replace the files whose bytes changed, each atomically; returns how many.

    The preview's first step after a save: the pages open tabs will reload,
    written in place in the preview's own folder (its server holds requests
    meanwhile). The whole tree follows with ``write_site``.
    """
    output_dir = output_dir.absolute()
    written = 0
    for file in files:
        if isinstance(file, KeptFile):
            continue
        path = output_dir / _checked(file.path)
        data = file.read() if isinstance(file, StagedFile) else file.data
        if not _same_bytes(path, data):
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.partial")
            partial.write_bytes(data)
            partial.replace(path)
            written += 1
    return written
