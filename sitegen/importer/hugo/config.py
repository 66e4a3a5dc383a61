"""A Hugo site's configuration, read the way ``hugo`` reads it.

Hugo takes the first of ``hugo.toml|yaml|yml|json`` and ``config.toml|…`` at
the site's root, then merges ``config/_default/`` and ``config/production/``
over it (``hugo`` builds for production), each file named by the key it sets:
``params.toml`` is ``params``, ``languages.fr.toml`` is ``languages.fr``,
``menus.en.toml`` that language's ``menus``. A theme's own config gives
defaults under all of that. Keys are case-insensitive, so every key is
lower-cased here once and looked up lower-case everywhere else.

A file that does not parse stops the import (``SourceError`` at its line): the
rest of the import would guess at URLs. No config at all is a note: the
content may still be importable with Hugo's defaults.
"""

from __future__ import annotations

import zoneinfo
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sitegen.importer.hugo.formats import read_structured
from sitegen.importer.model import Note, SourceError

CONFIG_NAMES = ("hugo", "config")
EXTENSIONS = ("toml", "yaml", "yml", "json")
CONFIG_DIRS = ("config/_default", "config/production")
LOCALIZED = {"menu": "menus", "menus": "menus", "params": "params"}
"""``NAME.LANG.toml`` files that go below ``languages.LANG``; others replace it."""


DEFAULT_TAXONOMIES = {"tag": "tags", "category": "categories"}
DEFAULT_FRONTMATTER = {
    "date": ["date", "publishdate", "pubdate", "published", "lastmod", "modified"],
    "publishdate": ["publishdate", "pubdate", "published", "date"],
    "lastmod": [":git", "lastmod", "modified", "date", "publishdate", "pubdate", "published"],
    "expirydate": ["expirydate", "unpublishdate"],
}
"""Hugo's default date handlers: where each date comes from, first found wins."""
_DATE_ALIASES = {
    "lastmod": ["modified"],
    "publishdate": ["pubdate", "published"],
    "expirydate": ["unpublishdate"],
}
DEFAULT_OUTPUTS = {
    "home": ["html", "rss"],
    "section": ["html", "rss"],
    "taxonomy": ["html", "rss"],
    "term": ["html", "rss"],
    "page": ["html"],
}


@dataclass(frozen=True, slots=True)
class PermalinkRule:
    """One ``[permalinks]`` entry: pages of ``kind`` in section ``section``."""

    kind: str
    """``page``, ``section``, ``term`` or ``taxonomy``."""
    section: str
    """First-level section (a taxonomy's plural for terms); ``""`` is the root."""
    pattern: str


