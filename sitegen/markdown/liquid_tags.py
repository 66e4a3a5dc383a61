"""The Liquid tags of Octopress, Hexo and Jekyll posts, and of Pelican's liquid_tags
plugin, as the markdown and shortcodes sitegen reads.

Those blogs write their code blocks, pictures, quotes and embeds as tags
(``{% codeblock lang:js %}…{% endcodeblock %}``, ``{% img /a.png %}``,
``{% asset_img a.png %}``), which their generators rendered before the
markdown. Left as written, readers saw the tags as text, their quotes curled,
and the code inside a block ran as markdown (its HTML on the page). Both the
build (markdown files, whatever wrote them) and ``sitegen import jekyll`` call
:func:`convert_tags`, so a post reads the same either way.

Code is the author's text: a tag inside a fenced block or a code span (code
that shows Liquid) and what ``{% raw %}`` encloses stay as typed. A tag with no
equivalent is left as it is and listed, so the build can warn about it at its
line and the import can note it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from sitegen.fences import CODE_SPAN, code_fence, fenced_lines, fenced_runs
from sitegen.markdown.code import fence_attributes, is_language

Keep = Callable[[str, str], str]
"""``keep(made, original)``: what to write for ``made``, the conversion of the text
``original``; the import hides it from its later Liquid passes."""


@dataclass(frozen=True, slots=True)
class Converted:
    """A body with its tags converted, and those left as text."""

    text: str
    left: tuple[tuple[int, str], ...]
    """``(line, name)`` of each tag left as written (outside code), ``line``
    counted from 0 at the body's first line."""


def _as_made(made: str, original: str) -> str:
    return made


def convert_tags(
    body: str, stem: str = "", keep: Keep = _as_made, skip: frozenset[str] = frozenset()
) -> Converted:
    """``body`` with its Octopress, Hexo, Jekyll and liquid_tags tags as markdown.
    ``stem``: the post's file name without extension, whose folder holds the
    pictures ``{% asset_img %}`` names (Hexo's asset folder; none for ``index.md``,
    whose pictures are beside it). ``skip``: tags the caller converts itself."""
    if "{%" not in body:
        return Converted(body, ())
    converter = _Converter(stem, keep, skip)
    pieces = []
    line = 0
    for text, code in fenced_runs(body):
        pieces.append(converter.placeholder(text, text) if code else converter.text(text, line))
        line += text.count("\n") + 1
    masked = "\n".join(pieces)
    converter.find_left(masked, 0)
    return Converted(converter.restored(masked), tuple(sorted(set(converter.left))))


def left_tag_warning(name: str) -> str:
    """The build's warning for a tag it shows as text."""
    return (
        f"Liquid tag {{% {name} %}} is not converted: shown as text (write it as "
        "markdown or a shortcode; inside a code span or block it is shown as code)"
    )


_TAG = re.compile(r"(?<!\{)\{%-?\s*([A-Za-z_]\w*)((?:[^%{]|%(?!\})|\{(?!%))*)%\}")
"""A Liquid tag, ``{% name arguments %}``, not Hugo's ``{{% name %}}``. Its arguments
never hold another tag's ``{%``, so a tag never closed is read up to the next one
only: text full of them is read in linear time."""
_CODE_KINDS = frozenset({"codeblock", "highlight"})
"""Octopress's and Hexo's ``codeblock`` and Jekyll's ``highlight``: blocks of code."""
_QUOTE_KINDS = frozenset({"blockquote", "pullquote"})
_SINGLE_KINDS = frozenset(
    {"img", "image", "asset_img", "asset_image", "asset_link", "asset_path", "post_link",
     "post_path", "post_url", "gist", "youtube", "vimeo", "video"}
)  # fmt: skip
_RAW_MARKER = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_LONGEST = 2000
"""A tag's arguments longer than this are no tag an author wrote: left as they are."""
_PLACEHOLDER = re.compile(r"\x00tag(\d+)\n*\x00")
_WORDS = re.compile(r'"([^"]*)"|\'([^\']*)\'|(\S+)')


def _words(text: str) -> list[str]:
    """The words of a tag's arguments, a quoted one as one word without its quotes."""
    return [next(g for g in m.groups() if g is not None) for m in _WORDS.finditer(text)]


def _arguments(tag: re.Match[str]) -> str:
    """A tag's arguments, without Liquid's whitespace control (``-%}``)."""
    return tag.group(2).strip().removesuffix("-").strip()


