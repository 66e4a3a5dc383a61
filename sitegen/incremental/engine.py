"""The incremental engine: what a build reuses from the builds before it.

``build`` opens one ``Engine`` per build and asks it at a few named
points: is there anything to do (``unchanged``), what was parsed, rendered and
ranked before (the memo tables), which outputs the last build already wrote
(``settle``, ``kept_intact``), and at the end records the build
(``record``). Nothing else knows the cache exists: stages take plain values
and give plain values back.

Everything lives in one store (``store.py``) in the cache folder
(``--cache-dir`` or ``SITE/.sitegen-cache``); processed images and social cards
are files named by their digest beside it (``images/store.py``), since they
are hard-linked into the output rather than read back. Deleting the cache
changes nothing but speed.
"""

from __future__ import annotations

import array
import dataclasses
import functools
import gc
import itertools
import operator
import os
import pickle
import shutil
import time
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from sitegen.digests import FileSignature, code_fingerprint, digest
from sitegen.errors import Problem
from sitegen.incremental.inputs import Inputs, read_inputs
from sitegen.incremental.store import FILE_NAME, Store
from sitegen.output.manifest import (
    AskedTimes,
    CopyKeys,
    Entry,
    Known,
    Manifest,
    Since,
    Stamp,
    TreeCheck,
    copy_keys_changed,
    file_marks,
    folder_times,
    forked,
    opened,
    output_is_intact,
    write_all,
)

if TYPE_CHECKING:
    # Imported where a build with work uses them: a build with nothing to do
    # creates none of the model's dataclasses (``sitegen/options.py``).
    from sitegen.incremental.tables import (
        Markdown,
        ParsedArticles,
        RenderedBodies,
        SearchBundles,
        Slot,
    )
    from sitegen.model import (
        Article,
        Output,
        OutputFile,
        Planned,
        StrPath,
    )
    from sitegen.options import BuildOptions


@dataclass(frozen=True, slots=True)
class LastBuild:
    """The record of the last build into one output directory: what a build that
    has work to do reads. Its digest of the inputs, horizon and warnings are in
    ``Stamped``, the small half of the same record."""

    manifest: dict[str, Entry] = field(default_factory=dict)
    """Output path → ``[digest, size, mtime_ns, inode]`` of every file it wrote."""
    keys: dict[str, str] = field(default_factory=dict)
    """Output path → the digest of what the file was made from."""
    signatures: dict[str, FileSignature] = field(default_factory=dict)
    """Every input file's signature when that build read it (those of ``contents``
    count as changed whatever their signature), and ``settings`` the options
    that shape output."""
    settings: str = ""
    contents: dict[str, str] = field(default_factory=dict)
    """The content digest of each file changed just before that build (racy),
    as it was when that build began. Only those ``Stamped.by_content`` still
    names count: the others have settled since (``Engine._settle``)."""
    spare: Known | None = None
    """What that build left in its spare tree, if known (``output/spare.py``)."""
    generation: str = ""
    """Drawn anew by each record, and kept in ``Stamped`` too: the record holds only
    while the two agree (``Engine.void_last`` drops the small one)."""

    def encode(self) -> tuple[Any, ...]:
        return (
            self.manifest,
            self.keys,
            self.signatures,
            self.settings,
            self.contents,
            self.spare.encode() if self.spare is not None else None,
            self.generation,
        )

    @classmethod
    def decode(cls, value: Any) -> LastBuild:
        try:
            manifest, keys, signed, settings, contents, spare, generation = value
            return cls(
                dict(manifest),
                dict(keys),
                dict(signed),
                str(settings),
                dict(contents),
                Known.decode(spare),
                str(generation),
            )
        except (TypeError, ValueError):
            return cls()


DELTA_LIMIT = 2_000
"""Entries a delta record may hold before the next build writes the whole record
again: reading a delta costs little, but it grows with every edit since the base."""


Changes = tuple[dict[str, Any], frozenset[str]]
"""One map's entries set (added or changed) and those removed."""

_NONE: Changes = ({}, frozenset())


def _changes(old: dict[str, Any], new: dict[str, Any]) -> Changes:
    """What turns ``old`` into ``new``: one comparison per entry, no more, made by
    ``map`` rather than a comprehension (at 100,000 articles the maps of an edit
    build's record hold 500,000 entries: 0.36 s compared one by one, a third less
    this way)."""
    differ = map(operator.ne, map(old.get, new), new.values())
    return dict(itertools.compress(new.items(), differ)), frozenset(old.keys() - new.keys())


def _then(first: Changes, second: Changes) -> Changes:
    """``first`` and then ``second`` as one."""
    (put, gone), (put2, gone2) = first, second
    merged = {k: v for k, v in put.items() if k not in gone2} if gone2 else dict(put)
    merged.update(put2)
    return merged, (gone - put2.keys()) | gone2


