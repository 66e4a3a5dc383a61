"""Hugo front matter → sitegen front matter, with a note for what changes meaning.

| Hugo | sitegen |
|---|---|
| ``title`` (none: from the file name) | ``title`` |
| ``date`` (Hugo's date handlers; a later ``publishDate`` wins) | ``date`` |
| ``lastmod`` / ``modified`` (when later than ``date``) | ``updated`` |
| ``summary``, ``description``, ``excerpt`` (the first one; HTML tags taken out) | ``summary`` |
| ``author`` (a string: one person), ``authors`` | ``author``/``authors`` (site.yaml keys) |
| ``tags`` | ``tags`` |
| ``categories`` | the first: ``section``; the others: ``tags`` |
| ``images`` / ``image`` / ``featured_image`` / ``cover.image`` | ``image``, with ``image_alt`` |
| ``draft``, ``expiryDate`` in the past | ``draft`` |

Everything else is kept as a param (``page.params``), under ``hugo_KEY`` when
its name means something else to sitegen.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from sitegen.importer.hugo.config import HugoConfig
from sitegen.importer.hugo.frontmatter import aware
from sitegen.importer.hugo.pages import HugoPage, loose_filename_date
from sitegen.importer.hugo.params import ALT_KEYS, note_at, params_of
from sitegen.importer.model import Note
from sitegen.slugs import slugify

DEFAULT_DATE = datetime(1970, 1, 1)
"""The date of an article Hugo had no date for: it sorts last, as Hugo's zero date did."""
UNDATED_NOTE = (
    "no date, and not one of the posts (Hugo's mainSections): a page here, at its URL, "
    "found by search, in no list or feed; give it a date to list it as an article"
)
_IMAGE_KEYS = ("image", "featured_image", "featuredimage", "thumbnail", "hero")
_SPACE = re.compile(r"\s+")
_INLINE = MarkdownIt("commonmark")
"""Reads a Wowchemy caption's markdown (``*JCVA*``) for its plain text."""


@dataclass(slots=True)
class Authors:
    """Author names met so far → their site.yaml key (a slug of the name)."""

    keys: dict[str, str] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    """Key → the home page a byline linked the name to."""

    def key(self, name: str, url: str = "") -> str:
        """The key of ``name``; a new name gets a new key, never another's."""
        if name in self.keys:
            if url:
                self.urls.setdefault(self.keys[name], url)
            return self.keys[name]
        base = slugify(name) or "author"
        key, number = base, 1
        taken = set(self.keys.values())
        while key in taken:
            number += 1
            key = f"{base}-{number}"
        self.keys[name] = key
        if url:
            self.urls[key] = url
        return key

    def site_yaml(self) -> dict[str, dict[str, str]]:
        found = sorted(self.keys.items(), key=lambda item: item[1])
        return {
            key: {"name": name, **({"url": self.urls[key]} if key in self.urls else {})}
            for name, key in found
        }


@dataclass(slots=True)
class Mapped:
    front: dict[str, object]
    notes: list[Note]


def map_front(
    page: HugoPage,
    config: HugoConfig,
    authors: Authors,
    now: datetime,
    first_added: Callable[[HugoPage], datetime | None] = lambda page: None,
    undated: bool = False,
) -> Mapped:
    """sitegen front matter for ``page`` (without ``slug``, which the URL plan adds).
    ``first_added``: when the page's file entered the site's history, if known;
    ``undated``: the page stays a page without a date (``undated.py``)."""
    notes: list[Note] = []
    front: dict[str, object] = {}
    zone = zoneinfo.ZoneInfo(config.timezone or "UTC")
    front["title"] = _title(page, notes)
    if undated:
        notes.append(Note(page.origin, 1, UNDATED_NOTE))
        updated = page.lastmod
    else:
        moment = _date(page, notes, zone, first_added)
        front["date"] = as_written(moment)
        updated = _updated(page, moment, zone, notes)
    if updated is not None:
        front["updated"] = as_written(updated)
    summary, unused = _summary(page)
    if summary:
        front["summary"] = summary
    front.update(_authors(page, authors, notes))
    front.update(_taxonomies(page, config, notes))
    front.update(_image(page, notes))
    hidden = hidden_cover(page.front.get("cover"))
    if "image" in front and hidden:
        message = (
            f"PaperMod hid this cover ({hidden}); sitegen shows the article's image on "
            "its page and cards: take 'image' out to hide it"
        )
        notes.append(note_at(page, "cover", message))
    if _draft(page, zone, now, notes):
        front["draft"] = True
    if "image" not in front:  # an alt text of a picture sitegen does not take stays
        unused |= {key for key in ALT_KEYS if page.front.has(key)}
    front.update(params_of(page, config, notes, unused))
    if _shown_expired(page, zone, now):  # sitegen would withdraw it
        front.pop(page.front.written(_expiry_key(page)), None)
    elif page.expiry is not None and aware(page.expiry, zone) > now:
        # Taken down then, as Hugo would have: sitegen's own name for it, which
        # any case Hugo read the key in (``ExpiryDate``) comes to.
        front.pop(page.front.written(_expiry_key(page)), None)
        front["expires"] = aware(page.expiry, zone)
    _note_shown_future(page, zone, now, notes)
    return Mapped(front, notes)