def _is_liquid(tag: re.Match[str]) -> bool:
    """Not a Zola call (``{% quote(author="A") %}``) nor its ``{% end %}``."""
    return tag.group(1) != "end" and not tag.group(2).lstrip().startswith("(")


def _first_on_line(text: str, position: int) -> bool:
    """Whether only spaces or tabs come before ``position`` on its line (looked for
    a little way back only, so a line of thousands of tags costs no more)."""
    start = text.rfind("\n", max(0, position - 100), position) + 1
    if start == 0 and position > 100:
        return False
    return not text[start:position].strip(" \t")


Replace = Callable[[re.Match[str], re.Match[str]], str]


def _sub_blocks(text: str, kinds: frozenset[str], replace: Replace, first: bool = False) -> str:
    """``text`` with each block of ``kinds``, from its opening tag to the first closing
    one after it (``{% endcodeblock %}``), as ``replace(opening, closing)`` makes it;
    with ``first``, only a block whose opening tag starts its line. The tags are
    found in one pass, each closing tag by a binary search: linear time."""
    tags = list(_TAG.finditer(text))
    closings: dict[str, list[int]] = {}
    for index, tag in enumerate(tags):
        if tag.group(1).startswith("end"):
            closings.setdefault(tag.group(1)[3:], []).append(index)
    out: list[str] = []
    position = index = 0
    while index < len(tags):
        opening = tags[index]
        ends = closings.get(opening.group(1), [])
        at = bisect.bisect_right(ends, index)
        usable = opening.group(1) in kinds and opening.start() >= position and at < len(ends)
        if usable and (not first or _first_on_line(text, opening.start())):
            closing = tags[ends[at]]
            out.append(text[position : opening.start()])
            out.append(replace(opening, closing))
            position, index = closing.end(), ends[at] + 1
        else:
            index += 1
    out.append(text[position:])
    return "".join(out)


