"""Which local images each article shows, found in what the article renders.

Takes the site model (rendered bodies, front matter, the files copied from
``content/``) and returns, per article, every image reference that names one
of those files: the lead image of the front matter and each ``<img>`` of the
rendered body. The body is read as HTML, after markdown and shortcodes, so a
markdown image, a ``figure`` shortcode and raw ``<img>`` are found alike.

An image written relative to the article (``chart.png`` beside it, ``../x.jpg``)
must be one of the site's files: a missing one is a Problem at the line that
names it. A root-relative one (``/images/x.png``) that no file of the site
provides is left as written, since the host may serve it from elsewhere;
``sitegen check`` reports it.
"""

from __future__ import annotations

import dataclasses
import html
import posixpath
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from sitegen.errors import Problems
from sitegen.model import Article, RenderedArticle, Site, WithBodies, each_body

RASTER_SUFFIXES = frozenset(
    (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".tif", ".tiff", ".bmp")
)
"""Images the build processes; SVG and anything else is shown as written."""

_TAG = re.compile(r"<(img|picture|/picture)\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
"""One attribute of a start tag: name, then its value double-, single- or unquoted."""

Resolve = Callable[[str, str], str]
"""``resolve(href, article source)`` → the href the body links to (``LinkRewriter``)."""


@dataclass(frozen=True, slots=True)
class ImageUse:
    """One place an article shows a local raster image."""

    article: str
    """The article's source file."""
    line: int
    """Where the reference is written in that file."""
    src: str
    """As the HTML or the front matter writes it (the key pages look it up by)."""
    url: str
    """Site URL path of the image: ``/bundle/harbour.jpg``."""
    file: str
    """The image file, relative to the site: ``content/bundle/harbour.jpg``."""
    lead: bool = False
    written: str = ""
    """The reference as the author wrote it, for messages (``src`` may be rewritten)."""


def image_sources(body_html: str) -> Iterator[str]:
    """The ``src`` of every ``<img>`` of ``body_html`` not already in a ``<picture>``,
    unescaped, in document order."""
    depth = 0
    for match in _TAG.finditer(body_html):
        name = match.group(1).lower()
        if name == "picture":
            depth += 1
        elif name == "/picture":
            depth = max(0, depth - 1)
        elif depth == 0:
            src = attribute_value(match.group(2), "src")
            if src:
                yield src


def attribute_value(attributes: str, wanted: str) -> str | None:
    """The unescaped value of attribute ``wanted`` in a start tag's attribute text."""
    for match in ATTRIBUTE.finditer(attributes):
        if match.group(1).lower() == wanted:
            value = next((v for v in match.group(2, 3, 4) if v is not None), "")
            return html.unescape(value)
    return None


def is_local(src: str) -> bool:
    """A reference to a file of this site: no scheme, no host, no ``data:``."""
    head, colon, _ = src.partition(":")
    has_scheme = bool(colon) and "/" not in head and head.replace("+", "").isalnum()
    return bool(src) and not src.startswith(("//", "#")) and not has_scheme


def held_markdown(article: Article) -> str:
    """The markdown ``article`` carries: the default where a caller holds its
    articles whole (a build reads it back from its store instead)."""
    return article.body or ""


class ImageFinder:
    """Finds the images of each article against the site's files."""

    def __init__(
        self,
        site: Site,
        resolve: Resolve,
        base_path: str,
        other_files: Collection[str] = (),
        markdown: Callable[[Article], str] = held_markdown,
    ) -> None:
        """``other_files``: output paths of files not copied from ``content/`` (the
        theme's and the site's assets), which a relative image may also name.
        ``markdown`` reads an article's markdown where the build does not hold it."""
        self.site = site
        self.resolve = resolve
        self.base_path = base_path
        self.by_output = {dest: src for src, dest in site.files}
        self.other_files = frozenset(other_files)
        self.markdown = markdown

    def uses(self, rendered: RenderedArticle, problems: Problems) -> list[ImageUse]:
        """Every local raster image the article shows; a missing one is a Problem."""
        article = rendered.article
        found: list[ImageUse] = []
        if article.image and is_local(article.image):
            line = article.lines.get("image", 1)
            url = self.lead_url(article)
            use = self._use(article, article.image, url, line, lead=True)
            if use is not None:
                found.append(use)
            elif not article.image.startswith("/") and not self._exists(url):
                problems.add(article.source, line, f"image '{article.image}' does not exist")
        self._report_missing(rendered, problems)
        seen: set[str] = set()
        for src in image_sources(rendered.html):
            if src in seen or not is_local(src):
                continue
            seen.add(src)
            url = self.body_url(src, article.source)
            line, written = self._line(rendered, src, url)
            use = self._use(article, src, url, line, lead=False)
            if use is not None:
                found.append(dataclasses.replace(use, written=written))
        return found

    def lead_url(self, article: Article) -> str | None:
        """The site URL path of the front matter image: relative to the article's file."""
        src = article.image or ""
        path = src.split("?")[0].split("#")[0]
        if path.startswith("/"):
            return posixpath.normpath(unquote(path))
        folder = posixpath.dirname(article.source)
        joined = posixpath.normpath(posixpath.join(folder, unquote(path)))
        if not joined.startswith("content/"):
            return None
        return "/" + joined.removeprefix("content/")

    def body_url(self, src: str, source: str) -> str | None:
        """The site URL path an ``<img src>`` of the body names, if within the site."""
        href = src if src.startswith("/") else self.resolve(src, source)
        path = unquote(href.split("?")[0].split("#")[0])
        if not path.startswith(self.base_path):
            return None
        return "/" + posixpath.normpath(path[len(self.base_path) :]).lstrip("/")

    def _use(
        self, article: Article, src: str, url: str | None, line: int, lead: bool
    ) -> ImageUse | None:
        if url is None or posixpath.splitext(url)[1].lower() not in RASTER_SUFFIXES:
            return None
        file = self.by_output.get(url.lstrip("/"))
        if file is None:
            return None
        return ImageUse(article.source, line, src, url, file, lead, src)

    def _exists(self, url: str | None) -> bool:
        if url is None:
            return False
        path = url.lstrip("/")
        return path in self.by_output or path in self.other_files

    def _report_missing(self, rendered: RenderedArticle, problems: Problems) -> None:
        """A markdown image written relative to the article that names no file."""
        source = rendered.article.source
        for link in rendered.links:
            if link.kind != "image" or not is_local(link.href) or link.href.startswith("/"):
                continue
            if not self._exists(self.body_url(link.href, source)):
                problems.add(source, link.line, f"image '{unquote(link.href)}' does not exist")

    def _line(self, rendered: RenderedArticle, src: str, url: str | None) -> tuple[int, str]:
        """Where a body image is written and how: its markdown reference, else the
        first body line naming its file (a shortcode's argument), else the body's start."""
        article = rendered.article
        for link in rendered.links:
            if link.kind == "image" and (
                link.href == src or self.body_url(link.href, article.source) == url
            ):
                return link.line, link.href
        name = posixpath.basename(unquote(src.split("?")[0]))
        for offset, text in enumerate(self.markdown(article).split("\n")):
            if name and name in text:
                return article.body_line + offset, src
        return article.body_line, src


def find_uses(
    site: Site,
    resolve: Resolve,
    base_path: str,
    other_files: Collection[str],
    problems: Problems,
    bodies: WithBodies = list,
    markdown: Callable[[Article], str] = held_markdown,
) -> dict[str, list[ImageUse]]:
    """Article source → the local raster images it shows, in page order; the
    bodies of lean articles read back through ``bodies``, a few at a time, and
    the markdown through ``markdown`` (for the line of an image a shortcode shows)."""
    finder = ImageFinder(site, resolve, base_path, other_files, markdown)
    found: dict[str, list[ImageUse]] = {}
    for rendered in each_body(site.articles, _showing_images(bodies)):
        found[rendered.article.source] = finder.uses(rendered, problems)
    return found


def _showing_images(bodies: WithBodies) -> WithBodies:
    """``bodies`` for the articles whose body shows an image
    (``RenderedArticle.shows_images``); the others as they are: a lean article
    without one has nothing in its body for the finder, which then reads its
    front matter image alone."""

    def read(rendered: Sequence[RenderedArticle]) -> list[RenderedArticle]:
        wanted = [r for r in rendered if r.shows_images]
        if not wanted:
            return list(rendered)
        full = {r.article.source: r for r in bodies(wanted)}
        return [full.get(r.article.source, r) for r in rendered]

    return read


def shown_map(uses: Mapping[str, list[ImageUse]]) -> dict[str, dict[str, str]]:
    """Article source → {reference as written → site URL path}, for ``Pictures.shown``."""
    return {source: {u.src: u.url for u in found} for source, found in uses.items() if found}
