"""``sitegen import hugo``: a Hugo site → an :class:`ImportedSite`.

The steps, each in its own module: read the configuration as ``hugo`` does
(``config.py``, ``formats.py``); sort the default language's content files
(``content.py``); read each page as Hugo sees it, with the URLs it answered
at (``frontmatter.py``, ``pages.py``, ``urls.py``); choose sitegen's
permalink pattern, slugs and pinned URLs so that URLs stay the same
(``plan.py``); map front matter (``mapping.py``, ``params.py``) and bodies
(``bodies.py``: shortcodes in ``tags.py``/``shortcodes.py``, ``ref`` in
``refs.py``, links in ``links.py``, heading ids in ``anchors.py``); then the
site as a whole (``site.py``: site.yaml, static files, list pages and feeds;
``landings.py``: ``_index.md`` texts) and the templates standing in for
shortcodes sitegen cannot run (``standins.py``). The shared writer does the
rest: it reads the result back with sitegen's own rules, turns every old URL
that differs from the new one into an alias, and writes the report.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from sitegen.importer.gitdates import first_commits
from sitegen.importer.hugo.bodies import BodyTools, convert_body
from sitegen.importer.hugo.codeblocks import site_line_numbers
from sitegen.importer.hugo.config import HugoConfig, inferred_zone, read_hugo_config
from sitegen.importer.hugo.content import Content, Item, scan_content
from sitegen.importer.hugo.landings import landing_texts, section_articles
from sitegen.importer.hugo.links import SiteMap, check_link, site_root
from sitegen.importer.hugo.mapping import (
    Authors,
    feature_asset,
    featured_file,
    featured_front,
    map_front,
)
from sitegen.importer.hugo.pages import HugoPage, read_pages
from sitegen.importer.hugo.plan import Plan, plan_urls, taken_by_sitegen
from sitegen.importer.hugo.refs import RefIndex
from sitegen.importer.hugo.site import (
    ListContext,
    Lists,
    base_url,
    config_notes,
    heading_id_kind,
    list_pages,
    other_language_notes,
    site_author,
    site_yaml,
    static_files,
)
from sitegen.importer.hugo.standins import write_standins
from sitegen.importer.hugo.undated import undated_pages
from sitegen.importer.hugo.urls import HugoUrls
from sitegen.importer.model import CopiedFile, ImportedArticle, ImportedSite, Note, SourceError
from sitegen.slugs import slugify

__all__ = ["read_hugo_site", "read_hugo_site_at"]

SITEGEN_ANSWERS = frozenset(
    {
        "/",
        "/feed.xml",
        "/feed.json",
        "/sitemap.xml",
        "/robots.txt",
        "/tags/",
        "/search/",
        "/404.html",
    }
)
"""Pages every sitegen site has, whatever its articles."""

_FRONT_ORDER = (
    "title",
    "date",
    "updated",
    "slug",
    "url",
    "summary",
    "author",
    "authors",
    "tags",
    "section",
    "image",
    "image_alt",
    "image_caption",
    "draft",
)


def read_hugo_site(path: Path) -> ImportedSite:
    """Everything the Hugo site at ``path`` is made of, in sitegen's terms, as of
    ``SOURCE_DATE_EPOCH`` when it is set, else now (see :func:`read_hugo_site_at`)."""
    return read_hugo_site_at(path, _clock(None))


def read_hugo_site_at(path: Path, now: datetime) -> ImportedSite:
    """Everything the Hugo site at ``path`` is made of, in sitegen's terms.

    ``now`` decides what Hugo published (drafts aside: future and expired
    pages). Raises SourceError when ``path`` is not a Hugo site with content,
    or its config does not parse.
    """
    site = Path(path)
    if not site.is_dir():
        raise SourceError(f"{site}: not a folder; give the folder of a Hugo site")
    config = read_hugo_config(site)
    moment = _clock(now)
    content = scan_content(config)
    pages, read_notes = read_pages(content.items, config, moment)
    pages, section_notes = section_articles(pages)
    notes = [*config.notes, *content.notes, *read_notes, *section_notes, *config_notes(config)]
    zone = None if config.timezone else inferred_zone(p.date for p in pages if p.date)
    if zone is not None:  # the dates' own zone, so each shows the time its author wrote
        config = dataclasses.replace(config, values={**config.values, "timezone": zone})
        message = (
            f"no timeZone: the dates are written with their offsets, so site.yaml's "
            f"timezone is {zone}, which gives them; name your own zone there if it is another"
        )
        notes.append(Note(config.origin, 1, message))
    notes.extend(other_language_notes(content.others, config))
    return _Import(config, content, pages, moment, notes).run()


class _Import:
    """One import's state between its steps."""

    def __init__(
        self,
        config: HugoConfig,
        content: Content,
        pages: list[HugoPage],
        now: datetime,
        notes: list[Note],
    ) -> None:
        self.config, self.content, self.now, self.notes = config, content, now, notes
        self.urls = HugoUrls(config)
        self.branches = [p for p in pages if p.is_branch]
        self.articles = [p for p in pages if not p.is_branch and p.rendered]
        for page in pages:
            notes.extend(page.notes)
            if not page.is_branch and not page.rendered:
                notes.append(
                    Note(
                        page.origin,
                        1,
                        "not imported: Hugo renders no page for it "
                        "(headless bundle or build.render: never)",
                    )
                )
        self.bundles = self._bundle_folders()
        self.dests = self._dest_paths()
        self.base_url = base_url(config, notes)
        self.authors = Authors()
        self.math = False
        """Some body had a theme's math shortcode (site.yaml turns math on)."""

    def run(self) -> ImportedSite:
        history: dict[Path, datetime] = {}
        asked = False

        def first_added(page: HugoPage) -> datetime | None:
            nonlocal asked
            if not asked:  # git is asked only when some page has no date
                history.update(first_commits(self.config.site))
                asked = True
            return history.get(page.item.file.resolve())

        undated = undated_pages(self.articles, self.config)
        mapped = {
            p.origin: map_front(
                p, self.config, self.authors, self.now, first_added, p.origin in undated
            )
            for p in self.articles
        }
        for result in mapped.values():
            self.notes.extend(result.notes)
        stems = {origin: _stem(dest) for origin, dest in self.dests.items()}
        dates = {origin: result.front.get("date") for origin, result in mapped.items()}
        plan = plan_urls(self.articles, self.config, stems, dates, undated)
        published = [(p, mapped[p.origin].front) for p in self.articles if p.published]
        files, exclude = self._all_files()
        lists = list_pages(self.branches, self._list_context(published))
        self.notes.extend(lists.notes)
        refs = RefIndex(self.articles, self.branches, self.dests, self.base_url)
        site_map = self._site_map(lists, files, published)
        tools = BodyTools(
            site_map,
            {},
            self._param,
            refs.link,
            refs.printed,
            heading_id_kind(self.config),
            site_line_numbers(self.config),
            emoji=self.config.flag("enableemoji"),
        )
        articles = [self._article(p, mapped[p.origin].front, plan, tools) for p in self.articles]
        texts = {**lists.texts, **self._landings(tools, published)}
        standins, standin_notes = write_standins(tools.uses, self.config.site, self._themes())
        texts.update(standins)
        self.notes.extend(standin_notes)
        return ImportedSite(
            config=self._site_config(plan, exclude),
            articles=tuple(sorted(articles, key=lambda a: a.path)),
            files=tuple(sorted(files, key=lambda f: f.dest)),
            texts=texts,
            notes=tuple(sorted(set(self.notes))),
            other_urls=lists.urls,
            source_name="Hugo",
        )

    def _site_config(self, plan: Plan, exclude: Sequence[str]) -> dict[str, object]:
        author = site_author(self.config)
        default_author = self.authors.key(author) if author else ""
        authors = self.authors.site_yaml()
        return site_yaml(
            self.config, self.base_url, plan.pattern, authors, exclude, default_author, self.math
        )

    def _all_files(self) -> tuple[list[CopiedFile], list[str]]:
        """Bundle and content files, then ``static/``, then the ``assets/`` files that
        are articles' images; what site.yaml must exclude."""
        files, exclude = self._resources()
        taken = [f.dest for f in files] + list(self.dests.values())
        statics, static_exclude, notes = static_files(self.config, taken)
        self.notes.extend(notes)
        assets = self._feature_assets({f.dest for f in [*files, *statics]} | set(taken))
        return [*files, *statics, *assets], [*exclude, *static_exclude]

    def _feature_assets(self, taken: set[str]) -> list[CopiedFile]:
        """The ``assets/`` files ``featureAsset`` names, copied to the path Hugo Pipes
        published them at: ``assets/`` is not carried over, and the articles would
        lose their covers."""
        folder = str(self.config.get("assetdir", default="assets") or "assets")
        copies: dict[str, CopiedFile] = {}
        for page in self.articles:
            asset = feature_asset(page)
            source = self.config.site / folder / asset
            if not asset or not source.is_file():
                continue  # the image check says it leads nowhere
            dest = f"content/{asset}"
            line = page.front.line("featureasset")
            if dest in taken and dest not in copies:
                message = (
                    f"featureAsset {asset}: not copied, {dest} is taken; the image is that file"
                )
                self.notes.append(Note(page.origin, line, message))
                continue
            copies[dest] = CopiedFile(source, dest)
            message = (
                f"featureAsset {asset} (in {folder}/, not carried over) is the article's "
                f"image: copied to {dest}"
            )
            self.notes.append(Note(page.origin, line, message))
        return list(copies.values())

    # -- paths ---------------------------------------------------------------------

    def _bundle_folders(self) -> dict[str, str]:
        """Leaf bundle folder → where it goes: the folder of its old URL when it had one,
        so that its files keep the URLs Hugo published them at."""
        folders: dict[str, str] = {}
        for page in self.articles:
            bundle = page.item.bundle
            if not bundle:
                continue
            folder = bundle
            if page.published and page.url and not page.from_branch:  # its files stay put
                # A WordPress-made url is percent-encoded (%d8%b5...): the folder is
                # named by what it says, as the page's own address is read.
                moved = unquote(self.urls.resources_url(page.url).strip("/"))
                if moved and ".." not in moved.split("/") and "\\" not in moved:
                    folder = moved
            folders[bundle] = folder
        return folders

    def _dest_paths(self) -> dict[str, str]:
        dests: dict[str, str] = {}
        taken: set[str] = set()
        for page in sorted(self.articles, key=lambda p: p.origin):
            if page.item.bundle:
                wanted = f"content/{self.bundles[page.item.bundle]}/index.md"
            else:
                wanted = f"content/{page.item.logical.rsplit('.', 1)[0]}.md"
            dest, number = wanted, 1
            while dest.lower() in taken:
                number += 1
                dest = (
                    wanted.replace("/index.md", f"-{number}/index.md")
                    if page.item.bundle
                    else wanted[:-3] + f"-{number}.md"
                )
            if number > 1:
                self.notes.append(
                    Note(page.origin, 1, f"written as {dest}: {wanted} is taken by another file")
                )
            taken.add(dest.lower())
            dests[page.origin] = dest
        return dests

    def _resource_dest(self, item: Item) -> str | None:
        if not item.bundle:
            return f"content/{item.logical}"
        folder = self.bundles.get(item.bundle)
        if folder is None:
            return None  # its page is not imported (headless, broken front matter)
        return f"content/{folder}{item.logical[len(item.bundle) :]}"

    def _resources(self) -> tuple[list[CopiedFile], list[str]]:
        files: list[CopiedFile] = []
        exclude: list[str] = []
        for item in self.content.items:
            if item.kind != "resource":
                continue
            dest = self._resource_dest(item)
            if dest is None:
                continue
            files.append(CopiedFile(item.file, dest))
            if dest.endswith((".md", ".markdown")):
                exclude.append("/" + dest.removeprefix("content/"))
                message = (
                    f"kept as {dest} but not served: a markdown file of a bundle is one of "
                    "its page's resources, which Hugo made no page of either; sitegen "
                    "would read it as an article, so it is in site.yaml exclude"
                )
                self.notes.append(Note(item.origin, 1, message))
        return files, exclude

    # -- what the new site answers -------------------------------------------------

    def _list_context(
        self, published: Sequence[tuple[HugoPage, Mapping[str, object]]]
    ) -> ListContext:
        taken = frozenset(u for p, _ in published for u in _kept_urls(p))
        title = str(self.config.get("title") or "")
        language = str(self.config.get("languagecode") or self.config.language)
        return ListContext(self.config, self.base_url, title, language, published, taken)

    def _site_map(
        self,
        lists: Lists,
        files: Sequence[CopiedFile],
        published: Sequence[tuple[HugoPage, Mapping[str, object]]],
    ) -> SiteMap:
        """What the new site answers, and where content and bundle files went."""
        answers = set(SITEGEN_ANSWERS)
        for page, front in published:
            for url in (page.url, *page.aliases):
                answers.add(url)
                if url.endswith(".html"):
                    answers.add(url.removesuffix(".html") + "/")
            answers.update(_list_urls(front, self.authors))
        answers.update(lists.urls)
        answers.update(lists.urls.values())
        answers.update("/" + f.dest.removeprefix("content/") for f in files)
        content = {i.logical: self._content_dest(i) for i in self.content.items}
        # A link already written to an imported file (by a ref) leads to that file.
        content.update({d.removeprefix("content/"): d for d in self.dests.values()})
        elsewhere = {
            p.url: "the article there is a draft, expired or not yet published (Hugo did not "
            "publish it either)"
            for p in self.articles
            if not p.published and p.url
        }
        moved = self._moved_files(published)
        return SiteMap(
            base_path=self.config.base_path,
            host=site_root(self.base_url),
            keep_root_links=self.config.flag("canonifyurls"),
            content={k: v for k, v in content.items() if v},
            answers=frozenset(answers),
            moved={k: v for k, v in moved.items() if k != v},
            elsewhere=elsewhere,
        )

    def _moved_files(
        self, published: Sequence[tuple[HugoPage, Mapping[str, object]]]
    ) -> dict[str, str]:
        """Where Hugo published a bundle's file → where sitegen serves it."""
        heads = {p.item.bundle: p for p, _ in published if p.item.bundle}
        moved: dict[str, str] = {}
        for item in self.content.items:
            head = heads.get(item.bundle) if item.kind == "resource" else None
            dest = self._resource_dest(item) if head is not None else None
            if head is not None and dest is not None:
                old = self.urls.resources_url(head.url) + item.logical[len(item.bundle) + 1 :]
                moved[old] = "/" + dest.removeprefix("content/")
        return moved

    def _content_dest(self, item: Item) -> str:
        if item.kind == "resource":
            return self._resource_dest(item) or ""
        return self.dests.get(item.origin, "")

    # -- articles ------------------------------------------------------------------

    def _article(
        self,
        page: HugoPage,
        front: Mapping[str, object],
        plan: Plan,
        tools: BodyTools,
    ) -> ImportedArticle:
        dest = self.dests[page.origin]
        values = dict(front)
        shown, note = _with_standing_text(page, values)
        body = convert_body(shown, dest, tools)
        self.notes.extend([*body.notes, *([note] if note else [])])
        if body.math and not self.math:
            self.math = True
            message = (
                "TeX (of a theme's math shortcode, or Pandoc's math in an HTML page) is set "
                "as MathML by the new site (markdown.math: true); remove the KaTeX or MathJax "
                "script"
            )
            self.notes.append(Note(page.origin, page.body_line, message))
        if page.origin in plan.slugs:
            values["slug"] = plan.slugs[page.origin]
        if page.origin in plan.urls:
            values["url"] = plan.urls[page.origin]
        if "summary" not in values and body.summary:
            values["summary"] = body.summary
        if "image" not in values:
            values.update(self._featured_image(page))
        image = values.get("image")
        why = self._image_problem(page, str(image), tools) if image else None
        if why and _from_images(page, str(image)):
            # Hugo's templates also read `images` from the site's root (absURL).
            rooted = "/" + str(image).removeprefix("./")
            if self._image_problem(page, rooted, tools) is None:
                values["image"], why = rooted, None
        if why:
            line = page.front.line(
                next(
                    (
                        k
                        for k in ("images", "image", "featured_image", "cover")
                        if page.front.has(k)
                    ),
                    "image",
                )
            )
            # The build refuses an article whose image is missing; Hugo never looked.
            for key in ("image", "image_alt", "image_caption", "image_credit"):
                values.pop(key, None)
            unseen = f"image {image} has no alt text"  # nothing left to describe
            self.notes = [
                n for n in self.notes if n.origin != page.origin or not n.message.startswith(unseen)
            ]
            message = f"image {image} leads nowhere ({why}): left out, the article has none"
            self.notes.append(Note(page.origin, line, message))
        ordered = {k: values[k] for k in _FRONT_ORDER if k in values}
        ordered.update((k, v) for k, v in values.items() if k not in ordered)
        old = (page.url, *page.aliases) if page.published else ()
        return ImportedArticle(dest, ordered, body.markdown, page.origin, 1, tuple(old))

    def _image_problem(self, page: HugoPage, image: str, tools: BodyTools) -> str | None:
        """Why ``image`` leads nowhere from ``page``; None when the new site has it."""
        return check_link(image, page.item.logical, page.url or "/", tools.site)

    def _featured_image(self, page: HugoPage) -> dict[str, object]:
        """The bundle's ``*feature*`` image (else ``*cover*``, ``*thumbnail*``) as the
        article's image: the one Hugo's own social-card templates and Wowchemy's
        pages show when front matter names none."""
        bundle = page.item.bundle
        if not bundle:
            return {}
        names = sorted(
            i.logical[len(bundle) + 1 :]
            for i in self.content.items
            if i.kind == "resource" and i.bundle == bundle
        )
        found = featured_file(names)
        if found is None:
            return {}
        values, notes = featured_front(page, found)
        self.notes.extend(notes)
        return values

    def _landings(
        self, tools: BodyTools, published: Sequence[tuple[HugoPage, Mapping[str, object]]]
    ) -> dict[str, str]:
        articles = [(p, f) for p, f in published if not p.from_branch]
        texts, notes = landing_texts(self.branches, articles, tools)
        self.notes.extend(notes)
        return texts

    def _param(self, page: HugoPage, name: str) -> object:
        value = page.param(name)
        if value is None:
            value = _dotted(self.config.params, name.lower())
        return value

    def _themes(self) -> list[str]:
        theme = self.config.get("theme")
        return [str(t) for t in theme] if isinstance(theme, list) else [str(theme)] if theme else []


