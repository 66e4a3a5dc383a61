"""The site as a whole: site.yaml, static files, and the old URLs of list pages.

Hugo serves ``static/`` at the site's root; sitegen copies every file of
``content/`` that is not an article to the same path, so static files go to
``content/`` (a markdown file among them is listed in ``exclude`` so that it
stays a file). List pages (home, sections, taxonomies) and feeds had URLs too:
each is reported with what answers it now; where sitegen's page is at another
path, a small redirect page is written at the old one.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.importer.hugo.anchors import EMOJI
from sitegen.importer.hugo.codeblocks import site_line_numbers
from sitegen.importer.hugo.config import HugoConfig
from sitegen.importer.hugo.content import Item
from sitegen.importer.hugo.mapping import hidden_cover, terms
from sitegen.importer.hugo.pages import HugoPage
from sitegen.importer.hugo.plan import taken_by_sitegen
from sitegen.importer.hugo.urls import HugoUrls, PageFacts
from sitegen.importer.model import CopiedFile, Note
from sitegen.slugs import slugify

DEFAULT_BASE_URL = "http://localhost:8000/"
GENERATED = frozenset(
    {
        "robots.txt",
        "sitemap.xml",
        "news-sitemap.xml",
        "feed.xml",
        "feed.json",
        "404.html",
        "index.html",
        "_redirects",
        "_headers",
        ".nojekyll",
        "tags/index.html",
        "search/index.html",
    }
)
"""Files every sitegen build writes itself: a static file there is not copied."""
GENERATED_FOLDERS = ("pagefind/", "static/")
CONFIG_EFFECTS = {
    "theme": "the theme is not carried over: sitegen renders with its own templates (layouts/)",
    "menus": "menus are not carried over: sitegen has none; link pages from your templates",
    "outputformats": "custom output formats are not carried over",
    "related": "Hugo's related-content settings are not carried over: sitegen ranks related "
    "articles by shared tags (site.yaml related)",
    "services": "services (analytics, Disqus…) are not carried over; sitegen's comments are "
    "site.yaml comments",
    "disqusshortname": "Disqus is not carried over; sitegen's comments are site.yaml comments",
    "googleanalytics": "analytics are not carried over: add them to your templates",
    "copyright": "the copyright line is not carried over: add it to your templates",
}


@dataclass(slots=True)
class Lists:
    """Old URLs of list pages and feeds, and the redirect pages that keep them answering."""

    urls: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


def base_url(config: HugoConfig, notes: list[Note]) -> str:
    """sitegen's ``base_url``: Hugo's when it is an absolute http(s) URL."""
    url = config.base_url.strip()
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return url if url.endswith("/") else url + "/"
    notes.append(
        Note(
            config.origin,
            1,
            f"baseURL '{url}' is not an absolute http(s) URL: "
            f"base_url is {DEFAULT_BASE_URL}; set it in site.yaml",
        )
    )
    return DEFAULT_BASE_URL


def site_yaml(
    config: HugoConfig,
    url: str,
    pattern: str,
    authors: Mapping[str, Mapping[str, str]],
    exclude: Sequence[str],
    default_author: str = "",
    math: bool = False,
) -> dict[str, object]:
    """site.yaml in sitegen's keys, in the order a reader expects them; ``math``: a
    body had TeX from a theme's math shortcode."""
    values: dict[str, object] = {"title": str(config.get("title") or "Untitled"), "base_url": url}
    language = config.get("languagecode") or config.get("locale") or config.language
    values["language"] = str(language)
    values["timezone"] = config.timezone or "UTC"
    pager = config.get("pagination", "pagersize") or config.get("paginate")
    if isinstance(pager, int) and not isinstance(pager, bool) and pager > 0:
        values["paginate"] = pager
    values["permalinks"] = {"article": pattern}
    markdown: dict[str, object] = {}
    if raw_html_trusted(config):
        markdown["html"] = "unsafe"
    if config.get("markup", "goldmark", "extensions", "linkify") is False:
        markdown["linkify"] = False
    if not typographer_on(config):
        markdown["typographer"] = False
    if config.get("markup", "goldmark", "renderer", "hardwraps") is True:
        markdown["breaks"] = True
    if config.get("markup", "highlight", "codefences") is False:
        markdown["highlight"] = False
    if passthrough_on(config) or math:
        markdown["math"] = True
    if markdown:
        values["markdown"] = markdown
    if default_author:
        values["default_author"] = default_author
    if authors:
        values["authors"] = {key: dict(value) for key, value in authors.items()}
    if exclude:
        values["exclude"] = sorted(set(exclude))
    return values


