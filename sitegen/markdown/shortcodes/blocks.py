"""The block rule: a shortcode tag alone on its lines, and its inner blocks.

A tag that fills its lines on its own (possibly several lines) opens a block
shortcode whose inner lines are tokenized as blocks up to the closing tag on
its own lines; fenced and indented code inside is skipped when looking for
it. The inner lines of a shortcode declared ``inner: raw`` are kept as text
instead (and a fence inside them is only text). ``expand.py`` folds the
open/close tokens into one ``shortcode_block``.
"""

from __future__ import annotations

import re

from markdown_it.rules_block import StateBlock
from mdit_py_plugins.utils import is_code_block

from sitegen.markdown.document import document_of
from sitegen.markdown.shortcodes.calls import check_tag, report_unclosed, stands_alone
from sitegen.markdown.shortcodes.faq import FAQ, split_questions
from sitegen.markdown.shortcodes.registry import ShortcodeRegistry
from sitegen.markdown.shortcodes.syntax import (
    CLOSE,
    OPEN,
    SELF_CLOSING,
    STARTS,
    Tag,
    parse_tag,
    unescape_literals,
    written,
)


def block_tag(state: StateBlock, line: int, end_line: int) -> tuple[Tag, int] | None:
    """The tag that starts ``line`` and fills its lines on its own, and its last line.

    A tag may run over several lines (arguments one per line); a blank line or
    a line outside the current container ends the search.
    """
    if not state.src.startswith(STARTS, state.bMarks[line] + state.tShift[line]):
        return None
    pieces: list[str] = []
    for current in range(line, end_line):
        start, maximum = state.bMarks[current] + state.tShift[current], state.eMarks[current]
        if current > line and (start >= maximum or state.sCount[current] < state.blkIndent):
            return None
        text = state.src[start:maximum]
        pieces.append(text)
        if ">}}" not in text and "%}}" not in text:
            continue
        joined = "\n".join(pieces).rstrip()
        tag = parse_tag(joined, 0)
        if isinstance(tag, Tag):
            whole = tag.end == len(joined) and tag.literal is None
            return (tag, current) if whole else None
    return None


def parse_block(
    state: StateBlock, start_line: int, end_line: int, silent: bool, registry: ShortcodeRegistry
) -> bool:
    """Block rule: a tag alone on its lines (a closing tag is left to the paragraph,
    and so is a shortcode declared ``block: false``)."""
    if is_code_block(state, start_line):
        return False
    found = block_tag(state, start_line, end_line)
    if found is None or found[0].kind == CLOSE:
        return False
    tag, last = found
    spec = registry.get(tag.name)
    if spec is not None and spec.block is False:
        return False  # it renders text: alone on its line, it is a paragraph's text
    if silent:
        return True
    # Hugo's youtube-style tag with no closing tag anywhere after it: nothing to scan for.
    no_close = state.src.find("/" + tag.name, state.eMarks[last]) < 0
    if tag.kind == SELF_CLOSING or (spec is not None and spec.inner == "none" and no_close):
        push_block(state, registry, tag, start_line, last)
        return True
    alone = stands_alone(registry, tag)
    raw = spec is not None and spec.inner == "raw"
    close, mismatch, stop = find_block_close(state, tag, last + 1, end_line, alone, raw)
    if close is not None:
        open_block(state, registry, tag, (start_line, last + 1, close), consumed=True)
    else:
        close_unclosed(state, registry, tag, (start_line, last, stop), mismatch)
    return True


def close_unclosed(
    state: StateBlock,
    registry: ShortcodeRegistry,
    tag: Tag,
    lines: tuple[int, int, int],
    mismatch: tuple[int, Tag] | None,
) -> None:
    """An opening tag whose closing tag is not found, up to the end of its container.

    Alone for a shortcode without inner content; closed by its misspelt closing
    tag for an unknown one (reported unknown, once); else reported unclosed, at
    the closing tag of another shortcode when there is one.
    """
    start_line, last, stop = lines
    document = document_of(state.env)
    if stands_alone(registry, tag):
        if registry.get(tag.name) is None and mismatch is not None:
            open_block(state, registry, tag, (start_line, last + 1, mismatch[0]), consumed=True)
        else:
            push_block(state, registry, tag, start_line, last)
    elif mismatch is not None:
        line, other = mismatch
        document.error(
            line,
            f"mismatched closing tag {written(other.markup, '/' + other.name)}: "
            f"{written(tag.markup, tag.name)} on line {document.body_line + start_line} "
            f"expects {written(tag.markup, '/' + tag.name)}",
        )
        open_block(state, registry, tag, (start_line, last + 1, line), consumed=True, closed=False)
    else:
        report_unclosed(document, tag, start_line)
        open_block(state, registry, tag, (start_line, last + 1, stop), consumed=False, closed=False)


