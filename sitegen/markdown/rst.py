"""reStructuredText bodies, Pelican's first format, read as docutils reads them.

An ``.rst`` article's title and fields are its front matter
(``content/formats.py``). Its body is parsed by docutils, the reference
implementation that Pelican and Sphinx use, written as HTML, and that HTML
as markdown by the converter the importers use (``fromhtml.py``): links
between files (Pelican's ``{filename}``), pictures, headings, code and the
summary then go the way of every other body, the same checks included.

docutils reads no file and passes no raw HTML here (``include``, ``raw``,
``csv-table`` with a file: a body is no place to reach the disk), reads no
``docutils.conf``, and never stops: what it reports (an unknown directive, a
broken reference) is a warning at the body's line, and the rest is shown.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

_SETTINGS = {
    "_disable_config": True,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "report_level": 2,
    "halt_level": 5,
    "warning_stream": False,
    "doctitle_xform": False,  # the title is the front matter's: a lone section stays one
    "sectsubtitle_xform": False,
    "docinfo_xform": False,
    "initial_header_level": 2,
    "syntax_highlight": "none",  # the language stays a class; sitegen colours code itself
    "smart_quotes": False,  # the typographer's work, as in every body
    "toc_backlinks": "none",  # headings link no docutils table of contents
    "input_encoding": "unicode",
    "output_encoding": "unicode",
}


def rst_to_markdown(body: str) -> tuple[str, list[tuple[int, str]]]:
    """``body`` as markdown, and the warnings: (1-based body line, message)."""
    from docutils import nodes
    from docutils.core import publish_doctree, publish_from_doctree

    from sitegen.markdown.fromhtml import html_to_markdown  # BeautifulSoup: only for .rst

    _register_pelicans()
    try:
        tree = publish_doctree(body, settings_overrides=_SETTINGS)
    except Exception as error:  # docutils' own faults: the text, shown as written
        fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", body)), default=0))
        said = f"reStructuredText could not be read ({error}): shown as written"
        return f"{fence}rst\n{body.strip(chr(10))}\n{fence}\n", [(1, said)]
    warnings: list[tuple[int, str]] = []
    found = [*tree.findall(nodes.system_message), *tree.transform_messages]
    for message in found:
        if message["level"] >= 2:
            text = " ".join((message.children[0].astext() if message.children else "").split())
            warnings.append((message.get("line") or 1, f"reStructuredText: {text}".strip()))
        if message.parent is not None:
            message.parent.remove(message)
    tree.transform_messages = []
    for problem in list(tree.findall(nodes.problematic)):  # the text a message marked
        problem.parent.replace(problem, nodes.Text(problem.astext()))
    for topic in list(tree.findall(nodes.topic)):  # .. contents::: sitegen makes its own
        if "contents" in topic["classes"]:
            topic.parent.remove(topic)
    for formula in list(tree.findall(nodes.math)):  # TeX between dollars: markdown.math
        formula.parent.replace(formula, nodes.Text(f"${formula.astext()}$"))
    for block in list(tree.findall(nodes.math_block)):
        block.parent.replace(block, nodes.paragraph("", f"$${block.astext()}$$"))
    _markdown_footnotes(tree)
    written = publish_from_doctree(tree, writer="html5", settings_overrides=_SETTINGS)
    html = _as_markdown_reads(_body_of(written if isinstance(written, str) else written.decode()))
    converted = html_to_markdown(html)
    warnings.extend((1, f"reStructuredText: {note}") for _, note in converted.notes)
    return converted.markdown, sorted(warnings)


_OPTIONS_CLASS = "sitegen-options-"
"""A code block's options (Pelican's ``:hl_lines:``) ride in a class to the HTML."""


def _markdown_footnotes(tree: Any) -> None:
    """docutils' footnotes as markdown's (``[^1]``, a definition at the end), which
    sitegen numbers and links itself: written as HTML and back, they were
    bracketed numbers linking anchors no page has."""
    from docutils import nodes

    numbers: dict[str, str] = {}
    for note in list(tree.findall(nodes.footnote)):
        label = next(iter(note.findall(nodes.label)), None)
        number = label.astext() if label is not None else str(len(numbers) + 1)
        for name in note["ids"]:
            numbers[name] = number
        text = " ".join(
            child.astext() for child in note.children if not isinstance(child, nodes.label)
        )
        note.parent.remove(note)
        tree.append(nodes.paragraph("", f"[^{number}]: {' '.join(text.split())}"))
    for reference in list(tree.findall(nodes.footnote_reference)):
        number = numbers.get(reference.get("refid", ""), reference.astext())
        reference.parent.replace(reference, nodes.Text(f"[^{number}]"))


_CODE_OPTIONS = (
    *("linenos", "hl_lines", "linenostart", "linenostep", "linenospecial", "anchorlinenos"),
    *("classprefix", "lineanchors", "linespans", "nowrap", "nobackground", "lineseparator"),
    *("tagsfile", "tagurlformat", "number-lines", "class", "name", "emphasize-lines"),
    *("caption", "dedent", "force"),
)
"""What Pelican's Pygments directive and docutils' own take; sitegen acts on the
marked lines and the numbering."""


@functools.cache
def _register_pelicans() -> None:
    """Pelican's ``code-block``/``sourcecode`` (Pygments' options: ``linenos``,
    ``hl_lines``, ``linenostart``... which docutils' own directive refuses,
    losing the block) and its ``abbr`` role, once per process."""
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives, roles

    class Code(Directive):
        required_arguments = 0
        optional_arguments = 1
        final_argument_whitespace = True  # "none sql": Pelican's one argument, no lexer
        has_content = True
        option_spec = dict.fromkeys(_CODE_OPTIONS, directives.unchanged)

        def run(self) -> list[Any]:
            words = self.arguments[0].split() if self.arguments else []
            language = words[0] if len(words) == 1 and words[0].lower() != "none" else ""
            text = "\n".join(self.content)
            block = nodes.literal_block(text, text)
            marked = self.options.get("hl_lines") or self.options.get("emphasize-lines")
            numbered = "linenos" in self.options or "number-lines" in self.options
            options = (
                [f"hl_lines={' '.join(str(marked).replace(',', ' ').split())}"] if marked else []
            )
            if numbered:
                options.append("linenos=true")
            start = self.options.get("linenostart") or self.options.get("number-lines")
            if numbered and start and str(start).strip().isdigit():
                options.append(f"linenostart={str(start).strip()}")
            block["classes"] = ["code", *([language] if language else [])]
            if options:
                encoded = ",".join(options).encode().hex()
                block["classes"].append(_OPTIONS_CLASS + encoded)
            return [block]

    for name in ("code-block", "sourcecode", "code"):
        directives.register_directive(name, Code)

    def abbr(
        name: str, rawtext: str, text: str, lineno: int, inliner: Any, *rest: Any
    ) -> tuple[list[Any], list[Any]]:
        words, _, meaning = text.partition("(")
        title = meaning.rstrip()[:-1].strip() if meaning.rstrip().endswith(")") else ""
        shown = html.escape(words.strip())
        written = f'<abbr title="{html.escape(title)}">{shown}</abbr>' if title else shown
        return [nodes.raw("", written, format="html")], []

    roles.register_local_role("abbr", abbr)


_ALERTS = {
    "note": "NOTE",
    "hint": "TIP",
    "tip": "TIP",
    "important": "IMPORTANT",
    "attention": "WARNING",
    "caution": "CAUTION",
    "danger": "WARNING",
    "error": "WARNING",
    "warning": "WARNING",
}
"""docutils' admonitions → the alert each is here (a callout)."""