@dataclass(frozen=True, slots=True)
class HugoConfig:
    """What the import needs from a Hugo config, resolved for the default language."""

    site: Path
    values: Mapping[str, Any]
    """Everything merged, keys lower-cased, the default language's settings on top."""
    files: tuple[str, ...]
    """Config files read, relative to the site, in the order they were merged."""
    language: str
    """``defaultContentLanguage``."""
    languages: Mapping[str, Mapping[str, Any]]
    """Every configured language (lower-cased code → its settings)."""
    content_dirs: Mapping[str, str]
    """Language → content folder relative to the site."""
    notes: tuple[Note, ...] = ()
    permalinks: tuple[PermalinkRule, ...] = field(default=())

    def get(self, *keys: str, default: Any = None) -> Any:
        """``values[k1][k2]…`` (keys lower-case), or ``default``."""
        value: Any = self.values
        for key in keys:
            if not isinstance(value, Mapping) or key not in value:
                return default
            value = value[key]
        return value

    def flag(self, key: str) -> bool:
        return _as_bool(self.get(key))

    @property
    def origin(self) -> str:
        """The main config file, for notes about the site as a whole."""
        return self.files[0] if self.files else "hugo.toml"

    @property
    def base_url(self) -> str:
        return str(self.get("baseurl", default="") or "")

    @property
    def base_path(self) -> str:
        """The baseURL's path, ``/`` or ``/blog/``: pages live below it."""
        path = urlsplit(self.base_url).path if "//" in self.base_url else self.base_url
        path = "/" + path.strip("/") + "/"
        return "/" if path == "//" else path

    @property
    def lower_paths(self) -> bool:
        return not self.flag("disablepathtolower")

    @property
    def timezone(self) -> str | None:
        """``timeZone`` if it names a zone; naive dates are in it (Hugo ≥ 0.87)."""
        name = self.get("timezone")
        if not isinstance(name, str) or not name.strip():
            return None
        try:
            zoneinfo.ZoneInfo(name.strip())
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None
        return name.strip()

    @property
    def language_prefix(self) -> str:
        """``/en`` when the default language lives in its own folder, else ``""``."""
        if self.flag("defaultcontentlanguageinsubdir"):
            return "/" + self.language
        return ""

    def ugly(self, section: str) -> bool:
        """``uglyURLs`` for pages of ``section``: a bool or a per-section map."""
        value = self.get("uglyurls")
        if isinstance(value, Mapping):
            return _as_bool(value.get(section.lower()))
        return _as_bool(value)

    @property
    def taxonomies(self) -> Mapping[str, str]:
        """Singular → plural, as configured (Hugo's two when not)."""
        value = self.get("taxonomies")
        if not isinstance(value, Mapping):
            return DEFAULT_TAXONOMIES
        return {str(k): str(v).lower() for k, v in value.items() if v}

    def disabled(self, kind: str) -> bool:
        """Whether Hugo renders no page of ``kind`` (``taxonomy``, ``term``, ``rss``…)."""
        kinds = {str(k).lower() for k in self.get("disablekinds", default=()) or ()}
        if "taxonomyterm" in kinds:  # the names before Hugo 0.73
            kinds = {
                "taxonomy" if k == "taxonomyterm" else "term" if k == "taxonomy" else k
                for k in kinds
            }
        return kind in kinds

    def outputs(self, kind: str) -> list[str]:
        value = self.get("outputs", kind)
        if isinstance(value, list):
            return [str(v).lower() for v in value]
        return DEFAULT_OUTPUTS.get(kind, ["html"])

    @property
    def rss_name(self) -> str:
        """The RSS file name: ``index.xml`` unless ``outputFormats.rss.baseName`` says."""
        base = self.get("outputformats", "rss", "basename")
        return f"{base or 'index'}.xml"

    def date_sources(self, which: str) -> list[str]:
        """Where ``date``/``publishdate``/``lastmod``/``expirydate`` come from, in order."""
        configured = self.get("frontmatter", which)
        if isinstance(configured, str):
            configured = [configured]
        if not isinstance(configured, list):
            return DEFAULT_FRONTMATTER[which]
        sources: list[str] = []
        for item in (str(v).lower() for v in configured):
            found = DEFAULT_FRONTMATTER[which] if item == ":default" else [item]
            for name in found:
                for one in (name, *_DATE_ALIASES.get(name, ())):
                    if one not in sources:
                        sources.append(one)
        return sources

    @property
    def params(self) -> Mapping[str, Any]:
        value = self.get("params")
        return value if isinstance(value, Mapping) else {}


def read_hugo_config(site: Path) -> HugoConfig:
    """The merged configuration of the Hugo site at ``site``.

    Raises SourceError for a file that does not parse, at its line.
    """
    notes: list[Note] = []
    merged: dict[str, Any] = {}
    files: list[str] = []
    root_file = _root_config_file(site)
    if root_file is not None:
        _merge(merged, _read_file(site, root_file))
        files.append(_relative(site, root_file))
    for folder in CONFIG_DIRS:
        for path in sorted((site / folder).rglob("*")) if (site / folder).is_dir() else ():
            if path.is_file() and path.suffix.lstrip(".").lower() in EXTENSIONS:
                _merge(merged, _placed(path, _read_file(site, path)))
                files.append(_relative(site, path))
    if not files:
        notes.append(
            Note(
                "hugo.toml",
                1,
                "no Hugo configuration found (hugo.toml, config.toml or "
                "config/_default/): imported with Hugo's defaults",
            )
        )
    merged = _with_theme_defaults(site, merged)
    return _resolve(site, merged, tuple(files), notes)


