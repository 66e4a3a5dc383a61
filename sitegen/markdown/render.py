"""Article → RenderedArticle: the markdown stage's one entry point per article.

(And Landing → RenderedLanding: an ``_index.md`` body, rendered the same way.)

Parses the body with the build's shared markdown-it instance, renders it with
the build's shortcode renderer and link resolver, and gathers what the later
stages need: headings, links with their file lines, FAQ items, summary, word
count. Every problem is recorded at ``article.body_line + token line``; an
article with problems gives None. What sanitizing removed from raw HTML is not
a problem but a warning, carried on the RenderedArticle (and cached with it).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping

from markdown_it import MarkdownIt

from sitegen.errors import Problem, Problems
from sitegen.markdown.document import (
    ENV_KEY,
    ArticleFinder,
    Document,
    LinkResolver,
    ShortcodeRenderer,
    TitleFinder,
    find_no_article,
    find_no_title,
)
from sitegen.markdown.document import plain_text as inline_text
from sitegen.markdown.liquid_tags import convert_tags, left_tag_warning
from sitegen.markdown.removals import removal_warnings
from sitegen.markdown.rst import is_rst, rst_to_markdown
from sitegen.markdown.summary import (
    count_words,
    first_paragraph,
    reading_minutes,
    summarize,
    teaser,
)
from sitegen.markdown.text import plain_text
from sitegen.model import (
    Article,
    Landing,
    Link,
    RenderedArticle,
    RenderedLanding,
    body_shows_images,
)


def page_of(article: Article) -> Mapping[str, object]:
    """What a shortcode template sees as ``page``."""
    return {
        "title": article.title,
        "slug": article.slug,
        "date": article.date,
        "tags": article.tags,
        "section": article.section,
        "source": article.source,
        "params": article.params,
    }


def render_article(
    article: Article,
    md: MarkdownIt,
    shortcodes: ShortcodeRenderer,
    resolve_link: LinkResolver,
    problems: Problems,
    find_article: ArticleFinder = find_no_article,
    article_title: TitleFinder = find_no_title,
) -> RenderedArticle | None:
    """Render one article's body; report shortcode and template errors to ``problems``.

    ``find_article`` is what ``ref`` and ``relref`` look articles up with, and
    ``article_title`` gives the title of an article found (Hexo's ``post_link``).
    """
    document = Document(
        shortcodes=shortcodes,
        resolve_link=resolve_link,
        find_article=find_article,
        article_title=article_title,
        source=article.source,
        body_line=article.body_line,
        page=page_of(article),
    )
    if article.body is None:  # the build reads it back from its store first
        raise ValueError(f"{article.source} is rendered without its markdown")
    env = {ENV_KEY: document}
    body, read_notes = markdown_of(article.source, article.body)
    tokens = md.parse(body, env)
    html = document.sanitized(md.renderer.render(tokens, md.options, env))
    if report_problems(document, problems):
        return None
    words, characters = count_words(tokens)
    summary = written_summary(article.summary, md) if article.summary else None
    summary = summary or teaser(tokens) or summarize(first_paragraph(tokens))
    headings, faq = tuple(document.headings), tuple(document.faq)
    shown = repr((html, summary, words, headings, faq)).encode()
    at = document.body_line
    links = tuple(Link(href, at + line, kind) for href, line, kind in document.links)
    return RenderedArticle(
        article=article,
        html=html,
        summary=summary,
        word_count=words,
        reading_minutes=reading_minutes(words, characters),
        headings=headings,
        links=links,
        faq=faq,
        warnings=(
            *(
                Problem(article.source, article.body_line + line - 1, f"warning: {message}")
                for line, message in read_notes
            ),
            *removal_warnings(article.source, article.body_line, document.removed),
            *shortcode_warnings(document),
        ),
        text=plain_text(html),  # made with the body, so it is kept with it
        digest=hashlib.blake2b(shown, digest_size=16).hexdigest(),
        shows_images=body_shows_images(html, links),
    )


def render_landing(
    landing: Landing,
    md: MarkdownIt,
    shortcodes: ShortcodeRenderer,
    resolve_link: LinkResolver,
    problems: Problems,
    find_article: ArticleFinder = find_no_article,
    article_title: TitleFinder = find_no_title,
) -> RenderedLanding | None:
    """Render an ``_index.md`` body as an article's is; None when it has problems.

    Shortcodes see a ``page`` with the keys an article's has (``date`` None, no
    tags), so a template written for articles renders here too.
    """
    page = {
        "title": landing.title or "",
        "slug": "",
        "date": None,
        "tags": (),
        "section": landing.section,
        "source": landing.source,
        "params": landing.params,
    }
    document = Document(
        shortcodes=shortcodes,
        resolve_link=resolve_link,
        find_article=find_article,
        article_title=article_title,
        source=landing.source,
        body_line=landing.body_line,
        page=page,
    )
    env = {ENV_KEY: document}
    html = md.render(markdown_of(landing.source, landing.body)[0], env)
    return None if report_problems(document, problems) else RenderedLanding(landing, html)


_INLINE_MARKUP = re.compile(r"[*_`\[<&\\$]")
"""What a summary written with markdown has (``*a*``, ``[a](b)``, ``&amp;``)."""


def written_summary(summary: str, md: MarkdownIt) -> str:
    """The text of the summary the author wrote. Pelican and Hugo read it as
    markdown (``A *short* summary with [a link](…)``): shown as it was written,
    its asterisks and brackets reached the dek, the cards and the feeds. A card
    and a description are plain text: the markup is read, and its text kept."""
    if not _INLINE_MARKUP.search(summary):
        return summary
    tokens = md.parseInline(summary, {ENV_KEY: Document()})
    return " ".join(inline_text(tokens).split()) or summary


def markdown_of(source: str, body: str) -> tuple[str, list[tuple[int, str]]]:
    """The markdown of a body, and what reading it warned about at its lines: a
    reStructuredText body (``rst.py``) is written as markdown first; a markdown
    body's Liquid tags (Hexo, Octopress, Jekyll, Pelican's liquid_tags:
    ``liquid_tags.py``) are converted, one left as text a warning at its line."""
    if is_rst(source):
        return rst_to_markdown(body)
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    converted = convert_tags(body, stem)
    return converted.text, [(line + 1, left_tag_warning(name)) for line, name in converted.left]


def shortcode_warnings(document: Document) -> tuple[Problem, ...]:
    """What shortcode templates warned about, at file lines, each once."""
    return tuple(
        Problem(document.source, document.body_line + line, f"warning: {message}")
        for line, message in sorted(set(document.warnings))
    )


def report_problems(document: Document, problems: Problems) -> bool:
    """Move the document's errors, at file lines, to ``problems``; True if any.

    One message said several times at one line (a line of one unknown shortcode
    written 500 times) is one line saying how many times.
    """
    for (line, message), times in sorted(Counter(document.errors).items()):
        repeated = f" ({times} times on this line)" if times > 1 else ""
        problems.add(document.source, document.body_line + line, message + repeated)
    problems.extend(document.template_problems)
    return bool(document.errors or document.template_problems)