def derived_title(page: HugoPage) -> str:
    """A title from the file (or bundle folder) name: ``2020-05-a_new-day`` → ``A new day``."""
    name = page.item.base_name
    match = re.match(r"\d{4}-\d{1,2}-\d{1,2}[-_ ]?", name)
    words = _SPACE.sub(" ", re.sub(r"[-_]+", " ", name[match.end() if match else 0 :])).strip()
    return (words[:1].upper() + words[1:]) if words else name


def _title(page: HugoPage, notes: list[Note]) -> str:
    if page.title:
        return page.title
    title = derived_title(page)
    notes.append(
        Note(
            page.origin,
            1,
            f"no title (Hugo showed none; sitegen needs one): '{title}', from the file name",
        )
    )
    return title


def _date(
    page: HugoPage,
    notes: list[Note],
    zone: zoneinfo.ZoneInfo,
    first_added: Callable[[HugoPage], datetime | None],
) -> datetime:
    moment = page.date
    if moment is None:
        found = loose_filename_date(page.item.base_name)
        if found is not None:
            notes.append(Note(page.origin, 1, "no date: dated from its file name"))
            return found
        if page.lastmod is not None:
            notes.append(note_at(page, "lastmod", "no date: dated from its lastmod"))
            return page.lastmod
        added = first_added(page)
        if added is not None:
            message = (
                f"no date written (sitegen lists dated articles only): dated {_shown(added)}, "
                "when git first recorded the file; write its real date if that is not it"
            )
            notes.append(Note(page.origin, 1, message))
            return added
        notes.append(
            Note(
                page.origin,
                1,
                "no date written (sitegen lists dated articles only): "
                "dated 1970-01-01 so that it sorts last; write its real date",
            )
        )
        return DEFAULT_DATE
    publish = page.publish_date
    if publish is not None and aware(publish, zone) > aware(moment, zone):
        key = next(
            (k for k in ("publishdate", "pubdate", "published") if page.front.has(k)), "publishdate"
        )
        notes.append(
            note_at(
                page,
                key,
                f"dated {_shown(publish)}, its {page.front.written(key)} "
                f"(Hugo published it then), not {_shown(moment)}",
            )
        )
        return publish
    return moment


def _updated(
    page: HugoPage, moment: datetime, zone: zoneinfo.ZoneInfo, notes: list[Note]
) -> datetime | None:
    lastmod = page.lastmod
    if lastmod is None:
        return None
    if aware(lastmod, zone) < aware(moment, zone):
        key = "lastmod" if page.front.has("lastmod") else "modified"
        notes.append(
            note_at(
                page,
                key,
                f"{page.front.written(key)} {_shown(lastmod)} is before "
                "the date: not kept as 'updated'",
            )
        )
        return None
    return lastmod if aware(lastmod, zone) > aware(moment, zone) else None


