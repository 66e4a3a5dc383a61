"""WordPress's ``wpautop``: the paragraphs of a classic-editor post.

WordPress stores a classic post as the author typed it: a blank line is a new
paragraph and a single newline is a line break, and ``wpautop`` adds the
``<p>`` and ``<br />`` tags each time the post is shown. Converting the stored
text without this step would run every paragraph of a post into one. This is
a port of the steps of ``wpautop`` (wp-includes/formatting.php) that shape
what a reader sees: block elements are not wrapped, ``<pre>`` is not touched,
newlines inside tags, ``<script>``, ``<style>``, ``<svg>`` and ``<math>`` stay
newlines. Block-editor content is never passed here: WordPress skips
``wpautop`` for a post that holds blocks.
"""

from __future__ import annotations

import re

_ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|math)"
)
_NEWLINE_IN_TAG = " <!-- wpnl --> "
_PRESERVED_NEWLINE = "<WPPreserveNewline />"

_STEPS_BEFORE_SPLIT: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<br\s*/?>\s*<br\s*/?>"), "\n\n"),
    (re.compile(r"(<" + _ALL_BLOCKS + r"[\s/>])"), r"\n\n\1"),
    (re.compile(r"(</" + _ALL_BLOCKS + r">)"), r"\1\n\n"),
    (re.compile(r"(<hr\s*?/?>)"), r"\1\n\n"),
)
_STEPS_AFTER_SPLIT: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<p>\s*</p>"), ""),
    (re.compile(r"<p>([^<]+)</(div|address|form)>"), r"<p>\1</p></\2>"),
    (re.compile(r"<p>\s*(</?" + _ALL_BLOCKS + r"[^>]*>)\s*</p>"), r"\1"),
    (re.compile(r"<p>(<li.+?)</p>"), r"\1"),
    (re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE), r"<blockquote\1><p>"),
    (re.compile(r"</blockquote></p>"), "</p></blockquote>"),
    (re.compile(r"<p>\s*(</?" + _ALL_BLOCKS + r"[^>]*>)"), r"\1"),
    (re.compile(r"(</?" + _ALL_BLOCKS + r"[^>]*>)\s*</p>"), r"\1"),
)
_COLLAPSED: tuple[tuple[str, tuple[tuple[re.Pattern[str], str], ...]], ...] = (
    (
        "<option",
        ((re.compile(r"\s*<option"), "<option"), (re.compile(r"</option>\s*"), "</option>")),
    ),
    (
        "</object>",
        (
            (re.compile(r"(<object[^>]*>)\s*"), r"\1"),
            (re.compile(r"\s*</object>"), "</object>"),
            (re.compile(r"\s*(</?(?:param|embed)[^>]*>)\s*"), r"\1"),
        ),
    ),
    (
        "<source",
        (
            (re.compile(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*"), r"\1"),
            (re.compile(r"\s*([<\[]/(?:audio|video)[>\]])"), r"\1"),
            (re.compile(r"\s*(<(?:source|track)[^>]*>)\s*"), r"\1"),
        ),
    ),
    (
        "<figcaption",
        (
            (re.compile(r"\s*(<figcaption[^>]*>)"), r"\1"),
            (re.compile(r"</figcaption>\s*"), "</figcaption>"),
        ),
    ),
)
"""Line breaks WordPress takes out around some elements, each when the text holds it."""

_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_KEEP_NEWLINES = re.compile(r"<(script|style|svg|math).*?</\1>", re.DOTALL)
_LONE_NEWLINE = re.compile(r"(?<!<br />)\s*\n")
_BR_AFTER_BLOCK = re.compile(r"(</?" + _ALL_BLOCKS + r"[^>]*>)\s*<br />")
_BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)")


def autop(text: str) -> str:
    """The HTML WordPress shows for ``text`` stored by the classic editor."""
    if not text.strip():
        return ""
    text, pre_tags = _set_aside_pre(text + "\n")
    for pattern, replacement in _STEPS_BEFORE_SPLIT:
        text = pattern.sub(replacement, text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TAG_OR_COMMENT.sub(lambda m: m.group(0).replace("\n", _NEWLINE_IN_TAG), text)
    for marker, steps in _COLLAPSED:
        if marker in text or (marker == "<source" and "<track" in text):
            for pattern, replacement in steps:
                text = pattern.sub(replacement, text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join("<p>" + p.strip("\n") + "</p>\n" for p in paragraphs)
    for pattern, replacement in _STEPS_AFTER_SPLIT:
        text = pattern.sub(replacement, text)
    text = _add_line_breaks(text)
    text = _BR_AFTER_BLOCK.sub(r"\1", text)
    text = _BR_BEFORE_BLOCK.sub(r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    return text.replace(_NEWLINE_IN_TAG, "\n").replace(_NEWLINE_IN_TAG.strip(), "\n")


def _set_aside_pre(text: str) -> tuple[str, dict[str, str]]:
    """``<pre>`` blocks are replaced by placeholders while the rest is shaped."""
    if "<pre" not in text:
        return text, {}
    *parts, last = text.split("</pre>")
    kept: dict[str, str] = {}
    out: list[str] = []
    for part in parts:
        start = part.find("<pre")
        if start < 0:  # malformed HTML: a </pre> without its <pre>
            out.append(part)
            continue
        name = f"<pre wp-pre-tag-{len(kept)}></pre>"
        kept[name] = part[start:] + "</pre>"
        out.append(part[:start] + name)
    out.append(last)
    return "".join(out), kept


def _add_line_breaks(text: str) -> str:
    """A newline that is not a paragraph break is a ``<br />``."""
    text = _KEEP_NEWLINES.sub(lambda m: m.group(0).replace("\n", _PRESERVED_NEWLINE), text)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = _LONE_NEWLINE.sub("<br />\n", text)
    return text.replace(_PRESERVED_NEWLINE, "\n")