NOT_CARRIED = {
    "assets": "assets/ (files Hugo Pipes processes: styles, scripts) is not carried over: "
    "sitegen's own theme styles the site; put your files in layouts/static/",
    "layouts": "layouts/ (Go templates) is not carried over: sitegen's templates are Jinja; "
    "copy one from its theme to layouts/ to change it",
    "themes": "themes/ is not carried over: sitegen renders with its own theme",
    "data": "data/ is not carried over: sitegen templates do not read data files",
    "i18n": "i18n/ is not carried over: sitegen's theme has its own words; change them in "
    "its templates",
    "archetypes": "archetypes/ is not carried over: sitegen new writes the front matter of a "
    "new article",
}
"""Hugo site folders the import leaves behind, and what to do instead."""


def config_notes(config: HugoConfig) -> list[Note]:
    """What of the Hugo site as a whole has an effect the new site does not have."""
    notes = [
        Note(f"{folder}/", 1, message)
        for folder, message in NOT_CARRIED.items()
        if (config.site / folder).is_dir()
    ]
    messages = [message for key, message in CONFIG_EFFECTS.items() if _set(config, key)]
    if raw_html_trusted(config):
        messages.append(
            "Hugo rendered raw HTML in markdown as written (markup.goldmark.renderer.unsafe); "
            "so does the new site (markdown.html: unsafe); set sanitize to keep only what is safe"
        )
    if config.get("markup", "goldmark", "extensions", "linkify") is False:
        messages.append(
            "Hugo left bare URLs as text (markup.goldmark.extensions.linkify off); so does "
            "the new site (markdown.linkify: false)"
        )
    if not typographer_on(config):
        messages.append(
            "Hugo printed quotes and dashes as typed (markup.goldmark.extensions.typographer "
            "off); so does the new site (markdown.typographer: false)"
        )
    if config.get("markup", "goldmark", "renderer", "hardwraps") is True:
        messages.append(
            "Hugo printed each line break of a paragraph as a line break "
            "(markup.goldmark.renderer.hardWraps); so does the new site (markdown.breaks: true)"
        )
    hidden = hidden_cover(config.params.get("cover"), "params.")
    if hidden:
        messages.append(
            f"PaperMod hid the articles' covers ({hidden}); sitegen shows each "
            "article's image (its cover.image) on its page and cards: take 'image' out of an "
            "article to hide it"
        )
    if passthrough_on(config):
        messages.append(
            "Hugo passed TeX between dollars through for a script to set "
            "(markup.goldmark.extensions.passthrough); the new site sets it as MathML "
            "itself (markdown.math: true): remove the KaTeX or MathJax script"
        )
    if config.get("markup", "highlight", "codefences") is False:
        messages.append(
            "Hugo left fenced code uncoloured (markup.highlight.codeFences off); so does the "
            "new site (markdown.highlight: false)"
        )
    messages.extend(_line_number_notes(config))
    if config.params:
        messages.append(
            f"{len(config.params)} site params are not carried over (sitegen has none); the "
            "import wrote the value of each {{% param %}} that used one"
        )
    taxonomies = sorted(set(config.taxonomies.values()) - {"tags", "categories"})
    if taxonomies:
        messages.append(
            f"taxonomies {', '.join(taxonomies)}: kept as params; sitegen has pages for tags, "
            "sections and authors only"
        )
    if config.flag("enableemoji"):
        messages.append(
            "enableEmoji: sitegen does not turn :emoji: codes into emoji; the import wrote "
            "each one Hugo showed as its emoji"
        )
    return notes + [Note(config.origin, 1, message) for message in messages]


