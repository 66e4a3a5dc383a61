"""site.yaml → SiteConfig, and the YAML-with-lines reading it shares with front matter.

Takes the text of site.yaml and returns a frozen ``SiteConfig`` whose dataclass
defaults are SPEC §7, so ``SiteConfig()`` is a valid site and the test default;
variants use ``dataclasses.replace`` (so do CLI flags). ``parse_config`` is pure;
``load_config`` reads the file and delegates. Values are checked from
``yaml.compose()`` nodes, so every error names the line the author must edit;
``YamlDocument`` does the same for front matter in ``content/``.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import logging
import os
import re
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType, UnionType
from typing import Any, Final, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

import yaml

from sitegen.errors import Problem, Problems
from sitegen.language import (
    FORMAT_KEYS,
    PLURAL_FORMS,
    counted,
    known_keys,
    pattern_problem,
    placeholders,
)
from sitegen.slugs import page_name_problem
from sitegen.urlpaths import IMAGE_SCHEMES, check_url

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AuthorInfo:
    """An author declared in site.yaml ``authors``, keyed by slug."""

    name: str
    """Display name, as in the byline."""
    bio: str = ""
    """One or two sentences shown on the author page."""
    url: str = ""
    """The author's own home page or profile, if any: linked from the author box and
    given as ``sameAs`` in the articles' structured data."""
    image: str = ""
    """A portrait for the author box at the end of each article: a path on the
    site (``/static/people/ana.jpg``) or an absolute URL."""


@dataclass(frozen=True, slots=True)
class RelatedConfig:
    """How many "You may also like" links an article shows."""

    count: int = 4


@dataclass(frozen=True, slots=True)
class PermalinkConfig:
    """URL patterns; ``{year}``, ``{month}``, ``{day}``, ``{slug}``, ``{section}``,
    ``{folder}`` (the article's folder below ``content/``, as Zola and Hugo make
    addresses: ``content/blog/series/a.md`` is in ``blog/series``)."""

    article: str = "/articles/{slug}/"


HTML_MODES = ("sanitize", "drop", "unsafe")
"""What ``markdown.html`` may say about raw HTML written in markdown."""


@dataclass(frozen=True, slots=True)
class MarkdownConfig:
    """Markdown options."""

    html: str = "sanitize"
    """Raw HTML in markdown: ``sanitize`` keeps what GitHub's allow-list keeps and
    warns about the rest; ``drop`` renders none of it; ``unsafe`` keeps all of it."""
    unsafe_html: bool = False
    """The older spelling of ``html: unsafe``; ``parse_config`` keeps the two in step."""
    linkify: bool = True
    """A bare URL with its scheme (``https://…``, ``mailto:…``) is a link, as Hugo's
    Goldmark makes it; a bare domain (``example.org``) stays text."""
    typographer: bool = True
    """Curly quotes (in the marks of the site's ``language``), dashes and ellipses
    in the text of bodies, as Hugo, Jekyll and WordPress print them
    (``markdown/typography.py``)."""
    breaks: bool = False
    """Each line break inside a paragraph is a line break on the page (``<br>``), as
    Hugo's Goldmark prints it with ``hardWraps`` and kramdown with ``hard_wrap``;
    off, as CommonMark reads it, a paragraph's lines flow together."""
    math: bool = False
    """``$x_i^2$`` and ``$$ ... $$`` are TeX, set as MathML (``markdown/math.py``);
    off, as in Hugo, because a news site's dollars are mostly prices."""
    highlight: bool = True
    """Fenced code in a language Pygments knows is coloured, with Hugo's line
    numbers and marked lines (``markdown/code.py``), as Hugo, Jekyll and Pelican
    print code by default."""


@dataclass(frozen=True, slots=True)
class ImageRef:
    """An image with its required alternative text."""

    src: str
    alt: str