class _Converter:
    """One body's conversion: what is done (code, a call) is set aside behind a
    placeholder of as many lines, so later patterns never read inside it and the
    tags left keep their line numbers."""

    def __init__(self, stem: str, keep: Keep, skip: frozenset[str]) -> None:
        self.stem = stem
        self.keep = keep
        self.skip = skip
        self.kept: list[str] = []
        self.left: list[tuple[int, str]] = []
        self.first_line = 0
        """The body line the text being converted starts at."""
        self.newlines: list[int] = []
        """Where that text's line breaks are, to find a quote's line quickly."""

    def placeholder(self, made: str, original: str) -> str:
        self.kept.append(made)
        return f"\x00tag{len(self.kept) - 1}{chr(10) * original.count(chr(10))}\x00"

    def restored(self, text: str) -> str:
        for _ in range(len(self.kept) + 1):
            if "\x00tag" not in text:
                break
            text = _PLACEHOLDER.sub(lambda m: self.kept[int(m.group(1))], text)
        return text

    def find_left(self, masked: str, first_line: int) -> None:
        """Each tag still in ``masked`` (code and conversions hidden), with its line."""
        line, position = first_line, 0
        for found in _TAG.finditer(masked):
            if _is_liquid(found):
                line += masked.count("\n", position, found.start())
                position = found.start()
                self.left.append((line, found.group(1)))

    def text(self, text: str, first_line: int) -> str:
        """Text outside fenced code, starting at body line ``first_line``: its code
        blocks, then (code spans set aside) raw text, quotes and the tags that
        stand alone."""
        text = _sub_blocks(text, _CODE_KINDS, self._code_block, first=True)
        text = CODE_SPAN.sub(lambda m: self.placeholder(m.group(0), m.group(0)), text)
        text = _sub_blocks(text, frozenset({"raw"}), self._raw)
        return self._tags(text, first_line)

    def _tags(self, text: str, first_line: int) -> str:
        """Quotes, then the tags that stand alone, of ``text`` (at body line
        ``first_line``): a quote's own tags through this too."""
        outer = self.first_line, self.newlines
        self.first_line = first_line
        self.newlines = [index for index, char in enumerate(text) if char == "\n"]
        text = _sub_blocks(text, _QUOTE_KINDS, self._quote)
        self.first_line, self.newlines = outer
        return _TAG.sub(self._single, text)

    def _raw(self, opening: re.Match[str], closing: re.Match[str]) -> str:
        """What ``{% raw %}`` encloses, as typed."""
        text = opening.string
        inner, whole = text[opening.end() : closing.start()], text[opening.start() : closing.end()]
        return self.placeholder(inner, whole)

    def _done(self, made: str, original: str) -> str:
        """``made`` set aside, through ``keep``: code, calls, HTML."""
        return self.placeholder(self.keep(made, original), original)

    def _code_block(self, opening: re.Match[str], closing: re.Match[str]) -> str:
        text = opening.string
        kind, arguments = opening.group(1), _arguments(opening)
        # Liquid read the code as a template too: {% raw %} kept its {{ }} as typed
        code = _RAW_MARKER.sub("", text[opening.end() : closing.start()]).strip("\n")
        original = text[opening.start() : closing.end()]
        if len(arguments) > _LONGEST:
            return original
        if kind == "highlight":
            made = code_fence(code, highlight_info(arguments))
        else:
            language, caption = codeblock_caption(arguments)
            made = code_fence(code, language)
            if caption:
                made = f"{caption}\n\n{made}"
        return self._done(made, original)

    def _quote(self, opening: re.Match[str], closing: re.Match[str]) -> str:
        """A quote, its tags converted and those left found at their lines, as one
        piece: each of its lines, code inside too, must start with ``>``."""
        text = opening.string
        kind, arguments = opening.group(1), _arguments(opening)
        inner_line = self.first_line + bisect.bisect_left(self.newlines, opening.end())
        inner = self._tags(text[opening.end() : closing.start()], inner_line)
        self.find_left(inner, inner_line)
        inner = self.restored(inner).strip("\n")
        if kind == "pullquote":  # the pulled words were repeated beside the text
            lines = ["", re.sub(r'\{"\s*([^{}]*?)\s*"\}', r"\1", inner), ""]
        else:
            attribution = quote_attribution(arguments)
            quoted = _quoted(inner)
            lines = [quoted, ">", f"> {attribution}"] if attribution else ["", quoted, ""]
        alone = opening.start() == 0 or text[opening.start() - 1] == "\n"
        made = ("" if alone else "\n\n") + "\n".join(lines)
        return self.placeholder(made, text[opening.start() : closing.end()])

    def _single(self, found: re.Match[str]) -> str:
        name, arguments = found.group(1), _arguments(found)
        if name not in _SINGLE_KINDS or name in self.skip or len(arguments) > _LONGEST:
            return found.group(0)
        if name in ("img", "image"):
            made = picture(arguments)
        else:
            made = _single_tag(name, _words(arguments), self.stem)
        if made is None:
            return found.group(0)
        if name in ("img", "image", "asset_img", "asset_image", "asset_link", "asset_path"):
            return made  # markdown, as any picture or link is
        return self._done(made, found.group(0))


_HIDDEN = re.compile(r"(\x00[^\x00]*\x00)")
"""What a caller's ``keep`` hid: its lines are not the quote's to mark."""


def _quoted(text: str) -> str:
    """``text`` as the lines of a markdown quote, each after a ``>``."""
    parts = _HIDDEN.split(text)
    marked = [part if index % 2 else part.replace("\n", "\n> ") for index, part in enumerate(parts)]
    return re.sub(r"^> $", ">", "> " + "".join(marked), flags=re.MULTILINE)


def _single_tag(name: str, words: list[str], stem: str) -> str | None:
    """The markdown or call for a tag that stands alone (but a picture); None when it
    names nothing."""
    if not words:
        return None
    if name.startswith("asset_"):
        at = next((i for i, w in enumerate(words) if "." in w), 0)  # after class names
        path = f"{stem}/{words[at]}" if stem and stem != "index" else words[at]
        text = " ".join(w for w in words[at + 1 :] if not w.isdigit()) or words[at]
        if name == "asset_path":
            return path
        shown = _escaped(text)
        return f"[{shown}]({path})" if name == "asset_link" else f"![{shown}]({path})"
    if name == "post_url":  # Jekyll's: the address of the post of that file name
        return f'{{{{< relref "{words[0].rsplit("/", 1)[-1]}" >}}}}'
    if name == "post_path":
        return f'{{{{< relref "{words[0]}" >}}}}'
    if name == "post_link":
        return post_link(words)
    if name == "gist":
        return gist(words)
    if name == "video" or "/" in words[0]:  # {% youtube https://youtu.be/id %} too
        return video(words)
    return f'{{{{< {name} "{words[0]}" />}}}}'  # youtube, vimeo


