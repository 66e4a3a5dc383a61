"""What sanitized raw HTML may keep: GitHub's allow-list, plus media, ``class`` and ``id``.

GitHub's preview is what authors check their posts against, so its
html-pipeline ``SanitizationFilter`` allow-list is the base: the elements and
attributes below, links to ``http``, ``https``, ``mailto`` (we add ``tel``) and
relative URLs, images from ``http``, ``https`` and relative URLs. A newsroom
also needs what GitHub drops: ``<video>``, ``<audio>``, ``<source>``,
``<track>``, ``<picture>``, and ``class`` and ``id`` for its CSS and anchors.
Frames stay out: an embed is a shortcode's job, a template sitegen trusts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_GITHUB_TAG_NAMES = """h1 h2 h3 h4 h5 h6 h7 h8 br b i strong em a pre code img tt div
ins del sup sub p ol ul table thead tbody tfoot blockquote dl dt dd kbd q samp var hr
ruby rt rp li tr td th s strike summary details caption figure figcaption abbr bdo cite
dfn mark small span time wbr"""
GITHUB_TAGS = frozenset(_GITHUB_TAG_NAMES.split())
MEDIA_TAGS = frozenset(("video", "audio", "source", "track", "picture"))
"""Not GitHub's, but a newsroom's: a clip or a chart with its dark-mode variant."""
TAGS = GITHUB_TAGS | MEDIA_TAGS

REMOVED_WITH_CONTENT = frozenset(("script", "style", "noscript", "svg", "math", "template"))
"""Removed with everything inside: code, what stands in for code, or markup that
would show as stray text."""
EMBEDS = frozenset(("iframe", "frame", "frameset", "object", "embed", "applet"))

_GITHUB_ATTRIBUTE_NAMES = """abbr accept accept-charset accesskey action align alt
aria-describedby aria-hidden aria-label aria-labelledby axis border cellpadding cellspacing
char charoff charset checked clear cols colspan color compact coords datetime dir disabled
enctype for frame headers height hreflang hspace ismap label lang maxlength media method
multiple name nohref noshade nowrap open progress prompt readonly rel rev role rows rowspan
rules scope selected shape size span start summary tabindex target title type usemap valign
value vspace width itemprop"""
GITHUB_ANY_ATTRIBUTES = frozenset(_GITHUB_ATTRIBUTE_NAMES.split())
ANY_ATTRIBUTES = GITHUB_ANY_ATTRIBUTES | {"class", "id"}
"""``class`` and ``id`` are ours: a site's CSS and ``#anchors`` rely on them."""
ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "a": frozenset(("href",)),
    "img": frozenset(("src", "longdesc", "srcset", "sizes", "loading")),
    "div": frozenset(("itemscope", "itemtype")),
    "blockquote": frozenset(("cite",)),
    "del": frozenset(("cite",)),
    "ins": frozenset(("cite",)),
    "q": frozenset(("cite",)),
    "video": frozenset(
        ("src", "poster", "controls", "autoplay", "loop", "muted", "playsinline", "preload")
    ),
    "audio": frozenset(("src", "controls", "autoplay", "loop", "muted", "preload")),
    "source": frozenset(("src", "srcset", "sizes", "type")),
    "track": frozenset(("src", "kind", "srclang", "label", "default")),
}

LINK_SCHEMES = ("http", "https", "mailto", "tel")
MEDIA_SCHEMES = ("http", "https")
URL_SCHEMES: Mapping[str, tuple[str, ...]] = {
    "href": LINK_SCHEMES,
    "src": MEDIA_SCHEMES,
    "srcset": MEDIA_SCHEMES,
    "poster": MEDIA_SCHEMES,
    "longdesc": MEDIA_SCHEMES,
    "cite": MEDIA_SCHEMES,
    "itemtype": MEDIA_SCHEMES,
}
"""Attributes holding URLs → the schemes they may use; relative URLs always may."""

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_TAB_OR_NEWLINE = dict.fromkeys(map(ord, "\t\n\r"))
_C0_OR_SPACE = "".join(map(chr, range(0x21)))


def url_allowed(name: str, value: str) -> bool:
    """True unless ``name`` holds URLs and one of them has a scheme it may not use."""
    schemes = URL_SCHEMES.get(name)
    if schemes is None:
        return True
    urls = [c.split()[0] for c in value.split(",") if c.split()] if name == "srcset" else [value]
    return all(scheme_of(url) in (None, *schemes) for url in urls)


def scheme_of(url: str) -> str | None:
    """The URL's scheme as a browser reads it, lowercase: the URL parser drops
    tabs and newlines anywhere, and controls and spaces at either end."""
    match = _SCHEME.match(url.translate(_TAB_OR_NEWLINE).strip(_C0_OR_SPACE))
    return match[1].lower() if match else None


def attribute_allowed(element: str, name: str, value: str) -> bool:
    """What the allow-list says of one attribute as written."""
    known = name in ANY_ATTRIBUTES or name in ATTRIBUTES.get(element, ())
    return known and url_allowed(name, value)