def _applied(base: dict[str, Any], changes: Changes) -> dict[str, Any]:
    put, gone = changes
    base.update(put)
    for key in gone:
        base.pop(key, None)
    return base


@dataclass(frozen=True, slots=True)
class LastDelta:
    """The record of the last build told as what changed since an earlier one (the
    *base*): an edit build changes a few dozen of its 80,000 entries, and writing
    all of them cost a tenth of a second at 10,000 articles. It holds only for the
    base whose generation it names; its own generation is the one ``Stamped``
    names. The small fields are kept whole."""

    base: str
    generation: str
    manifest: Changes = _NONE
    keys: Changes = _NONE
    signatures: Changes = _NONE
    settings: str = ""
    contents: dict[str, str] = field(default_factory=dict)
    spare: Known | None = None

    @property
    def size(self) -> int:
        return sum(
            len(put) + len(gone) for put, gone in (self.manifest, self.keys, self.signatures)
        )

    def then(self, old: LastBuild, new: LastBuild, manifest: Changes | None = None) -> LastDelta:
        """This delta followed by the step from ``old`` (what it reads as) to ``new``;
        ``manifest``: that step's changes of the manifest, when already known."""
        step = _changes(old.manifest, new.manifest) if manifest is None else manifest
        return LastDelta(
            self.base,
            new.generation,
            _then(self.manifest, step),
            _then(self.keys, _changes(old.keys, new.keys)),
            _then(self.signatures, _changes(old.signatures, new.signatures)),
            new.settings,
            new.contents,
            new.spare,
        )

    def apply(self, base: LastBuild) -> LastBuild | None:
        """The record this delta tells, made of ``base`` (taken apart: its maps are
        changed in place); None when it is not the base the delta was made on."""
        if not self.base or base.generation != self.base:
            return None
        return LastBuild(
            _applied(base.manifest, self.manifest),
            _applied(base.keys, self.keys),
            _applied(base.signatures, self.signatures),
            self.settings,
            self.contents,
            self.spare,
            self.generation,
        )

    def encode(self) -> tuple[Any, ...]:
        maps = (self.manifest, self.keys, self.signatures)
        return (
            self.base,
            self.generation,
            [(put, sorted(gone)) for put, gone in maps],
            self.settings,
            self.contents,
            self.spare.encode() if self.spare is not None else None,
        )

    @classmethod
    def decode(cls, value: Any) -> LastDelta | None:
        """None for anything but a delta as ``encode`` wrote it."""
        try:
            base, generation, maps, settings, contents, spare = value
            (manifest, keys, signatures) = (
                (dict(put), frozenset(str(k) for k in gone)) for put, gone in maps
            )
            return cls(
                str(base),
                str(generation),
                manifest,
                keys,
                signatures,
                str(settings),
                dict(contents),
                Known.decode(spare),
            )
        except (TypeError, ValueError):
            return None


@dataclass(frozen=True, slots=True)
class Stamped:
    """What a build with nothing to do reads of the last build: a record of its
    own, beside ``LastBuild``, whose manifest and keys of every output take a
    tenth of a second to read at 10,000 articles."""

    inputs: str = ""
    """Digest of every input (``inputs.py``); empty when that build did not finish
    or when the output no longer matches it."""
    by_content: frozenset[str] = frozenset()
    """Files changed just before that build and not settled by its end (nor by a
    build with nothing to do since): ``inputs`` holds their content's hash."""
    horizon: str | None = None
    """ISO time from which the same inputs give other output, or None for never."""
    pages: int = 0
    warnings: tuple[Problem, ...] = ()
    files: int = 0
    """How many files the output holds."""
    tree: Stamp | None = None
    """The output's folders and files as that build left them (``output/manifest.py``);
    None when racy: the manifest is then compared file by file."""
    generation: str = ""
    """``LastBuild.generation`` of the same record."""

    def current(self, inputs: Inputs, now: datetime) -> bool:
        if not self.inputs or inputs.digest(self.by_content) != self.inputs:
            return False
        return self.horizon is None or now < datetime.fromisoformat(self.horizon)

    def encode(self) -> tuple[Any, ...]:
        return (
            self.inputs,
            sorted(self.by_content),
            self.horizon,
            self.pages,
            [(w.path, w.line, w.message) for w in self.warnings],
            self.files,
            self.tree.encode() if self.tree is not None else None,
            self.generation,
        )

    @classmethod
    def decode(cls, value: Any) -> Stamped:
        try:
            inputs, by_content, horizon, pages, warnings, files, tree, generation = value
            return cls(
                str(inputs),
                frozenset(str(p) for p in by_content),
                None if horizon is None else str(horizon),
                int(pages),
                tuple(Problem(str(p), int(n), str(m)) for p, n, m in warnings),
                int(files),
                Stamp.decode(tree),
                str(generation),
            )
        except (TypeError, ValueError):
            return cls()