def post_link(words: list[str]) -> str:
    """Hexo's ``{% post_link slug [title] [escape] %}``: a link to the article the
    slug names, showing the title given, else that article's title (as Hexo
    did; the slug itself meant nothing to a reader), both as text unless the
    last word is ``false``, which lets the given title's markup through."""
    call = f'{{{{< relref "{words[0]}" >}}}}'
    escape = words[-1] != "false" if len(words) > 1 else True
    given = words[1:-1] if len(words) > 1 and words[-1] in ("true", "false") else words[1:]
    if not given:
        return f'{{{{< post_link "{words[0]}" >}}}}'
    title = " ".join(given)
    return f"[{_escaped(title) if escape else title}]({call})"


_PICTURE = re.compile(
    r"""(?:(?P<classes>.*?)\s+)?(?P<src>(?:https?://|/|\{|\||\.)\S+|\S+/\S+)"""
    r"""(?:\s+\d+)?(?:\s+\d+)?(?:\s+(?P<title>.+))?\Z""",
    re.DOTALL,
)
_TITLE_ALT = re.compile(r"""["']([^"']*)["']\s+["']([^"']*)["']""")


def picture(arguments: str) -> str | None:
    """``{% img [class] /path [width] [height] ["title" ["alt"]] %}`` (Octopress's, and
    liquid_tags' after it) as a markdown picture: the alt text, else the title
    (a tooltip only, sitegen shows no caption for it); class and size are the
    theme's to choose. None when no word is a picture's address."""
    found = _PICTURE.match(arguments.strip())
    if found is None:
        return None
    title = (found.group("title") or "").strip()
    both = _TITLE_ALT.fullmatch(title)
    alt = (both.group(2) or both.group(1)) if both else title.strip("\"'")
    return f"![{_escaped(alt)}]({found.group('src')})"


def gist(words: list[str]) -> str:
    """``{% gist [user/]id [file] %}``: sitegen's ``gist`` with its user, else a link
    to the gist (and to the file in it)."""
    user, _, key = words[0].rpartition("/")
    file = words[1] if len(words) > 1 else ""
    if user:
        return f'{{{{< gist "{user}" "{key}"' + (f' "{file}"' if file else "") + " />}}"
    anchor = "#file-" + re.sub(r"[^\w-]", "-", file.lower()) if file else ""
    return f"<https://gist.github.com/{key}{anchor}>"


_PLAYERS = re.compile(
    r"(?:youtube\.com/(?:watch\?v=|embed/)|youtu\.be/)([\w-]+)|vimeo\.com/(?:video/)?(\d+)"
)


def video(words: list[str]) -> str:
    """``{% video url [width height] [poster] %}``: sitegen's ``youtube`` or ``vimeo``
    for their videos, else an HTML video player of the file."""
    found = _PLAYERS.search(words[0])
    if found and found.group(1):
        return f'{{{{< youtube "{found.group(1)}" />}}}}'
    if found:
        return f'{{{{< vimeo "{found.group(2)}" />}}}}'
    poster = next((w for w in words[1:] if not w.isdigit()), "")
    shown = f' poster="{poster}"' if poster else ""
    return f'<video controls preload="metadata" src="{words[0]}"{shown}></video>'


def highlight_info(arguments: str) -> str:
    """A fence's info for ``{% highlight ruby linenos mark_lines="2 3" %}``: the
    language, then line numbers and marked lines as a fence takes them."""
    words = arguments.split()
    language = words[0] if words else ""
    marked = re.search(r"""mark_lines\s*=\s*["']([\d\s]+)["']""", arguments)
    numbered = any(w.split("=")[0] == "linenos" for w in words[1:])
    picked = ["linenos=true"] if numbered else []
    picked += [f"hl_lines={marked.group(1).strip()}"] if marked else []
    options = fence_attributes(",".join(picked)) if language else ""
    return f"{language} {options}".strip()


_LANG = re.compile(r"\s*\blang:(\S+)", re.IGNORECASE)
_HEXO_OPTION = re.compile(r"\s*\b(?:line_number|first_line|highlight|mark|wrap|line_threshold):\S+")
_CAPTION_URL = re.compile(r"(\S.*)\s+(https?://\S+|/\S+)\s*(.*)\Z", re.DOTALL)
_FILE_TYPE = re.compile(r"\w\.([A-Za-z]\w*)\b")