def _summary(page: HugoPage) -> tuple[str, frozenset[str]]:
    """The first of ``summary``, ``description``, ``excerpt``; the other texts that
    say something else are kept as params."""
    found = [(k, page.front.get(k)) for k in ("summary", "description", "excerpt")]
    texts = [(k, plain_text(v)) for k, v in found if isinstance(v, str) and v.strip()]
    if not texts:
        return "", frozenset()
    first = texts[0][1]
    return first, frozenset(k for k, text in texts[1:] if text != first)


def plain_text(text: str) -> str:
    """Front matter text as plain text: HTML tags out, entities decoded, one line."""
    if "<" in text or "&" in text:
        text = BeautifulSoup(text, "html.parser").get_text(" ")
    return _SPACE.sub(" ", text).strip()


def _authors(page: HugoPage, authors: Authors, notes: list[Note]) -> dict[str, object]:
    names: list[str] = []
    front = _WithParams(page)  # Linkerd's posts: params: {author: william}
    for key in ("author", "authors"):
        value = front.get(key)
        for item in value if isinstance(value, list) else [value]:
            name = item.get("name") if isinstance(item, Mapping) else item
            if isinstance(name, str) and name.strip() and name.strip() not in names:
                names.append(name.strip())
    if not names:
        return {}
    people = [person for name in names for person in _linked_names(name)]
    keys = list(dict.fromkeys(authors.key(name, url) for name, url in people))
    return {"author": keys[0]} if len(keys) == 1 else {"authors": keys}


_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?(?:\s+[^)]*)?\)")
_ASIDE = re.compile(r"\s+\((?:[^()]|\([^()]*\))*\)")
"""A part in parentheses after a space, links inside it included:
`` ([CNCF](https://cncf.io))`` (a link's own URL follows its text with none)."""


def _linked_names(written: str) -> list[tuple[str, str]]:
    """``(name, home page)`` of each person a byline written in markdown links
    (Docsy's ``[Ann Lee](https://github.com/ann) ([CNCF](…)) & [Bo](…)``); the
    byline itself, with no home page, when it has no link. Themes render the
    byline as markdown, so the link text is the name the reader saw; a part in
    parentheses (an affiliation) is no person."""
    plain = _ASIDE.sub("", written)
    found = [(m.group(1).strip(), m.group(2)) for m in _MARKDOWN_LINK.finditer(plain)]
    found = [(name, url if url.startswith(("http://", "https://")) else "") for name, url in found]
    return [item for item in found if item[0]] or [(written, "")]


def _taxonomies(page: HugoPage, config: HugoConfig, notes: list[Note]) -> dict[str, object]:
    tags = _named(page, "tags", notes)
    categories = _named(page, "categories", notes)
    result: dict[str, object] = {}
    if categories:
        result["section"] = categories[0]
        if categories[1:]:
            message = (
                f"categories after the first ({', '.join(categories[1:])}) became tags: "
                "sitegen gives an article one section"
            )
            notes.append(note_at(page, "categories", message))
            tags.extend(c for c in categories[1:] if c not in tags)
    if tags:
        result["tags"] = tags
    return result


def _named(page: HugoPage, key: str, notes: list[Note]) -> list[str]:
    """The terms of ``key`` that can have a page: one without a letter or digit
    (``>}}``) cannot, in sitegen, and is left out with a note."""
    value = _WithParams(page).get(key)  # a params table's tags too
    found = terms(value)
    empty = _empty_entries(value)
    if empty:
        entries = "an empty entry" if empty == 1 else f"{empty} empty entries"
        message = f"{key} has {entries} (Hugo skips them): left out"
        notes.append(note_at(page, key, message))
    for term in (t for t in found if not slugify(t)):
        message = f"{key} '{term}' has no letters or digits, so no page: left out"
        notes.append(note_at(page, key, message))
    return [t for t in found if slugify(t)]


def terms(value: object) -> list[str]:
    """Terms as a list; one string holds several, at commas (else at spaces, as Hugo
    splits it), the way sitegen reads ``tags: "a, b"`` too. An empty entry
    (``tags:\n-``, which YAML reads as null) is no term: Hugo skips it, and written
    as text it would be a tag named "None"."""
    if isinstance(value, str):
        items: list[object] = list(value.split(",") if "," in value else value.split())
    else:
        items = list(value) if isinstance(value, list) else [value] if value is not None else []
    found = [str(v).strip() for v in items if v is not None and not isinstance(v, dict | list)]
    return list(dict.fromkeys(v for v in found if v))


