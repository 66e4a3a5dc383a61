"""Gather rendered articles into the Site: order, taxonomies, related lists, files.

Choosing what is published happens before markdown (no point rendering a
draft that will not be built), so :func:`select_published` is separate from
:func:`assemble_site`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime

from sitegen.config import SiteConfig
from sitegen.errors import Problems
from sitegen.model import Article, Listing, RenderedArticle, Site, Taxon
from sitegen.site.pagination import paginate
from sitegen.site.related import RelatedInput, TextSimilar, rank_related
from sitegen.site.taxonomy import (
    author_slugs,
    collect_authors,
    collect_sections,
    collect_tags,
    tag_slugs,
)
from sitegen.site.textrank import TextNeighbours
from sitegen.slugs import slugify

Ranker = Callable[[Sequence[RelatedInput], int, TextNeighbours], Mapping[str, tuple[str, ...]]]
"""Computes every related list (slugs, best first); the build may hand in one that
remembers results."""


def rank_slugs(
    items: Sequence[RelatedInput], count: int, text: TextSimilar | None = None
) -> Mapping[str, tuple[str, ...]]:
    """Every article's related slugs, best first (``rank_related`` without the reasons)."""
    ranked = rank_related(items, count, text)
    return {slug: tuple(c.slug for c in cands) for slug, cands in ranked.items()}


def related_texts(rendered: Sequence[RenderedArticle], config: SiteConfig) -> TextNeighbours:
    """What related lists compare when tags leave slots: title, summary and body text."""
    dates = {r.article.slug: r.article.date.timestamp() for r in rendered}
    return TextNeighbours(_ArticleTexts(rendered), config.language, positions=dates)


class _ArticleTexts(Mapping[str, str]):
    """Slug → title, summary and body text, joined only when read: a site whose
    tags fill every list never reads them."""

    def __init__(self, rendered: Sequence[RenderedArticle]) -> None:
        self.rendered = {r.article.slug: r for r in rendered}

    def __getitem__(self, slug: str) -> str:
        found = self.rendered[slug]
        return f"{found.article.title}\n{found.summary}\n{found.text}"

    def __contains__(self, slug: object) -> bool:
        return slug in self.rendered

    def __iter__(self) -> Iterator[str]:
        return iter(self.rendered)

    def __len__(self) -> int:
        return len(self.rendered)


def newest_first(article: Article) -> tuple[float, str]:
    """Sort key: newest first, ties by slug (SPEC §5)."""
    return (-article.date.timestamp(), article.slug)


def select_published(
    articles: Sequence[Article], now: datetime, *, drafts: bool, future: bool
) -> tuple[Article, ...]:
    """The articles this build publishes, newest first."""
    chosen = [a for a in articles if (drafts or not a.draft) and (future or a.date <= now)]
    return tuple(sorted(chosen, key=newest_first))


def check_related_slugs(articles: Sequence[Article], problems: Problems) -> None:
    """A pinned ``related`` slug must name an article of the site (draft or not).

    Problems: ``unknown related slug 'x'`` at the line of the ``related`` key.
    """
    known = {a.slug for a in articles}
    for article in articles:
        for index, slug in enumerate(article.related):
            if slug not in known:
                line = article.lines.get(f"related[{index}]", article.lines.get("related", 1))
                problems.add(article.source, line, f"unknown related slug '{slug}'")


def related_inputs(articles: Sequence[Article]) -> tuple[RelatedInput, ...]:
    """What the related ranking needs of each published article."""
    return tuple(
        RelatedInput(
            slug=a.slug,
            timestamp=a.date.timestamp(),
            tags=tag_slugs(a),
            section=slugify(a.section) if a.section else None,
            pinned=a.related,
        )
        for a in articles
    )


def assemble_site(
    config: SiteConfig,
    rendered: Sequence[RenderedArticle],
    urls: Mapping[str, str],
    files: Sequence[tuple[str, str]],
    now: datetime,
    rank: Ranker = rank_slugs,
) -> Site:
    """The whole site model; every URL is known before any page renders."""
    ordered = tuple(sorted(rendered, key=lambda r: newest_first(r.article)))
    articles = [r.article for r in ordered]
    texts = related_texts(ordered, config)
    ranked = rank(related_inputs(articles), config.related.count, texts)
    tags = collect_tags(articles)
    authors = collect_authors(articles, config)
    sections = collect_sections(articles)
    return Site(
        config=config,
        articles=ordered,
        urls=dict(urls),
        tags=tags,
        authors=authors,
        sections=sections,
        listings=collect_listings(config, articles, (*tags, *authors, *sections)),
        related=dict(ranked),
        article_tags={a.slug: tag_slugs(a) for a in articles},
        article_authors={a.slug: author_slugs(a, config) for a in articles},
        files=tuple(files),
        now=now,
        related_by_text=texts.used,
    )


def collect_listings(
    config: SiteConfig, articles: Sequence[Article], taxa: Sequence[Taxon]
) -> tuple[Listing, ...]:
    """The home page and one listing per taxon, paginated by ``paginate``."""
    home = Listing("home", config.title, paginate([a.slug for a in articles], config.paginate, "/"))
    return (
        home,
        *(Listing(t.kind, t.name, paginate(t.articles, config.paginate, t.url), t) for t in taxa),
    )
