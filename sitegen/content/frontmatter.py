"""One markdown source → an ``Article`` with checked front matter (SPEC §3).

Takes a ``SourceFile`` and the site configuration and returns an ``Article``,
or None when the file has errors. Every problem is reported at its line in the
file: the front matter is composed once into YAML nodes (C loader) and each
key's line is kept in ``Article.lines`` so later stages can point at it too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import unquote

import yaml

from sitegen.config import INVALID, UNWRITABLE, SiteConfig, YamlDocument, describe_value
from sitegen.content.corrections import correction_date_problems, read_corrections
from sitegen.content.dates import DATE_EXAMPLES, to_datetime
from sitegen.content.formats import has_front_matter, read_front_matter
from sitegen.errors import Problem, Problems
from sitegen.model import Article, Correction, Landing, SourceFile
from sitegen.permalinks import alias_folder, article_url, resolve_alias
from sitegen.slugs import (
    MARKDOWN_SUFFIXES,
    NAME_DATE,
    article_slug,
    markdown_stem,
    page_name_problem,
    shown,
    slug_length_problem,
    slug_of_name,
)
from sitegen.urlpaths import IMAGE_SCHEMES, check_url, url_path_problem

_KINDS: Mapping[str, str] = {
    "title": "string",
    "slug": "string",
    "summary": "string",
    "author": "string",
    "section": "string",
    "image": "string",
    "image_alt": "string",
    "image_caption": "string",
    "image_credit": "string",
    "date": "date",
    "updated": "date",
    "lastmod": "date",
    "draft": "bool",
    "published": "bool",
    "expires": "date",
    "expiryDate": "date",
    "expirydate": "date",
    "unpublishdate": "date",
    "toc": "bool",
    "authors": "list",
    "tags": "list",
    "related": "list",
    "aliases": "list",
    "corrections": "corrections",
}
"""Known front matter keys and the kind of value each takes; others go to ``params``."""

_LANDING_KINDS: Mapping[str, str] = {
    "title": "string",
    "description": "string",
    "summary": "string",
    "section": "string",
}
"""What an ``_index.md`` front matter says; nothing is required, others go to ``params``."""


@dataclass(slots=True)
class _Front:
    """The front matter of one file while it is being checked."""

    document: YamlDocument
    zone: zoneinfo.ZoneInfo
    values: dict[str, object] = field(default_factory=dict)
    """Known keys whose value has the right kind (and is not empty)."""
    nodes: dict[str, yaml.Node] = field(default_factory=dict)
    """Known key → its value node, for errors at the value's line."""
    items: dict[str, tuple[yaml.Node, ...]] = field(default_factory=dict)
    """List key → its item nodes."""
    lines: dict[str, int] = field(default_factory=dict)
    params: dict[str, object] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    """What was dropped from values (characters a YAML or TOML escape wrote that no
    page or feed can carry)."""

    def report(self, key: str, message: str) -> None:
        """Record a Problem at ``key``'s line (line 1 when the key is absent)."""
        node = self.nodes.get(key)
        if node is None:
            self.document.problems.add(self.document.path, 1, message)
        else:
            self.document.report(node, message)


def parse_article(source: SourceFile, config: SiteConfig, problems: Problems) -> Article | None:
    """Check ``source``'s front matter and return its Article, or None if it has errors.

    Reports a missing or unclosed ``---`` block, malformed YAML (at the file
    line), a missing ``title`` or ``date``, values of the wrong type, unsafe
    slugs and aliases, ``image`` without ``image_alt``, ``updated`` before
    ``date`` and both ``author`` and ``authors`` — every one, not just the first.
    """
    before = len(problems)
    split = read_front_matter(source, problems)
    if split is None:
        return None
    document, body, body_line = split.document, split.body, split.body_line
    if not document.valid:
        return None
    front = _Front(document, zoneinfo.ZoneInfo(config.timezone))
    root = document.root
    if root is not None and not document.is_null(root):
        if not isinstance(root, yaml.MappingNode):
            actual = describe_value(document.value(root))
            document.report(root, f"front matter must be keys with values, not {actual}")
            return None
        _read_values(front, root)
    digest = hashlib.blake2b(f"{source.path}\0{source.text}".encode(), digest_size=16)
    article = _build_article(front, source.path, config, (body, body_line), digest.hexdigest())
    if article is None or len(problems) != before or not front.document.valid:
        return None
    warnings = (*source.warnings, *split.warnings, *front.warnings)
    return dataclasses.replace(article, warnings=warnings)


