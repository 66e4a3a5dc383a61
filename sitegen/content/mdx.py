"""MDX bodies, read as the markdown they mostly are (``formats.read_front_matter``).

Astro, Docusaurus, Gatsby and Next.js blogs write many posts as ``.mdx``:
markdown with JavaScript module lines (``import Tabs from '@theme/Tabs'``,
``export const meta = …``) and components written as HTML tags. sitegen runs
no JavaScript: the module lines are taken out, each a warning at its line
(left, they were a paragraph of code shown to readers), and the components go
the way of any raw HTML (``markdown.html``: the sanitizer removes what it does
not allow, saying so at each line). Left as they were, ``.mdx`` files were
copied to the output as they are, front matter and all, and no page was made.
"""

from __future__ import annotations

import re

from sitegen.fences import fenced_lines

_MODULE_LINE = re.compile(r"(?:import|export)\s+\S")
"""A line of JavaScript at the top level of an MDX file: an ``import`` or an ``export``."""


def mdx_to_markdown(body: str) -> tuple[str, list[tuple[int, str]]]:
    """``body`` without its module lines (each left empty, so every other line
    keeps its number), and a warning for each at its line (1-based in ``body``).

    A module statement may run over several lines (``import {\n  A,\n} from
    'x'``): its lines are taken out up to the blank line that ends it, as MDX
    reads it. Lines in fenced code are the author's text and stay."""
    lines: list[str] = []
    notes: list[tuple[int, str]] = []
    inside = False
    for number, (line, fenced) in enumerate(fenced_lines(body), start=1):
        if inside and line.strip():
            lines.append("")
            continue
        inside = False
        if not fenced and _MODULE_LINE.match(line):
            statement = line.split()[0]
            notes.append((number, f"MDX {statement} left out: sitegen runs no JavaScript"))
            lines.append("")
            inside = True
            continue
        lines.append(line)
    return "\n".join(lines), notes
