"""What the theme writes in the site's language: its words, counts, dates and lists.

The default theme's every word ("min read", "You may also like", the callouts'
titles, the search page's messages) is a key of one table per language,
``theme/strings/LANG.yaml``, as Hugo's ``i18n/`` folder holds a theme's words.
A site's ``language`` picks the table, from the most precise tag to the least
(``pt-BR`` reads ``pt-br.yaml``, then ``pt.yaml``), and English stands in for a
key the language's table lacks, so a missing word never stops a build.
site.yaml ``strings`` (``SiteConfig.strings``) comes before all of them.

Counts pick their form by CLDR's plural rules ("1 min read", Arabic's six
forms, Russian's "5 минут"), and dates, times and lists of names are written
by Babel from CLDR (month names and their order: "4 mars 2026",
"4. März 2026", "2026年3月4日"), so no month table is kept here.

A leaf: configuration checks a site's ``strings`` against the keys, and the
render and image stages write what a reader sees with :class:`Words`.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import babel
import yaml
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_time, get_month_names, tokenize_pattern
from babel.lists import format_list

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when installed: a table is read on every build, five times
faster than by the pure-Python one."""

STRINGS_DIR = Path(__file__).resolve().parent / "theme" / "strings"
"""One YAML file per language, named by its lower-case BCP 47 tag."""

FALLBACK = "en"
"""The table every other falls back to, key by key."""

PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories; every counted key has ``other``."""

FORMAT_KEYS = ("format.date", "format.time", "format.weekday_date")
"""Date and time patterns (CLDR's, ``d MMMM y``). Unlike words, they never
come from the English table for another language: a language's own table or
the site may set them, and CLDR's long date, full date and short time are
used otherwise."""

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

_BABEL_NAMES = {"en": "en_GB"}
"""A bare ``en`` is CLDR's day-first English, as the theme has always written
it ("30 March 2026", "A, B and C"); ``en-US`` is CLDR's American English."""


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a table's or an author's text."""
    return set(_PLACEHOLDER.findall(text))


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]``; an unknown
    one stays as written (a table is checked for those when it is read)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


Entry = Mapping[str, str]
"""A key's text by plural form; a key without a count has only ``other``."""


@functools.cache
def read_table(name: str) -> Mapping[str, Entry]:
    """The packaged table ``name`` (``fr``, ``pt-br``); empty when there is none.

    The tables are the theme's own files, checked by its tests, not an author's
    input: a broken one is a bug of sitegen and raises."""
    path = STRINGS_DIR / f"{name}.yaml"
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    return {str(key): as_entry(value) for key, value in sorted(data.items())}


def as_entry(value: object) -> Entry:
    """A table's value as forms: a plain text is every form's text."""
    if isinstance(value, Mapping):
        return {str(form): str(text) for form, text in value.items()}
    return {"other": str(value)}


def table_names(language: str) -> list[str]:
    """The tables a language tag reads, most precise first: ``zh-Hant-TW`` is
    ``zh-hant-tw``, ``zh-hant``, ``zh``.

    A region whose people write another script than the language's own reads
    that script's table before the language's, as CLDR's likely subtags say:
    ``zh-TW``, ``zh-HK`` and ``zh-MO`` are Traditional Chinese (``zh-tw``,
    ``zh-hant``, ``zh``), while ``zh-CN`` and ``zh-SG`` write the Simplified
    characters of a bare ``zh`` (``zh-cn``, ``zh``). Without it a Taiwanese
    site got the Simplified table."""
    parts = language.lower().replace("_", "-").split("-")
    names = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    script = _region_script(parts)
    if script is not None:
        names.insert(-1, f"{parts[0]}-{script}")
    return names


def _region_script(parts: Sequence[str]) -> str | None:
    """The script (``hant``) CLDR gives a tag's region when it is not the one
    of its language alone, and the tag names no script itself; else None."""
    if len(parts) < 2 or len(parts[1]) == 4:  # no region, or a script already
        return None
    likely: Mapping[str, str] = get_global("likely_subtags")
    regional = likely.get(f"{parts[0]}_{parts[1].upper()}", "").split("_")
    alone = likely.get(parts[0], "").split("_")
    if len(regional) < 3 or len(alone) < 3 or regional[1] == alone[1]:
        return None
    return regional[1].lower()


def known_keys() -> Mapping[str, Entry]:
    """Every key the theme has, with its English text: what site.yaml may set."""
    return read_table(FALLBACK)


def counted(key: str) -> bool:
    """Whether ``key``'s text depends on a count: English gives it two forms."""
    return len(known_keys().get(key, {})) > 1


@functools.cache
def babel_locale(language: str) -> Locale:
    """The CLDR locale closest to ``language``; English (day first) if CLDR has
    none: its plural rules and patterns are then the neutral choice."""
    for name in table_names(language):
        try:
            return Locale.parse(_BABEL_NAMES.get(name, name), sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(_BABEL_NAMES[FALLBACK])


@dataclass(frozen=True, slots=True)
class Words:
    """The theme's words for one site: its language's tables under its own
    ``strings``, English under both. A plain value: it pickles for workers,
    and its ``repr`` keys cached pages on every word they may show."""

    language: str = FALLBACK
    """The site's BCP 47 tag (``pt-BR``)."""
    entries: Mapping[str, Entry] = field(default_factory=dict)
    """Every key's forms, resolved."""
    formats: Mapping[str, str] = field(default_factory=dict)
    """The pattern of each of :data:`FORMAT_KEYS`: the site's, the language's
    table's, or CLDR's."""
    cldr: str = babel.__version__
    """Babel's version: its CLDR data writes the dates."""

    @property
    def locale(self) -> Locale:
        return babel_locale(self.language)

    def phrase(self, key: str, count: int | None = None) -> str:
        """The text of ``key`` with its placeholders, in the form for ``count``.

        An unknown key is a template's mistake: KeyError, which the render stage
        reports at the template's line."""
        try:
            entry = self.entries[key]
        except KeyError:
            raise KeyError(f"unknown theme string '{key}'{_closest(key)}") from None
        if count is None or len(entry) == 1:
            return entry.get("other") or next(iter(entry.values()))
        return entry.get(plural_form(self.language, abs(count))) or entry["other"]

    def say(self, key: str, count: int | None = None, **values: object) -> str:
        """``key`` filled in, as plain text (``{count}`` is ``count``)."""
        given = {name: str(value) for name, value in values.items()}
        if count is not None:
            given.setdefault("count", str(count))
        return fill(self.phrase(key, count), given)

    def date(self, value: datetime) -> str:
        """``4 March 2026``, ``4 mars 2026``, ``4. März 2026``, ``2026年3月4日``."""
        return _format_date(value.date(), self.formats["format.date"], self.language)

    def weekday_date(self, value: datetime) -> str:
        """``Wednesday 4 March 2026``, ``mercredi 4 mars 2026``: a front page's date line."""
        return _format_date(value.date(), self.formats["format.weekday_date"], self.language)

    def time(self, value: datetime) -> str:
        """``14:20 CEST``: the language's clock and the zone the page's dates are in.

        A zone without a common abbreviation (``-03``) reads ``UTC-03``."""
        zone = value.tzname() or ""
        if zone[:1] in "+-" and zone:
            zone = "UTC" + zone.replace("-", "\u2212")
        clock = _format_time(value.time(), self.formats["format.time"], self.language)
        return f"{clock} {zone}".strip()

    def datetime(self, value: datetime) -> str:
        """``4 March 2026, 14:20 CEST``; only the date at midnight, as for a
        front matter ``date`` written without a time."""
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return self.date(value)
        return self.say("date_time", date=self.date(value), time=self.time(value))

    def names(self, items: Sequence[str]) -> str:
        """``A, B and C``, ``A, B et C``, ``A、B和C``: CLDR's list of the language."""
        return format_list(list(items), locale=self.locale) if items else ""

    def script_dates(self) -> dict[str, object]:
        """How the theme's scripts write a date as the pages do (the search page's
        results): the date pattern as ``{d}``, ``{M}``, ``{MMMM}``, ``{y}`` pieces,
        and the month names."""
        pieces = []
        for kind, value in tokenize_pattern(self.formats["format.date"]):
            if kind == "chars":
                pieces.append(str(value).replace("{", "(").replace("}", ")"))
            else:
                letter, size = str(value[0]), int(value[1])
                pieces.append("{" + letter * (4 if letter == "M" and size >= 3 else 1) + "}")
        months = get_month_names("wide", "format", locale=self.locale)
        return {"pattern": "".join(pieces), "months": [months[m] for m in range(1, 13)]}


@functools.lru_cache(maxsize=1024)
def plural_form(language: str, count: int) -> str:
    """CLDR's plural category of ``count`` in ``language`` (``one``, ``few``…).

    Kept: Babel evaluates its rule in about 20 us, and a listing asks for the
    reading time of every card."""
    return str(babel_locale(language).plural_form(count))


@functools.lru_cache(maxsize=8192)
def _format_date(day: date, pattern: str, language: str) -> str:
    """Babel's date, kept: an article's date is shown on every page listing it."""
    return str(format_date(day, pattern, locale=babel_locale(language)))


CLDR_FORMATS = {
    "format.date": ("date", "long"),
    "format.weekday_date": ("date", "full"),
    "format.time": ("time", "short"),
}
"""The CLDR pattern each of :data:`FORMAT_KEYS` stands for."""


@functools.lru_cache(maxsize=4096)
def _format_time(moment: time, pattern: str, language: str) -> str:
    """Babel's time of day (without its zone, which ``Words.time`` adds), kept."""
    return str(format_time(moment, pattern, locale=babel_locale(language)))


_EXAMPLES = {
    "date": "'d MMMM y' (d day, MMMM month, y year, EEEE weekday)",
    "time": "'HH:mm' (HH hour, mm minutes; h:mm a for 2:20 PM)",
}


def pattern_problem(key: str, pattern: str) -> str | None:
    """Why ``pattern`` cannot be the date or time pattern ``key``, or None.

    Babel fails deep inside on a time field in a date pattern (or the other way
    round), so a site's pattern is tried once on a sample, when site.yaml is read."""
    kind = CLDR_FORMATS[key][0]
    sample = datetime(2026, 3, 4, 14, 20)
    locale = babel_locale(FALLBACK)
    try:
        if kind == "time":
            format_time(sample.time(), pattern, locale=locale)
        else:
            format_date(sample.date(), pattern, locale=locale)
    except (AttributeError, KeyError, ValueError, TypeError, IndexError):
        return f"'{pattern}' is not a {kind} pattern; write CLDR's letters, as in {_EXAMPLES[kind]}"
    return None


def _cldr_pattern(locale: Locale, key: str) -> str:
    kind, width = CLDR_FORMATS[key]
    formats = locale.time_formats if kind == "time" else locale.date_formats
    return str(formats[width].pattern)


def _closest(key: str) -> str:
    close = difflib.get_close_matches(key, sorted(known_keys()), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def site_words(language: str = FALLBACK, strings: Mapping[str, Entry] | None = None) -> Words:
    """The words of a site in ``language`` with its own ``strings`` (site.yaml:
    key → forms), which come first."""
    given = tuple(
        (key, tuple(sorted(forms.items()))) for key, forms in sorted((strings or {}).items())
    )
    return _words(language, given)


@functools.cache
def _words(language: str, strings: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]) -> Words:
    own = [read_table(name) for name in table_names(language)]
    english = read_table(FALLBACK)
    entries: dict[str, Entry] = {}
    for key in sorted(english):
        given = next((table[key] for table in own if key in table), english[key])
        entries[key] = dict(sorted(given.items()))
    locale = babel_locale(language)
    formats = {
        key: next(
            (table[key]["other"] for table in own if key in table), _cldr_pattern(locale, key)
        )
        for key in FORMAT_KEYS
    }
    for key, forms in strings:
        entries[key] = dict(forms)
        if key in FORMAT_KEYS:
            formats[key] = dict(forms)["other"]
    return Words(language, entries, dict(sorted(formats.items())))