def _line_number_notes(config: HugoConfig) -> list[str]:
    """What became of Hugo's site-wide line number settings (``markup.highlight``)."""
    options = site_line_numbers(config)
    if not options:
        return []
    written = ",".join(f"{k}={v}" for k, v in options.items())
    message = (
        "Hugo's markup.highlight line numbers (lineNos, lineNoStart) applied to every "
        f"code block; sitegen has no site-wide setting, so each numbered fenced block "
        f"with a language now says {{{written}}} itself unless it said otherwise"
    )
    if config.get("markup", "highlight", "linenumbersintable") is not None:
        message += "; sitegen sets the numbers beside each line (lineNumbersInTable has no effect)"
    return [message]


def _set(config: HugoConfig, key: str) -> bool:
    """Whether the site sets ``key`` to something the import did not carry over
    (an RSS feed's ``baseName`` it did: ``feed`` is sitegen's ``/feed.xml``)."""
    value = config.get(key)
    if key == "outputformats" and isinstance(value, Mapping):
        rss = value.get("rss")
        simple = set(value) <= {"rss"} and isinstance(rss, Mapping) and set(rss) <= {"basename"}
        return not simple
    return bool(value)


def raw_html_trusted(config: HugoConfig) -> bool:
    """Whether Hugo rendered raw HTML in markdown (goldmark's ``unsafe``)."""
    return config.get("markup", "goldmark", "renderer", "unsafe") is True


def passthrough_on(config: HugoConfig) -> bool:
    """Whether Goldmark's passthrough extension (Hugo's way to keep TeX for KaTeX or
    MathJax) was on: its table with ``enable = true``."""
    value = config.get("markup", "goldmark", "extensions", "passthrough")
    return isinstance(value, Mapping) and value.get("enable") is True


def typographer_on(config: HugoConfig) -> bool:
    """Whether Goldmark's typographer curled quotes and made dashes (its default):
    turned off as ``typographer = false`` or, since Hugo 0.112, as a table with
    ``disable = true``."""
    value = config.get("markup", "goldmark", "extensions", "typographer")
    if isinstance(value, bool):
        return value
    if isinstance(value, Mapping):
        return value.get("disable") is not True
    return True


def heading_id_kind(config: HugoConfig) -> str:
    """Goldmark's ``autoHeadingIDType`` (``github`` unless set); ``""`` when
    ``autoHeadingID`` is off and headings had no id; ``EMOJI`` after it when
    ``enableEmoji`` made ``:lock:`` a character before the id was made."""
    parser = config.get("markup", "goldmark", "parser", default={})
    if not isinstance(parser, Mapping) or parser.get("autoheadingid") is False:
        return "" if isinstance(parser, Mapping) else "github"
    kind = str(parser.get("autoheadingidtype") or "github").lower()
    kind = kind if kind in ("github", "github-ascii", "blackfriday") else "github"
    return kind + EMOJI if config.flag("enableemoji") else kind


def site_author(config: HugoConfig) -> str:
    """The site's author (``author`` or ``params.author``, a name or ``{name: …}``)."""
    for value in (config.get("author"), config.get("params", "author")):
        name = value.get("name") if isinstance(value, Mapping) else value
        if isinstance(name, str) and name.strip():
            return name.strip()
    return ""