def parse_landing(source: SourceFile, config: SiteConfig, problems: Problems) -> Landing | None:
    """Check an ``_index.md`` and return its Landing, or None if it has errors.

    Unlike an article it needs no key, and no front matter at all: Hugo reads a
    file without one as all body.
    """
    before = len(problems)
    front = _Front(YamlDocument("", source.path, 1, problems), zoneinfo.ZoneInfo(config.timezone))
    body, body_line = source.text, 1
    if has_front_matter(source.text):
        split = read_front_matter(source, problems)
        if split is None:
            return None
        front.document, body, body_line = split.document, split.body, split.body_line
        root = front.document.root
        if root is not None and not front.document.is_null(root):
            if not isinstance(root, yaml.MappingNode):
                actual = describe_value(front.document.value(root))
                front.document.report(root, f"front matter must be keys with values, not {actual}")
                return None
            _read_values(front, root, _LANDING_KINDS)
    if "description" in front.nodes and "summary" in front.nodes:
        later = max(("description", "summary"), key=lambda key: front.lines[key])
        front.report(later, "give either 'description' or 'summary', not both")
    if len(problems) != before or not front.document.valid:
        return None
    strings = {key: _optional_string(front, key) for key in _LANDING_KINDS}
    digest = hashlib.blake2b(f"{source.path}\0{source.text}".encode(), digest_size=16)
    return Landing(
        source=source.path,
        title=(strings["title"] or "").strip() or None,
        summary=strings["description"] or strings["summary"],
        section=strings["section"],
        body=body,
        body_line=body_line,
        params=dict(sorted(front.params.items())),
        lines=dict(sorted(front.lines.items())),
        digest=digest.hexdigest(),
    )


_READ_PARAMS = frozenset({"description", "excerpt", "categories", "category", "url"})
"""Hugo's keys that sitegen reads from ``params`` (``_summary_param``,
``_first_category``, an article's own ``url``)."""


def _hugo_key(key: str, kinds: Mapping[str, str], written: set[str]) -> str:
    """``key`` as sitegen knows it: Hugo reads front matter keys in any case, and
    its old ``hugo new`` wrote ``Title``, ``Tags`` and ``Description``, so a
    known key in other letters is that key, unless the file writes it as well."""
    lowered = key.lower()
    if key in kinds or lowered == key or lowered in written:
        return key
    return lowered if lowered in kinds or lowered in _READ_PARAMS else key


def _read_values(front: _Front, root: yaml.MappingNode, kinds: Mapping[str, str] = _KINDS) -> None:
    """Sort each key into ``values`` (known, right kind) or ``params`` (unknown)."""
    document = front.document
    pairs = document.pairs(root)
    written = {key for key, _, _ in pairs}
    for key, key_node, value_node in pairs:
        key = _hugo_key(key, kinds, written)
        front.lines[key] = document.line(key_node)
        value = document.value(value_node)
        if value is INVALID:
            front.document.valid = False
            continue
        cleaned = _writable(value)
        if cleaned != value:
            message = (
                f"warning: dropped control characters from '{key}': no page or feed can carry them"
            )
            front.warnings.append(Problem(document.path, front.lines[key], message))
            value = cleaned
        kind = kinds.get(key)
        if kind is None:
            front.params[key] = value
            continue
        front.nodes[key] = value_node
        if value is None:
            continue  # "not given"; a required key reports it in _required
        checked = _check_kind(front, key, kind, value, value_node)
        if checked is not INVALID:
            front.values[key] = checked


