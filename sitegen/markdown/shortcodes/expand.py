"""The shortcode plugin for markdown-it-py: Hugo tags in, template output out.

``shortcode_plugin(md, registry)`` adds, in the shape of mdit-py-plugins'
container plugin:

- a block rule: a tag alone on its line opens a block shortcode whose inner
  lines are parsed as blocks (fences, lists, nested shortcodes);
- an inline rule: a tag inside a paragraph, whose inner text is parsed inline;
- a core rule that folds each block shortcode (and each GitHub alert, which
  becomes a ``callout``) into one ``shortcode_block`` token with children;
- render rules that render the children, then the shortcode's template.

Code spans, fences and indented code are claimed by markdown-it before these
rules see them, so nothing inside code is expanded. Errors go to the
``Document`` in ``env`` at the body line where the tag starts.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from mdit_py_plugins.utils import is_code_block

from sitegen.errors import SiteError
from sitegen.markdown.document import Document, document_of
from sitegen.markdown.shortcodes.faq import FAQ, render_faq_items, split_questions
from sitegen.markdown.shortcodes.registry import ShortcodeRegistry, check_call, did_you_mean
from sitegen.markdown.shortcodes.syntax import (
    CLOSE,
    OPEN,
    SELF_CLOSING,
    Tag,
    TagError,
    find_closing,
    parse_tag,
)

ALERT_TYPES: Mapping[str, str] = {
    "NOTE": "note",
    "TIP": "pro-tip",
    "IMPORTANT": "did-you-know",
    "WARNING": "warning",
    "CAUTION": "warning",
}
"""GitHub alert kind → callout type (SPEC §4)."""


def shortcode_plugin(md: MarkdownIt, registry: ShortcodeRegistry) -> None:
    """Parse and render Hugo shortcodes known to ``registry``."""

    def block_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        return parse_block(state, start_line, end_line, silent, registry)

    def inline_rule(state: StateInline, silent: bool) -> bool:
        return parse_inline(state, silent, registry)

    def render_block(
        renderer: RendererHTML,
        tokens: Sequence[Token],
        idx: int,
        options: OptionsDict,
        env: MutableMapping[str, Any],
    ) -> str:
        token = tokens[idx]
        if "questions" in token.meta:
            inner = render_faq_items(renderer, token.meta["questions"], options, env)
        else:
            inner = renderer.render(token.children or [], options, env)
        html = expand(document_of(env), registry, token.meta, inner)
        return html if not html or html.endswith("\n") else html + "\n"

    def render_inline(
        renderer: RendererHTML,
        tokens: Sequence[Token],
        idx: int,
        options: OptionsDict,
        env: MutableMapping[str, Any],
    ) -> str:
        token = tokens[idx]
        inner = renderer.renderInline(token.children or [], options, env)
        return expand(document_of(env), registry, token.meta, inner)

    md.block.ruler.before(
        "fence", "shortcode", block_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.inline.ruler.after("text", "shortcode", inline_rule)
    # Replaces markdown-it's own "inline" step to tell inline rules their line.
    md.core.ruler.at("inline", parse_inlines)
    md.core.ruler.push("shortcode_fold", fold_shortcodes)
    md.add_render_rule("shortcode_block", render_block)
    md.add_render_rule("shortcode_inline", render_inline)


def expand(
    document: Document, registry: ShortcodeRegistry, meta: Mapping[str, Any], inner: str
) -> str:
    """The template's output; nothing for an invalid call or without a renderer."""
    name = meta["name"]
    if document.shortcodes is None or meta.get("invalid") or registry.get(name) is None:
        return ""
    try:  # the template gets the author's raw HTML sanitized, like the body
        return document.shortcodes(name, meta["args"], document.sanitized(inner), document.page)
    except SiteError as error:
        document.template_problems.extend(error.problems)
        return ""


def check_tag(
    document: Document, registry: ShortcodeRegistry, tag: Tag, inner: str | None, line: int
) -> dict[str, Any]:
    """Record what is wrong with a call; return the token meta for it."""
    spec = registry.get(tag.name)
    if spec is None:
        names = registry.names()
        hint = did_you_mean(tag.name, names) or f"; the shortcodes are: {', '.join(names)}"
        messages = [f"unknown shortcode '{tag.name}'{hint}"]
    else:
        messages = check_call(spec, tag.args, inner)
    for message in messages:
        document.error(line, message)
    return {"name": tag.name, "args": dict(tag.args), "line": line, "invalid": bool(messages)}


