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
from sitegen.render.views import ArticleView

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
) -> list[dict[str, object]]:
    """NewsArticle + BreadcrumbList (+ FAQPage) for one article."""
    article = rendered.article
    news: dict[str, object] = {
        "@type": "NewsArticle",
        "@id": page.permalink + "#article",
        "headline": article.title,
        "description": rendered.summary,
        "datePublished": article.date.isoformat(),
        "dateModified": (article.updated or article.date).isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": a.name,
                **({"url": urls.base_url + a.url[len(urls.base_path) :]} if a.url else {}),
            }
            for a in page.authors
        ],
        "mainEntityOfPage": {"@type": "WebPage", "@id": page.permalink},
        "url": page.permalink,
        "inLanguage": language,
        "wordCount": rendered.word_count,
        "isAccessibleForFree": True,
    }
    if images:
        news["image"] = list(images)
    if page.section:
        news["articleSection"] = page.section.name
    if page.tags:
        news["keywords"] = [t.name for t in page.tags]
    if publisher:
        news["publisher"] = _organization(publisher)
    crumbs = [("Home", urls.absolute("/"))]
    if page.section and page.section.url:
        crumbs.append((page.section.name, urls.base_url + page.section.url[len(urls.base_path) :]))
    crumbs.append((article.title, page.permalink))
    graph: list[dict[str, object]] = [
        news,
        {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": i, "name": name, "item": item}
                for i, (name, item) in enumerate(crumbs, start=1)
            ],
        },
    ]
    if rendered.faq:
        graph.append(faq_page(rendered.faq, page.permalink))
    return graph


def website_graph(
    title: str, urls: Urls, search_path: str, publisher: Mapping[str, str] | None, language: str
) -> list[dict[str, object]]:
    """WebSite with a SearchAction to the site's search page (home page only)."""
    site: dict[str, object] = {
        "@type": "WebSite",
        "@id": urls.absolute("/") + "#website",
        "name": title,
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
