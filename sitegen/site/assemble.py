"""Gather rendered articles into the Site: order, taxonomies, related lists, files.

Choosing what is published happens before markdown (no point rendering a
draft that will not be built), so :func:`select_published` is separate from
:func:`assemble_site`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Collection, ItemsView, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime

from sitegen.config import SiteConfig
from sitegen.errors import Problems
from sitegen.model import (
    Article,
    Listing,
    RenderedArticle,
    RenderedLanding,
    Site,
    Taxon,
    WithBodies,
)
from sitegen.site.landings import attach_landings
from sitegen.site.pagination import paginate
from sitegen.site.related import (
    RelatedIndex,
    RelatedInput,
    Spread,
    TextSimilar,
    ranked_keys,
)
from sitegen.site.taxonomy import (
    author_slugs,
    collect_authors,
    collect_sections,
    collect_tags,
    tag_slugs,
)
from sitegen.site.textrank import TextNeighbours
from sitegen.slugs import MARKDOWN_SUFFIXES, slugify

Ranker = Callable[[Sequence[RelatedInput], int, TextNeighbours], Mapping[str, tuple[str, ...]]]
"""Computes every related list (article sources, best first); the build may hand
in one that remembers results."""


def rank_keys(
    items: Sequence[RelatedInput],
    count: int,
    text: TextSimilar | None = None,
    spread: Spread | None = None,
) -> Mapping[str, tuple[str, ...]]:
    """Every article's related articles, best first (``rank_related`` without the
    reasons); ``spread``: see ``related.ranked_keys``."""
    keys = sorted(item.key for item in items)
    return ranked_keys(RelatedIndex(items, text), keys, count, spread)


def related_texts(
    rendered: Sequence[RenderedArticle],
    config: SiteConfig,
    bodies: WithBodies = list,
    identity: Callable[[Article], str] | None = None,
) -> TextNeighbours:
    """What related lists compare when tags leave slots: title, summary and body
    text, the text read back through ``bodies`` where the articles are lean.
    ``identity``: the same name only for the same text (the build's body memo
    key names the article's file and everything its body is rendered with)."""
    dates = {r.article.source: r.article.date.timestamp() for r in rendered}
    texts = _ArticleTexts(rendered, bodies)
    named = None
    if identity is not None:
        articles = {r.article.source: r.article for r in rendered}

        def named(key: str) -> str:
            return identity(articles[key])

    return TextNeighbours(texts, config.language, positions=dates, identity=named)


class _ArticleTexts(Mapping[str, str]):
    """Source → title, summary and body text, joined only when read: a site whose
    tags fill every list never reads them. Read all at once (``items``), the
    bodies are read back a few at a time."""

    BATCH = 256

    def __init__(self, rendered: Sequence[RenderedArticle], bodies: WithBodies) -> None:
        self.rendered = {r.article.source: r for r in rendered}
        self.bodies = bodies
        self.texts: dict[str, str] = {}

    def __getitem__(self, key: str) -> str:
        if key not in self.texts:
            self._read([self.rendered[key]])
        return self.texts[key]

    def items(self) -> ItemsView[str, str]:
        missing = [r for source, r in self.rendered.items() if source not in self.texts]
        for start in range(0, len(missing), self.BATCH):
            self._read(missing[start : start + self.BATCH])
        return {source: self.texts[source] for source in self.rendered}.items()

    def _read(self, rendered: Sequence[RenderedArticle]) -> None:
        for found in self.bodies(rendered):
            joined = f"{found.article.title}\n{found.summary}\n{found.text}"
            self.texts[found.article.source] = joined

    def __contains__(self, key: object) -> bool:
        return key in self.rendered

    def __iter__(self) -> Iterator[str]:
        return iter(self.rendered)

    def __len__(self) -> int:
        return len(self.rendered)


def newest_first(article: Article) -> tuple[float, str, str]:
    """Sort key: newest first, ties by slug (SPEC §5), then by file (slugs may repeat)."""
    return (-article.date.timestamp(), article.slug, article.source)


def select_published(
    articles: Sequence[Article], now: datetime, *, drafts: bool, future: bool
) -> tuple[Article, ...]:
    """The articles this build publishes, newest first. An expired article is
    withdrawn: built, like a draft, only with ``drafts``."""
    chosen = [
        a
        for a in articles
        if (drafts or not (a.draft or (a.expires is not None and a.expires <= now)))
        and (future or a.date <= now)
    ]
    return tuple(sorted(chosen, key=newest_first))


class ArticleFinder:
    """Finds the article a pinned ``related`` entry names: a slug, or a path to
    the article's file (relative to the pinning file, or to the site) where
    two articles share the slug."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.by_slug: dict[str, list[str]] = {}
        for article in sorted(articles, key=lambda a: a.source):
            self.by_slug.setdefault(article.slug, []).append(article.source)
        self.sources = {a.source for a in articles}

    def matches(self, name: str, pinned_by: str) -> list[str]:
        """Every article source ``name`` may mean, seen from the file ``pinned_by``."""
        if name.endswith(ARTICLE_SUFFIXES):
            folder = posixpath.dirname(pinned_by)
            for candidate in (posixpath.join(folder, name), name, f"content/{name}"):
                path = posixpath.normpath(candidate)
                if path in self.sources:
                    return [path]
            return []
        return self.by_slug.get(name, [])


ARTICLE_SUFFIXES = MARKDOWN_SUFFIXES
"""File names of articles, as a pinned ``related`` path may name them."""


def check_related_slugs(
    articles: Sequence[Article], problems: Problems, unread: Collection[str] = ()
) -> None:
    """A pinned ``related`` entry must name one article of the site (draft or not).

    Problems, at the line of the entry: ``unknown related slug 'x'``; a slug two
    articles share, naming both files (a path to the file tells them apart).
    A name that may be one of the ``unread`` files (their front matter is
    already reported) is not reported again.
    """
    finder = ArticleFinder(articles)
    maybe = [slugify(posixpath.splitext(path)[0]) for path in unread]
    for article in articles:
        for index, name in enumerate(article.related):
            found = finder.matches(name, article.source)
            line = article.lines.get(f"related[{index}]", article.lines.get("related", 1))
            if not found and not any(slugify(name) in path for path in maybe):
                problems.add(article.source, line, f"unknown related slug '{name}'")
            elif len(found) > 1:
                problems.add(
                    article.source,
                    line,
                    f"related slug '{name}' names {len(found)} articles ({', '.join(found)}); "
                    "write the path of the one you mean",
                )


def related_inputs(articles: Sequence[Article]) -> tuple[RelatedInput, ...]:
    """What the related ranking needs of each published article."""
    finder = ArticleFinder(articles)
    return tuple(
        RelatedInput(
            key=a.source,
            slug=a.slug,
            timestamp=a.date.timestamp(),
            tags=tag_slugs(a),
            section=slugify(a.section) if a.section else None,
            pinned=tuple(
                found[0] for name in a.related if len(found := finder.matches(name, a.source)) == 1
            ),
        )
        for a in articles
    )


def assemble_site(
    config: SiteConfig,
    rendered: Sequence[RenderedArticle],
    urls: Mapping[str, str],
    files: Sequence[tuple[str, str]],
    now: datetime,
    rank: Ranker = rank_keys,
    landings: Sequence[RenderedLanding] = (),
    bodies: WithBodies = list,
    identity: Callable[[Article], str] | None = None,
) -> Site:
    """The whole site model; every URL is known before any page renders.

    ``landings`` (the ``_index.md`` texts) go above the listings they introduce.
    ``bodies`` reads back the text of lean articles, for related lists by text;
    ``identity`` names each one's text (see ``related_texts``).
    """
    ordered = tuple(sorted(rendered, key=lambda r: newest_first(r.article)))
    # Pages without a date are built, but listed nowhere: not in a list, a feed,
    # a related list, nor as a tag's, author's or section's member.
    listed = tuple(r for r in ordered if r.article.dated)
    articles = [r.article for r in listed]
    texts = related_texts(listed, config, bodies, identity)
    ranked = rank(related_inputs(articles), config.related.count, texts)
    tags = collect_tags(articles)
    authors = collect_authors(articles, config)
    sections = collect_sections(articles)
    tag_pages, author_pages = {t.slug for t in tags}, {a.slug for a in authors}
    return Site(
        config=config,
        articles=ordered,
        urls=dict(urls),
        tags=tags,
        authors=authors,
        sections=sections,
        listings=attach_landings(
            collect_listings(config, articles, (*tags, *authors, *sections)), landings
        ),
        related=dict(ranked),
        article_tags={
            r.article.source: _shown(tag_slugs(r.article), r.article, tag_pages) for r in ordered
        },
        article_authors={
            r.article.source: _shown(author_slugs(r.article, config), r.article, author_pages)
            for r in ordered
        },
        files=tuple(files),
        now=now,
        related_by_text=texts.used,
    )


def _shown(slugs: tuple[str, ...], article: Article, known: AbstractSet[str]) -> tuple[str, ...]:
    """The tags or authors an article's page links: all of an article's; of a
    page without a date, those with a page of their own (it is in none)."""
    return slugs if article.dated else tuple(s for s in slugs if s in known)


def collect_listings(
    config: SiteConfig, articles: Sequence[Article], taxa: Sequence[Taxon]
) -> tuple[Listing, ...]:
    """The home page and one listing per taxon, paginated by ``paginate``."""
    home = Listing(
        "home", config.title, paginate([a.source for a in articles], config.paginate, "/")
    )
    return (
        home,
        *(Listing(t.kind, t.name, paginate(t.articles, config.paginate, t.url), t) for t in taxa),
    )