def parse_inlines(state: StateCore) -> None:
    """markdown-it's inline step, noting each inline token's first line."""
    document = document_of(state.env)
    for token in state.tokens:
        if token.type == "inline":
            if token.map:
                document.line = token.map[0]
            if token.children is None:
                token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def whole_line_tag(state: StateBlock, line: int) -> Tag | None:
    """The tag that fills ``line`` on its own (trailing spaces allowed), if any."""
    start = state.bMarks[line] + state.tShift[line]
    text = state.src[start : state.eMarks[line]].rstrip()
    if not text.startswith("{{<"):
        return None
    tag = parse_tag(text, 0)
    if isinstance(tag, TagError) or tag.end != len(text) or tag.literal is not None:
        return None
    return tag


def parse_block(
    state: StateBlock, start_line: int, end_line: int, silent: bool, registry: ShortcodeRegistry
) -> bool:
    """Block rule: a tag alone on its line (a closing tag is left to the paragraph)."""
    if is_code_block(state, start_line):
        return False
    if not state.src.startswith("{{<", state.bMarks[start_line] + state.tShift[start_line]):
        return False
    tag = whole_line_tag(state, start_line)
    if tag is None or tag.kind == CLOSE:
        return False
    if silent:
        return True
    document = document_of(state.env)
    if tag.kind == SELF_CLOSING:
        token = state.push("shortcode_block", "", 0)
        token.block = True
        token.map = [start_line, start_line + 1]
        token.meta = check_tag(document, registry, tag, None, start_line)
        token.children = []
        if tag.name == FAQ:
            token.meta["questions"] = split_questions([], start_line, document)
        state.line = start_line + 1
        return True
    open_block(state, tag, start_line, end_line, registry)
    return True


def open_block(
    state: StateBlock, tag: Tag, start_line: int, end_line: int, registry: ShortcodeRegistry
) -> None:
    """Tokenize a paired block shortcode's inner lines between open and close tokens."""
    document = document_of(state.env)
    close_line, closed = find_block_close(state, tag, start_line, end_line, document)
    inner = state.getLines(start_line + 1, close_line, state.blkIndent, False)
    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType = "shortcode"
    state.lineMax = close_line
    token = state.push("shortcode_open", "", 1)
    token.block = True
    token.map = [start_line, close_line + 1 if closed else close_line]
    token.meta = check_tag(document, registry, tag, inner, start_line)
    state.md.block.tokenize(state, start_line + 1, close_line)
    state.push("shortcode_close", "", -1).block = True
    state.parentType, state.lineMax = old_parent, old_line_max
    state.line = close_line + 1 if closed else close_line


def find_block_close(
    state: StateBlock, tag: Tag, start_line: int, end_line: int, document: Document
) -> tuple[int, bool]:
    """``(line of the closing tag, found)``; records unclosed and mismatched tags.

    Fenced and indented code is skipped. A closing tag of another shortcode
    that was never opened here closes this one, reported as a mismatch.
    """
    depth, fence, others = 0, "", dict[str, int]()
    mismatch: tuple[int, str] | None = None
    for line in range(start_line + 1, end_line):
        start, maximum = state.bMarks[line] + state.tShift[line], state.eMarks[line]
        if start < maximum and state.sCount[line] < state.blkIndent:
            end_line = line
            break
        text = state.src[start:maximum]
        if fence or is_code_block(state, line):
            fence = "" if fence and _closes_fence(text, fence) else fence
            continue
        fence = _opens_fence(text)
        inner = None if fence else whole_line_tag(state, line)
        if inner is None:
            continue
        step = {OPEN: 1, CLOSE: -1}.get(inner.kind, 0)
        if inner.name == tag.name:
            if step == -1 and depth == 0:
                return line, True
            depth += step
        elif step == -1 and others.get(inner.name, 0) == 0:
            mismatch = mismatch or (line, inner.name)
        else:
            others[inner.name] = others.get(inner.name, 0) + step
    return _report_unclosed(tag, start_line, end_line, mismatch, document)


def _report_unclosed(
    tag: Tag, start_line: int, end_line: int, mismatch: tuple[int, str] | None, document: Document
) -> tuple[int, bool]:
    name = tag.name
    if mismatch is None:
        document.error(
            start_line, f"shortcode '{name}' is never closed (expected {{{{< /{name} >}}}})"
        )
        return end_line, False
    line, other = mismatch
    document.error(
        line,
        f"mismatched closing tag {{{{< /{other} >}}}}: {{{{< {name} >}}}} on line "
        f"{document.body_line + start_line} expects {{{{< /{name} >}}}}",
    )
    return line, True