def _root_config_file(site: Path) -> Path | None:
    for name in CONFIG_NAMES:
        for extension in EXTENSIONS:
            path = site / f"{name}.{extension}"
            if path.is_file():
                return path
    return None


def _placed(path: Path, values: dict[str, Any]) -> dict[str, Any]:
    """A config dir file's values under the key its name says."""
    stem = path.name.rsplit(".", 1)[0].lower()
    if stem in CONFIG_NAMES:
        return values
    name, _, language = stem.partition(".")
    if not language:
        return {name: values}
    inner = LOCALIZED.get(name)
    return {"languages": {language: {inner: values} if inner else values}}


def _with_theme_defaults(site: Path, merged: dict[str, Any]) -> dict[str, Any]:
    """A theme's config under the site's: the site wins key by key."""
    theme = merged.get("theme")
    names = theme if isinstance(theme, list) else [theme] if isinstance(theme, str) else []
    result = merged
    themes_dir = str(merged.get("themesdir") or "themes")
    for name in reversed(names):
        base = site / themes_dir / str(name)
        found = _root_config_file(base) if base.is_dir() else None
        if found is None:
            continue
        try:
            theme_values = _read_file(site, found)
        except SourceError:
            continue  # the theme is not carried over; its broken file is not the site's
        layered: dict[str, Any] = {"params": theme_values.get("params", {})}
        _merge(layered, result)
        result = layered
    return result