def _writable(value: object) -> object:
    """``value`` without characters of ``UNWRITABLE``, in strings at any depth."""
    if isinstance(value, str):
        return UNWRITABLE.sub("", value)
    if isinstance(value, list):
        return [_writable(item) for item in value]
    if isinstance(value, dict):
        return {key: _writable(item) for key, item in value.items()}
    return value


def _check_kind(front: _Front, key: str, kind: str, value: object, node: yaml.Node) -> object:
    """``value`` converted to ``kind``, or INVALID with the problem reported."""
    if kind == "date":
        try:
            return to_datetime(value, front.zone)
        except ValueError as exc:
            written = node.value if isinstance(node, yaml.ScalarNode) else value
            shown = f"'{written}'" if isinstance(written, str) else describe_value(value)
            reason = f" ({exc})" if str(exc) else ""
            front.report(key, f"'{key}' must be a date like {DATE_EXAMPLES}, not {shown}{reason}")
            return INVALID
    if kind == "list" or (key == "author" and isinstance(value, list)):
        return _check_list(front, key, value, node)  # Hugo reads a list of authors here too
    if kind == "corrections":
        return read_corrections(front.document, node, front.zone, front.lines)
    expected = {"string": (str, "a string"), "bool": (bool, "true or false")}[kind]
    if isinstance(value, expected[0]):
        return value
    hint = ""
    if kind == "string" and isinstance(value, list):
        hint = " (use 'authors' for several)" if key == "author" else ""
    elif kind == "string" and not isinstance(value, dict):
        hint = " (put it in quotes)"
    front.report(key, f"'{key}' must be {expected[1]}, not {describe_value(value)}{hint}")
    return INVALID


def _check_list(front: _Front, key: str, value: object, node: yaml.Node) -> object:
    """A tuple of strings, each item's line kept as ``lines['key[i]']``.

    A single string is read as Hugo and Jekyll read it: ``tags: "a, b"`` or
    ``tags: a b`` are two tags (split at commas, else at spaces); for any
    other list key it is a list of one.
    """
    if isinstance(value, str) and isinstance(node, yaml.ScalarNode):
        if key == "tags":
            parts = value.split(",") if "," in value else value.split()
            words = tuple(part.strip() for part in parts if part.strip())
        else:
            words = (value,) if value.strip() else ()
        front.lines.update((f"{key}[{i}]", front.document.line(node)) for i in range(len(words)))
        front.items[key] = (node,) * len(words)
        return words
    if not isinstance(value, list) or not isinstance(node, yaml.SequenceNode):
        front.report(key, f"'{key}' must be a list of strings, not {describe_value(value)}")
        return INVALID
    items: tuple[yaml.Node, ...] = tuple(node.value)
    ok = True
    for index, (item, item_node) in enumerate(zip(value, items, strict=True)):
        front.lines[f"{key}[{index}]"] = front.document.line(item_node)
        if not isinstance(item, str):
            ok = False
            message = f"'{key}' must be a list of strings; item {index + 1} is "
            front.document.report(item_node, message + describe_value(item))
    if not ok:
        return INVALID
    front.items[key] = items
    return tuple(value)