class Engine:
    """One build's view of the cache. Use as a context manager: leaving it commits."""

    def __init__(
        self, options: BuildOptions, store: Store | None = None, inputs: Inputs | None = None
    ) -> None:
        """``inputs``: the inputs as read earlier by this process for the same
        ``options`` (before anything read them: an edit since is seen by the next
        build), so that the command line, having asked whether anything changed,
        does not walk them twice."""
        self.options = options
        self.started_ns = time.time_ns()
        self.directory = cache_directory(options)
        self.output_dir = options.output_dir.absolute()
        self.store = store if store is not None else Store(self.directory / FILE_NAME)
        self.name = "last:" + digest(str(self.output_dir))
        self.stamped = Stamped.decode(self.store.record("stamp:" + self.name))
        self._last: LastBuild | None = None
        self._recorded: LastBuild | None = None
        """The record as the store holds it (``_last`` may be cut down since)."""
        self._delta: LastDelta | None = None
        """What ``_recorded`` was read through, over its base; None: it is the base."""
        self._edits_only = False
        """Whether this build's inputs differ from the last's by edits alone
        (``edited_since``): only then may it record a delta."""
        self._inputs = inputs
        self.staging: Path | None = None
        """Where workers write the pages they make (``stage``); None: they send bytes."""
        self.intact: Container[str] = frozenset()
        """Output paths this build's check of kept files found as the last build's
        manifest describes them (``kept_intact``): the writer does not ask them again."""
        self._later: _Later | None = None
        """The rest of the check aside's answer, read when the writer asks for it."""

    def __enter__(self) -> Engine:
        return self

    @property
    def last(self) -> LastBuild:
        """The record of the last build, read when first asked: a build with nothing
        to do needs only ``stamped``."""
        if self._last is None:
            self._last = self._recorded = self._read_last()
        return self._last

    def _read_last(self) -> LastBuild:
        """The base record, with the delta over it when there is one: either only
        while its generation is ``stamped``'s, and a delta only on the base it names."""
        wanted = self.stamped.generation
        base = LastBuild.decode(self.store.record(self.name))
        if base.generation == wanted:
            return base
        delta = LastDelta.decode(self.store.record("delta:" + self.name))
        if delta is None or not wanted or delta.generation != wanted:
            return LastBuild()
        last = delta.apply(base)
        if last is None:
            return LastBuild()
        self._delta = delta
        return last

    def __exit__(self, *exc: object) -> None:
        self.asked_aside()  # the check aside's child reaped, whatever happened
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        self.store.close()

    def stage(self) -> Path | None:
        """Give this build a staging folder, emptied of what a killed build left:
        workers write pages there and the writer moves them into place, so no
        process holds the site's bytes. None when the cache cannot hold one (a
        read-only cache costs memory, not the build)."""
        staging = self.directory / "outputs" / (self.name.replace(":", "-") + ".staging")
        shutil.rmtree(staging, ignore_errors=True)
        try:
            staging.mkdir(parents=True)
        except OSError:
            return None
        self.staging = staging
        return staging

    # -- nothing to do ----------------------------------------------------------

    def inputs(self, theme_dir: Path) -> Inputs:
        if self._inputs is None:
            self._inputs = read_inputs(self.options, theme_dir, code_fingerprint())
        return self._inputs

    def unchanged(self, theme_dir: Path) -> Stamped | None:
        """The last build, when no input changed since, its clock horizon is ahead,
        and every output file is as the writer left it: then nothing is done."""
        stamped, known = self.stamped, self._inputs
        if not stamped.inputs or (
            known is not None and not stamped.current(known, self.options.now)
        ):
            return None  # asked again by a build the command line found work for
        if stamped.tree is None:
            inputs = self.inputs(theme_dir)
            if not stamped.current(inputs, self.options.now):
                return None
            manifest = Manifest(str(self.output_dir), self.last.manifest)
            if not output_is_intact(self.output_dir, manifest):
                return None
        else:
            # The output is asked partly aside, while the inputs are read.
            aside = self.options.jobs >= 2 and stamped.files >= ASIDE_FROM
            with TreeCheck(str(self.output_dir), stamped.tree, aside) as tree_intact:
                inputs = self.inputs(theme_dir)
                if not stamped.current(inputs, self.options.now) or not tree_intact():
                    return None
        self._settle(inputs)
        return stamped

    def _settle(self, inputs: Inputs) -> None:
        """Trust by their signatures from now on the inputs the last build read by
        content (racy to it: written just before) that have settled since, now
        that ``unchanged`` has found them as that build read them. Else every
        build with nothing to do read them all again, until one with work to do:
        a site written out and built at once (a checkout, an import) paid 0.2 s
        each time at 10,000 articles, and its next edit as much again.

        Only the stamp is written: the last build's record, whose ``contents``
        still names every racy file, is read through the stamp
        (``edited_since`` compares by content only what ``by_content`` names),
        and keeps its generation, so the two still agree."""
        stamped = self.stamped
        still = stamped.by_content & inputs.racy
        if still == stamped.by_content:
            return
        self.stamped = dataclasses.replace(stamped, inputs=inputs.digest(still), by_content=still)
        self.store.set_record("stamp:" + self.name, self.stamped.encode())
        self.store.commit()

    def edited_since(self, theme_dir: Path) -> list[str] | None:
        """The site paths of the input files edited since the last build, when that
        is all that happened: no file added or removed, the same options, the
        clock short of the last build's horizon. None otherwise."""
        last, inputs = self.last, self.inputs(theme_dir)
        if not last.signatures or inputs.settings != last.settings:
            return None
        horizon = self.stamped.horizon  # the same record's (their generations agree)
        if horizon is not None and self.options.now >= datetime.fromisoformat(horizon):
            return None
        now = dict(inputs.signatures)
        if now.keys() != last.signatures.keys():
            return None  # a file added or removed
        site = str(self.options.site_dir.absolute()) + os.sep
        # A file changed just before the last build is recognised by its content: a
        # save in the same clock tick could have kept its signature. One that has
        # settled since (``_settle``) is known by its signature again.
        racy = self.stamped.by_content
        edited = [
            p
            for p, s in now.items()
            if last.signatures[p] != s
            or (p in racy and p in last.contents and last.contents[p] != inputs.content(p))
        ]
        if not all(p.startswith(site) for p in edited):
            return None  # the theme or sitegen's own files
        self._edits_only = bool(edited)
        return [p[len(site) :].replace(os.sep, "/") for p in edited]

    def remember(self, name: str, value: object) -> None:
        """Keep ``value`` for the next build into this output directory."""
        self.store.set_record(f"{name}:{self.name}", value)

    def remembered(self, name: str) -> Any:
        return self.store.record(f"{name}:{self.name}")

    # -- memo tables --------------------------------------------------------------

    def parsed(self, salt: str) -> ParsedArticles:
        from sitegen.incremental.tables import ParsedArticles

        return ParsedArticles(
            self.store, digest((code_fingerprint(), salt)), self.started_ns, self._at_start
        )

    def _at_start(self, file: str) -> str | None:
        """The digest of a racy input's bytes as this build began, None for a file
        that was not racy then (or inputs not read)."""
        inputs, path = self._inputs, os.path.abspath(file)
        return inputs.content(path) if inputs is not None and path in inputs.racy else None

    def parsed_before(self, salt: str, paths: Sequence[str]) -> dict[str, Article]:
        """The articles the last build parsed from ``paths``, whatever the files hold now."""
        from sitegen.incremental.tables import ParsedArticles

        return ParsedArticles.read(self.store, digest((code_fingerprint(), salt)), paths)

    def markdown(self, salt: str) -> Markdown:
        """The articles' markdown, split from their files as ``salt`` (the
        configuration) and sitegen's code split it."""
        from sitegen.incremental.tables import Markdown

        return Markdown(self.store, digest((code_fingerprint(), salt)))

    def bodies(self, salt: str) -> RenderedBodies:
        from sitegen.incremental.tables import RenderedBodies

        return RenderedBodies(self.store, digest((code_fingerprint(), salt)))

    def share(self) -> Path | None:
        """Commit what the memo tables hold so far, so that the build's other
        processes can read it (``Store.reading``) from the file returned; None
        when the store is in memory. The memo is a cache: an entry committed
        early only spares a later build work."""
        self.store.commit()
        return self.store.path if self.store.on_disk else None

    def slot(self, name: str) -> Slot:
        """A named value a stage keeps between builds (the related lists and their words)."""
        from sitegen.incremental.tables import Slot

        return Slot(self.store, name)

    def search(self) -> SearchBundles:
        from sitegen.incremental.tables import SearchBundles

        return SearchBundles(self.store)

    def salt(self, *parts: object) -> str:
        """What every output of a kind reads besides its own inputs, with sitegen's code."""
        return digest((code_fingerprint(), self.options.minify, parts))

    @property
    def compiled_templates(self) -> Path:
        return self.directory / "templates" / code_fingerprint()[:16]

    # -- outputs --------------------------------------------------------------------

    def known(self, path: str) -> str:
        """The key the last build recorded for ``path``; empty if none."""
        return self.last.keys.get(path, "")

    def settle(
        self, planned: Iterable[Planned], made: Callable[[OutputFile], Output] | None = None
    ) -> list[Output]:
        """Each planned output kept when the last build made it of the same inputs,
        made otherwise, and handed to ``made`` as soon as it is (to stage it:
        a site's feeds are tens of megabytes)."""
        from sitegen.model import KeptFile

        keep = made or (lambda file: file)
        return [
            KeptFile(p.path, p.key) if self.kept(p.path, p.key) else keep(p.make()) for p in planned
        ]

    def kept(self, path: str, key: str) -> bool:
        """Whether the last build made ``path`` of the same inputs (``key``), so
        that its file stands for this build's."""
        return bool(key) and self.last.keys.get(path) == key

    def kept_intact(self, outputs: Sequence[Output]) -> bool:
        """Whether every kept file is exactly what the last build wrote: a file
        touched, replaced or deleted since cannot stand for this build's. One
        ``stat`` per kept file, by its path below the output (not from ``/``)."""
        from sitegen.model import kept_paths

        kept = kept_paths(outputs)
        if not kept:
            return True
        entries = self.last.manifest
        try:
            with opened(str(self.output_dir)) as root:
                found = all(_as_recorded(root, path, entries.get(path)) for path in kept)
        except OSError:
            return False
        self.intact = set(kept) if found else frozenset()
        return found

    def kept_intact_aside(
        self, copies: Sequence[tuple[StrPath, str]] = (), spare: str | None = None
    ) -> KeptCheck:
        """``kept_intact``, its ``stat`` calls made by a forked process while this
        one reads the remembered site: the one waits on the disk, the other on
        the processor (at 100,000 articles, 0.8 s and 1.7 s). The child checks
        every file of the last build's manifest and names those not as recorded;
        the answer, given the outputs, is whether none of them is kept. With one
        job, on a smaller site (``ASIDE_FROM``), or where the process cannot fork,
        the check is made when asked.

        The child then asks, for the writer, what it would ask itself: the times
        of the spare's folders (``asked``; ``spare``: where the writer will find
        the spare tree), and the sources of ``copies`` (the last build's, which
        this build copies again), naming those no longer as their entry keys
        them (``copy_keys``)."""
        if self.options.jobs < 2 or len(self.last.manifest) < ASIDE_FROM:
            return KeptCheck(self, None)
        known = self.last.spare
        work = Aside.of(
            str(self.output_dir),
            self.last.manifest,
            spare if known is not None else None,
            known.folders if known is not None else "",
            known.times if known is not None else b"",
            copies,
        )
        return KeptCheck(self, _stat_aside(work) if work is not None else None, work)

    def asked_aside(self) -> tuple[AskedTimes | None, CopyKeys | None]:
        """What the check aside (``kept_intact_aside``) asked for the writer: the
        times of the spare's folders, and the copies whose source is as their
        entry keys it; None for what it did not ask or did not answer. Read
        when the writer needs them: by then the child has long finished (it
        answered the check of kept files first, so the build waits for no more
        of it than that)."""
        later, self._later = self._later, None
        return later.read() if later is not None else (None, None)

    def forget_outputs(self) -> None:
        """Let no output be kept in this build (some kept file was not intact)."""
        self._last = LastBuild(manifest=self.last.manifest, spare=self.last.spare)

    def read_kept(self, outputs: Sequence[Output]) -> list[OutputFile]:
        """Every output with its bytes, for the readers of the HTML (``check``)."""
        from sitegen.model import KeptFile, OutputFile, StagedFile

        return [
            OutputFile(o.path, (self.output_dir / o.path).read_bytes(), key=o.key)
            if isinstance(o, KeptFile)
            else OutputFile(o.path, o.read(), key=o.key)
            if isinstance(o, StagedFile)
            else o
            for o in outputs
        ]

    @property
    def manifest(self) -> Manifest:
        last = self.last
        return Manifest(str(self.output_dir), last.manifest, self.stamped.tree, last.spare)

    @property
    def spare_near(self) -> Path:
        """Where the writer keeps its spare tree when the cache shares the output's disk."""
        return self.directory / "outputs" / self.name.replace(":", "-")

    def void_last(self) -> None:
        """From now until ``record``, no record describes the output directory: a
        build killed after the swap must not trust the old manifest."""
        self.store.drop_record("stamp:" + self.name)  # and with it, the big record's trust
        self.store.commit()

    def record(
        self,
        keys: dict[str, str],
        manifest: Manifest,
        horizon: datetime | None,
        pages: int,
        warnings: tuple[Problem, ...],
        theme_dir: Path,
        complete: bool = True,
    ) -> None:
        """Remember this build for the next one: ``keys`` of its outputs
        (``output_keys``) and the ``manifest`` the writer made. ``complete``
        False (the preview's first write, before its search index) records keys
        and manifest but no stamp.

        After edits alone, only what changed since the last whole record is
        written (``LastDelta``); otherwise, or once that grows past
        ``DELTA_LIMIT``, the whole record."""
        inputs = self.inputs(theme_dir) if complete else None
        # Racy to this build, they are recorded by content unless they have
        # settled by now as they were: a long build (a site written out and built
        # at once) then leaves none for the next builds to read.
        racy = inputs.racy - inputs.settled(time.time_ns()) if inputs else frozenset()
        last = LastBuild(
            manifest=dict(manifest.entries),
            keys=keys,
            signatures=dict(inputs.signatures) if inputs else {},
            settings=inputs.settings if inputs else "",
            contents={p: inputs.content(p) for p in racy} if inputs else {},
            spare=manifest.spare,
            generation=os.urandom(8).hex(),
        )
        delta = self._delta_to(last, manifest.since)
        self._last = self._recorded = last
        self.stamped = Stamped(
            inputs.digest(racy) if inputs else "",
            racy,
            horizon.isoformat() if horizon else None,
            pages,
            warnings,
            len(manifest.entries),
            manifest.stamp,
            last.generation,
        )
        if delta is not None:
            self.store.set_record("delta:" + self.name, delta.encode())
        else:
            self.store.set_record(self.name, last.encode())
            self.store.drop_record("delta:" + self.name)
        self._delta = delta
        self.store.set_record("stamp:" + self.name, self.stamped.encode())
        self.store.commit()

    def _delta_to(self, new: LastBuild, written: Since | None = None) -> LastDelta | None:
        """What to record of ``new`` over the stored base, or None to record it whole:
        after anything but edits, over a record this build did not read, or when
        the delta would be too large. ``written``: what the writer changed of the
        manifest, taken as the step's when it was told against the record read."""
        old = self._recorded
        if not self._edits_only or old is None or not old.generation:
            return None
        since = self._delta or LastDelta(old.generation, old.generation)
        told = written is not None and written.base is old.manifest
        step = (written.changed, written.removed) if told and written is not None else None
        delta = since.then(old, new, step)
        return delta if delta.size <= DELTA_LIMIT else None