@dataclass(frozen=True, slots=True)
class PublisherConfig:
    """The organisation named in structured data."""

    name: str
    logo: str = ""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything site.yaml can say; every default is SPEC §7."""

    title: str = "Untitled"
    description: str = ""
    """One line saying what the site is: the front page's tagline under its
    name, and the home page's description for search engines and feeds."""
    base_url: str = "http://localhost:8000/"
    """Always ends with ``/``; may carry a sub-path (``https://x.org/blog/``)."""
    language: str = "en"
    timezone: str = "UTC"
    """IANA zone name; naive front matter dates are in this zone."""
    default_author: str | None = None
    paginate: int = 10
    related: RelatedConfig = field(default_factory=RelatedConfig)
    permalinks: PermalinkConfig = field(default_factory=PermalinkConfig)
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    authors: Mapping[str, AuthorInfo] = field(default_factory=dict)
    comments: Mapping[str, str] | None = None
    """e.g. ``{provider: giscus, repo: o/r, repo_id: …, category_id: …}``."""
    publisher: PublisherConfig | None = None
    default_image: ImageRef | None = None
    social_cards: bool = True
    """Draw a card (``layouts/social-card.yaml``) for each article without an image,
    for ``og:image``; ``false`` leaves those articles ``default_image``."""
    news_sitemap: bool = False
    exclude: tuple[str, ...] = ()
    """Glob patterns of files below ``content/`` that are neither articles nor
    copied (``content/exclude.py`` says how they match)."""
    strings: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """The site's own words for the theme's (``language.py``): key → text by
    plural form (``other`` alone for a key without a count). They come before
    the theme's table for the site's ``language``."""


# -- YAML with lines ----------------------------------------------------------
# Shared with content/frontmatter.py: site.yaml and front matter are read the
# same way, so their errors point at lines the same way.


class _Invalid:
    """The type of :data:`INVALID`."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = _Invalid()
"""Returned for a value that was wrong; the Problem is already recorded."""

_NULL_TAG = "tag:yaml.org,2002:null"


def describe_value(value: object) -> str:
    """Name a YAML value's type the way an author would: ``a string``, ``a list``."""
    kinds: tuple[tuple[type, str], ...] = (
        (bool, "true or false"),
        (int, "a whole number"),
        (float, "a number"),
        (str, "a string"),
        (datetime, "a date and time"),
        (date, "a date"),
        (list, "a list"),
        (dict, "a mapping"),
    )
    if value is None:
        return "empty"
    return next((name for kind, name in kinds if isinstance(value, kind)), "a value")