def _empty_entries(value: object) -> int:
    """How many entries of a taxonomy list are empty (null or blank), for the note."""
    items = value if isinstance(value, list) else []
    return sum(1 for v in items if v is None or (isinstance(v, str) and not v.strip()))


def _image(page: HugoPage, notes: list[Note]) -> dict[str, object]:
    front = _WithParams(page)
    image, alt = "", ""
    images = front.get("images")
    if isinstance(images, list) and images and isinstance(images[0], str):
        image = images[0]
    elif isinstance(images, str):
        image = images
    for key in _IMAGE_KEYS:
        value = front.get(key)
        if not image and isinstance(value, str) and value.strip():
            image = value
        elif not image and isinstance(value, Mapping) and isinstance(value.get("src"), str):
            image, alt = value["src"], str(value.get("alt") or "")
    cover = front.get("cover")
    caption = ""
    if isinstance(cover, Mapping):
        if not image and isinstance(cover.get("image"), str):
            image = cover["image"]
        alt = alt or str(cover.get("alt") or "")
        if image == cover.get("image") and isinstance(cover.get("caption"), str):
            caption = plain_text(_INLINE.renderInline(cover["caption"]))  # PaperMod's
    asset = feature_asset(page)
    if not image.strip() and asset:
        image = "/" + asset  # where __init__ copies it, as Hugo published it
    if not image.strip():
        return {}
    image = page.resource_file(image.strip()) or image
    alt = alt or next((str(front.get(k)) for k in ALT_KEYS if front.get(k)), "")
    if not alt:
        alt = page.title or derived_title(page)
        notes.append(
            Note(
                page.origin,
                page.front.line("images") if page.front.has("images") else 1,
                f"image {image} has no alt text: its title stands in; describe the "
                "picture in 'image_alt'",
            )
        )
    values: dict[str, object] = {"image": image.strip(), "image_alt": alt}
    if caption:
        values["image_caption"] = caption
    return values


def hidden_cover(cover: object, where: str = "") -> str:
    """What of PaperMod's ``cover`` settings hid the cover (``cover.hidden: true``…),
    in words, each after ``where`` (``params.``); ``""`` when none did."""
    if not isinstance(cover, Mapping):
        return ""
    flags = {str(key).lower(): value for key, value in cover.items()}
    names = {"hidden": "hidden", "hiddeninsingle": "hiddenInSingle", "hiddeninlist": "hiddenInList"}
    return ", ".join(f"{where}cover.{names[k]}" for k in names if flags.get(k) is True)


def feature_asset(page: HugoPage) -> str:
    """The file below ``assets/`` that ``featureAsset`` names (espressif's Blowfish
    site: the page's cover, published by Hugo Pipes at the same path); ``""``."""
    value = _WithParams(page).get("featureasset")
    path = value.strip().strip("/") if isinstance(value, str) else ""
    return path if path and ".." not in path.split("/") and "://" not in path else ""


_FEATURED = ("feature", "cover", "thumbnail")
"""What Hugo's opengraph and twitter templates look for in a bundle's image names,
in their order (``*feature*``, then ``*cover*`` or ``*thumbnail*``)."""
_PICTURE = frozenset({"png", "jpg", "jpeg", "gif", "webp", "avif", "svg"})


def featured_file(names: list[str]) -> str | None:
    """The bundle file (of ``names``, relative to the bundle's folder) that Hugo's
    templates took for the page's image; None when there is none."""
    pictures = [n for n in names if "/" not in n and n.rpartition(".")[2].lower() in _PICTURE]
    for word in _FEATURED:
        found = [n for n in pictures if word in n.lower()]
        if found:
            return found[0]
    return None