def output_keys(outputs: Sequence[Output]) -> dict[str, str]:
    """Output path → key of those of ``outputs`` that have a key; the kept files of
    an ``Outputs`` taken as they are (``filter`` of the map's items, in C)."""
    from sitegen.model import Outputs

    if not isinstance(outputs, Outputs):
        return {o.path: o.key for o in outputs if o.key}
    keys = dict(filter(_HAS_KEY, outputs.kept.items()))
    keys.update((o.path, o.key) for o in outputs.made if o.key)
    return keys


_HAS_KEY = operator.itemgetter(1)


ASIDE_FROM = 20_000
"""Output files from which the output is checked partly by a forked process: the
kept files of an edit (``kept_intact_aside``) and the tree of a build with
nothing to do (``TreeCheck``). Below, a check takes a few hundredths of a
second, less than a second process costs to start. At 10,000 articles (38,000
files):

- a body edit checks its kept files in 0.12 s, and the writer asks the spare's
  folders and the copies' sources in 0.1 s more; made aside, one edit took
  0.94 to 1.13 s (median 1.04 s, seven edits) against 1.11 to 1.22 s (median
  1.15 s, five);
- a build with nothing to do asks the output in 0.16 s alone, and in 0.10 to
  0.12 s split with the child (the whole check: 0.23 s against 0.18 to 0.20 s)."""