def _body_of(html: str) -> str:
    """The document's body: what the writer put inside ``<main>``."""
    found = re.search(r"<main\b[^>]*>(.*)</main>", html, re.DOTALL)
    return found.group(1) if found else html


def _as_markdown_reads(html: str) -> str:
    """docutils' HTML in the forms the converter turns into sitegen's markdown: a
    code block's language as a ``language-`` class (a fence's), an inline
    literal as ``<code>``, an admonition as an alert (a callout), a figure as
    a picture with its caption as its title, alone in its paragraph
    (sitegen's captioned image, whose source is then resolved like any other)."""
    from bs4 import BeautifulSoup, Tag

    soup = BeautifulSoup(html, "html.parser")
    _keep_section_ids(soup)
    for block in soup.find_all("pre"):
        classes = [c for c in block.get_attribute_list("class") or [] if c]
        options = next((c for c in classes if c.startswith(_OPTIONS_CLASS)), "")
        language = block.get("lang") or next(
            (c for c in classes if c not in ("code", "literal-block") and c != options), ""
        )
        block.attrs = {"class": f"language-{language}"} if language else {}
        if options and language:
            block["data-options"] = bytes.fromhex(options[len(_OPTIONS_CLASS) :]).decode()
    for literal in soup.find_all("span", class_="literal"):
        literal.name, literal.attrs = "code", {}
    for aside in soup.find_all("aside", class_="admonition"):
        kinds = [c for c in aside.get_attribute_list("class") or [] if c in _ALERTS]
        title = aside.find("p", class_="admonition-title")
        marker = f"[!{_ALERTS[kinds[0]] if kinds else 'NOTE'}]"
        if isinstance(title, Tag):
            words = title.get_text(" ").strip()
            if not kinds and words:
                marker += f" {words}"  # .. admonition:: Its own title
            title.decompose()
        quote = soup.new_tag("blockquote")
        first = soup.new_tag("p")
        first.string = marker
        quote.append(first)
        for child in list(aside.children):
            quote.append(child.extract())
        aside.replace_with(quote)
    for figure in soup.find_all("figure"):
        image = figure.find("img")
        if not isinstance(image, Tag):
            continue
        caption = figure.find("figcaption")
        if isinstance(caption, Tag):
            image["title"] = " ".join(caption.get_text(" ").split())
        paragraph = soup.new_tag("p")
        paragraph.append(image.extract())
        figure.replace_with(paragraph)
    return str(soup)