def featured_front(page: HugoPage, name: str) -> tuple[dict[str, object], list[Note]]:
    """``image``, ``image_alt`` (and ``image_caption``) for the bundle's featured
    file ``name``: Wowchemy's ``image: {caption, alt_text}`` gives the words when
    it has them; the title stands in for a missing alt text, with a note."""
    details = _WithParams(page).get("image")
    details = details if isinstance(details, Mapping) else {}
    caption = details.get("caption")
    caption = plain_text(_INLINE.renderInline(caption)) if isinstance(caption, str) else ""
    alt = details.get("alt_text") or details.get("alt")
    alt = plain_text(alt) if isinstance(alt, str) else ""
    title = page.title or derived_title(page)
    values: dict[str, object] = {"image": name, "image_alt": alt or title}
    if caption:
        values["image_caption"] = caption
    message = (
        f"image {name}: the bundle's picture Hugo's templates took for the page's image "
        "(its name has 'feature', 'cover' or 'thumbnail')"
    )
    if not alt:
        message += "; its title stands in for alt text: describe the picture in 'image_alt'"
    return values, [Note(page.origin, 1, message)]


class _WithParams:
    """A page's front matter keys, then those of its ``params`` table (Stack's and
    Hugo's newer habit: ``[params] image = "cover.jpg"``), any case."""

    def __init__(self, page: HugoPage) -> None:
        self.front = page.front
        params = page.front.get("params")
        self.params = (
            {str(k).lower(): v for k, v in params.items()} if isinstance(params, Mapping) else {}
        )

    def get(self, key: str) -> object:
        found = self.front.get(key)
        return found if found is not None else self.params.get(key.lower())


def _draft(page: HugoPage, zone: zoneinfo.ZoneInfo, now: datetime, notes: list[Note]) -> bool:
    """Whether the article is a draft: Hugo did not publish it. A site built with
    ``buildDrafts`` (or ``buildExpired``) published its drafts (expired pages) at their
    addresses, so they stay published, each with a note."""
    if page.expiry is not None:
        key = _expiry_key(page)
        written = page.front.written(key)
        if _shown_expired(page, zone, now):
            message = (
                f"{written} {_shown(page.expiry)} has passed, but Hugo published it "
                "(buildExpired: true): imported as published, without the date, so its "
                "address keeps answering"
            )
            notes.append(note_at(page, key, message))
        elif aware(page.expiry, zone) <= now:
            notes.append(
                note_at(
                    page,
                    key,
                    f"{written} {_shown(page.expiry)} has passed (Hugo "
                    "no longer published it): imported as a draft",
                )
            )
            return True
    if not page.listed:
        notes.append(
            Note(
                page.origin,
                1,
                "Hugo left it out of lists (build.list); sitegen lists every article",
            )
        )
    if page.draft and page.published:  # buildDrafts
        message = (
            "a draft, but Hugo published it (buildDrafts: true): imported as published, "
            "so its address keeps answering; write draft: true to take it down"
        )
        notes.append(note_at(page, "draft", message))
        return False
    return page.draft


def _expiry_key(page: HugoPage) -> str:
    return "expirydate" if page.front.has("expirydate") else "unpublishdate"


def _shown_expired(page: HugoPage, zone: zoneinfo.ZoneInfo, now: datetime) -> bool:
    """Whether the page's expiry date has passed and Hugo published it all the same."""
    expired = page.expiry is not None and aware(page.expiry, zone) <= now
    return expired and page.published  # buildExpired


def _note_shown_future(
    page: HugoPage, zone: zoneinfo.ZoneInfo, now: datetime, notes: list[Note]
) -> None:
    """A note at a page that Hugo published before its date (``buildFuture``): sitegen
    builds it from that date on, so until then its address answers only with
    ``--future``, which the site's build command must now say."""
    moment = page.publish_date
    if moment is None or aware(moment, zone) <= now or not page.published:
        return
    key = next((k for k in ("publishdate", "pubdate", "published") if page.front.has(k)), "date")
    message = (
        f"dated {_shown(moment)}, after today, but Hugo published it (buildFuture: true): "
        "sitegen builds it from that date on; until then its address answers only if the "
        "site is built with sitegen build --future"
    )
    notes.append(note_at(page, key, message))


def as_written(moment: datetime) -> date | datetime:
    """A midnight without a zone is a date, and written as one (``2024-05-01``)."""
    if moment.tzinfo is None and moment.time() == time():
        return moment.date()
    return moment


def _shown(moment: datetime) -> str:
    return moment.isoformat(sep=" ") if moment.time() != time() else moment.date().isoformat()