def _build_article(
    front: _Front, path: str, config: SiteConfig, body: tuple[str, int], digest: str
) -> Article | None:
    """The Article from checked values; reports rules that span several keys."""
    title = _required(front, "title")
    date = _date_of(front, path)
    dated = date is not _UNDATED
    if not dated:
        date = datetime(1970, 1, 1, tzinfo=front.zone)  # for ordering only: never shown
        if path.count("/") > 1 and not _is_top_bundle(path) and not _says_page(front):
            message = (
                "warning: no 'date': built as a page at its URL and listed nowhere (not on "
                "the home page, in a feed, a tag's or section's list); give it a 'date' "
                "to make it an article"
            )
            front.warnings.append(Problem(path, 1, message))
    updated = front.values.get("updated")
    lastmod = front.values.get("lastmod")  # Hugo's name; ignored when before the date
    if updated is None and isinstance(lastmod, datetime) and isinstance(date, datetime):
        updated = lastmod if lastmod >= date else None
    if isinstance(date, datetime) and isinstance(updated, datetime) and updated < date:
        front.report(
            "updated",
            f"'updated' ({updated.isoformat()}) is before 'date' ({date.isoformat()});"
            " it must be the same or later",
        )
    slug, bundle = _slug(front, path)
    image = _check_image(front)
    corrections = _corrections(front, path, date)
    # Checked before returning so every problem of the file is reported.
    authors, tags, section = _authors(front, config), _tags(front), _section(front)
    related, aliases = _related(front), _aliases(front)
    if not (isinstance(title, str) and isinstance(date, datetime)) or slug is None:
        return None
    article = Article(
        source=path,
        slug=slug,
        title=title,
        date=date,
        updated=updated if isinstance(updated, datetime) else None,
        summary=_optional_string(front, "summary") or _summary_param(front),
        authors=_shared(authors),
        tags=_shared(tags),
        section=sys.intern(section) if section is not None else None,
        image=image if isinstance(image, str) else None,
        image_alt=_optional_string(front, "image_alt"),
        draft=_unpublished(front),
        related=related,
        aliases=aliases,
        body=body[0],
        body_line=body[1],
        toc=front.values.get("toc") is not False,
        params=dict(sorted(front.params.items())),
        lines=_shared_lines(front.lines),
        bundle=bundle,
        digest=digest,
        image_caption=_optional_string(front, "image_caption"),
        image_credit=_optional_string(front, "image_credit"),
        corrections=corrections,
        dated=dated,
        expires=_expires(front),
    )
    return _rooted_aliases(front, article, config)


def _unpublished(front: _Front) -> bool:
    """``draft: true``, or Jekyll's, Hexo's and Eleventy's ``published: false``:
    text its author has not released (built only with ``--drafts``)."""
    return front.values.get("draft") is True or front.values.get("published") is False


EXPIRY_KEYS = ("expires", "expiryDate", "expirydate", "unpublishdate")
"""When an article is taken down: sitegen's name, then Hugo's."""


def _expires(front: _Front) -> datetime | None:
    """The first of ``EXPIRY_KEYS`` given."""
    found = (front.values.get(key) for key in EXPIRY_KEYS)
    return next((moment for moment in found if isinstance(moment, datetime)), None)


