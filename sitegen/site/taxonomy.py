"""Tags, authors and sections: grouping published articles into listing pages.

Tags are one tag when their slugs are equal ("NATO", "nato"); the page shows
the spelling used most often (ties: the alphabetically first, for stable output).
Spellings that share a page while differing by more than case and accents
("C." and "C") are warned about: the author may have meant two.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from sitegen.config import SiteConfig
from sitegen.errors import Problem
from sitegen.model import Article, Site, Taxon
from sitegen.slugs import looks_alike, slugify


def tag_slugs(article: Article) -> tuple[str, ...]:
    """The article's tags as slugs, front matter order, duplicates and empties removed."""
    seen: dict[str, None] = {}
    for tag in article.tags:
        slug = slugify(tag)
        if slug:
            seen.setdefault(slug, None)
    return tuple(seen)


def author_slugs(article: Article, config: SiteConfig) -> tuple[str, ...]:
    """Author keys of site.yaml stay as they are; a plain name becomes its slug."""
    seen: dict[str, None] = {}
    for author in article.authors:
        slug = author if author in config.authors else slugify(author)
        if slug:
            seen.setdefault(slug, None)
    return tuple(seen)


def collect_tags(articles: Sequence[Article]) -> tuple[Taxon, ...]:
    """One Taxon per tag slug; ``articles`` must already be newest first."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    members: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        for tag in article.tags:
            slug = slugify(tag)
            if slug:
                spellings[slug][tag] += 1
        for slug in tag_slugs(article):
            members[slug].append(article.source)
    return tuple(
        Taxon(
            kind="tag",
            slug=slug,
            name=_most_used(spellings[slug]),
            url=f"/tags/{slug}/",
            articles=tuple(members[slug]),
        )
        for slug in sorted(members)
    )


def collect_authors(articles: Sequence[Article], config: SiteConfig) -> tuple[Taxon, ...]:
    """One Taxon per author who wrote a published article."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    members: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        for name, slug in zip(article.authors, author_slugs(article, config), strict=False):
            names[slug][name] += 1
        for slug in author_slugs(article, config):
            members[slug].append(article.source)
    result = []
    for slug in sorted(members):
        info = config.authors.get(slug)
        result.append(
            Taxon(
                kind="author",
                slug=slug,
                name=info.name if info else _most_used(names[slug]),
                url=f"/authors/{slug}/",
                articles=tuple(members[slug]),
                bio=info.bio if info else "",
                homepage=info.url if info else "",
            )
        )
    return tuple(result)


def collect_sections(articles: Sequence[Article]) -> tuple[Taxon, ...]:
    """One Taxon per section; the display name is the most used spelling."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    members: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        if not article.section:
            continue
        slug = slugify(article.section)
        if slug:
            names[slug][article.section] += 1
            members[slug].append(article.source)
    return tuple(
        Taxon(
            kind="section",
            slug=slug,
            name=_most_used(names[slug]),
            url=f"/sections/{slug}/",
            articles=tuple(members[slug]),
        )
        for slug in sorted(members)
    )


def _most_used(counts: Mapping[str, int]) -> str:
    return min(counts, key=lambda name: (-counts[name], name))


def _spellings(article: Article, config: SiteConfig) -> list[tuple[str, str, str, int]]:
    """(kind, name as written, slug, line) of every tag, plain author name and section."""
    lines = article.lines
    found = [
        ("tag", tag, slugify(tag), lines.get(f"tags[{index}]", lines.get("tags", 1)))
        for index, tag in enumerate(article.tags)
    ]
    key = "authors" if "authors" in lines else "author"
    found.extend(
        ("author", name, slugify(name), lines.get(f"{key}[{index}]", lines.get(key, 1)))
        for index, name in enumerate(article.authors)
        if name not in config.authors
    )
    if article.section:
        found.append(
            ("section", article.section, slugify(article.section), lines.get("section", 1))
        )
    return found


def name_warnings(articles: Sequence[Article], config: SiteConfig) -> tuple[Problem, ...]:
    """A warning at each spelling that shares a page with another while differing
    by more than case and accents ("C." and "C" are both ``/tags/c/``), naming the
    first file that wrote the other; one per spelling, in file order."""
    first: dict[tuple[str, str], tuple[str, str, int]] = {}
    warned: set[tuple[str, str]] = set()
    warnings = []
    for article in sorted(articles, key=lambda a: a.source):
        for kind, name, slug, line in _spellings(article, config):
            if not slug:
                continue
            seen = first.setdefault((kind, slug), (name, article.source, line))
            if looks_alike(name, seen[0]) or (kind, name) in warned:
                continue
            warned.add((kind, name))
            folder = {"tag": "tags", "author": "authors", "section": "sections"}[kind]
            warnings.append(
                Problem(
                    article.source,
                    line,
                    f"warning: {kind} '{name}' shares the page /{folder}/{slug}/ with "
                    f"'{seen[0]}' ({seen[1]}:{seen[2]}); write them alike if they are one "
                    f"{kind}, or tell them apart",
                )
            )
    return tuple(warnings)


def section_slugs(articles: Iterable[Article]) -> frozenset[str]:
    """The slugs of the sections ``articles`` make, each a list page
    (``collect_sections``): links to a section's ``_index.md`` lead there."""
    return frozenset(slug for a in articles if a.section and (slug := slugify(a.section)))


def site_sections(site: Site) -> frozenset[str]:
    """The slugs of ``site``'s sections, as ``section_slugs`` gives them."""
    return frozenset(taxon.slug for taxon in site.sections)
