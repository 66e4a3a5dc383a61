"""Lines of the export for things found in a post's content after it was reshaped.

A post's content is reshaped (paragraphs added, blocks unwrapped, shortcodes
replaced) before it becomes markdown, so a position in the reshaped text is
not a line of the export. What a note is about (a shortcode's tag, a dropped
``<iframe>``) is found again in the content as it was stored, searching
forward from the last thing found, so repeated snippets map to successive
lines; what cannot be found is reported at the line where the content starts.
"""

from __future__ import annotations


class LineFinder:
    """Export lines of snippets of one post's stored content, in reading order."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.first_line = first_line
        self.cursor = 0

    def line_at(self, offset: int) -> int:
        """The export line of ``offset`` in the stored content."""
        return self.first_line + self.text.count("\n", 0, max(offset, 0))

    def line_of(self, snippet: str) -> int:
        """The line of ``snippet``'s next occurrence (else its first; else the start)."""
        snippet = snippet.strip()
        if not snippet:
            return self.first_line
        found = self.text.find(snippet, self.cursor)
        if found < 0:
            found = self.text.find(snippet)
        if found < 0:
            return self.first_line
        self.cursor = found + 1
        return self.line_at(found)
