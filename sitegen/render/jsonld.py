"""Structured data (schema.org JSON-LD) built from the model, never string-pasted.

One ``<script type="application/ld+json">`` per page holding an ``@graph``:
NewsArticle, BreadcrumbList and (when the article has an FAQ) FAQPage on
articles; WebSite with a SearchAction on the home page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from markupsafe import Markup

from sitegen.model import FaqItem, RenderedArticle, Urls
from sitegen.render.environment import iso
from sitegen.render.views import ArticleView, AuthorView, ImageView

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def dump_jsonld(graph: Sequence[Mapping[str, object]]) -> Markup:
    """Serialise for a script element: ``</script>`` in any value cannot break out."""
    if not graph:
        return Markup("")
    text = json.dumps({"@context": "https://schema.org", "@graph": list(graph)}, ensure_ascii=False)
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def faq_page(items: Sequence[FaqItem], url: str) -> dict[str, object]:
    """The FAQPage of every ``faq`` shortcode on the page, merged."""
    return {
        "@type": "FAQPage",
        "@id": url + "#faq",
        "mainEntity": [
            {
                "@type": "Question",
                "name": item.question,
                "acceptedAnswer": {"@type": "Answer", "text": item.answer_html},
            }
            for item in items
        ],
    }


def article_graph(
    rendered: RenderedArticle,
    page: ArticleView,
    urls: Urls,
    publisher: Mapping[str, str] | None,
    images: Sequence[str],
    language: str,
    home: str = "Home",
) -> list[dict[str, object]]:
    """NewsArticle + BreadcrumbList (+ FAQPage) for one article; ``home`` is the
    front page's name in the site's language, as the visible breadcrumbs say it."""
    article = rendered.article
    news: dict[str, object] = {
        "@type": "NewsArticle",
        "@id": page.permalink + "#article",
        "headline": article.title,
        "description": rendered.summary,
        "datePublished": iso(article.date),
        "dateModified": iso(article.updated or article.date),
        "author": [_person(author, urls) for author in page.authors],
        "mainEntityOfPage": {"@type": "WebPage", "@id": page.permalink},
        "url": page.permalink,
        "inLanguage": language,
        "wordCount": rendered.word_count,
        "isAccessibleForFree": True,
    }
    if not article.dated:  # a page: no date to give, and not a news article
        news["@type"] = "WebPage"
        del news["datePublished"], news["mainEntityOfPage"], news["isAccessibleForFree"]
        if article.updated is None:
            del news["dateModified"]
    if images:
        news["image"] = _images(images, page.image)
    if page.corrections:
        news["correction"] = _corrections(page)
    if page.section:
        news["articleSection"] = page.section.name
    if page.tags:
        news["keywords"] = [t.name for t in page.tags]
    if publisher:
        news["publisher"] = _organization(publisher)
    graph: list[dict[str, object]] = [news, _breadcrumb_list(page, urls, home)]
    if rendered.faq:
        graph.append(faq_page(rendered.faq, page.permalink))
    return graph


def _corrections(page: ArticleView) -> list[dict[str, object]]:
    """schema.org CreativeWork ``correction``: a CorrectionComment per correction."""
    return [
        {"@type": "CorrectionComment", "text": c.text, "datePublished": iso(c.date)}
        for c in page.corrections
    ]


def _breadcrumb_list(page: ArticleView, urls: Urls, home: str) -> dict[str, object]:
    """The visible breadcrumbs (Home, the section), then the article itself."""
    crumbs = [(c.name, _absolute(c.url or "/", urls)) for c in page.breadcrumbs]
    if not crumbs:
        crumbs = [(home, urls.absolute("/"))]
    crumbs.append((page.title, page.permalink))
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": item}
            for i, (name, item) in enumerate(crumbs, start=1)
        ],
    }


def _person(author: AuthorView, urls: Urls) -> dict[str, object]:
    """An author: the page on this site as ``url``, the profile site.yaml gives as ``sameAs``."""
    person: dict[str, object] = {"@type": "Person", "name": author.name}
    if author.url:
        person["url"] = urls.base_url + author.url[len(urls.base_path) :]
    if author.homepage:
        person["sameAs"] = [author.homepage]
    if author.image:
        person["image"] = _absolute(author.image, urls)
    return person


def _images(images: Sequence[str], lead: ImageView | None) -> list[object]:
    """The page's images; the lead image as an ImageObject when it has a caption or credit."""
    if lead is None or not (lead.caption or lead.credit):
        return list(images)
    first: dict[str, object] = {"@type": "ImageObject", "url": images[0]}
    if lead.caption:
        first["caption"] = lead.caption
    if lead.credit:
        first["creditText"] = lead.credit
    return [first, *images[1:]]


def _absolute(href: str, urls: Urls) -> str:
    """An href of this site (``/blog/x.jpg``) as an absolute URL; others as they are."""
    if href.startswith(urls.base_path) and not href.startswith("//") and "://" not in href:
        return urls.base_url + href[len(urls.base_path) :]
    return href


def website_graph(
    title: str,
    urls: Urls,
    search_path: str,
    publisher: Mapping[str, str] | None,
    language: str,
    description: str = "",
) -> list[dict[str, object]]:
    """WebSite with a SearchAction to the site's search page (home page only)."""
    site: dict[str, object] = {
        "@type": "WebSite",
        "@id": urls.absolute("/") + "#website",
        "name": title,
        **({"description": description} if description else {}),
        "url": urls.absolute("/"),
        "inLanguage": language,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": urls.absolute(search_path) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }
    if publisher:
        site["publisher"] = _organization(publisher)
    return [site]


def _organization(publisher: Mapping[str, str]) -> dict[str, object]:
    org: dict[str, object] = {"@type": "Organization", "name": publisher["name"]}
    if publisher.get("logo"):
        org["logo"] = {"@type": "ImageObject", "url": publisher["logo"]}
    return org