ASIDE_LIMIT = 1_000
"""Files the forked check names at most: past that, the output is not the last
build's (and it says so with a count past the limit)."""


class KeptCheck:
    """The answer of ``Engine.kept_intact_aside``: call it with the outputs once;
    ``close`` (or leaving ``with``) reaps the child if it was never asked."""

    def __init__(
        self, engine: Engine, child: tuple[int, int] | None, work: Aside | None = None
    ) -> None:
        self.engine, self.child, self.work = engine, child, work

    def __enter__(self) -> KeptCheck:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __call__(self, outputs: Sequence[Output]) -> bool:
        found = self._collect()
        if found is None:
            return self.engine.kept_intact(outputs)  # no answer aside: ask here
        if len(found) > ASIDE_LIMIT:
            return False
        from sitegen.model import kept_paths

        recorded = self.engine.last.manifest
        kept = kept_paths(outputs)
        if not kept.isdisjoint(found) or not recorded.keys() >= kept:
            return False
        self.engine.intact = AsRecorded(recorded, found)  # copied files too: every file was asked
        return True

    def close(self) -> None:
        self._collect()

    def _collect(self) -> set[str] | None:
        """The paths the child found not as recorded; None when it gave no answer.
        The rest of its answer is left to the engine (``asked_aside``)."""
        if self.child is None or self.work is None:
            return None
        pid, reading = self.child
        self.child = None
        later = _Later(pid, os.fdopen(reading, "rb"), self.work)
        self.engine.asked_aside()  # an earlier check's child, if any, reaped
        self.engine._later = later  # reaped by the engine, whatever is read here
        names = later.message()
        return set(names) if isinstance(names, list) else None


