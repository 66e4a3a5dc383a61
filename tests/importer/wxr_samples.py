"""Small WordPress exports (WXR) written inline, one rule per test."""

from __future__ import annotations

from pathlib import Path

import yaml

from sitegen.importer.model import ImportedArticle, ImportedSite
from sitegen.importer.wordpress import read_wordpress_export

AUTHOR = """<wp:author><wp:author_id>1</wp:author_id>
<wp:author_login><![CDATA[mara.ellis]]></wp:author_login>
<wp:author_email><![CDATA[mara@example.com]]></wp:author_email>
<wp:author_display_name><![CDATA[Mara Ellis]]></wp:author_display_name>
<wp:author_first_name><![CDATA[Mara]]></wp:author_first_name>
<wp:author_last_name><![CDATA[Ellis]]></wp:author_last_name>
</wp:author>"""


def wxr(*items: str, version: str = "1.2", channel: str = AUTHOR) -> str:
    """A whole export around ``items``: a blog at https://example.com/blog/."""
    ns = f"http://wordpress.org/export/{version}/"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{ns}excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{ns}">
<channel>
<title>The Desk</title>
<link>https://example.com/blog</link>
<description>Analysis, daily</description>
<language>de-DE</language>
<wp:wxr_version>{version}</wp:wxr_version>
<wp:base_site_url>https://example.com/</wp:base_site_url>
<wp:base_blog_url>https://example.com/blog</wp:base_blog_url>
{channel}
{"".join(items)}
</channel>
</rss>
"""


def item(
    post_id: int = 12,
    title: str = "Port strike",
    content: str = "Body.",
    *,
    status: str = "publish",
    name: str | None = "port-strike",
    date: str = "2024-03-04 10:30:00",
    gmt: str = "2024-03-04 09:30:00",
    modified_gmt: str | None = None,
    link: str | None = None,
    post_type: str = "post",
    extra: str = "",
    excerpt: str = "",
    parent: int = 0,
) -> str:
    """One ``<item>``; ``link`` defaults to the /YYYY/MM/DD/slug/ permalink."""
    if link is None and not name:
        link = f"https://example.com/blog/?p={post_id}"  # a draft's link
    elif link is None:
        link = f"https://example.com/blog/{date[:10].replace('-', '/')}/{name}/"
    return f"""
<item>
<title><![CDATA[{title}]]></title>
<link>{link}</link>
<dc:creator><![CDATA[mara.ellis]]></dc:creator>
<guid isPermaLink="false">https://example.com/blog/?p={post_id}</guid>
<description></description>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id>
<wp:post_date><![CDATA[{date}]]></wp:post_date>
<wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>
<wp:post_modified_gmt><![CDATA[{modified_gmt or gmt}]]></wp:post_modified_gmt>
<wp:post_name><![CDATA[{name or ""}]]></wp:post_name>
<wp:status><![CDATA[{status}]]></wp:status>
<wp:post_parent>{parent}</wp:post_parent>
<wp:post_type><![CDATA[{post_type}]]></wp:post_type>
<wp:post_password><![CDATA[]]></wp:post_password>
<wp:is_sticky>0</wp:is_sticky>
{extra}
</item>"""


def attachment(post_id: int, url: str, title: str, alt: str = "", parent: int = 0) -> str:
    meta = (
        f"<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{alt}]]></wp:meta_value></wp:postmeta>"
        if alt
        else ""
    )
    return item(
        post_id,
        title,
        "",
        status="inherit",
        name=title.lower(),
        post_type="attachment",
        parent=parent,
        link=f"https://example.com/blog/?attachment_id={post_id}",
        extra=f"<wp:attachment_url>{url}</wp:attachment_url>{meta}",
    )


def meta(key: str, value: str) -> str:
    return (
        f"<wp:postmeta><wp:meta_key><![CDATA[{key}]]></wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
    )


def read(tmp_path: Path, text: str, name: str = "export.xml") -> ImportedSite:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_wordpress_export(path)


def only_article(site: ImportedSite) -> ImportedArticle:
    assert len(site.articles) == 1, [a.path for a in site.articles]
    return site.articles[0]


def notes_of(site: ImportedSite) -> list[str]:
    return [str(note) for note in site.notes]


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    loaded = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(loaded, dict)
    return loaded
