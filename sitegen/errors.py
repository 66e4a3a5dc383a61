"""Problems an author must fix, collected across a whole run.

A build reports every error it finds, not just the first (SPEC §2), so stages
record :class:`Problem` objects in a :class:`Problems` collector, skip the bad
input and go on. ``build`` checks the collector at each stage boundary and
raises :class:`SiteError`, which ``cli.py`` turns into stderr lines and exit 1.
A bug in sitegen is not a Problem: broken invariants raise with a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with the site, at the place the author must edit."""

    path: str
    """File path relative to the site directory, with forward slashes."""
    line: int
    """1-based line in the file (not in the front matter block or body)."""
    message: str
    """What is wrong and, where possible, what fixes it."""

    def __str__(self) -> str:
        """One line, always: a value quoted from the author's file may hold a line
        break (``slug: "a\\nb"``), shown as ``\\n``."""
        return _one_line(f"{self.path}:{self.line}: {self.message}")


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n") if "\n" in text or "\r" in text else text


class Problems:
    """A collector that stages append to; ordered by file, line on output."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, path: str, line: int, message: str) -> None:
        """Record one problem at ``path:line``."""
        self._items.append(Problem(path, max(1, line), message))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record problems found elsewhere (say, in a worker process)."""
        self._items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())

    def sorted(self) -> tuple[Problem, ...]:
        """Every problem once, ordered by path then line, for stable output."""
        return tuple(sorted(set(self._items)))

    def raise_if_any(self) -> None:
        """End the run at a stage boundary when anything was recorded."""
        if self._items:
            raise SiteError(self.sorted())


class SiteError(Exception):
    """The site has errors; carries every Problem found so far."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[SiteError], tuple[tuple[Problem, ...]]]:
        return (SiteError, (self.problems,))


class RunError(Exception):
    """Something outside the site stopped the run: a full disk, a folder sitegen
    cannot write, another build holding the output too long.

    Not the author's text, so no ``PATH:LINE``: ``cli.py`` prints ``sitegen:
    MESSAGE`` and exits 1. Whoever raises it has left ``output/`` as it was.
    """


class ShortcodeError(Exception):
    """A shortcode call that cannot be rendered as written, in the author's words.

    Raised by what a shortcode template calls (``ref`` of a file that is no
    article, a template's own ``error(...)``) and reported at the line of the
    call in the article, where the author fixes it, not at the template's line.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    def __reduce__(self) -> tuple[type[ShortcodeError], tuple[str]]:
        return (ShortcodeError, (self.message,))
