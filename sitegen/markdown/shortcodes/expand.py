"""The shortcode plugin for markdown-it-py: Hugo tags in, template output out.

``shortcode_plugin(md, registry)`` adds, in the shape of mdit-py-plugins'
container plugin:

- a block rule (``blocks.py``): a tag alone on its lines opens a block
  shortcode whose inner lines are parsed as blocks (fences, lists, nested
  shortcodes);
- an inline rule: a tag inside a paragraph, whose inner text is parsed inline;
- a core rule that folds each block shortcode (and each GitHub alert, which
  becomes a ``callout``) into one ``shortcode_block`` token with children;
- render rules that render the children, then the shortcode's template.

Code spans, fences and indented code are claimed by markdown-it before these
rules see them, so nothing inside code is expanded; a literal tag there
(``{{</* name */>}}``) still prints as the tag it shows, as it does in Hugo,
whose authors write it in code precisely to show a tag. Errors go to the
``Document`` in ``env`` at the body line where the tag starts.

Two Hugo habits get rules of their own: a tag as a link's URL
(``destinations.py``) and a block shortcode inside a paragraph
(``paragraphs.py``). A shortcode declared ``inner: raw`` gets its inner text
as written, neither parsed nor expanded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from html import unescape as unescape_html
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from sitegen.errors import ShortcodeError, SiteError
from sitegen.markdown.document import SHOWN_TEXT, Document, document_of, html_text
from sitegen.markdown.nesting import NESTING_LIMIT
from sitegen.markdown.shortcodes.blocks import parse_block
from sitegen.markdown.shortcodes.calls import check_tag, report_unclosed, stands_alone
from sitegen.markdown.shortcodes.callsite import CallSite
from sitegen.markdown.shortcodes.destinations import (
    DESTINATION,
    parse_definition,
    parse_inline_text,
)
from sitegen.markdown.shortcodes.faq import FAQ, render_faq_items, split_questions
from sitegen.markdown.shortcodes.paragraphs import split_paragraphs
from sitegen.markdown.shortcodes.registry import ShortcodeRegistry
from sitegen.markdown.shortcodes.syntax import (
    CLOSE,
    OPEN,
    STARTS,
    Tag,
    TagError,
    TagScanner,
    parse_tag,
    unescape_literals,
    written,
)

ALERT_TYPES: Mapping[str, str] = {
    "NOTE": "note",
    "TIP": "pro-tip",
    "IMPORTANT": "did-you-know",
    "WARNING": "warning",
    "CAUTION": "warning",
}
"""GitHub alert kind → callout type (SPEC §4)."""

MORE_ALERT_TYPES: Mapping[str, str] = {
    **dict.fromkeys(("INFO", "TODO", "ABSTRACT", "SUMMARY", "TLDR", "EXAMPLE"), "note"),
    **dict.fromkeys(("QUOTE", "CITE", "QUESTION", "HELP", "FAQ"), "note"),
    **dict.fromkeys(("HINT", "SUCCESS", "CHECK", "DONE"), "pro-tip"),
    **dict.fromkeys(("ATTENTION", "DANGER", "ERROR", "BUG", "FAILURE", "FAIL"), "warning"),
    "MISSING": "warning",
}
"""The kinds Obsidian's callouts add, which Hugo passes to a theme's blockquote hook
like GitHub's (Blowfish's and Stack's samples write ``> [!SUCCESS]``), each as
the callout nearest in meaning, under its own name."""

_ALERT_MARKER = re.compile(r"\[!([A-Za-z]+)\]([+-]?)(?:[ \t]+(.*))?")
"""An alert's first line as Hugo reads it: the kind, Obsidian's fold sign (``+``
open, ``-`` closed: a callout here is always open), a title of its own."""


_HTML_CALL = re.compile(r"\{\{[<%]")


def split_html_calls(state: StateCore, registry: ShortcodeRegistry) -> None:
    """A call that needs no closing tag inside raw HTML (``<center>{{< figure
    src="a.png" />}}</center>``, a Zola ``resize_image`` in a ``<div>``), expanded as
    Hugo and Zola expand it, reading shortcodes before markdown: the HTML block is
    cut around the call, which becomes a block shortcode between the pieces (the
    sanitizer reads raw HTML pieces as one document, so the tags still pair up).
    A call with a closing tag is left as written: its inside would be HTML."""
    tokens: list[Token] = []
    document = document_of(state.env)
    for token in state.tokens:
        if token.type != "html_block" or not _HTML_CALL.search(token.content):
            tokens.append(token)
            continue
        tokens.extend(_html_pieces(token, registry, document))
    state.tokens = tokens


def _html_pieces(token: Token, registry: ShortcodeRegistry, document: Document) -> list[Token]:
    pieces: list[Token] = []
    text, position, line = token.content, 0, token.map[0] if token.map else 0
    for found in _HTML_CALL.finditer(text):
        if found.start() < position:
            continue
        tag = parse_tag(text, found.start())
        if isinstance(tag, TagError) or tag.literal is not None or tag.kind == CLOSE:
            continue
        spec = registry.get(tag.name)
        alone = tag.kind != OPEN or (spec is not None and spec.inner == "none")
        if not alone:
            continue
        at = line + text.count("\n", 0, found.start())
        if text[position : found.start()].strip():
            pieces.append(_html_piece(token, text[position : found.start()]))
        call = Token("shortcode_block", "", 0, map=[at, at + 1], level=token.level, block=True)
        call.meta = check_tag(document, registry, tag, None, at)
        call.children = []
        pieces.append(call)
        position = tag.end
    if not pieces:
        return [token]
    if text[position:].strip():
        pieces.append(_html_piece(token, text[position:]))
    return pieces


def _html_piece(token: Token, content: str) -> Token:
    piece = Token("html_block", "", 0, map=token.map, level=token.level, block=True)
    piece.content = content if content.endswith("\n") else content + "\n"
    return piece


_CODE = frozenset({"fence", "code_block", "code_inline"})


def take_alert_variants(state: StateCore) -> None:
    """Make alerts of the quotes markdown-it leaves quotes: a title after the kind
    (``> [!TIP] Before you file``), a fold sign (``[!NOTE]-``), Obsidian's kinds
    (``[!SUCCESS]``), as Hugo reads them since 0.134. Its own alerts (the five
    kinds alone on their line) are left to it."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "blockquote_open" or index + 3 >= len(tokens):
            continue
        opening, inline = tokens[index + 1], tokens[index + 2]
        if opening.type != "paragraph_open" or inline.type != "inline":
            continue
        first, _, rest = inline.content.partition("\n")
        found = _ALERT_MARKER.fullmatch(first.rstrip())
        if found is None:
            continue
        kind, title = found.group(1).upper(), (found.group(3) or "").strip()
        if kind not in ALERT_TYPES and kind not in MORE_ALERT_TYPES:
            continue
        close = _closing_quote(tokens, index)
        token.type, tokens[close].type = "alert_open", "alert_close"
        token.meta = {"kind": kind, "title": title}
        if rest.strip():
            inline.content = rest
            if inline.map:
                inline.map = [inline.map[0] + 1, inline.map[1]]
            if opening.map:
                opening.map = [opening.map[0] + 1, opening.map[1]]
        else:  # the marker was the paragraph: nothing of it is shown
            opening.type = inline.type = tokens[index + 3].type = "alert_marker"


