"""site.yaml ``exclude``: glob patterns naming files below ``content/`` to ignore.

Patterns read as in ``.gitignore``, which authors know: one without a ``/``
matches a name at any depth (``*.html``, ``README.md``, ``drafts``); one with a
``/`` matches the path from ``content/`` (``drafts/**``, ``2019/*.md``; a
leading ``/`` only anchors). ``*`` and ``?`` stay within one name, ``**``
spans folders, ``[abc]`` is one of those characters. A pattern that matches a
folder excludes everything in it. Matching is case-sensitive, as on the disks
sites are built on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def _translate(pattern: str) -> str:
    """The regex of one pattern, matched against a path relative to ``content/``."""
    body = pattern.strip().rstrip("/")
    anchored = "/" in body
    body = body.lstrip("/")
    parts: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if body.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
            continue
        if body.startswith("**", index):
            parts.append(".*")
            index += 2
            continue
        closing = body.find("]", index + 2) if char == "[" else -1
        if char == "*":
            parts.append("[^/]*")
        elif char == "?":
            parts.append("[^/]")
        elif closing > 0:
            inside = body[index + 1 : closing]
            negate = inside[:1] in ("!", "^")
            inside = re.escape(inside[1:] if negate else inside).replace("\\-", "-")
            parts.append(f"[{'^/' if negate else ''}{inside}]")
            index = closing
        else:
            parts.append(re.escape(char))
        index += 1
    return ("" if anchored else "(?:.*/)?") + "".join(parts)


class Excluder:
    """Tells which content paths the patterns exclude, and remembers which
    patterns excluded anything (a pattern that never does is likely a typo)."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(patterns)
        self._compiled = tuple(re.compile(_translate(p)) for p in self.patterns)
        self._used = [False] * len(self.patterns)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def excludes(self, relative: str) -> bool:
        """True when file or folder ``relative`` (below ``content/``) is excluded."""
        found = False
        for index, regex in enumerate(self._compiled):
            if regex.fullmatch(relative):
                self._used[index] = found = True
        return found

    def unused(self) -> tuple[int, ...]:
        """Indexes of the patterns that excluded nothing."""
        return tuple(i for i, used in enumerate(self._used) if not used)