_STANDING_TEXTS = ("abstract", "summary")
"""Front matter whose text a page with an empty body shows (Wowchemy's
publications print their ``abstract``), in the order tried."""


def _with_standing_text(page: HugoPage, values: dict[str, object]) -> tuple[HugoPage, Note | None]:
    """``page`` itself, or, when its body is empty, with the text of its
    ``abstract`` (else ``summary``) as the body, and a note: the
    text its readers saw, which sitegen would otherwise keep only as a param or
    a summary. The key leaves ``values`` (a summary that is the body is no summary)."""
    if page.body.strip():
        return page, None
    for key in _STANDING_TEXTS:
        text = page.front.get(key)
        if not isinstance(text, str) or not text.strip():
            continue
        name = page.front.written(key)
        values.pop(name, None)
        if key != "abstract":
            values.pop("summary", None)
        line = page.front.line(key)
        note = Note(page.origin, line, f"the body is empty: its '{name}' is the article's text")
        return dataclasses.replace(page, body=text.strip() + "\n", body_line=line), note
    return page, None


def _from_images(page: HugoPage, image: str) -> bool:
    """Whether ``image`` is a relative path that front matter ``images`` gave."""
    images = page.front.get("images")
    first = images[0] if isinstance(images, list) and images else images
    relative = not image.startswith("/") and "://" not in image
    return relative and isinstance(first, str) and first.strip() == image


