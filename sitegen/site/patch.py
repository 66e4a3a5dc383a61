"""The site model after a few articles' front matter changed, patched, not gathered again.

Gathering the site (``assemble_site``) reads every article: its tags, its
listings, every related list. An edit to one article's tags reaches far fewer:
the tags it gained or lost, their listings, and the related lists of the
articles that share one of those tags (``related.rerank``). ``refiled`` makes
the same site model ``assemble_site`` would, touching only those, or says it
cannot (None): then the build gathers the site again.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Collection, Mapping

from sitegen.model import Listing, Site, Taxon
from sitegen.site.assemble import ArticleFinder
from sitegen.site.pagination import paginate
from sitegen.site.related import NoText, RelatedInput, Spread, TextNeededError, rerank
from sitegen.site.taxonomy import tag_slugs
from sitegen.slugs import slugify


@dataclasses.dataclass(frozen=True, slots=True)
class Refiling:
    """What the edit changed in the site model besides the articles themselves:
    what ``remember_build`` keeps as a patch, and what decides which pages,
    feeds and sitemap entries are made again."""

    tags: Mapping[str, Taxon | None]
    """Tag slug → the tag now (None: no article has it any more), for every tag
    an edited article gained or lost."""
    related: Mapping[str, tuple[str, ...]]
    """Article source → its related list, for the lists that changed."""
    article_tags: Mapping[str, tuple[str, ...]]
    """Edited article → its tag slugs."""


def refiled(
    before: Site,
    after: Site,
    edited: Collection[str],
    spread: Spread | None = None,
    ranked: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[Site, Refiling] | None:
    """``after`` (``before`` with the ``edited`` articles replaced, their dates,
    slugs, authors and sections as they were) with its tags, tag listings,
    related lists and ``article_tags`` as ``assemble_site`` would make them;
    None when that is not a patch: a tag that keeps its page changed its name,
    a tag is spelt two ways (a warning the build reports), or a related list
    would need the articles' text and ``ranked`` is not given. ``ranked``:
    every related list, ranked by the caller with the texts (``before`` asked
    them); else the lists the edit reaches are ranked here, on ``spread`` (see
    ``related.rerank``)."""
    if before.related_by_text and ranked is None:
        return None
    by_source = {r.article.source: r.article for r in after.articles}
    article_tags = {s: tag_slugs(by_source[s]) for s in edited}
    touched = {t for s in edited for t in (*before.article_tags.get(s, ()), *article_tags[s])}
    old_tags = {t.slug: t for t in before.tags}
    was = {r.article.source: r.article for r in before.articles}
    position = {r.article.source: i for i, r in enumerate(after.articles)}
    tags: dict[str, Taxon | None] = {}
    for slug in sorted(touched):
        old = old_tags.get(slug)
        kept = [s for s in old.articles if s not in edited] if old else []
        members = sorted(
            [*kept, *(s for s in edited if slug in article_tags[s])], key=position.__getitem__
        )
        names = Counter(n for s in members for n in by_source[s].tags if slugify(n) == slug)
        spelt = {
            n for s in (old.articles if old else ()) for n in was[s].tags if slugify(n) == slug
        }
        if len(names) > 1 or len(spelt) > 1:
            return None  # a second spelling: ``name_warnings`` has something to say
        if not members:
            tags[slug] = None
            continue
        name = next(iter(names))
        if old is not None and old.name != name:
            return None  # every page that names the tag changes
        taxon = Taxon("tag", slug, name, f"/tags/{slug}/", tuple(members))
        if taxon != old:
            tags[slug] = taxon
    if ranked is None:
        related = _reranked(before, article_tags, spread)
    else:
        related = {key: value for key, value in ranked.items() if before.related.get(key) != value}
    if related is None:
        return None
    patch = Refiling(tags, related, article_tags)
    return patched(after, patch), patch


def _reranked(
    before: Site, article_tags: Mapping[str, tuple[str, ...]], spread: Spread | None = None
) -> dict[str, tuple[str, ...]] | None:
    """The related lists that changed when articles got the tags ``article_tags``,
    ranked again only where the edit reaches."""
    old_inputs = _related_inputs(before)
    new_inputs = [
        dataclasses.replace(item, tags=article_tags[item.key]) if item.key in article_tags else item
        for item in old_inputs
    ]
    count = before.config.related.count
    try:
        # A clean build of a site whose lists tags fill never reads the texts, and
        # one that would is not patched.
        ranked = rerank(old_inputs, before.related, new_inputs, count, NoText(), spread)
    except TextNeededError:
        return None
    if ranked is None:
        return None
    return {key: value for key, value in ranked.items() if before.related.get(key) != value}


def _related_inputs(site: Site) -> list[RelatedInput]:
    """``assemble.related_inputs`` of the site's articles, from what the site model
    already holds (tag slugs) and each section's slug made once: it is read for
    every article of the site, and an edit that takes the short way is about
    one. Pinned slugs are resolved as there, only for the articles that pin."""
    sections: dict[str, str | None] = {}
    listed = site.listed()  # pages without a date are in no related list
    pinning = [r.article for r in listed if r.article.related]
    pinned: dict[str, tuple[str, ...]] = {}
    if pinning:  # resolved against every article, as ``related_inputs`` does
        finder = ArticleFinder([r.article for r in listed])
        pinned = {
            a.source: tuple(
                found[0] for name in a.related if len(found := finder.matches(name, a.source)) == 1
            )
            for a in pinning
        }
    inputs: list[RelatedInput] = []
    for rendered in listed:
        article = rendered.article
        section = article.section
        if section is not None and section not in sections:
            sections[section] = slugify(section) if section else None
        inputs.append(
            RelatedInput(
                key=article.source,
                slug=article.slug,
                timestamp=article.date.timestamp(),
                tags=site.article_tags[article.source],
                section=sections[section] if section else None,
                pinned=pinned.get(article.source, ()),
            )
        )
    return inputs


def patched(site: Site, patch: Refiling) -> Site:
    """``site`` with ``patch`` applied: its tags, their listings, related lists
    and the edited articles' tags (the articles themselves are already in)."""
    if not (patch.tags or patch.related or patch.article_tags):
        return site
    tags = {t.slug: t for t in site.tags}
    for slug, taxon in patch.tags.items():
        if taxon is None:
            tags.pop(slug, None)
        else:
            tags[slug] = taxon
    ordered = tuple(tags[slug] for slug in sorted(tags))
    lists = {(x.kind, x.taxon.slug): x for x in site.listings if x.kind == "tag" and x.taxon}
    per_page = site.config.paginate

    def listing(taxon: Taxon) -> Listing:
        if taxon.slug in patch.tags or (taxon.kind, taxon.slug) not in lists:
            return Listing("tag", taxon.name, paginate(taxon.articles, per_page, taxon.url), taxon)
        return lists[(taxon.kind, taxon.slug)]

    listings = (
        *(x for x in site.listings if x.kind == "home"),
        *(listing(t) for t in ordered),
        *(x for x in site.listings if x.kind not in ("home", "tag")),
    )
    return dataclasses.replace(
        site,
        tags=ordered,
        listings=listings,
        related={**site.related, **patch.related},
        article_tags={**site.article_tags, **patch.article_tags},
    )


def merged(first: Refiling, then: Refiling) -> Refiling:
    """One patch that does what ``first`` then ``then`` do."""
    return Refiling(
        {**first.tags, **then.tags},
        {**first.related, **then.related},
        {**first.article_tags, **then.article_tags},
    )