def _closing_quote(tokens: Sequence[Token], index: int) -> int:
    """The index of the ``blockquote_close`` of the quote opened at ``index``."""
    level = tokens[index].level
    for at in range(index + 1, len(tokens)):
        if tokens[at].type == "blockquote_close" and tokens[at].level == level:
            return at
    raise AssertionError("markdown-it closes every quote it opens")


def show_literals_in_code(state: StateCore) -> None:
    """Each literal tag in code (``{{</* note */>}}``) as the tag it shows.

    Hugo reads shortcodes before markdown, so its authors escape a tag in a code
    block to show it: the docs of every theme with shortcodes do. Here code is
    never expanded, and the escape left as written put ``/*`` and ``*/`` into
    every such example."""
    for token in state.tokens:
        found = token.children if token.type == "inline" and token.children else (token,)
        for code in found:
            if code.type in _CODE and "{{" in code.content:
                code.content = unescape_literals(code.content)


RenderRule = Callable[
    [RendererHTML, Sequence[Token], int, OptionsDict, MutableMapping[str, Any]], str
]
"""A markdown-it render rule, as ``md.add_render_rule`` takes it."""


def shortcode_plugin(md: MarkdownIt, registry: ShortcodeRegistry) -> None:
    """Parse and render Hugo shortcodes known to ``registry``."""

    def block_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        return parse_block(state, start_line, end_line, silent, registry)

    def definition_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        return parse_definition(state, start_line, silent, registry)

    def inline_rule(state: StateInline, silent: bool) -> bool:
        return parse_inline(state, silent, registry)

    def bound(render: Callable[..., str], *first: object) -> RenderRule:
        """``render`` as a render rule, given ``first`` and this parser and registry."""

        def rule(
            renderer: RendererHTML,
            tokens: Sequence[Token],
            idx: int,
            options: OptionsDict,
            env: MutableMapping[str, Any],
        ) -> str:
            return render(*first, md, registry, renderer, tokens, idx, options, env)

        return rule

    assert isinstance(md.renderer, RendererHTML), "image rendering is markdown-it's own"
    render_image = md.renderer.rules["image"]
    md.block.ruler.before(
        "fence", "shortcode", block_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.block.ruler.before("reference", "shortcode_definition", definition_rule)
    md.inline.ruler.after("text", "shortcode", inline_rule)
    # Replaces markdown-it's own "inline" step to tell inline rules their line.
    md.core.ruler.at("inline", lambda state: parse_inlines(state, registry))
    # Before the fold: a paragraph inside a block shortcode is split too.
    md.core.ruler.after(
        "inline", "shortcode_paragraphs", lambda state: split_paragraphs(state, registry)
    )
    md.core.ruler.after("block", "alert_variants", take_alert_variants)
    md.core.ruler.after(
        "block", "shortcodes_in_html", lambda state: split_html_calls(state, registry)
    )
    md.core.ruler.after("inline", "shortcode_literals_in_code", show_literals_in_code)
    md.core.ruler.push("shortcode_fold", fold_shortcodes)
    md.add_render_rule("shortcode_block", bound(render_block))
    md.add_render_rule("shortcode_inline", bound(render_inline))
    md.add_render_rule("link_open", bound(render_destination, render_image))
    md.add_render_rule("image", bound(render_destination, render_image))


def render_block(
    md: MarkdownIt,
    registry: ShortcodeRegistry,
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: MutableMapping[str, Any],
) -> str:
    """A block shortcode: its inner blocks (or FAQ items, or raw text), then its template."""
    token = tokens[idx]
    if "questions" in token.meta:
        inner = render_faq_items(renderer, token.meta["questions"], options, env)
    elif "raw" in token.meta:
        inner = token.meta["raw"]
    else:
        inner = renderer.render(token.children or [], options, env)
    html = expand(md, env, registry, token.meta, inner)
    return html if not html or html.endswith("\n") else html + "\n"


def render_inline(
    md: MarkdownIt,
    registry: ShortcodeRegistry,
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: MutableMapping[str, Any],
) -> str:
    """An inline shortcode; one without inner content leaves its text for the summary."""
    token = tokens[idx]
    if "raw" in token.meta:
        return expand(md, env, registry, token.meta, token.meta["raw"])
    if token.children:
        inner = renderer.renderInline(token.children, options, env)
        return expand(md, env, registry, token.meta, inner)
    # Its text is only the template's: the summary shows what the reader sees.
    shown = expand(md, env, registry, token.meta, "")
    token.meta[SHOWN_TEXT] = html_text(shown)
    return shown


def render_destination(
    render_image: Callable[..., str],
    md: MarkdownIt,
    registry: ShortcodeRegistry,
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: MutableMapping[str, Any],
) -> str:
    """A link or image, whose URL a shortcode may give (``[a]({{< ref "a.md" >}})``)."""
    token = tokens[idx]
    call = token.meta.get(DESTINATION)
    if call is not None:
        url = unescape_html(expand(md, env, registry, call, "").strip())
        token.attrSet("src" if token.type == "image" else "href", url)
    if token.type == "image":
        return str(render_image(tokens, idx, options, env))
    return renderer.renderToken(tokens, idx, options, env)


def expand(
    md: MarkdownIt,
    env: MutableMapping[str, Any],
    registry: ShortcodeRegistry,
    meta: Mapping[str, Any],
    inner: str,
) -> str:
    """The template's output; nothing for an invalid call or without a renderer.

    A ``ShortcodeError`` from what the template called is the author's to fix
    at the call's line; a ``SiteError`` is located in the template.
    """
    document = document_of(env)
    name = meta["name"]
    spec = registry.get(name)
    if document.shortcodes is None or meta.get("invalid") or spec is None:
        return ""
    raw = spec.inner == "raw" and "raw" in meta
    call = CallSite(document, meta["line"], md, env, raw)
    # The template gets the author's raw HTML sanitized, like the body.
    shown = inner if raw else document.sanitized(inner)
    if document.expanding >= EXPANSION_LIMIT:
        document.error(meta["line"], _endless(name))
        return ""
    document.expanding += 1
    try:
        return document.shortcodes(name, meta["args"], shown, document.page, call)
    except ShortcodeError as error:
        document.error(meta["line"], error.message)
    except SiteError as error:
        document.template_problems.extend(error.problems)
    except RecursionError:  # deep templates run out of stack before the limit
        document.error(meta["line"], _endless(name))
    finally:
        document.expanding -= 1
    return ""


EXPANSION_LIMIT = 10
"""How deep shortcodes may expand inside a template's output (``markdownify`` of a
text with a shortcode in it). A template that renders itself never ended: it
ran into Python's recursion limit and a traceback."""


def _endless(name: str) -> str:
    return (
        f"shortcode '{name}' expands shortcodes through markdownify more than "
        f"{EXPANSION_LIMIT} levels deep; a template that renders itself never ends"
    )


def parse_inlines(state: StateCore, registry: ShortcodeRegistry) -> None:
    """markdown-it's inline step, noting each inline token's first line (a
    ``markdownify`` call's inline text keeps the line its caller set)."""
    document = document_of(state.env)
    for token in state.tokens:
        if token.type == "inline":
            if token.map and not state.inlineMode:
                document.line = token.map[0]
            parse_inline_text(state.md, state.env, registry, token)


def parse_inline(state: StateInline, silent: bool, registry: ShortcodeRegistry) -> bool:
    """Inline rule: a tag inside a paragraph; a paired one takes inline inner markdown."""
    pos = state.pos
    if not state.src.startswith(STARTS, pos):
        return False
    document = document_of(state.env)
    scanner = scanner_of(document, state.src, state.posMax)
    tag = scanner.parse(pos)
    line = document.line + document.newlines(state.src, pos)
    if isinstance(tag, TagError):
        if not silent:
            at = pos if tag.pos < 0 else tag.pos
            document.error(document.line + document.newlines(state.src, at), tag.message)
            document.broken.add(tag.name)
        return False
    end = tag.end
    if tag.kind == OPEN:
        closing = scanner.closing(tag)
        end = closing[1] if closing else end
        if not silent:
            open_inline(state, registry, tag, line, closing)
    elif not silent:
        emit_inline_tag(state, registry, tag, line)
    state.pos = end
    return True


def scanner_of(document: Document, src: str, end: int) -> TagScanner:
    """The tag scanner of inline text ``src`` read up to ``end``, made once per render."""
    kept = document.scanners.get((id(src), end))
    if kept is None or kept[0] is not src:
        kept = document.scanners[(id(src), end)] = (src, TagScanner(src, end))
    scanner: TagScanner = kept[1]
    return scanner


def open_inline(
    state: StateInline,
    registry: ShortcodeRegistry,
    tag: Tag,
    line: int,
    closing: tuple[int, int] | None,
) -> None:
    """An opening tag inside a paragraph, with its closing tag or without one."""
    if closing is not None:
        push_inline(state, registry, tag, line, state.src[tag.end : closing[0]])
    elif stands_alone(registry, tag):
        push_inline(state, registry, tag, line, None)
    else:
        document = document_of(state.env)
        report_unclosed(document, tag, line)
        check_tag(document, registry, tag, None, line, closed=False)


def emit_inline_tag(state: StateInline, registry: ShortcodeRegistry, tag: Tag, line: int) -> None:
    """A literal ``{{</* */>}}``, a self-closing tag, or a stray closing tag."""
    if tag.literal is not None:
        # As an escaped character is: text the typographer leaves as written
        # (``{{</* x a="b" */>}}`` prints straight quotes), joined to the text
        # around it by the core rule ``text_join``.
        state.push("text_special", "", 0).content = tag.literal
    elif tag.kind == CLOSE:
        document = document_of(state.env)
        if tag.name not in document.broken:
            closing, opening = written(tag.markup, "/" + tag.name), written(tag.markup, tag.name)
            document.error(line, f"closing tag {closing} has no opening {opening}")
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
        opening, closing = written(tag.markup, FAQ), written(tag.markup, "/" + FAQ)
        document.error(
            line, f"shortcode 'faq' must have {opening} and {closing} on lines of their own"
        )
    token.children = []
    spec = registry.get(tag.name)
    if spec is not None and spec.inner == "raw" and inner is not None:
        token.meta["raw"] = unescape_literals(inner)
    # Deeper than the limit is not parsed (Python's recursion would end it), and is
    # reported by the nesting check, which sees this token one level too deep.
    elif inner and document.inline_depth < NESTING_LIMIT:
        saved = document.line
        document.line = saved + state.src.count("\n", 0, tag.end)
        document.inline_depth += 1
        state.md.inline.parse(inner, state.md, state.env, token.children)
        document.inline_depth -= 1
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
        kind, title = opener.meta["kind"], opener.meta.get("title", "")
        # A kind of a site's own (MkDocs' ``!!! sponsor``) is a note under its name.
        args = {"type": ALERT_TYPES.get(kind) or MORE_ALERT_TYPES.get(kind, "note")}
        if title or kind not in ALERT_TYPES:
            args["title"] = title or kind.capitalize()
        block.meta = {"name": "callout", "args": args, "line": line}
        if children and children[0].type == "alert_title_open":
            children = children[3:]
        children = [c for c in children if c.type != "alert_marker"]
    else:
        block.meta = dict(opener.meta)
    if block.meta["name"] == FAQ:
        block.meta["questions"] = split_questions(children, block.meta["line"], document)
    block.children = children
    return block