def _kept_urls(page: HugoPage) -> tuple[str, ...]:
    """The old URLs ``page`` keeps: not a section's URL among sitegen's own pages
    (``/authors/NAME/``), which its list page answers as before."""
    own = page.url if not (page.from_branch and taken_by_sitegen(page.url)) else ""
    return tuple(u for u in (own, *page.aliases) if u)


def _list_urls(front: Mapping[str, object], authors: Authors) -> set[str]:
    urls: set[str] = set()
    tags = front.get("tags")
    for tag in tags if isinstance(tags, list) else []:
        urls.add(f"/tags/{slugify(str(tag))}/")
    if front.get("section"):
        urls.add(f"/sections/{slugify(str(front['section']))}/")
    keys = [front["author"]] if front.get("author") else front.get("authors") or []
    for key in keys if isinstance(keys, list) else []:
        urls.add(f"/authors/{slugify(str(key))}/")
    return urls


def _dotted(values: object, name: str) -> object:
    for part in name.split("."):
        if not isinstance(values, Mapping):
            return None
        values = values.get(part)
    return values


def _stem(dest: str) -> str:
    name = dest.rsplit("/", 2)
    if dest.endswith("/index.md") and len(name) == 3:
        return name[1]
    return posixpath.basename(dest).rsplit(".", 1)[0]


def _clock(now: datetime | None) -> datetime:
    if now is not None:
        return now if now.tzinfo else now.replace(tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)