def _keep_section_ids(soup: Any) -> None:
    """Each section's heading keeps the id docutils gave the section, which the
    post's own links (```First part`_``, ``intro_``) point at, and which Pelican
    published: made again from the heading's text, it changed wherever docutils
    reads the text otherwise (``.. sectnum::`` puts ``1.2`` before it;
    ``Café`` is ``#cafe``; a repeated heading is ``#twice-1``). A label written
    above a section (``.. _intro:``) is another id of it: links to it lead to
    the section's own id, the one its heading keeps."""
    from bs4 import Tag

    other_ids: dict[str, str] = {}
    for section in soup.find_all("section"):
        own = section.get("id")
        heading = section.find(_HEADING_TAGS, recursive=False)
        if not isinstance(own, str) or not isinstance(heading, Tag) or heading.get("id"):
            continue
        heading["id"] = own
        for label in section.find_all("span", recursive=False):
            if isinstance(label.get("id"), str) and not label.get_text():
                other_ids[label["id"]] = own
                label.decompose()
    for link in soup.find_all("a", href=True):
        target = other_ids.get(str(link["href"]).removeprefix("#"))
        if str(link["href"]).startswith("#") and target is not None:
            link["href"] = f"#{target}"


_HEADING_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def rst_version() -> str:
    """What an ``.rst`` body depends on besides its text: docutils' version, for the
    key of stored bodies (half a millisecond to ask: its package alone)."""
    import docutils

    return str(docutils.__version__)


def is_rst(source: str) -> bool:
    """Whether the content file ``source`` is written in reStructuredText."""
    return source.endswith(".rst")
