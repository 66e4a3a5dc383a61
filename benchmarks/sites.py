"""Write one corpus as three equivalent sites: sitegen, Hugo and Pelican.

Takes the ``CorpusArticle`` values of ``corpus.py`` and a directory; writes
``sitegen/``, ``hugo/`` and ``pelican/`` under it and returns their paths.
The article bodies are the same markdown for sitegen and Hugo (both read Hugo's
shortcode syntax); Pelican has no shortcodes, so its copy carries the callout
and FAQ already expanded to the HTML the shortcodes produce (``md_in_html``
renders the markdown inside). Templates and configuration that do not depend
on the corpus live beside this file in ``hugo/`` and ``pelican/``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from corpus import AUTHORS, CALLOUT_TITLES, CorpusArticle

HERE = Path(__file__).resolve().parent
Render = Callable[[CorpusArticle], str]


@dataclass(frozen=True, slots=True)
class SitePaths:
    """Where each generator's copy of the corpus was written."""

    sitegen: Path
    hugo: Path
    pelican: Path


def write_sites(articles: tuple[CorpusArticle, ...], root: Path) -> SitePaths:
    """Replace ``root`` with the three sites of ``articles``."""
    if root.exists():
        shutil.rmtree(root)
    paths = SitePaths(root / "sitegen", root / "hugo", root / "pelican")
    write_sitegen_site(articles, paths.sitegen)
    write_hugo_site(articles, paths.hugo)
    write_pelican_site(articles, paths.pelican)
    return paths


def article_path(site: Path, article: CorpusArticle) -> Path:
    """The file of ``article`` in a sitegen or Hugo site."""
    return site / "content" / "articles" / f"{article.slug}.md"


def write_sitegen_site(articles: tuple[CorpusArticle, ...], site: Path) -> None:
    """site.yaml plus one markdown file per article, shortcodes in Hugo syntax."""
    (site / "content" / "articles").mkdir(parents=True)
    authors = "".join(
        f"  {key}:\n    name: {json.dumps(name)}\n" for key, name in sorted(AUTHORS.items())
    )
    (site / "site.yaml").write_text(
        'title: "Bench Review"\n'
        'base_url: "http://localhost:8000/"\n'
        "paginate: 10\n"
        "related:\n  count: 4\n"
        f"authors:\n{authors}",
        encoding="utf-8",
    )
    for article in articles:
        article_path(site, article).write_text(sitegen_source(article), encoding="utf-8")


def sitegen_source(article: CorpusArticle) -> str:
    """The article as sitegen reads it (SPEC §3 front matter, §4 shortcodes)."""
    front = {
        "title": article.title,
        "date": article.date.isoformat(),
        "summary": article.summary,
        "author": article.author,
        "section": article.section,
        "tags": list(article.tags),
    }
    return _front_matter(front) + shortcode_body(article)


def write_hugo_site(articles: tuple[CorpusArticle, ...], site: Path) -> None:
    """The static parts of ``hugo/`` plus one markdown file per article."""
    shutil.copytree(HERE / "hugo", site)
    (site / "content" / "articles").mkdir(parents=True)
    for article in articles:
        front = {
            "title": article.title,
            "date": article.date.isoformat(),
            "summary": article.summary,
            "authors": [article.author_name],
            "sections": [article.section],
            "tags": list(article.tags),
        }
        text = _front_matter(front) + shortcode_body(article)
        article_path(site, article).write_text(text, encoding="utf-8")


def write_pelican_site(articles: tuple[CorpusArticle, ...], site: Path) -> None:
    """pelicanconf.py (pointing at the theme and plugin here) plus the articles."""
    content = site / "content"
    (content / "articles").mkdir(parents=True)
    shutil.copytree(HERE / "pelican" / "pages", content / "_templates")
    conf = (HERE / "pelican" / "pelicanconf.py").read_text(encoding="utf-8")
    conf = conf.replace("@THEME@", str(HERE / "pelican" / "theme"))
    conf = conf.replace("@PLUGINS@", str(HERE / "pelican" / "plugins"))
    (site / "pelicanconf.py").write_text(conf, encoding="utf-8")
    for article in articles:
        path = content / "articles" / f"{article.slug}.md"
        path.write_text(pelican_source(article), encoding="utf-8")


def pelican_source(article: CorpusArticle) -> str:
    """The article as Pelican's markdown reader takes it, shortcodes expanded."""
    header = (
        f"Title: {article.title}\n"
        f"Date: {article.date:%Y-%m-%d %H:%M}\n"
        f"Slug: {article.slug}\n"
        f"Summary: {article.summary}\n"
        f"Tags: {', '.join(article.tags)}\n"
        f"Category: {article.section}\n"
        f"Author: {article.author_name}\n\n"
    )
    return header + _body(article, _expanded_callout, _expanded_faq)


def shortcode_body(article: CorpusArticle) -> str:
    """The body with the callout and FAQ as Hugo-syntax shortcodes."""
    return _body(article, _shortcode_callout, _shortcode_faq)


def _body(article: CorpusArticle, callout: Render, faq: Render) -> str:
    parts = [article.opening]
    for position, (heading, paragraphs) in enumerate(article.sections):
        parts.append(f"## {heading}")
        parts.extend(paragraphs)
        if position == article.callout_after:
            parts.append(callout(article))
    parts.append(faq(article))
    parts.append(article.closing)
    return "\n\n".join(parts) + "\n"


def _shortcode_callout(article: CorpusArticle) -> str:
    box = article.callout
    return f'{{{{< callout type="{box.kind}" >}}}}\n{box.inner}\n{{{{< /callout >}}}}'


def _shortcode_faq(article: CorpusArticle) -> str:
    items = "\n\n".join(f"### {question}\n{answer}" for question, answer in article.faq)
    return f"{{{{< faq >}}}}\n{items}\n{{{{< /faq >}}}}"


def _expanded_callout(article: CorpusArticle) -> str:
    box = article.callout
    return (
        f'<aside class="callout callout--{box.kind}" markdown="1">\n'
        f'<p class="callout__title">{CALLOUT_TITLES[box.kind]}</p>\n\n'
        f"{box.inner}\n\n</aside>"
    )


def _expanded_faq(article: CorpusArticle) -> str:
    items = "".join(
        f'<details markdown="1">\n<summary>{html.escape(q)}</summary>\n\n{a}\n\n</details>\n'
        for q, a in article.faq
    )
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": q,
                "acceptedAnswer": {"@type": "Answer", "text": _plain(a)},
            }
            for q, a in article.faq
        ],
    }
    script = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<section class="faq" markdown="1">\n<h2>FAQ</h2>\n{items}</section>\n\n'
        f'<script type="application/ld+json">{script}</script>'
    )


def _plain(markdown: str) -> str:
    return re.sub(r"\*\*|\[|\]\([^)]*\)", "", markdown)


def _front_matter(values: Mapping[str, object]) -> str:
    # JSON scalars and flow lists are valid YAML, and need no escaping rules of our own.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"