def _read_file(site: Path, path: Path) -> dict[str, Any]:
    origin = _relative(site, path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{origin}: cannot be read: {exc}") from None
    kind = "yaml" if path.suffix.lower() in (".yaml", ".yml") else path.suffix.lower()[1:]
    values = read_structured(text, kind, origin)
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise SourceError(f"{origin}:1: a Hugo config file must hold keys with values")
    lowered: dict[str, Any] = lower_keys(values)
    return lowered


def lower_keys(value: Any) -> Any:
    """``value`` with every mapping key lower-cased, as Hugo reads config keys."""
    if isinstance(value, Mapping):
        return {str(k).lower(): lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [lower_keys(v) for v in value]
    return value


def _merge(into: dict[str, Any], other: Mapping[str, Any]) -> None:
    """``other`` over ``into``, mappings merged key by key (Hugo's ``Set("", …)``)."""
    for key, value in other.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = _copy(value)


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    return value


def _relative(site: Path, path: Path) -> str:
    try:
        return path.relative_to(site).as_posix()
    except ValueError:
        return path.as_posix()


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return bool(value)


def _resolve(
    site: Path, merged: dict[str, Any], files: tuple[str, ...], notes: list[Note]
) -> HugoConfig:
    """The default language's view: its own settings over the root's."""
    language = str(merged.get("defaultcontentlanguage") or "en").lower()
    raw_languages = merged.get("languages")
    languages: dict[str, Mapping[str, Any]] = {}
    if isinstance(raw_languages, Mapping):
        disabled = {str(x).lower() for x in merged.get("disablelanguages", ()) or ()}
        for code, settings in raw_languages.items():
            settings = settings if isinstance(settings, Mapping) else {}
            if code not in disabled and not _as_bool(settings.get("disabled")):
                languages[str(code).lower()] = settings
    values = dict(merged)
    own = languages.get(language, {})
    _merge(values, {k: v for k, v in own.items() if k not in ("weight", "disabled")})
    root_dir = str(merged.get("contentdir") or "content")
    content_dirs = {
        code: str(settings.get("contentdir") or root_dir).strip("/")
        for code, settings in languages.items()
    }
    content_dirs.setdefault(language, str(own.get("contentdir") or root_dir).strip("/"))
    rules = tuple(_permalink_rules(values.get("permalinks"), values))
    return HugoConfig(site, values, files, language, languages, content_dirs, tuple(notes), rules)


def _permalink_rules(value: Any, values: Mapping[str, Any]) -> list[PermalinkRule]:
    """``[permalinks]`` in its three forms: ``post = …``, ``[permalinks.page]``, a list."""
    rules: list[PermalinkRule] = []
    if isinstance(value, list):  # Hugo ≥ 0.150: [{target: {kind, path}, pattern}]
        for item in value:
            if isinstance(item, Mapping) and isinstance(item.get("pattern"), str):
                found = item.get("target")
                target: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
                kind = str(target.get("kind") or "page").lower()
                path = str(target.get("path") or "").strip("/{}*").split(",")[0].strip("/*")
                rules.append(PermalinkRule(kind, path, item["pattern"]))
        return rules
    if not isinstance(value, Mapping):
        return rules
    plurals = set(DEFAULT_TAXONOMIES.values())
    taxonomies = values.get("taxonomies")
    if isinstance(taxonomies, Mapping):
        plurals = {str(v).lower() for v in taxonomies.values()}
    for key in sorted(value):
        pattern = value[key]
        if isinstance(pattern, str):
            section = key.strip(" /")
            rules.append(PermalinkRule("term" if section in plurals else "page", section, pattern))
        elif isinstance(pattern, Mapping) and key in ("page", "section", "term", "taxonomy"):
            for section in sorted(pattern):
                if isinstance(pattern[section], str):
                    rules.append(PermalinkRule(key, section.strip(" /"), pattern[section]))
    return rules


_SEASONS = {
    frozenset({0, 60}): "Europe/London",
    frozenset({60, 120}): "Europe/Berlin",
    frozenset({120, 180}): "Europe/Helsinki",
    frozenset({-300, -240}): "America/New_York",
    frozenset({-360, -300}): "America/Chicago",
    frozenset({-420, -360}): "America/Denver",
    frozenset({-480, -420}): "America/Los_Angeles",
    frozenset({600, 660}): "Australia/Sydney",
    frozenset({720, 780}): "Pacific/Auckland",
}
"""Pairs of offsets (minutes) a zone's winter and summer give, and a zone that gives
them: its times and its abbreviations are those of the posts."""
_HALF_HOURS = {
    330: "Asia/Kolkata",
    345: "Asia/Kathmandu",
    210: "Asia/Tehran",
    390: "Asia/Yangon",
    570: "Australia/Darwin",
    -210: "America/St_Johns",
}


def inferred_zone(moments: Iterable[datetime]) -> str | None:
    """The zone a site without ``timeZone`` writes its dates in, told by their
    offsets (``2018-06-01T08:00:00+09:00``): Hugo shows each date in its own
    offset, sitegen every date in the site's zone, so with UTC a post written at
    08:00 in Tokyo showed 23:00 the day before. None when most dates carry no
    offset or UTC's, or the offsets name no zone."""
    dated = [m for m in moments if isinstance(m, datetime)]
    offsets = Counter(
        int(offset.total_seconds()) // 60
        for m in dated
        if (offset := m.utcoffset()) is not None and offset
    )
    if not offsets or offsets.total() * 2 < len(dated):
        return None
    seen = frozenset(offsets)
    if seen in _SEASONS:  # one offset alone could be either season of two zones
        return _SEASONS[seen]
    minutes = offsets.most_common(1)[0][0]
    if minutes % 60 == 0 and -720 <= minutes <= 840:
        hours = -minutes // 60  # Etc/GMT-9 is nine hours ahead: the sign is reversed
        return "Etc/GMT" + (f"{hours:+d}" if hours else "")
    return _HALF_HOURS.get(minutes)