def push_block(
    state: StateBlock, registry: ShortcodeRegistry, tag: Tag, start_line: int, last: int
) -> None:
    """A self-closing block shortcode over lines ``start_line`` to ``last``."""
    document = document_of(state.env)
    token = state.push("shortcode_block", "", 0)
    token.block = True
    token.map = [start_line, last + 1]
    token.meta = check_tag(document, registry, tag, None, start_line)
    token.children = []
    if tag.name == FAQ:
        token.meta["questions"] = split_questions([], start_line, document)
    state.line = last + 1


def open_block(
    state: StateBlock,
    registry: ShortcodeRegistry,
    tag: Tag,
    lines: tuple[int, int, int],
    consumed: bool,
    closed: bool = True,
) -> None:
    """Tokenize a paired block shortcode's inner lines between open and close tokens.

    ``lines`` are the tag's first line, the first inner line and the line that
    ends the inner content; ``consumed`` when that line is a closing tag.
    """
    start_line, first, close_line = lines
    document = document_of(state.env)
    inner = state.getLines(first, close_line, state.blkIndent, False)
    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType = "shortcode"
    state.lineMax = close_line
    token = state.push("shortcode_open", "", 1)
    token.block = True
    token.map = [start_line, close_line + 1 if consumed else close_line]
    token.meta = check_tag(document, registry, tag, inner, start_line, closed)
    spec = registry.get(tag.name)
    if spec is not None and spec.inner == "raw" and closed:
        token.meta["raw"] = unescape_literals(inner)
    else:  # an unclosed raw shortcode is not raw: the rest of the page keeps its checks
        state.md.block.tokenize(state, first, close_line)
    state.push("shortcode_close", "", -1).block = True
    state.parentType, state.lineMax = old_parent, old_line_max
    state.line = close_line + 1 if consumed else close_line


def find_block_close(
    state: StateBlock,
    tag: Tag,
    first_line: int,
    end_line: int,
    alone: bool = False,
    raw: bool = False,
) -> tuple[int | None, tuple[int, Tag] | None, int]:
    """``(line of the closing tag, first mismatched closing tag, end of the search)``.

    Fenced and indented code is skipped, unless the inner content is ``raw``
    (its fences are text: a closing tag after a lone ``` still closes it). A
    closing tag of another shortcode that was never opened here is the
    mismatch: it may be meant for this one. A tag that may stand ``alone`` has
    no closing tag beyond the next opening tag of its name (each of them looks
    only that far, so a page of them is read once, not once per tag).
    """
    depth, fence, others = 0, "", dict[str, int]()
    mismatch: tuple[int, Tag] | None = None
    line = first_line
    while line < end_line:
        start, maximum = state.bMarks[line] + state.tShift[line], state.eMarks[line]
        if start < maximum and state.sCount[line] < state.blkIndent:
            return None, mismatch, line
        text = state.src[start:maximum]
        if not raw and (fence or is_code_block(state, line)):
            fence = "" if fence and _closes_fence(_QUOTES.sub("", text), fence) else fence
            line += 1
            continue
        fence = "" if raw else _opens_fence(_CONTAINERS.sub("", text))
        found = None if fence else block_tag(state, line, end_line)
        if found is None:
            line += 1
            continue
        inner, last = found
        step = {OPEN: 1, CLOSE: -1}.get(inner.kind, 0)
        if inner.name == tag.name:
            if alone and step == 1 and depth == 0:
                return None, mismatch, line
            if step == -1 and depth == 0:
                return line, mismatch, end_line
            depth += step
        elif step == -1 and others.get(inner.name, 0) == 0:
            mismatch = mismatch or (line, inner)
        else:
            others[inner.name] = others.get(inner.name, 0) + step
        line = last + 1
    return None, mismatch, end_line


_CONTAINERS = re.compile(r"(?:>[ \t]?|[-+*][ \t]+|[0-9]{1,9}[.)][ \t]+)*")
"""The markers of the blocks a fence may open in (quotes, list items: ``- ```go``)."""
_QUOTES = re.compile(r"(?:>[ \t]?)*")
"""The markers a fence's closing line may follow; a list item's is indentation."""


def _opens_fence(text: str) -> str:
    marker = text[:1]
    if marker not in ("`", "~"):
        return ""
    run = len(text) - len(text.lstrip(marker))
    return marker * run if run >= 3 else ""


def _closes_fence(text: str, fence: str) -> bool:
    stripped = text.rstrip()
    return stripped.startswith(fence) and not stripped.lstrip(fence[0])
