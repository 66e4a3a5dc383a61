"""site.yaml → SiteConfig.

The dataclass defaults are SPEC §7, so ``SiteConfig()`` is a valid site and the
test default; variants use ``dataclasses.replace`` (so do CLI flags).
``parse_config`` is pure; ``load_config`` reads the file and delegates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class AuthorInfo:
    """An author declared in site.yaml ``authors``, keyed by slug."""

    name: str
    """Display name, as in the byline."""
    bio: str = ""
    """One or two sentences shown on the author page."""
    url: str = ""
    """The author's own home page or profile, if any."""


@dataclass(frozen=True, slots=True)
class RelatedConfig:
    """How many "You may also like" links an article shows."""

    count: int = 4


@dataclass(frozen=True, slots=True)
class PermalinkConfig:
    """URL patterns; ``{year}``, ``{month}``, ``{day}``, ``{slug}``, ``{section}``."""

    article: str = "/articles/{slug}/"


@dataclass(frozen=True, slots=True)
class MarkdownConfig:
    """Markdown options."""

    unsafe_html: bool = False
    """Keep raw HTML from markdown; dropped (neither rendered nor shown) when false."""


@dataclass(frozen=True, slots=True)
class ImageRef:
    """An image with its required alternative text."""

    src: str
    alt: str


@dataclass(frozen=True, slots=True)
class PublisherConfig:
    """The organisation named in structured data."""

    name: str
    logo: str = ""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything site.yaml can say; every default is SPEC §7."""

    title: str = "Untitled"
    base_url: str = "http://localhost:8000/"
    """Always ends with ``/``; may carry a sub-path (``https://x.org/blog/``)."""
    language: str = "en"
    timezone: str = "UTC"
    """IANA zone name; naive front matter dates are in this zone."""
    default_author: str | None = None
    paginate: int = 10
    related: RelatedConfig = field(default_factory=RelatedConfig)
    permalinks: PermalinkConfig = field(default_factory=PermalinkConfig)
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    authors: Mapping[str, AuthorInfo] = field(default_factory=dict)
    comments: Mapping[str, str] | None = None
    """e.g. ``{provider: giscus, repo: o/r, repo_id: …, category_id: …}``."""
    publisher: PublisherConfig | None = None
    default_image: ImageRef | None = None
    news_sitemap: bool = False