class _Later:
    """The child of a check aside and the pipe it answers through: the paths not
    as recorded first, then what it asked for the writer."""

    def __init__(self, pid: int, pipe: BinaryIO, work: Aside) -> None:
        self.pid, self.pipe, self.work = pid, pipe, work

    def message(self) -> Any:
        """The next value the child sent; None when it sent no more (it failed, or
        stopped short)."""
        try:
            size = int.from_bytes(self.pipe.read(8), "little")
            data = self.pipe.read(size)
            # From this process's own fork, through its own pipe.
            return pickle.loads(data) if size and len(data) == size else None
        except Exception:
            return None

    def read(self) -> tuple[AskedTimes | None, CopyKeys | None]:
        """The rest of the answer (``Engine.asked_aside``), the child reaped."""
        try:
            rest = self.message()
            self.pipe.read()  # to the end: the child has then exited
        finally:
            self.pipe.close()
            os.waitpid(self.pid, 0)
        if not isinstance(rest, tuple) or len(rest) != 2:
            return None, None
        times, changed = rest
        work = self.work
        asked = None
        if isinstance(times, list) and work.spare is not None:  # the recorded times, but these
            whole = array.array("q")
            whole.frombytes(work.recorded)
            for index, mtime, inode in times:
                whole[2 * index], whole[2 * index + 1] = mtime, inode
            times = whole.tobytes()
        if isinstance(times, bytes) and work.spare is not None:
            asked = AskedTimes(work.spare, work.folders, times)
        copies = None
        if isinstance(changed, list):
            copies = CopyKeys(work.copies, work.entries, frozenset(changed))
        return asked, copies


