"""The build after edits that change article bodies and nothing else.

The preview's most common rebuild: an author saves an article whose front
matter is as it was. Given the previous build, such an edit changes only what
reads the body itself (the article's own page, the feeds that carry it and
its search shard) unless it also changes what the article's card shows (the
summary or the reading time) or a related list (lists that tags do not fill
rank by text). Everything else the previous build produced stays as it is, so
nothing else is parsed, rendered, fingerprinted or compared. Any other edit,
or a body whose card or related lists changed, returns None: the caller runs
the whole incremental build instead.

The pages it renders are keyed by the same dependency record as a full build
(``PageRenderer.page_key``), so the next full build reuses them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence

from sitegen.build import Prepared, RenderTools
from sitegen.cache import BundleFiles, RelatedLists
from sitegen.content.discover import FoundSource, read_source
from sitegen.content.frontmatter import parse_article
from sitegen.errors import Problems, SiteError
from sitegen.images import published_paths
from sitegen.images.shown import image_sources
from sitegen.model import Article, BuildOptions, OutputFile, RenderedArticle, Site
from sitegen.output.minify import minify_page
from sitegen.post.feeds import atom_feeds, json_feed
from sitegen.post.hosting import HOST_FILES, host_files
from sitegen.post.search import SEARCH_DIR, search_index, shard_count, shard_paths
from sitegen.render.pages import PageKeys, PageRenderer, render_page
from sitegen.reuse import cache_directory, page_key_salt
from sitegen.site.assemble import related_inputs, related_texts


def prepare_body_edit(
    previous: Prepared,
    changed: Collection[str],
    options: BuildOptions,
    problems: Problems,
    defer_search: bool = False,
) -> Prepared | None:
    """The next build when ``changed`` (site-relative paths) only edited article bodies.

    None when any change reaches further; problems of the edited bodies are
    recorded and end the build as ``prepare`` would (``SiteError``).
    """
    site = previous.site
    edited = _edited_articles(site, changed, options)
    if not edited:
        return None
    tools = RenderTools.make(options, site.config, problems)
    problems.raise_if_any()
    copied = (src for src, _ in site.files)
    bodies = tools.bodies(list(edited.values()), site.urls, problems, every=False, files=copied)
    fresh = {r.article.source: r for r in bodies}
    problems.raise_if_any()
    articles = list(site.articles)
    for index, article in edited.items():
        new, old = fresh[article.source], articles[index]
        if (new.summary, new.reading_minutes) != (old.summary, old.reading_minutes):
            return None  # its card changed: listings and related lists read it
        if _images_of(new) != _images_of(old):
            return None  # the image stage has work to do
        articles[index] = new
    site = dataclasses.replace(site, articles=tuple(articles))
    if site.related_by_text and _related_lists_moved(site, options):
        return None

    salt = page_key_salt(options, tools.env, tools.urls, site.config)
    known = PageKeys(salt, {f.path: f.key for f in previous.files if f.key})
    extra_shards = shard_paths(shard_count(len(site.articles)))[1:]
    renderer = PageRenderer(site, tools.env, tools.urls, options.site_dir, known, extra_shards)
    made: list[OutputFile] = []
    for index in edited:
        task = ("article", index, 0)
        try:
            page = render_page(renderer, task, renderer.page_key(task)[1])
        except SiteError as error:
            problems.extend(error.problems)
            continue
        made.append(minify_page(page) if options.minify else page)
    problems.raise_if_any()
    made.extend(atom_feeds(site, tools.urls, known.salt, known.keys))
    made.append(json_feed(site, tools.urls))
    replaced = {f.path: f for f in made}
    files = [replaced.get(f.path) or _reused(f) for f in previous.files]

    def finish(index: Sequence[OutputFile]) -> Prepared:
        """The files with ``index`` as the search index and host files made for them."""
        kept = [f for f in files if not _is_search(f.path) and f.path not in HOST_FILES]
        outputs = [*kept, *index]
        paths = [f.path for f in outputs] + [dest for _, dest in previous.copies]
        immutable = tools.assets.immutable | published_paths(site.pictures)
        outputs.extend(host_files(site, tools.urls, paths, immutable))
        return Prepared(site, tuple(outputs), previous.copies, previous.horizon)

    def search() -> list[OutputFile]:
        bundles = BundleFiles(cache_directory(options))
        return search_index(site, tools.urls, bundles, options.jobs, known.keys)

    if not defer_search:
        return finish(search())
    return Prepared(site, tuple(files), previous.copies, previous.horizon, lambda: finish(search()))


def _related_lists_moved(site: Site, options: BuildOptions) -> bool:
    """Whether the new bodies change a related list, ranked again as a full build
    would (and left in the cache for it). Only asked when some list read text:
    lists that tags fill read no body."""
    inputs = related_inputs([r.article for r in site.articles])
    texts = related_texts(site.articles, site.config)
    ranked = RelatedLists(cache_directory(options))(inputs, site.config.related.count, texts)
    return dict(ranked) != dict(site.related)


def _edited_articles(
    site: Site, changed: Collection[str], options: BuildOptions
) -> dict[int, Article]:
    """Index in the site → new Article, for changed files whose front matter is unchanged.

    Empty when any changed path is not a published article's markdown, cannot be
    read or parsed cleanly, or has other front matter.
    """
    where = {r.article.source: i for i, r in enumerate(site.articles)}
    edited: dict[int, Article] = {}
    for path in changed:
        index = where.get(path)
        if index is None:
            return {}
        local = Problems()
        source = read_source(FoundSource(path, str(options.site_dir / path), ()), local)
        article = parse_article(source, site.config, local) if source is not None else None
        if (
            article is None
            or local
            or not _same_front_matter(site.articles[index].article, article)
        ):
            return {}
        edited[index] = article
    return edited


def _same_front_matter(old: Article, new: Article) -> bool:
    """Equal but for the body (and what follows from it: the digest, the lines)."""
    return old == dataclasses.replace(
        new, body=old.body, body_line=old.body_line, digest=old.digest, lines=old.lines
    )


def _images_of(rendered: RenderedArticle) -> tuple[list[str], list[str]]:
    """The images a body shows and the ones its markdown names."""
    named = [link.href for link in rendered.links if link.kind == "image"]
    return list(image_sources(rendered.html)), named


def _is_search(path: str) -> bool:
    return path.startswith(SEARCH_DIR + "/")


def _reused(file: OutputFile) -> OutputFile:
    """A file of the previous build, unchanged: the output directory holds its bytes."""
    return file if file.reused else OutputFile(file.path, b"", key=file.key, reused=True)
