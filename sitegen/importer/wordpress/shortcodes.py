"""WordPress shortcodes (``[caption]``, ``[gallery]``, ``[embed]``…) as HTML.

WordPress runs a shortcode each time the page is shown; the export holds only
the tag. The ones WordPress itself defines become the HTML they stood for
(a figure with its caption, the gallery's images, a ``<video>``); an embed
becomes a link. Any other shortcode came from a plugin the export says
nothing about: its tags are left out with a note at their line, the text it
wrapped is kept. Brackets that are not a shortcode stay as they are: ``[sic]``,
``[1]``, ``[citation needed]`` (a word with no arguments and no closing tag),
anything inside ``<pre>`` or ``<code>``, and ``[[escaped]]`` tags, which
WordPress itself shows as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from sitegen.importer.wordpress.builders import builder_images, builder_of, builder_piece
from sitegen.importer.wordpress.lines import LineFinder


@dataclass(frozen=True, slots=True)
class Attachment:
    """A media item of the export: a file that stays at its old address."""

    id: int
    url: str
    title: str
    alt: str
    caption: str
    """The attachment's excerpt: the caption WordPress shows under it."""
    parent: int
    order: int


_TAG = re.compile(
    r"\[(?P<escape>\[?)(?P<name>[A-Za-z][\w-]*)(?![\w-])"
    r"(?P<attrs>(?:[^\]\[/]|/(?!\]))*)(?P<self>/)?\]"
)
_ATTR = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
"""WordPress's ``shortcode_parse_atts``: key="v", key='v', key=v, or positional."""
_LITERAL_SPANS = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"'\]\[]+")
_IMAGE = re.compile(r"^\s*(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.IGNORECASE)

EMBED_NAMES = frozenset(
    {
        "embed", "youtube", "vimeo", "dailymotion", "ted", "tweet", "twitter", "instagram",
        "soundcloud", "spotify", "flickr", "slideshare", "googlemaps", "facebook",
        "kickstarter", "bandcamp", "mixcloud", "scribd", "wpvideo", "archiveorg",
    }
)  # fmt: skip
"""WordPress's ``[embed]`` and the embeds of WordPress.com and Jetpack: a URL each."""
KNOWN = frozenset(
    {"caption", "wp_caption", "gallery", "video", "audio", "playlist", "code", "sourcecode"}
    | EMBED_NAMES
)
PLUGIN_NAMES = frozenset(
    {
        # WordPress core and Jetpack
        "archives", "contact-form", "contact-field", "jetpack_subscription_form",
        "jetpack-related-posts", "recipe", "portfolio", "testimonials",
        "polldaddy", "crowdsignal", "gravatar", "gravatar_profile", "googleapps", "wufoo",
        "twitter-timeline", "presentation", "simple-payment", "sitemap",
        "upcomingevents", "jetpack_top_posts_widget",
        # forms, shops, galleries, sliders, tables of contents
        "contact-form-7", "wpforms", "gravityform", "gravityforms", "ninja_form",
        "ninja_forms", "caldera_form", "formidable", "mc4wp_form", "mailpoet_form",
        "wysija_form", "woocommerce_cart", "woocommerce_checkout", "woocommerce_my_account",
        "woocommerce_order_tracking", "product_page", "add_to_cart",
        "recent_products", "featured_products", "sale_products", "best_selling_products",
        "product_category", "product_categories", "shop_messages", "ngg_images", "nggallery",
        "ngg", "singlepic", "slideshow", "imagebrowser", "metaslider", "rev_slider",
        "smartslider3", "layerslider", "soliloquy", "envira-gallery", "foogallery",
        "toc", "ez-toc", "lwptoc", "no_toc", "instagram-feed", "custom-twitter-feeds",
        "wpgmza", "wpdm_package", "fvplayer", "tribe_events",
        "bbp-forum-index", "bbp-login", "pmpro_account", "addtoany", "ssba", "easy-social-share",
        "elementor-template", "fl_builder_insert_layout", "adrotate", "pdf-embedder",
    }
)  # fmt: skip
"""Plugins' shortcodes that often stand alone, with no arguments (``[toc]``): known by name,
since a bracketed word alone could as well be prose."""
BUILDER_PREFIXES = ("et_pb_", "vc_", "fusion_", "fl_", "su_", "cs_", "av_", "themify_")
"""Page builders' and shortcode packs' families (Divi, WPBakery, Avada, Beaver Builder,
Shortcodes Ultimate, Cornerstone, Enfold, Themify)."""
_KEY_VALUE = re.compile(r"(?:^|\s)[\w-]+\s*=\s*\S")
_VIDEO_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov")
_AUDIO_SOURCES = ("src", "mp3", "ogg", "oga", "m4a", "wav", "wma", "flac")


@dataclass(slots=True)
class Shortcodes:
    """What a post's shortcodes can refer to, and the notes they give."""

    finder: LineFinder
    attachments: Mapping[int, Attachment]
    children: Sequence[Attachment]
    """The post's own attachments, in their order: a ``[gallery]`` without ids."""
    notes: list[tuple[int, str]] = field(default_factory=list)
    builders: dict[str, tuple[int, dict[str, bool]]] = field(default_factory=dict)
    """Each page builder the post uses: its first line, its layout shortcodes (True when
    the shortcode wrapped nothing, so what it showed is lost)."""

    def expand(self, text: str) -> str:
        """``text`` with every shortcode replaced by the HTML it stood for."""
        literal = [m.span() for m in _LITERAL_SPANS.finditer(text)]
        out: list[str] = []
        position = 0
        for match in _TAG.finditer(text):
            start = match.start()
            if start < position or any(a <= start < b for a, b in literal):
                continue
            tag = self._read(text, match)
            if tag is None:
                continue
            out.append(text[position:start])
            out.append(tag.escaped if tag.is_escaped else self._replace(tag))
            position = tag.end
        out.append(text[position:])
        return "".join(out)

    def _read(self, text: str, match: re.Match[str]) -> _Tag | None:
        name = match.group("name")
        attrs_text = match.group("attrs")
        end, inner = match.end(), None
        if not match.group("self"):
            closer = re.compile(r"\[/" + re.escape(name) + r"\]")
            found = closer.search(text, match.end())
            if found:
                inner, end = text[match.end() : found.start()], found.end()
        escaped = bool(match.group("escape")) and text.startswith("]", end)
        closed = bool(match.group("self"))
        if not escaped and not _looks_like_shortcode(name, attrs_text, inner is not None, closed):
            return None
        if escaped:
            end += 1
        return _Tag(name, _parse_attrs(attrs_text), inner, end, text[match.start() : end])

    def _replace(self, tag: _Tag) -> str:
        line = self.finder.line_of(tag.source[: tag.source.find("]") + 1])
        handler = _HANDLERS.get(tag.name.lower())
        if handler is None and tag.name.lower() in EMBED_NAMES:
            handler = _embed
        if handler is not None:
            return handler(self, tag, line)
        builder = builder_of(tag.name)
        if builder:
            return self._builder(builder, tag, line)
        if tag.inner is None:
            self.notes.append(
                (line, f"shortcode [{tag.name}] is not carried over (WordPress ran it "
                 "when the page was shown; it needs the plugin that defined it); left out")
            )  # fmt: skip
            return ""
        self.notes.append(
            (line, f"shortcode [{tag.name}] is not carried over; the text it wrapped is kept")
        )
        return self.expand(tag.inner)

    def _builder(self, builder: str, tag: _Tag, line: int) -> str:
        """A page builder's image or button as HTML; its layout, the text it wrapped."""
        piece = builder_piece(tag.name, tag.attrs, tag.inner, self.attachments)
        if piece is not None:
            rendered, problem = piece
            if problem:
                self.notes.append((line, f"{builder} {problem}"))
            return rendered
        _first, names = self.builders.setdefault(builder, (line, {}))
        pictures, problem = builder_images(tag.name, tag.attrs, self.attachments)
        if problem:
            self.notes.append((line, f"{builder} {problem}"))
        shown = tag.inner is not None or bool(pictures)
        names[tag.name.lower()] = names.get(tag.name.lower(), True) and not shown
        return pictures + (self.expand(tag.inner) if tag.inner is not None else "")

    def builder_notes(self) -> list[tuple[int, str]]:
        """One note per page builder the post uses, naming what did not come along."""
        notes = []
        for builder, (line, names) in self.builders.items():
            layout = [f"[{name}]" for name, empty in names.items() if not empty]
            shown = [f"[{name}]" for name, empty in names.items() if empty]
            message = f"built with {builder}: its layout is not carried over"
            if layout:
                message += f" ({', '.join(layout)}; the text they wrapped is kept)"
            if shown:
                message += f"; left out, as they showed content of their own: {', '.join(shown)}"
            notes.append((line, message))
        return notes


@dataclass(frozen=True, slots=True)
class _Tag:
    name: str
    attrs: Mapping[str, str]
    inner: str | None
    end: int
    source: str

    @property
    def is_escaped(self) -> bool:
        return self.source.startswith("[[")

    @property
    def escaped(self) -> str:
        """``[[name]]`` is how WordPress writes the text ``[name]``."""
        return self.source[1:-1]

    def positional(self, index: int) -> str:
        return self.attrs.get(str(index), "")


def _looks_like_shortcode(name: str, attrs: str, paired: bool, closed: bool = False) -> bool:
    """A plugin's shortcode, or brackets around text ("[sic]", "[A-Z_]", "[work-in-progress]")?

    WordPress runs only the shortcodes a plugin registered and shows any other bracket
    as text, so the guess stays conservative: a known name, a closing ``[/name]``, a
    ``/]`` of its own, ``key=value`` arguments or WordPress.com's ``[name=value]``.
    A bracketed word with ``-`` or ``_`` (a regex class, a placeholder) is prose."""
    lower = name.lower()
    if lower in KNOWN or lower in PLUGIN_NAMES or lower.startswith(BUILDER_PREFIXES):
        return True
    if paired or closed or attrs.lstrip().startswith("="):
        return True
    return bool(_KEY_VALUE.search(attrs))


def _parse_attrs(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    position = 0
    text = text.strip()
    if text.startswith("="):  # [youtube=URL], WordPress.com's form
        return {"0": html.unescape(text[1:].strip())}
    for match in _ATTR.finditer(text):
        groups = match.groups()
        for key_at in (0, 2, 4):
            if groups[key_at]:
                attrs[groups[key_at].lower()] = html.unescape(groups[key_at + 1])
                break
        else:
            value = next(g for g in groups[6:] if g is not None)
            attrs[str(position)] = html.unescape(value)
            position += 1
    return attrs


def _caption(shortcodes: Shortcodes, tag: _Tag, line: int) -> str:
    inner = (tag.inner or "").replace("<p>", "").replace("</p>", "")
    image = _IMAGE.match(inner)
    caption = tag.attrs.get("caption", "")
    if image is None:
        shortcodes.notes.append((line, "[caption] without an image: its text is kept"))
        return shortcodes.expand(inner)
    text = inner[image.end() :] if not caption else html.escape(caption)
    text = re.sub(r"^(?:\s|<br\s*/?>)+|(?:\s|<br\s*/?>)+$", "", text)
    figcaption = f"<figcaption>{text}</figcaption>" if text else ""
    return f"\n<figure>{image.group(0).strip()}{figcaption}</figure>\n"


def _gallery(shortcodes: Shortcodes, tag: _Tag, line: int) -> str:
    ids_text = tag.attrs.get("ids") or tag.attrs.get("include") or ""
    ids = [int(i) for i in re.findall(r"\d+", ids_text)]
    if ids:
        found = [shortcodes.attachments[i] for i in ids if i in shortcodes.attachments]
        missing = [str(i) for i in ids if i not in shortcodes.attachments]
    else:
        excluded = {int(i) for i in re.findall(r"\d+", tag.attrs.get("exclude", ""))}
        found = [a for a in shortcodes.children if a.id not in excluded]
        missing = []
    if missing:
        shortcodes.notes.append(
            (line, f"[gallery]: images {', '.join(missing)} are not in the export; left out")
        )
    if not found:
        shortcodes.notes.append((line, "[gallery] has no image in the export; left out"))
        return ""
    return "\n" + "\n".join(_figure(a) for a in found) + "\n"


def _figure(attachment: Attachment) -> str:
    alt = html.escape(attachment.alt or attachment.title, quote=True)
    image = f'<img src="{html.escape(attachment.url, quote=True)}" alt="{alt}" />'
    if not attachment.caption:
        return f"<p>{image}</p>"
    return f"<figure>{image}<figcaption>{attachment.caption}</figcaption></figure>"


def _media(kind: str, sources: Sequence[str]) -> Callable[[Shortcodes, _Tag, int], str]:
    def handler(shortcodes: Shortcodes, tag: _Tag, line: int) -> str:
        url = next((tag.attrs[k] for k in sources if tag.attrs.get(k)), "")
        if not url:
            url = _first_url(tag)
        if not url:
            shortcodes.notes.append((line, f"[{tag.name}] without a file; left out"))
            return ""
        if kind == "video" and re.search(r"youtube\.com|youtu\.be|vimeo\.com", url):
            return _embed(shortcodes, tag, line)
        poster = tag.attrs.get("poster", "")
        extra = f' poster="{html.escape(poster, quote=True)}"' if poster else ""
        src = html.escape(url, quote=True)
        return f'\n<{kind} controls src="{src}"{extra}><a href="{src}">{src}</a></{kind}>\n'

    return handler


def _embed(shortcodes: Shortcodes, tag: _Tag, line: int) -> str:
    url = _first_url(tag)
    if tag.name.lower() != "embed":
        url = _without_sizing(url)
    if not url:
        shortcodes.notes.append((line, f"[{tag.name}] without a URL; left out"))
        return ""
    shortcodes.notes.append(
        (line, f"[{tag.name}] embed of {url} is now a link (sitegen does not embed players)")
    )
    link = html.escape(url, quote=True)
    return f'\n<p><a href="{link}">{link}</a></p>\n'


_SIZING = re.compile(r"^(?:w|h|width|height)=\d*$")


def _without_sizing(url: str) -> str:
    """WordPress.com's ``[youtube=URL&w=640&h=385]`` sized the player with ``w`` and
    ``h`` in the URL: options of the shortcode, not of the video, so a link drops them
    (``[embed]`` takes its size as attributes: its URL is kept whole)."""
    base, question, query = url.partition("?")
    if not question:
        return url
    kept = [part for part in query.split("&") if part and not _SIZING.match(part)]
    return base + ("?" + "&".join(kept) if kept else "")


def _first_url(tag: _Tag) -> str:
    for value in (*tag.attrs.values(), tag.inner or ""):
        found = _URL.search(value)
        if found:
            return html.unescape(found.group(0))
    return ""


def _playlist(shortcodes: Shortcodes, tag: _Tag, line: int) -> str:
    shortcodes.notes.append((line, "[playlist] is not carried over; left out"))
    return ""


def _code(shortcodes: Shortcodes, tag: _Tag, line: int) -> str:
    """WordPress.com's ``[code lang=x]``: its text is code, shown as written."""
    language = tag.attrs.get("language") or tag.attrs.get("lang") or tag.positional(0)
    return code_block(tag.inner or "", language, tag.attrs)


def code_block(code: str, language: str, attrs: Mapping[str, str] | None = None) -> str:
    """The ``<pre>`` of a ``[code]`` block, its SyntaxHighlighter options (line numbers
    unless ``gutter="false"``, ``highlight="2,5-7"``, ``firstline``) carried in
    ``data-options`` for the fence's (``markdown/fromhtml.py``)."""
    if not re.search(r"&(?:lt|gt|amp|quot|#\d+);", code):
        code = html.escape(code, quote=False)
    cls = f' class="language-{html.escape(language, quote=True)}"' if language else ""
    options = _code_options(attrs or {}) if language else ""
    data = f' data-options="{html.escape(options, quote=True)}"' if options else ""
    return f"\n<pre{data}><code{cls}>{code.strip(chr(10))}</code></pre>\n"


def _code_options(attrs: Mapping[str, str]) -> str:
    """SyntaxHighlighter's options in the form of Hugo's ``highlight`` shortcode."""
    options = []
    if str(attrs.get("gutter", "true")).lower() not in ("false", "0", "no"):
        options.append("linenos=true")
    marked = re.sub(r"[\s,]+", " ", str(attrs.get("highlight", ""))).strip()
    if re.fullmatch(r"[\d -]+", marked):
        options.append(f"hl_lines={marked}")
    first = str(attrs.get("firstline", "")).strip()
    if first.isdigit() and first != "1":
        options.append(f"linenostart={first}")
    return ",".join(options)


_HANDLERS: Mapping[str, Callable[[Shortcodes, _Tag, int], str]] = {
    "caption": _caption,
    "wp_caption": _caption,
    "gallery": _gallery,
    "video": _media("video", _VIDEO_SOURCES),
    "audio": _media("audio", _AUDIO_SOURCES),
    "playlist": _playlist,
    "code": _code,
    "sourcecode": _code,
}

BRUSHES: Mapping[str, str] = {
    "as3": "actionscript3", "actionscript3": "actionscript3", "arduino": "arduino",
    "bash": "bash", "shell": "bash", "coldfusion": "cfm", "cf": "cfm", "clojure": "clojure",
    "clj": "clojure", "cpp": "cpp", "c": "c", "c-sharp": "csharp", "csharp": "csharp",
    "css": "css", "delphi": "delphi", "pas": "delphi", "pascal": "pascal", "diff": "diff",
    "patch": "diff", "erl": "erlang", "erlang": "erlang", "fsharp": "fsharp", "go": "go",
    "golang": "go", "groovy": "groovy", "haskell": "haskell", "java": "java",
    "jfx": "java", "javafx": "java", "js": "javascript", "jscript": "javascript",
    "javascript": "javascript", "tex": "latex", "matlab": "matlab", "matlabkey": "matlab",
    "objc": "objective-c", "obj-c": "objective-c", "perl": "perl", "pl": "perl",
    "php": "php", "plain": "text", "text": "text", "ps": "powershell",
    "powershell": "powershell", "py": "python", "python": "python", "r": "r", "splus": "r",
    "rails": "ruby", "rb": "ruby", "ror": "ruby", "ruby": "ruby", "scala": "scala",
    "swift": "swift", "sql": "sql", "vb": "vbnet", "vbnet": "vbnet", "xml": "xml",
    "xhtml": "html", "xslt": "xslt", "html": "html", "yaml": "yaml", "yml": "yaml",
}  # fmt: skip
"""SyntaxHighlighter Evolved's brushes and aliases, each a shortcode of its own
(``[python]…[/python]``; ``latex`` is left to Jetpack's formulas), with the language
the fence names."""
_CODE_NAMES = "|".join(
    re.escape(n) for n in sorted({"code", "sourcecode", "source", *BRUSHES}, key=len, reverse=True)
)
_CODE_COLORER = r"cc[bi]?[a-zA-Z]*?(?:_[\w#+-]+)?"
"""CodeColorer's ``[cc]``, ``[ccb]`` (a block), ``[cci]`` (inline), with flags and a
language after ``_`` (``[ccnLe_php]``)."""
_CODE_TAG = re.compile(
    rf"\[(?P<name>(?:{_CODE_NAMES}|{_CODE_COLORER})(?![\w#+-]))"
    r"(?P<attrs>(?:[^\]\[/]|/(?!\]))*)\](?P<inner>.*?)\[/(?P=name)\]",
    re.DOTALL | re.IGNORECASE,
)


def set_code_aside(text: str) -> str:
    """Code shortcodes as ``<pre>`` before ``wpautop``, which leaves ``<pre>`` alone (the
    plugins that defined them took the code out before WordPress's formatting):
    ``[code]``/``[sourcecode]``, SyntaxHighlighter's ``[python]``-style brushes, and
    CodeColorer's ``[cc]`` family."""

    def replace(match: re.Match[str]) -> str:
        name = match.group("name").lower()
        attrs = _parse_attrs(match.group("attrs"))
        inner = match.group("inner")
        if name.startswith("cc") and name not in BRUSHES:
            return _code_colorer(name, attrs, inner)
        language = attrs.get("language") or attrs.get("lang") or attrs.get("0", "")
        return code_block(inner, BRUSHES.get(name, language), attrs)

    return _CODE_TAG.sub(replace, text)


def _code_colorer(name: str, attrs: Mapping[str, str], code: str) -> str:
    """CodeColorer's code: inline for ``[cci]`` or a ``[cc]`` of one line (as it showed
    them), else a block; line numbers only when asked for (the ``n`` flag)."""
    flags, _, suffix = name[2:].partition("_")
    language = attrs.get("lang") or suffix
    inline = flags.startswith("i") or (not flags.startswith("b") and "\n" not in code.strip())
    if str(attrs.get("inline", "")).lower() in ("true", "1", "yes"):
        inline = True
    if inline:
        if not re.search(r"&(?:lt|gt|amp|quot|#\d+);", code):
            code = html.escape(code, quote=False)
        return f"<code>{code.strip()}</code>"
    numbered = "n" in flags.lstrip("bi") or str(attrs.get("line_numbers", "")).lower() == "true"
    return code_block(code, language, {"gutter": "true" if numbered else "false"})


_STANDALONE = re.compile(
    r"<p>\s*(\[([A-Za-z][\w-]*)(?![\w-])[^\]]*\](?:(?:(?!</?p\b).)*?\[/\2\])?)\s*</p>",
    re.DOTALL,
)


def unautop(text: str) -> str:
    """WordPress's ``shortcode_unautop``: no ``<p>`` around a shortcode on its own."""
    return _STANDALONE.sub(r"\1", text)