def _shared(names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` as one string each that every article naming it shares: the
    parser makes each article's copy, and a large site names a few hundred
    tags and authors some hundred thousand times (with the front matter keys
    of ``Article.lines``, ~0.8 kB an article, in the build and in each page
    worker that reads it)."""
    return tuple(map(sys.intern, names))


_LAYOUTS: dict[tuple[tuple[str, int], ...], Mapping[str, int]] = {}
LAYOUTS_SHARED = 4096
"""Distinct front matter layouts ``_shared_lines`` shares; past that, a site whose
articles differ line by line gets its own map per article, as before, and no
table that grows with it."""


def _shared_lines(lines: Mapping[str, int], adopt: bool = False) -> Mapping[str, int]:
    """``Article.lines``: the line of each front matter key, one map for every
    article whose front matter has the same keys on the same lines. Articles made
    from one template mostly do, and the map is a frozen article's, never
    changed: at 10,000 such articles, reading the remembered site made 10,000
    maps of some ten keys each (a fifth of its time), and the build held them.
    ``adopt``: ``lines`` is already an article's map, which becomes its layout's
    when that layout is new (else a map is made from it)."""
    layout = tuple(sorted(lines.items()))
    shared = _LAYOUTS.get(layout)
    if shared is None:
        shared = lines if adopt else {sys.intern(key): line for key, line in layout}
        if len(_LAYOUTS) < LAYOUTS_SHARED:
            _LAYOUTS[layout] = shared
    return shared


def with_shared_lines(article: Article) -> Article:
    """``article`` holding the lines map its layout shares: a parse read back from
    the store was stored on its own and comes with a map of its own. The article
    itself when its map is the shared one, or its layout is not shared."""
    shared = _shared_lines(article.lines, adopt=True)
    return article if shared is article.lines else dataclasses.replace(article, lines=shared)


def _check_image(front: _Front) -> object:
    """The lead image: it needs its alternative text, a caption or credit needs
    it, and it is a path or a web address (never ``javascript:`` or ``data:``)."""
    image = front.values.get("image")
    if image is not None and "image_alt" not in front.values:
        front.report("image", "'image' needs an 'image_alt' describing the picture")
    for key in ("image_caption", "image_credit"):
        if key in front.values and image is None:
            message = f"'{key}' describes the lead image, but there is no 'image'"
            front.report(key, message + "; add one or remove it")
    if isinstance(image, str):
        try:
            check_url(image, "image", IMAGE_SCHEMES)
        except ValueError as error:
            front.report("image", str(error))
            return None
    return image


def _corrections(front: _Front, path: str, date: object) -> tuple[Correction, ...]:
    """The corrections, newest first; one dated before the article is reported."""
    corrections = front.values.get("corrections", ())
    assert isinstance(corrections, tuple)
    if isinstance(date, datetime):
        for index, message in correction_date_problems(corrections, date):
            front.document.problems.add(path, front.lines[f"corrections[{index}]"], message)
    return tuple(sorted(corrections, key=lambda c: (-c.date.timestamp(), c.text)))


def _required(front: _Front, key: str) -> object:
    """The value of required ``key``, or None with the problem reported."""
    if key not in front.nodes:
        front.report(key, f"missing required key '{key}'")
        return None
    value = front.values.get(key)
    blank = isinstance(value, str) and not value.strip()
    if blank or (value is None and front.document.is_null(front.nodes[key])):
        front.report(key, f"'{key}' must not be empty")
        return None
    return value  # None when its wrong type was reported already


def _date_of(front: _Front, path: str) -> object:
    """``date``; without one, the date a Jekyll-style file name starts with
    (``2015-10-19-a.md``), or a bundle's folder name (``2021-11-21-a/index.md``,
    as Docusaurus dates it; its slug drops the date as a file name's does), at
    midnight in the site's zone; a draft may have none (Hugo and Pelican build
    undated drafts): it sorts last in a preview. Any other file without one is
    a page (``_UNDATED``), as Zola and Hugo build an About page: listed
    nowhere, so no date is needed and none is made up (a file's time in git or
    on disk would put the page at the top of the feed on every checkout)."""
    if "date" not in front.nodes:
        parts = path.split("/")
        stem = parts[-2] if markdown_stem(parts[-1]) == "index" and len(parts) > 2 else parts[-1]
        found = NAME_DATE.match(stem)
        if found:
            try:
                year, month, day = (int(part) for part in found.groups())
                return datetime(year, month, day, tzinfo=front.zone)
            except ValueError:
                pass  # 2015-13-40-a.md: no date after all
        if _unpublished(front):  # Hugo and Pelican draft undated too
            return datetime(1970, 1, 1, tzinfo=front.zone)  # a preview's; publishing needs one
        return _UNDATED  # a page, as Zola and Hugo build one (an About page)
    return _required(front, "date")


_UNDATED = object()
"""What ``_date_of`` gives for a file without any date: a page, not an article."""


def _says_page(front: _Front) -> bool:
    """Whether a file without a date says it means to be a page, so no date was
    forgotten: it names its own address (``url``, Zola's ``path``, a plain
    ``permalink``), or its kind as Hugo's and Jekyll's themes write it
    (``type: page``, ``layout: page``). An import writes pages so."""
    for key in ("url", "path", "permalink"):
        value = front.params.get(key)
        if isinstance(value, str) and value.startswith("/"):
            return True
    return any(
        isinstance(front.params.get(key), str) and str(front.params[key]).strip().lower() == "page"
        for key in ("type", "layout")
    )


def _is_top_bundle(path: str) -> bool:
    """``content/about/index.md``: a page bundle at the top of ``content/``."""
    parts = path.split("/")
    return len(parts) == 3 and markdown_stem(parts[2]) == "index"


def _summary_param(front: _Front) -> str | None:
    """Hugo's ``description`` or Jekyll's ``excerpt`` when there is no ``summary``
    (kept in ``params`` as well: templates may read them by those names)."""
    for key in ("description", "excerpt"):
        value = front.params.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _optional_string(front: _Front, key: str) -> str | None:
    value = front.values.get(key)
    return value if isinstance(value, str) else None


def _slug(front: _Front, path: str) -> tuple[str | None, str | None]:
    """``(slug, bundle folder)``: the front matter ``slug`` or one from the file name.

    Either is kept as written where it is URL-safe (``slugs.article_slug``).
    """
    parts = path.split("/")
    stem = markdown_stem(parts[-1]) or parts[-1]
    bundle = "/".join(parts[:-1]) if stem == "index" and len(parts) > 2 else None
    written = front.values.get("slug")
    if isinstance(written, str):
        if "/" in written or "\\" in written or written.strip() in (".", ".."):
            message = f"slug '{written}' must be one URL segment: no '/' or '\\', not '..'"
            front.report("slug", message)
            return None, bundle
        slug = article_slug(written)
        too_long = slug_length_problem(slug)
        if not slug:
            front.report("slug", f"slug '{written}' has no letters or digits; write one that has")
        elif too_long:
            front.report("slug", f"slug '{shown(written)}' {too_long}; shorten it")
            return None, bundle
        return slug or None, bundle
    name = parts[-2] if bundle else stem
    slug = slug_of_name(name)
    too_long = slug_length_problem(slug)
    if not slug and "slug" not in front.nodes:
        front.report("slug", f"the name '{name}' gives an empty slug; add a 'slug' key")
    elif too_long and "slug" not in front.nodes:
        front.report(
            "slug", f"the name '{shown(name)}' gives a slug that {too_long}; add a shorter 'slug'"
        )
        return None, bundle
    return slug or None, bundle


def _authors(front: _Front, config: SiteConfig) -> tuple[str, ...]:
    """``author`` or ``authors`` as written, else ``default_author``."""
    one = front.values.get("author")
    several = front.values.get("authors")
    if "author" in front.nodes and "authors" in front.nodes:
        later = max(("author", "authors"), key=lambda key: front.lines[key])
        front.report(later, "give either 'author' or 'authors', not both")
    if isinstance(one, str):
        return _named_authors(front, config, "author", (one,))
    if isinstance(one, tuple):
        return _named_authors(front, config, "author", one)
    if isinstance(several, tuple):
        return _named_authors(front, config, "authors", several)
    if "author" in front.nodes or "authors" in front.nodes:
        return ()
    return (config.default_author,) if config.default_author else ()


def _named_authors(
    front: _Front, config: SiteConfig, key: str, names: tuple[str, ...]
) -> tuple[str, ...]:
    """``names`` but blank ones (``author: ""``, as Hugo archetypes leave it, is no
    author), each plain name (not a key of site.yaml ``authors``) checked: it gets
    a page of its own, so it needs a usable slug."""
    nodes = front.items.get(key) or (front.nodes[key],) * len(names)
    for name, node in zip(names, nodes, strict=True):
        problem = None if name in config.authors else page_name_problem("author", name)
        if problem and name.strip():
            front.document.report(node, problem)
    return tuple(name for name in names if name.strip())


def _tags(front: _Front) -> tuple[str, ...]:
    """The tags as written; a tag without letters or digits could have no page."""
    tags = front.values.get("tags", ())
    assert isinstance(tags, tuple)
    for tag, node in zip(tags, front.items.get("tags", ()), strict=True):
        problem = page_name_problem("tag", tag)
        if problem:
            front.document.report(node, problem)
    return tags


def _section(front: _Front) -> str | None:
    """The section as written; it gets a page, so it needs a usable slug. Without
    one, the first of Hugo's and Jekyll's ``categories`` (README's "Moving from
    Hugo"): left in params, the article was filed nowhere, without a word."""
    section = _optional_string(front, "section") or _first_category(front)
    problem = page_name_problem("section", section) if section and section.strip() else None
    if problem:
        front.report("section", problem)
    return section


def _first_category(front: _Front) -> str | None:
    """The first entry of ``categories`` (a list, or one name), when ``section`` is
    not given; a warning names the others, which an article of one section loses."""
    if "section" in front.nodes:
        return None
    for key in ("categories", "category"):
        value = front.params.get(key)
        names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        names = [name.strip() for name in names if isinstance(name, str) and name.strip()]
        if not names:
            continue
        front.lines["section"] = front.lines.get(key, 1)
        if len(names) > 1:
            others = ", ".join(repr(name) for name in names[1:])
            message = (
                f"warning: an article has one section: {names[0]!r}, the first of "
                f"'{key}'; {others} left out (add them to 'tags' to keep them)"
            )
            front.warnings.append(Problem(front.document.path, front.lines[key], message))
        return names[0]
    return None


def _related(front: _Front) -> tuple[str, ...]:
    """The pinned slugs, slugified as article slugs are; a path to an article's
    file (which tells apart two articles sharing a slug) is kept as written."""
    related = front.values.get("related", ())
    assert isinstance(related, tuple)
    slugs = []
    for name, node in zip(related, front.items.get("related", ()), strict=True):
        slug = name.strip() if name.strip().endswith(MARKDOWN_SUFFIXES) else article_slug(name)
        if not slug:
            front.document.report(node, f"related '{name}' is not an article slug")
        slugs.append(slug)
    return tuple(slugs)


def _aliases(front: _Front) -> tuple[str, ...]:
    """The alias paths, percent-escapes in the path decoded; each must stay a path
    on this site. One without its leading ``/`` is kept as written, for
    :func:`_rooted_aliases` to read from the page's folder.

    An old address is often written as a browser shows it (``/a%20b/``, Jekyll's
    permalinks of categories with spaces): the file that answers it is the
    folder ``a b``, which a static host finds for ``/a%20b/``. Taken as written,
    the folder was named ``a%20b`` and the redirect was never found."""
    written = front.values.get("aliases", ())
    assert isinstance(written, tuple)
    aliases = []
    for alias, node in zip(written, front.items.get("aliases", ()), strict=True):
        path, mark, query = alias.partition("?")
        decoded = unquote(path) + mark + query
        problem = _alias_problem(decoded)
        if problem:
            front.document.report(node, f"alias '{shown(alias)}' {problem}")
        aliases.append(decoded)
    return tuple(aliases)


def _alias_problem(alias: str) -> str | None:
    """Why ``alias`` is not a safe URL path on this site, or None."""
    if not alias.strip():
        return "is empty; write the old address, like '/old/path/' or 'old-name'"
    if "\\" in alias:
        return "must not contain '\\'"
    if alias.startswith("//") or "://" in alias:
        return "must be a path on this site like '/old/path/', not a URL with a host"
    if alias.startswith("/") and ".." in alias.partition("?")[0].split("/"):
        return "must not contain a '..' segment"
    if "#" in alias:
        return "must not contain '#': a fragment never reaches the server; leave it out"
    too_long = url_path_problem(alias.partition("?")[0])
    return f"{too_long}; shorten it" if too_long else None


def _rooted_aliases(front: _Front, article: Article, config: SiteConfig) -> Article:
    """``article`` with each alias written without its leading ``/`` read from the
    folder of the article's own URL, as Hugo reads ``aliases: [old-name]``:
    ``/posts/old-name/`` for the page at ``/posts/new/``. Zola's, which TOML
    front matter writes from the site's root, have their ``/`` already.

    Reports an alias climbing above the site's root with ``..``. One of an
    article whose own address is refused is left as written: that article has
    no page, and the site model says why."""
    if all(alias.startswith("/") for alias in article.aliases):
        return article
    page = article_url(article, config)
    if page is None:
        return article
    rooted = []
    for alias, node in zip(article.aliases, front.items.get("aliases", ()), strict=True):
        found = alias if alias.startswith("/") else resolve_alias(alias, page)
        if found is None:
            message = (
                f"alias '{shown(alias)}' climbs above the site's root: without a leading "
                f"'/' it is read from {alias_folder(page)}, the folder of the article's URL"
            )
            front.document.report(node, message)
        rooted.append(found or alias)
    return dataclasses.replace(article, aliases=tuple(rooted))