def static_files(
    config: HugoConfig, taken: Iterable[str]
) -> tuple[list[CopiedFile], list[str], list[Note]]:
    """Files of ``static/`` (``staticDir``) → ``content/``; markdown ones also excluded."""
    dirs = config.get("staticdir", default="static")
    folders = dirs if isinstance(dirs, list) else [dirs]
    copies: dict[str, CopiedFile] = {}
    exclude: list[str] = []
    notes: list[Note] = []
    busy = set(taken)
    for folder in (str(f) for f in folders if f):
        root = config.site / folder
        for path in _files(root):
            relative = path.relative_to(root).as_posix()
            origin = f"{folder}/{relative}"
            dest = f"content/{relative}"
            if relative in GENERATED or relative.startswith(GENERATED_FOLDERS):
                notes.append(Note(origin, 1, f"not copied: sitegen writes /{relative} itself"))
            elif dest in busy or dest in copies:
                notes.append(Note(origin, 1, f"not copied: {dest} is already taken by content"))
            else:
                copies[dest] = CopiedFile(path, dest)
                if relative.endswith((".md", ".markdown")):
                    exclude.append("/" + relative)
                    notes.append(
                        Note(
                            origin,
                            1,
                            f"kept as {dest} but not served: sitegen reads "
                            "a markdown file below content/ as an article, so it is "
                            "in site.yaml exclude",
                        )
                    )
    return [copies[d] for d in sorted(copies)], exclude, notes


def _files(root: Path) -> list[Path]:
    found: list[Path] = []
    if not root.is_dir():
        return found
    for directory, folders, names in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found.extend(Path(directory) / n for n in sorted(names) if not n.startswith("."))
    return sorted(found)


def other_language_notes(others: Mapping[str, list[Item]], config: HugoConfig) -> list[Note]:
    """A note at each content file of another language than the default: sitegen
    builds one, so each is left out, and what Hugo served under ``/LANG/`` with it."""
    notes = []
    for language in sorted(others):
        for item in others[language]:
            message = (
                f"not imported: a content file of the language '{language}'; sitegen "
                f"builds one language, so its page under /{language}/ stops answering"
            )
            notes.append(Note(item.origin, 1, message))
    return notes


def redirect_page(target: str, title: str, language: str) -> str:
    """A page sending readers (and search engines) from an old list URL to ``target``."""
    shown = html.escape(target)
    return (
        f'<!doctype html>\n<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {html.escape(title)}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{shown}">\n'
        f'<meta http-equiv="refresh" content="0; url={shown}">\n</head>\n<body>\n'
        f'<p>This page has moved to <a href="{shown}">{shown}</a>.</p>\n</body>\n</html>\n'
    )


@dataclass(frozen=True, slots=True)
class ListContext:
    """What list pages map to in the new site."""

    config: HugoConfig
    base_url: str
    title: str
    language: str
    articles: Sequence[tuple[HugoPage, Mapping[str, object]]]
    """Published articles with their sitegen front matter."""
    taken: frozenset[str]
    """Old URLs of articles and aliases: no redirect page may go there."""


def list_pages(branches: Sequence[HugoPage], context: ListContext) -> Lists:
    """Home, sections, taxonomies and feeds: their old URLs and what answers them."""
    lists = Lists()
    config = context.config
    urls = HugoUrls(config)
    home = config.language_prefix + "/"
    _answer(lists, home, "/", context, config.origin)
    sections = {slugify(str(f.get("section"))) for _, f in context.articles if f.get("section")}
    feeds: list[str] = []
    if "rss" in config.outputs("home") and not config.disabled("rss"):
        feeds.append(home + config.rss_name)
    own = {p.origin for p, _ in context.articles if p.from_branch}
    for origin, url, name in _section_pages(branches, context, urls):
        if config.disabled("section"):
            break
        slug = slugify(name)
        target = f"/sections/{slug}/" if slug in sections else "/"
        # A section imported as an article answers as one, unless sitegen's own
        # pages take its URL (an author's bio at /authors/NAME/): then as before.
        if origin not in own or taken_by_sitegen(url):
            _answer(lists, url, target, context, origin)
        if "rss" in config.outputs("section") and not config.disabled("rss"):
            feeds.append(urls.resources_url(url) + config.rss_name)
    _feeds(lists, feeds, config.origin)
    if not config.disabled("sitemap"):
        lists.urls["/sitemap.xml"] = "/sitemap.xml"
        if home != "/":
            lists.notes.append(
                Note(
                    config.origin,
                    1,
                    f"Hugo's sitemap {home}sitemap.xml is "
                    "not served any more (sitegen's is /sitemap.xml)",
                )
            )
    _taxonomies(lists, context, urls, sections)
    return lists