def _opens_fence(text: str) -> str:
    marker = text[:1]
    if marker not in ("`", "~"):
        return ""
    run = len(text) - len(text.lstrip(marker))
    return marker * run if run >= 3 else ""


def _closes_fence(text: str, fence: str) -> bool:
    stripped = text.rstrip()
    return stripped.startswith(fence) and not stripped.lstrip(fence[0])


def parse_inline(state: StateInline, silent: bool, registry: ShortcodeRegistry) -> bool:
    """Inline rule: a tag inside a paragraph; a paired one takes inline inner markdown."""
    pos = state.pos
    if not state.src.startswith("{{<", pos):
        return False
    tag = parse_tag(state.src, pos)
    document = document_of(state.env)
    line = document.line + state.src.count("\n", 0, pos)
    if isinstance(tag, TagError):
        if not silent:
            document.error(line, tag.message)
            document.broken.add(tag.name)
        return False
    end = tag.end
    if tag.kind == OPEN:
        closing = find_closing(state.src[: state.posMax], tag.end, tag.name)
        if closing is None and not silent:
            name = tag.name
            document.error(
                line, f"shortcode '{name}' is never closed (expected {{{{< /{name} >}}}})"
            )
        end = closing[1] if closing else end
        if closing and not silent:
            push_inline(state, registry, tag, line, state.src[tag.end : closing[0]])
    elif not silent:
        emit_inline_tag(state, registry, tag, line)
    state.pos = end
    return True


def emit_inline_tag(state: StateInline, registry: ShortcodeRegistry, tag: Tag, line: int) -> None:
    """A literal ``{{</* */>}}``, a self-closing tag, or a stray closing tag."""
    if tag.literal is not None:
        state.push("text", "", 0).content = tag.literal
    elif tag.kind == CLOSE:
        document = document_of(state.env)
        if tag.name not in document.broken:
            name = tag.name
            document.error(
                line, f"closing tag {{{{< /{name} >}}}} has no opening {{{{< {name} >}}}}"
            )
    else:
        push_inline(state, registry, tag, line, None)


def push_inline(
    state: StateInline, registry: ShortcodeRegistry, tag: Tag, line: int, inner: str | None
) -> None:
    """Push a ``shortcode_inline`` token; its inner text is parsed as inline markdown."""
    document = document_of(state.env)
    token = state.push("shortcode_inline", "", 0)
    token.meta = check_tag(document, registry, tag, inner, line)
    if tag.name == FAQ:
        token.meta["invalid"] = True
        document.error(
            line, "shortcode 'faq' must have {{< faq >}} and {{< /faq >}} on lines of their own"
        )
    token.children = []
    if inner:
        saved = document.line
        document.line = saved + state.src.count("\n", 0, tag.end)
        state.md.inline.parse(inner, state.md, state.env, token.children)
        document.line = saved


def fold_shortcodes(state: StateCore) -> None:
    """Fold block shortcodes and alerts, nested or not, into ``shortcode_block`` tokens."""
    document = document_of(state.env)
    root: list[Token] = []
    stack: list[tuple[Token, list[Token]]] = []
    for token in state.tokens:
        if token.type in ("shortcode_open", "alert_open"):
            stack.append((token, []))
            continue
        if token.type in ("shortcode_close", "alert_close"):
            opener, children = stack.pop()
            token = fold_block(opener, children, document)
        (stack[-1][1] if stack else root).append(token)
    assert not stack, "the block rule closes every shortcode it opens"
    state.tokens = root


def fold_block(opener: Token, children: list[Token], document: Document) -> Token:
    """One ``shortcode_block`` token for an opener and the tokens up to its close."""
    block = Token("shortcode_block", "", 0, map=opener.map, level=opener.level, block=True)
    if opener.type == "alert_open":
        line = opener.map[0] if opener.map else 0
        args = {"type": ALERT_TYPES[opener.meta["kind"]]}
        block.meta = {"name": "callout", "args": args, "line": line}
        if children and children[0].type == "alert_title_open":
            children = children[3:]
    else:
        block.meta = dict(opener.meta)
    if block.meta["name"] == FAQ:
        block.meta["questions"] = split_questions(children, block.meta["line"], document)
    block.children = children
    return block