@dataclass(frozen=True, slots=True)
class AsRecorded:
    """The paths of a manifest but those a check found otherwise (``KeptCheck``):
    told without a set of half a million paths."""

    recorded: Container[str]
    found: Container[str]

    def __contains__(self, path: object) -> bool:
        return path in self.recorded and path not in self.found


@dataclass(frozen=True, slots=True)
class Aside:
    """What the check aside asks.

    The child reads only the flat fields, each one string or one buffer. It
    never reads the manifest and the copies themselves: visiting an object
    writes its reference count, so the page of memory it sits on is copied
    into the child. Iterating the manifest's half a million objects copied
    nearly all of them; the child of a 100,000-article edit was about
    380 MiB, and with the build's own 663 MiB the edit passed 1 GiB."""

    root: str
    """The output directory: its files are checked against the manifest."""
    entries: dict[str, Entry]
    """The manifest, for this process (``CopyKeys``); the child reads ``paths``
    and ``marks``."""
    spare: str | None
    """The spare tree, if the last build's record tells its ``folders``."""
    folders: str
    recorded: bytes
    """The folders' times as the record has them (``Known.times``): the child
    sends only the times that differ, so its answer fits the pipe's buffer and
    it exits as soon as it is written, not when the writer reads it (a child
    blocked on a full pipe kept its copies of pages through the whole build)."""
    copies: Sequence[tuple[StrPath, str]]
    """Copies whose source is checked against the key of their entry, for this
    process (``CopyKeys``); the child reads ``sources`` and ``keys``."""
    paths: str
    """The manifest's paths, joined by NUL (no path holds one)."""
    marks: bytes
    """``file_marks`` of the manifest: size, modification time and inode of each path."""
    sources: str
    """The sources of ``copies``, joined by NUL."""
    keys: str
    """The digest the manifest records for the output path of each of ``copies``
    (``-`` where it records none), joined by NUL."""

    @classmethod
    def of(
        cls,
        root: str,
        entries: dict[str, Entry],
        spare: str | None,
        folders: str,
        recorded: bytes,
        copies: Sequence[tuple[StrPath, str]],
    ) -> Aside | None:
        """The check of ``entries`` (and ``copies``) flattened for the child; None
        for a manifest of an older shape (no inodes), which is checked here. Made
        by joins and ``map`` in C, no loop in Python: it delays the build."""
        if set(map(len, entries.values())) - {4}:
            return None
        targets = map(_SECOND, copies)
        return cls(
            root,
            entries,
            spare,
            folders,
            recorded,
            copies,
            "\0".join(entries),
            file_marks(entries).tobytes(),
            "\0".join(map(os.fspath, map(_FIRST, copies))),
            "\0".join(map(_FIRST, map(entries.get, targets, itertools.repeat(_NO_ENTRY)))),
        )