class YamlDocument:
    """One YAML text, composed into nodes so every key and value knows its file line.

    ``first_line`` is the file line of the text's first line (1 for site.yaml,
    2 for front matter after its opening ``---``). Problems go to ``problems``
    under ``path``.
    """

    def __init__(self, text: str, path: str, first_line: int, problems: Problems) -> None:
        self.path = path
        self.first_line = first_line
        self.problems = problems
        self.root: yaml.Node | None = None
        self.valid = True
        self._loader = _Loader(text)
        try:
            self.root = self._loader.get_single_node()
        except yaml.YAMLError as exc:
            self.valid = False
            problems.add(path, *self._describe_error(exc, text))

    @classmethod
    def of_node(cls, root: yaml.Node, path: str, problems: Problems) -> YamlDocument:
        """A document made from nodes whose marks hold 0-based file lines (front
        matter read from TOML or JSON, see ``content/formats.py``)."""
        document = cls("", path, 1, problems)
        document.root = root
        return document

    def _describe_error(self, exc: yaml.YAMLError, text: str) -> tuple[int, str]:
        if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
            line = self.file_line(exc.problem_mark.line)
            message = f"invalid YAML: {exc.problem}"
            context = exc.context_mark
            if exc.context and context is not None and context.line != exc.problem_mark.line:
                message += f" ({exc.context} at line {self.file_line(context.line)})"
            return line, message
        if isinstance(exc, yaml.reader.ReaderError):
            line = self.file_line(text.count("\n", 0, exc.position))
            return line, f"invalid YAML: character #x{exc.character:04x} is not allowed"
        return self.first_line, f"invalid YAML: {exc}"

    def file_line(self, yaml_line: int) -> int:
        """The file line of 0-based line ``yaml_line`` of the YAML text."""
        return self.first_line + yaml_line

    def line(self, node: yaml.Node) -> int:
        """The file line where ``node`` starts."""
        return self.file_line(node.start_mark.line)

    def report(self, node: yaml.Node, message: str) -> None:
        """Record a Problem at ``node``'s line."""
        self.problems.add(self.path, self.line(node), message)

    def value(self, node: yaml.Node) -> object:
        """The plain Python value of ``node``, or :data:`INVALID` (reported)."""
        try:
            return self._loader.construct_object(node, deep=True)
        except ValueError:
            # A scalar that looks like a timestamp but is not a real date
            # (2024-02-30): keep the author's text; typed checks explain it.
            if isinstance(node, yaml.ScalarNode):
                return node.value
            raise
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            self.report(node, f"cannot read this value: {problem}")
            return INVALID

    def is_null(self, node: yaml.Node) -> bool:
        """True for an empty value (``key:``, ``~``, ``null``)."""
        return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG

    def pairs(self, node: yaml.MappingNode) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """``(key, key node, value node)`` in file order; odd and repeated keys reported."""
        seen: dict[str, int] = {}
        result: list[tuple[str, yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.report(key_node, "a key must be a plain word, not a list or mapping")
                continue
            key = str(key_node.value)
            if key in seen:
                self.report(
                    key_node, f"duplicate key '{key}' (first given at line {seen[key]}); keep one"
                )
                continue
            seen[key] = self.line(key_node)
            result.append((key, key_node, value_node))
        return result


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or ``""``."""
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot carry (control characters but tab and line ends, and
two non-characters): one in a title made every feed that lists it unreadable,
and HTML forbids them too. They are dropped where text is read, with a warning."""


_WRITABLE_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in b"\t\n\r")
"""Every byte UTF-8 text may hold but those of the control characters of
:data:`UNWRITABLE` (U+FFFE and U+FFFF are three bytes each, looked for apart)."""


def all_writable(data: bytes) -> bool:
    """Whether the UTF-8 ``data`` holds no character of :data:`UNWRITABLE`. Three
    passes over the bytes in C, where the pattern's search looks at each character
    in turn: on an article's text, 4 us instead of 40 (every file read, every
    feed entry written)."""
    return (
        not data.translate(None, _WRITABLE_BYTES)
        and b"\xef\xbf\xbe" not in data
        and b"\xef\xbf\xbf" not in data
    )


def drop_unwritable(text: str, path: str, first_line: int = 1) -> tuple[str, list[Problem]]:
    """``text`` without the characters of :data:`UNWRITABLE`, and one warning per line
    that had any (``first_line`` is the file line of the text's first line)."""
    if all_writable(text.encode("utf-8", "surrogatepass")):
        return text, []
    found: dict[int, list[str]] = {}
    for match in UNWRITABLE.finditer(text):
        line = first_line + text.count("\n", 0, match.start())
        found.setdefault(line, []).append(f"U+{ord(match.group()):04X}")
    warnings = [
        Problem(
            path,
            line,
            f"warning: dropped {_count(len(codes), 'control character')} "
            f"({', '.join(dict.fromkeys(codes))}): no page or feed can carry "
            f"{'it' if len(codes) == 1 else 'them'}",
        )
        for line, codes in sorted(found.items())
    ]
    return UNWRITABLE.sub("", text), warnings


def _count(number: int, thing: str) -> str:
    return f"a {thing}" if number == 1 else f"{number} {thing}s"


def read_text_file(
    file: Path, path: str, problems: Problems, warnings: list[Problem] | None = None
) -> str | None:
    """Read ``file`` as UTF-8 for the author's file ``path`` (relative to the site).

    A leading byte order mark is dropped and line ends become ``\\n``. Reports a
    file that cannot be read, or is not UTF-8 (at the line of the first bad
    byte), and returns None for it. Characters no page or feed can carry are
    dropped, each line that had any a warning in ``warnings`` (logged without it).
    """
    try:
        data = file.read_bytes()
    except OSError as exc:
        problems.add(path, 1, f"cannot be read: {exc.strerror or exc}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {column})"
        problems.add(path, line, f"{message}; save the file as UTF-8")
        return None
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, dropped = drop_unwritable(text, path)
    if warnings is not None:
        warnings.extend(dropped)
    else:
        for warning in dropped:
            message = warning.message.removeprefix("warning: ")
            log.warning("%s:%d: %s", warning.path, warning.line, message)
    return text


# -- site.yaml ----------------------------------------------------------------

_PLACEHOLDERS = ("year", "month", "day", "slug", "section", "folder")


def normalize_base_url(url: str) -> str:
    """``url`` ending with ``/``; ValueError unless it is an absolute http(s) URL.

    Also for ``--base-url``, so the command line and site.yaml agree.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"'base_url' must be an absolute http:// or https:// URL"
            f" like 'https://example.org/blog/', not '{url}'"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"'base_url' must not have a '?query' or '#fragment', as '{url}' has")
    return url if url.endswith("/") else url + "/"


def _check_timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        hint = suggest(name, zoneinfo.available_timezones())
        raise ValueError(
            f"unknown timezone '{name}'{hint}; use an IANA name like 'Europe/Paris' or 'UTC'"
        ) from None
    return name


_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,6}")


def _check_language(tag: str) -> str:
    """A BCP 47 language tag (``en``, ``pt-BR``): it is every page's ``lang`` and
    the search index's language, and Pagefind stopped on a 50-letter one."""
    if not _LANGUAGE.fullmatch(tag):
        hint = f" (write '{tag.replace('_', '-')}')" if "_" in tag else ""
        raise ValueError(
            f"'language' must be a language tag like 'en' or 'pt-BR', not '{tag}'{hint}"
        )
    return tag


def _check_choice(name: str, choices: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in choices:
            hint = suggest(value, choices)
            raise ValueError(
                f"unknown value '{value}' for '{name}'{hint}; choose {', '.join(choices)}"
            )
        return value

    return check


def _check_at_least(name: str, least: int) -> Callable[[int], int]:
    def check(value: int) -> int:
        if value < least:
            raise ValueError(f"'{name}' must be {least} or more, not {value}")
        return value

    return check


def check_permalink(pattern: str) -> str:
    """``pattern`` if it is a safe article permalink, else ValueError saying why."""
    name = "permalinks.article"
    placeholders = re.findall(r"\{([^{}]*)\}", pattern)
    unknown = sorted({p for p in placeholders if p not in _PLACEHOLDERS})
    rest = re.sub(r"\{[^{}]*\}", "", pattern)
    if not (pattern.startswith("/") and pattern.endswith("/")):
        reason = "must start and end with '/', like '/articles/{slug}/'"
    elif unknown:  # first: '{path}' (Zola's, Hugo's) has an answer, '{folder}'
        known = " ".join(f"{{{p}}}" for p in _PLACEHOLDERS)
        reason = f"uses unknown placeholder '{{{unknown[0]}}}'; the placeholders are {known}"
    elif "slug" not in placeholders:
        reason = "must contain '{slug}' so every article gets its own URL"
    elif "{" in rest or "}" in rest:
        reason = "has an unmatched '{' or '}'"
    elif ".." in pattern.split("/") or "\\" in pattern:
        reason = "must not contain a '..' segment or '\\'"
    else:
        return pattern
    raise ValueError(f"'{name}: {pattern}' {reason}")


_CHECKS: Mapping[str, Callable[[Any], object]] = MappingProxyType(
    {
        "base_url": normalize_base_url,
        "timezone": _check_timezone,
        "language": _check_language,
        "paginate": _check_at_least("paginate", 1),
        "related.count": _check_at_least("related.count", 0),
        "permalinks.article": check_permalink,
        "markdown.html": _check_choice("markdown.html", HTML_MODES),
        "publisher.logo": lambda value: check_url(value, "publisher.logo", IMAGE_SCHEMES),
        "default_image.src": lambda value: check_url(value, "default_image.src", IMAGE_SCHEMES),
    }
)
"""Rules beyond the type, by dotted key; each returns the value (normalised) or raises."""

_ENTRY_CHECKS: Mapping[str, Callable[..., object]] = MappingProxyType(
    {
        "authors.*.url": check_url,
        "authors.*.image": lambda value, name: check_url(value, name, IMAGE_SCHEMES),
    }
)
"""Rules for a key of every entry of a mapping (``authors.mara.url`` is
``authors.*.url``), called with the value and the key's full name."""

_TYPE_NAMES: Mapping[object, str] = MappingProxyType(
    {str: "a string", int: "a whole number", bool: "true or false"}
)
_PLURALS: Mapping[object, str] = MappingProxyType({str: "strings"})


def parse_config(text: str, path: str, problems: Problems) -> SiteConfig:
    """Validate site.yaml ``text`` (the file ``path``) into a SiteConfig.

    Pure. Reports malformed YAML, unknown keys (with a did-you-mean), values of
    the wrong type and values breaking a rule, each at its line; a wrong value
    keeps its default so later errors are still found.
    """
    document = YamlDocument(text, path, 1, problems)
    if document.root is None or document.is_null(document.root):
        return SiteConfig()
    if not isinstance(document.root, yaml.MappingNode):
        actual = describe_value(document.value(document.root))
        document.report(document.root, f"{path} must be a mapping of keys to values, not {actual}")
        return SiteConfig()
    config = _convert(document, document.root, SiteConfig, "")
    if not isinstance(config, SiteConfig):
        return SiteConfig()
    author = config.default_author
    problem = page_name_problem("default_author", author) if author else None
    if author and author not in config.authors and problem:
        node = next(v for k, _, v in document.pairs(document.root) if k == "default_author")
        document.report(node, problem)
        return dataclasses.replace(config, default_author=None)
    return config


def load_config(
    site_dir: Path, problems: Problems, warnings: list[Problem] | None = None
) -> SiteConfig:
    """Read ``SITE/site.yaml``; a site without one gets every default (SPEC §7).

    What reading drops goes to ``warnings`` (see :func:`read_text_file`).
    """
    file = site_dir / "site.yaml"
    if file.is_symlink() and not leads_inside(file, site_dir):
        problems.add("site.yaml", 1, LINK_LEAVES_SITE)
        return SiteConfig()
    if file.exists() and not file.is_file():
        problems.add(
            "site.yaml",
            1,
            "is a folder, not a file; sitegen reads its settings from a file site.yaml",
        )
        return SiteConfig()
    if not file.is_file():
        if (site_dir / "site.yml").is_file():
            problems.add("site.yml", 1, "sitegen reads 'site.yaml'; rename this file")
        return SiteConfig()
    text = read_text_file(file, "site.yaml", problems, warnings)
    return SiteConfig() if text is None else parse_config(text, "site.yaml", problems)


LINK_LEAVES_SITE = (
    "symbolic link points outside the site folder; it is not followed"
    " (copy what it points to into the site)"
)
"""The one rule for symbolic links, wherever sitegen reads (``content/discover.py``)."""


def leads_inside(link: Path, site_dir: Path) -> bool:
    """True when the real path of ``link`` is the site folder or below it."""
    return Path(os.path.realpath(link)).is_relative_to(os.path.realpath(site_dir))


def setting_line(site_dir: Path, key: str, index: int | None = None) -> int:
    """The site.yaml line of top-level ``key`` (of its item ``index``), or 1.

    For warnings found long after the configuration was read; reads the file again.
    """
    try:
        text = (site_dir / "site.yaml").read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=_Loader)
    except (OSError, ValueError, yaml.YAMLError):
        return 1
    if not isinstance(root, yaml.MappingNode):
        return 1
    for key_node, value_node in root.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            node = value_node
            if index is not None and isinstance(node, yaml.SequenceNode):
                node = node.value[index] if index < len(node.value) else node
            return int(node.start_mark.line) + 1
    return 1


def _convert(document: YamlDocument, node: yaml.Node, hint: Any, name: str) -> object:
    """The value of ``node`` as type ``hint``, or INVALID (reported)."""
    origin = get_origin(hint)
    if origin is UnionType:
        if document.is_null(node):
            return None
        (inner,) = (arg for arg in get_args(hint) if arg is not type(None))
        return _convert(document, node, inner, name)
    if origin is tuple:
        return _convert_list(document, node, get_args(hint)[0], name)
    if name == "strings":
        return _convert_strings(document, node)
    if dataclasses.is_dataclass(hint) or origin is Mapping:
        if not isinstance(node, yaml.MappingNode):
            return _wrong_type(document, node, name, "a mapping")
        if origin is Mapping:
            return _convert_mapping(document, node, get_args(hint)[1], name)
        return _convert_dataclass(document, node, hint, name)
    value = document.value(node)
    if value is INVALID:
        return INVALID
    if type(value) is not hint:
        return _wrong_type(document, node, name, _TYPE_NAMES[hint], value)
    check = _CHECKS.get(name)
    entry = "authors.*." + name.rpartition(".")[2] if name.startswith("authors.") else ""
    if check is None and entry in _ENTRY_CHECKS:
        check = functools.partial(_ENTRY_CHECKS[entry], name=name)
    if check is None:
        return value
    try:
        return check(value)
    except ValueError as exc:
        document.report(node, str(exc))
        return INVALID


def _wrong_type(
    document: YamlDocument, node: yaml.Node, name: str, expected: str, value: object = INVALID
) -> _Invalid:
    if value is INVALID:
        value = document.value(node)
    actual = describe_value(value)
    scalar = value is not None and not isinstance(value, list | dict)
    hint = " (put it in quotes)" if expected == "a string" and scalar else ""
    document.report(node, f"'{name}' must be {expected}, not {actual}{hint}")
    return INVALID


def _convert_list(document: YamlDocument, node: yaml.Node, hint: Any, name: str) -> object:
    """A tuple of ``hint`` values; each wrong item reported at its own line."""
    if not isinstance(node, yaml.SequenceNode):
        return _wrong_type(document, node, name, f"a list of {_PLURALS[hint]}")
    items = [
        _convert(document, item, hint, f"{name}[{index}]") for index, item in enumerate(node.value)
    ]
    return INVALID if INVALID in items else tuple(items)


def _convert_mapping(
    document: YamlDocument, node: yaml.MappingNode, hint: Any, name: str
) -> object:
    """A ``Mapping[str, hint]``; plain scalars become strings when ``hint`` is str."""
    result: dict[str, object] = {}
    for key, key_node, value_node in document.pairs(node):
        inner = f"{name}.{key}"
        if name == "authors" and (problem := _author_key_problem(key)):
            document.report(key_node, problem)
            continue
        if hint is str and isinstance(value_node, yaml.ScalarNode):
            if document.is_null(value_node):
                _wrong_type(document, value_node, inner, "a string")
                continue
            result[key] = str(value_node.value)
            continue
        value = _convert(document, value_node, hint, inner)
        if value is not INVALID:
            result[key] = value
    return dict(sorted(result.items()))


def _convert_strings(document: YamlDocument, node: yaml.Node) -> object:
    """site.yaml ``strings``: the theme's words the site says its own way. Each key
    must be the theme's (a typo would leave the theme's word, silently), each
    text a string, or for a counted key (``reading_time``) a mapping of CLDR
    plural forms with ``other``, and a text may use only its key's placeholders."""
    if document.is_null(node):
        return {}
    if not isinstance(node, yaml.MappingNode):
        return _wrong_type(document, node, "strings", "a mapping of the theme's keys to texts")
    known = known_keys()
    result: dict[str, Mapping[str, str]] = {}
    for key, key_node, value_node in document.pairs(node):
        if key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            document.report(
                key_node,
                f"unknown key '{key}' in 'strings'{hint}; the keys are those of the"
                ' theme\'s strings/en.yaml (README, "The default theme")',
            )
            continue
        forms = _string_forms(document, key, value_node)
        if forms is not None:
            result[key] = forms
    return dict(sorted(result.items()))


def _string_forms(document: YamlDocument, key: str, node: yaml.Node) -> dict[str, str] | None:
    """The forms of one ``strings`` entry, or None (reported)."""
    name = f"strings.{key}"
    if isinstance(node, yaml.MappingNode) and counted(key):
        forms: dict[str, str] = {}
        for form, form_node, text_node in document.pairs(node):
            if form not in PLURAL_FORMS:
                hint = suggest(form, PLURAL_FORMS)
                document.report(
                    form_node,
                    f"'{name}' has no form '{form}'{hint};"
                    f" the plural forms are {', '.join(PLURAL_FORMS)}",
                )
                return None
            text = _string_text(document, f"{name}.{form}", key, text_node)
            if text is None:
                return None
            forms[form] = text
        if "other" not in forms:
            document.report(node, f"'{name}' needs the form 'other', used for any count")
            return None
        return forms
    if isinstance(node, yaml.MappingNode):
        document.report(node, f"'{name}' takes no count: give it one text, not plural forms")
        return None
    text = _string_text(document, name, key, node)
    return None if text is None else {"other": text}


def _string_text(document: YamlDocument, name: str, key: str, node: yaml.Node) -> str | None:
    """One text of ``strings``, its placeholders checked against the theme's."""
    if not isinstance(node, yaml.ScalarNode) or document.is_null(node):
        _wrong_type(document, node, name, "a string")
        return None
    text = str(node.value)
    if key in FORMAT_KEYS:
        problem = pattern_problem(key, text)
        if problem:
            document.report(node, f"'{name}': {problem}")
        return None if problem else text
    allowed = placeholders(" ".join(known_keys()[key].values()))
    unknown = sorted(placeholders(text) - allowed)
    if unknown:
        given = ", ".join(f"{{{p}}}" for p in sorted(allowed)) or "none"
        document.report(
            node, f"'{name}' uses unknown placeholder '{{{unknown[0]}}}'; it may use {given}"
        )
        return None
    return text


def _author_key_problem(key: str) -> str | None:
    """Why ``key`` of ``authors`` cannot be an author's slug (``/authors/KEY/``), or None."""
    size = len(key.encode())
    if not key.strip() or key in (".", "..") or any(c in key for c in "/\\?#%"):
        return f"author key '{key}' must be a name for a page: no '/', '\\', '?', '#' or '%'"
    if size > 200:
        return f"author key '{key[:40]}…' is {size} bytes long; it names a folder: at most 200"
    return None


def _convert_dataclass(
    document: YamlDocument, node: yaml.MappingNode, cls: Any, name: str
) -> object:
    """An instance of dataclass ``cls``; every key checked, missing required reported."""
    hints = get_type_hints(cls)
    fields = {field.name: field for field in dataclasses.fields(cls)}
    where = f" in '{name}'" if name else ""
    values: dict[str, object] = {}
    given: dict[str, yaml.Node] = {}
    for key, key_node, value_node in document.pairs(node):
        if key not in fields:
            hint = suggest(key, fields) or f"; known keys: {', '.join(sorted(fields))}"
            document.report(key_node, f"unknown key '{key}'{where}{hint}")
            continue
        given[key] = value_node
        value = _convert(document, value_node, hints[key], f"{name}.{key}".lstrip("."))
        if value is not INVALID:
            values[key] = value
    if cls is MarkdownConfig:
        _reconcile_html(document, given, values)
    required = [
        key
        for key, field in fields.items()
        if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
    ]
    for key in required:
        if key not in given:
            document.report(node, f"'{name}' is missing required key '{key}'")
    if any(key not in values for key in required):
        return INVALID
    return cls(**values)


def _reconcile_html(
    document: YamlDocument, given: Mapping[str, yaml.Node], values: dict[str, object]
) -> None:
    """``unsafe_html: true`` still means ``html: unsafe``; saying both, they must agree."""
    unsafe, html = values.get("unsafe_html"), values.get("html")
    if unsafe is None:
        values["unsafe_html"] = html == "unsafe"
        return
    if html is None:
        if unsafe:
            values["html"] = "unsafe"
        return
    if unsafe != (html == "unsafe"):
        document.report(
            given["unsafe_html"],
            f"'markdown.unsafe_html: {str(unsafe).lower()}' contradicts 'markdown.html: {html}';"
            " keep only 'html' (unsafe_html is its older spelling)",
        )
        values["unsafe_html"] = html == "unsafe"