def _section_pages(
    branches: Sequence[HugoPage], context: ListContext, urls: HugoUrls
) -> list[tuple[str, str, str]]:
    """(origin, old URL, folder name) of every section page Hugo made: one per
    ``_index`` file (an article's, when it became one), and one for each
    top-level folder of articles without one."""
    found: list[tuple[str, str, str]] = []
    indexed = set()
    sections = [p for p, _ in context.articles if p.from_branch]
    for branch in [*branches, *sections]:
        if branch.facts.kind == "section":
            indexed.add(branch.item.folder)
            if branch.published and branch.url:
                found.append((branch.origin, branch.url, branch.item.folder.rsplit("/", 1)[-1]))
    for page, _ in context.articles:
        section = page.facts.section
        if section and section not in indexed:
            indexed.add(section)
            facts = PageFacts("section", section, "_index", section, (section,), section, "", None)
            found.append((context.config.origin, urls.list_url(facts), section))
    return found


def _feeds(lists: Lists, feeds: Sequence[str], origin: str) -> None:
    """Hugo's RSS feeds: ``/feed.xml`` answers still; a host redirect must carry others."""
    gone = [url for url in feeds if url != "/feed.xml"]
    if "/feed.xml" in feeds:
        lists.urls["/feed.xml"] = "/feed.xml"
    if not gone:
        return
    rules = "; ".join(f"{url} /feed.xml 301" for url in gone)
    message = (
        f"Hugo's feeds {', '.join(gone)} are not served any more (sitegen's is /feed.xml): "
        f"redirect them on your host, e.g. in _redirects: {rules}"
    )
    lists.notes.append(Note(origin, 1, message))


def _answer(lists: Lists, old: str, new: str, context: ListContext, origin: str) -> None:
    """``old`` answers: it is ``new``, or a redirect page at ``old`` leads there."""
    if old == new:
        lists.urls[old] = new
        return
    path = old.lstrip("/")
    path = path if path.endswith(".html") else path + "index.html"
    if old in context.taken or path in GENERATED:
        lists.notes.append(Note(origin, 1, f"{old} is not kept: something else lives there now"))
        return
    lists.urls[old] = new
    target = context.base_url + new.lstrip("/")
    lists.texts[f"content/{path}"] = redirect_page(target, context.title, context.language)


def _taxonomies(lists: Lists, context: ListContext, urls: HugoUrls, sections: set[str]) -> None:
    config = context.config
    if config.disabled("term") and config.disabled("taxonomy"):
        return
    for plural in sorted(set(config.taxonomies.values())):
        terms = sorted({t for page, _ in context.articles for t in _terms(page, plural)})
        if not terms:
            continue
        if plural not in ("tags", "categories", "authors"):
            continue
        if not config.disabled("taxonomy"):
            listing = urls.list_url(_plural_page(plural))
            _answer(
                lists, listing, "/tags/" if plural != "authors" else "/", context, config.origin
            )
        if config.disabled("term"):
            continue
        for term in terms:
            slug = slugify(term)
            if plural == "authors":
                new = f"/authors/{slug}/"
            elif plural == "categories" and slug in sections:
                new = f"/sections/{slug}/"
            else:
                new = f"/tags/{slug}/"
            if slug:
                _answer(lists, urls.term_url(plural, term), new, context, config.origin)


def _plural_page(plural: str) -> PageFacts:
    return PageFacts("taxonomy", plural, plural, plural, (plural,), plural, "", None)


def _terms(page: HugoPage, plural: str) -> list[str]:
    return terms(page.front.get(plural))