_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)
_NO_ENTRY = ("-",)
"""Stands for the entry of a copy the manifest does not record: a digest no
source has, and no empty string, which joined last would be lost."""


def _joined(joined: str) -> Iterator[str]:
    """The strings ``"\0".join`` made ``joined`` of (none of them empty), one at a
    time: the child holds one path of half a million, not a list of them all."""
    start = 0
    while start < len(joined):
        end = joined.find("\0", start)
        end = len(joined) if end < 0 else end
        yield joined[start:end]
        start = end + 1


def _stat_aside(work: Aside) -> tuple[int, int] | None:
    """Fork a process that writes to a pipe two values (``_send``): the paths of
    ``entries`` whose file below ``root`` is not as recorded (at most
    ``ASIDE_LIMIT`` and one); then the ``folder_times`` of the spare (bytes), or
    None, and the positions of the copies not as recorded
    (``copy_keys_changed``), or None. Its pid and the pipe's reading end."""
    return forked(functools.partial(_answer_aside, work))


def _answer_aside(work: Aside, writing: int) -> None:
    """The child's part: stat calls and two messages, made of ``work``'s flat
    fields alone (see ``Aside``). The collector stays off: a collection would
    visit, and so copy, every object the child inherited."""
    gc.disable()
    marks = array.array("q")
    marks.frombytes(work.marks)
    _send(writing, _not_as_recorded(work.root, _joined(work.paths), marks))  # awaited
    times = _spare_times(work) if work.spare is not None else None
    copies = zip(_joined(work.sources), _joined(work.keys), strict=True)
    changed = copy_keys_changed(copies, ASIDE_LIMIT) if work.sources else None
    _send(writing, (times, changed))


def _send(writing: int, value: object) -> None:
    """``value`` pickled, after its length in eight bytes."""
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    write_all(writing, len(data).to_bytes(8, "little") + data)


def _spare_times(work: Aside) -> list[tuple[int, int, int]] | bytes | None:
    """``folder_times`` of the spare's ``folders``: those that differ from
    ``recorded``, as ``(index, mtime_ns, inode)``, or all of them as bytes when
    many do (or the record is of another length); None when the spare cannot be
    opened."""
    assert work.spare is not None
    try:
        with opened(work.spare) as descriptor:
            now = folder_times(descriptor, work.folders.split("\0"))
    except OSError:
        return None
    recorded = array.array("q")
    recorded.frombytes(work.recorded)
    if len(recorded) != len(now):
        return now.tobytes()
    if now == recorded:
        return []
    differing = [
        (index // 2, now[index], now[index + 1])
        for index in range(0, len(now), 2)
        if now[index] != recorded[index] or now[index + 1] != recorded[index + 1]
    ]
    return differing if len(differing) <= TIMES_SENT else now.tobytes()


TIMES_SENT = 1_000
"""Differing folder times the check aside sends one by one: past that, it sends
them all (16 bytes a folder)."""


def _not_as_recorded(root: str, paths: Iterable[str], marks: Sequence[int]) -> list[str]:
    """Those of ``paths`` below ``root`` whose file is not the one ``marks`` (three
    numbers a path, as ``file_marks``) describe, at most ``ASIDE_LIMIT`` and one."""
    found: list[str] = []
    with opened(root) as descriptor:
        for index, path in enumerate(paths):
            at = 3 * index
            if not _is_file(descriptor, path, marks[at], marks[at + 1], marks[at + 2]):
                found.append(path)
                if len(found) > ASIDE_LIMIT:
                    break
    return found


def _as_recorded(root: int, path: str, entry: Entry | None) -> bool:
    """Whether the file ``path`` below the folder ``root`` is the one ``entry`` (its
    manifest entry) describes."""
    if entry is None or len(entry) != 4:
        return False
    return _is_file(root, path, entry[1], entry[2], entry[3])


def _is_file(root: int, path: str, size: object, mtime_ns: object, inode: object) -> bool:
    """Whether the file ``path`` below the folder ``root`` has this inode,
    modification time and size. One ``lstat``, from the folder rather than from ``/``."""
    try:
        status = os.lstat(path, dir_fd=root)
    except OSError:
        return False
    return inode == status.st_ino and mtime_ns == status.st_mtime_ns and size == status.st_size


def cache_directory(options: BuildOptions) -> Path:
    """``--cache-dir`` or ``SITE/.sitegen-cache``: the only place besides the output we write."""
    return options.cache_dir or options.site_dir / ".sitegen-cache"