def codeblock_caption(arguments: str) -> tuple[str, str]:
    """``(language, caption line)`` of ``{% codeblock [title] [lang:x] [url] [link text] %}``
    as Octopress and Hexo read it: the language from ``lang:``, else the title's
    file extension when it names one (``awesome.rb``, not ``Array.map``); the
    title in italics, then a link to the URL (the link text, else "link"), as
    the caption above the code."""
    language = ""
    found = _LANG.search(arguments)
    if found:
        language = found.group(1)
        arguments = arguments[: found.start()] + arguments[found.end() :]
    arguments = _HEXO_OPTION.sub("", arguments).strip()
    if not arguments:
        return language, ""
    cited = _CAPTION_URL.match(arguments)
    title = cited.group(1).strip() if cited else arguments
    if not language:  # Octopress's: the file's type, when Pygments knows it
        extensions = [e for e in _FILE_TYPE.findall(title) if is_language(e)]
        language = extensions[-1] if extensions else ""
    if cited:
        return language, caption_line(title, cited.group(2), cited.group(3).strip() or "link")
    return language, caption_line(title)


def caption_line(title: str, url: str = "", link: str = "") -> str:
    """A code block's caption as Octopress showed it above the code: the title in
    italics, then the link (``link`` its text) to ``url``."""
    line = f"*{_escaped(title)}*"
    return f"{line} — [{_escaped(link)}]({url})" if url else line


_FULL_CITE = re.compile(r"(\S.*?)\s+(https?://\S+)(?:\s+(.+))?\Z", re.DOTALL)


def quote_attribution(arguments: str) -> str:
    """The line under a ``{% blockquote [author, source] [url] [title] %}`` quote:
    "— **author**", then the source as a link (its title, else the address
    shortened as Octopress shows it) or in italics. "" without an author."""
    arguments = arguments.strip()
    if not arguments:
        return ""
    cited = _FULL_CITE.match(arguments)
    if cited:
        author, url, title = cited.group(1), cited.group(2), cited.group(3) or ""
        link = _escaped(title.strip() or _short_address(url))
        return f"— **{_escaped(author.strip())}**, [{link}]({url})"
    if arguments.startswith(("http://", "https://")):
        return f"— <{arguments.split()[0]}>"
    author, _, source = arguments.partition(",")
    line = f"— **{_escaped(author.strip())}**"
    return line + (f", *{_escaped(source.strip())}*" if source.strip() else "")


def _short_address(url: str) -> str:
    """``www.example.com/a/b/…``: the address without its scheme, cut to whole parts
    under 32 characters, as Octopress printed a quote's source."""
    parts = url.split("://", 1)[-1].rstrip("/").split("/")
    kept: list[str] = []
    for part in parts:
        if len("/".join([*kept, part])) < 32:
            kept.append(part)
    short = "/".join(kept)
    return short if short == "/".join(parts) else short + "/…"


def _escaped(text: str) -> str:
    """``text`` shown as typed inside markdown emphasis or a link's text."""
    return re.sub(r"([\\`*_\[\]<])", r"\\\1", text)


_CAPTIONED_FENCE = re.compile(r"([ \t]{0,3})(`{3,}|~{3,})[ \t]*(\S+)[ \t]+(\S.*?)[ \t]*\Z")


def captioned_fences(body: str) -> str:
    """Octopress's backtick block with a caption, ```` ``` ruby Title http://url Link ````,
    as the caption line (its title in italics, a link to its URL) above a fence
    in the language; without this the caption was dropped. A fence whose words
    after the language are attributes (``{linenos=true}``, ``title="x"``) is left."""
    out: list[str] = []
    opening = True
    for line, code in fenced_lines(body):
        found = _CAPTIONED_FENCE.match(line) if code and opening else None
        opening = not code  # the next fenced line opens a block only after text
        if found is None or found.group(4).startswith("{") or "=" in found.group(4):
            out.append(line)
            continue
        indent, fence, language, words = found.groups()
        caption = codeblock_caption(words)[1]
        out.extend([f"{indent}{caption}", "", f"{indent}{fence}{language}"])
    return "\n".join(out)
