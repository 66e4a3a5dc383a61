"""The Jinja environment: the site's ``layouts/`` over the packaged theme.

Autoescape is on and undefined variables are errors (a template typo must fail
the build at the template's line, not print an empty string). Every template
helper, filter or global, is registered here in one table.
"""

from __future__ import annotations

import functools
import json
import logging
import pickle
import traceback
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, Protocol

import jinja2
import jinja2.bccache
from markupsafe import Markup, escape

from sitegen.errors import Problem, ShortcodeError, SiteError
from sitegen.language import FALLBACK, Words, fill, site_words
from sitegen.model import Urls

logger = logging.getLogger(__name__)

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
THEME_LAYOUTS = THEME_DIR / "layouts"


def iso(value: datetime) -> str:
    """ISO 8601 with offset, for ``<time datetime>`` and feeds. A fraction of a
    second is given to the millisecond: HTML's ``datetime`` takes at most three
    digits, and Gatsby's and Next.js's dates (``2020-03-16T05:35:07.322Z``)
    would otherwise print six on every page that lists the article."""
    return value.isoformat(timespec="milliseconds" if value.microsecond else "auto")


def word_helpers(words: Words) -> dict[str, Callable[..., Any]]:
    """``t(key, count=None, **values)``, the theme's words in the site's language
    (README, "Templates"), and ``script_strings(*keys)``, the same for a script.

    ``t`` escapes the table's text and each value, but for markup handed in
    (``t("byline.by", authors=links)``), and gives markup back."""

    def translate(key: str, count: int | None = None, **values: object) -> Markup:
        filled = {name: escape(value) for name, value in values.items()}
        if count is not None:
            filled.setdefault("count", escape(str(count)))
        try:
            phrase = words.phrase(key, count)
        except KeyError as error:  # reported at the template's line
            raise jinja2.TemplateRuntimeError(str(error.args[0])) from None
        # A no-break space ("5 min read") shows in the page's source as itself.
        text = str(escape(phrase)).replace("\xa0", "&nbsp;")
        return Markup(fill(text, filled))

    def script_strings(*keys: str, dates: bool = False) -> dict[str, object]:
        found: dict[str, object] = {key: dict(words.entries[key]) for key in keys}
        if dates:
            found["dates"] = words.script_dates()
        return found

    return {"t": translate, "script_strings": script_strings}


def date_filters(words: Words) -> dict[str, Callable[..., Any]]:
    """The filters that write dates and lists of names in the site's language:
    ``date_human`` (30 March 2026), ``datetime_human`` (30 March 2026, 14:20 CEST;
    the date alone at midnight), ``time_human`` (14:20 CEST), ``weekday_human``
    (Monday 30 March 2026) and ``names`` (A, B and C; markup stays markup)."""

    def names(items: Iterable[object]) -> Markup:
        shown = [str(escape(item)) for item in items]
        marks = [f"\ue000{i}\ue001" for i in range(len(shown))]
        joined = str(escape(words.names(marks)))
        for mark, item in zip(marks, shown, strict=True):
            joined = joined.replace(mark, item)
        return Markup(joined)

    return {
        "date_human": words.date,
        "datetime_human": words.datetime,
        "time_human": words.time,
        "weekday_human": words.weekday_date,
        "names": names,
    }


@jinja2.pass_context
def markdown(context: jinja2.runtime.Context, text: object, inline: bool = False) -> Markup:
    """Zola's ``markdown`` filter (``{{ body | markdown | safe }}``), for shortcode
    templates ported from Zola: an ``inner`` (``body``) is markdown rendered
    already and comes back as it is; other text is rendered as the call's
    ``markdownify`` renders it. ``inline`` is accepted and changes nothing."""
    if isinstance(text, Markup):
        return text
    render = context.get("markdownify")
    if not callable(render):
        raise jinja2.TemplateError("the markdown filter is for shortcode templates")
    return Markup(render(str(text)))


def tera_default(*given: Any, **named: Any) -> Any:
    """Jinja's ``default``, also as Tera writes it: ``default(value="Note")``
    (Jinja's own names the filtered value ``value``, so Zola's templates stopped
    with an internal "multiple values" error)."""
    value, rest = given[0], list(given[1:])
    if "value" in named:
        rest.insert(0, named.pop("value"))
    return jinja2.filters.do_default(value, *rest, **named)


def _tera_value(value: str) -> object:
    """An argument as a template ported from Zola reads it by name: Zola's array
    (``images=["a.png", "b.png"]``, which the call brings as text) is a list, so
    ``{% for image in images %}`` walks the pictures, not the characters."""
    if not (value.startswith("[") and value.endswith("]")):
        return value
    try:
        found = json.loads(value.replace("'", '"'))
    except ValueError:
        return value
    return found if isinstance(found, list) else value


FILTERS: Mapping[str, Callable[..., Any]] = {
    "iso": iso,
    "markdown": markdown,
    "default": tera_default,
    "d": tera_default,
}


def link_helpers(urls: Urls) -> dict[str, Callable[[str], str]]:
    """``url(path)`` and ``asset(name)``, which every template has: pages and shortcodes."""
    return {"url": urls.href, "asset": urls.asset}


def make_environment(
    site_dir: Path,
    globals_: Mapping[str, object] | None = None,
    compiled_dir: Path | None = None,
    words: Words | None = None,
) -> jinja2.Environment:
    """A strict, autoescaping environment; ``layouts/`` shadows the theme file by file.

    With ``compiled_dir``, compiled templates are kept there (Jinja's bytecode
    cache, checked against each template's source): compiling the theme is
    most of a small rebuild, in ``serve`` and in every worker process.
    The folder must be specific to sitegen's version, which sets the options.
    ``words`` are the site's (``language.site_words``); English without them.
    """
    loaders: list[jinja2.BaseLoader] = []
    site_layouts = site_dir / "layouts"
    if site_layouts.is_dir():
        # Links are followed: the build has refused, before, any that leaves the site.
        loaders.append(jinja2.FileSystemLoader(str(site_layouts), followlinks=True))
    loaders.append(jinja2.FileSystemLoader(str(THEME_LAYOUTS)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        bytecode_cache=_bytecode_cache(compiled_dir) if compiled_dir else None,
        # One environment serves one build (the preview makes a new one for each
        # rebuild), so a template loaded once is current: Jinja's default would
        # stat its file again on every page.
        auto_reload=False,
    )
    words = words or site_words(FALLBACK)
    env.filters.update(FILTERS)
    env.filters.update(date_filters(words))
    env.globals.update(word_helpers(words))
    if globals_:
        env.globals.update(globals_)
    return env


def _bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # no cache, only slower
    return _CompiledTemplates(str(folder))


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache, for a cache that may be damaged (README: a damaged
    cache is ignored with a warning). Jinja trusts its files: a truncated one
    failed the build with an ``UnpicklingError``. Here it is compiled afresh."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, OSError) as error:
            logger.warning("ignoring a damaged compiled template in the cache (%s)", error)
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as error:  # a full or read-only disk: the cache only saves time
            logger.warning("cannot keep a compiled template in the cache (%s)", error)


def template_path(filename: str | None, site_dir: Path) -> str:
    """A template's path as an author reads it: ``layouts/x.html`` or ``theme/layouts/x.html``."""
    if not filename:
        return "layouts"
    path = Path(filename).resolve()
    for root in (site_dir, THEME_DIR.parent):
        try:
            return path.relative_to(_resolved(root)).as_posix()
        except ValueError:
            continue
    return Path(filename).as_posix()


@functools.lru_cache(maxsize=16)
def _resolved(root: Path) -> Path:
    """``root`` resolved once: a build names every shortcode's path, and resolving
    the two roots again for each was most of what that cost."""
    return root.resolve()


def template_problem(exc: Exception, site_dir: Path, name: str) -> Problem:
    """Turn a Jinja error into ``PATH:LINE: message`` at the template line that failed."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(template_path(exc.filename, site_dir), exc.lineno or 1, exc.message or "")
    if isinstance(exc, jinja2.TemplateNotFound):
        return Problem(f"layouts/{name}", 1, f"template '{exc.name}' not found")
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.endswith((".html", ".xml", ".txt", ".json"))
    ]
    if frames:
        last = frames[-1]
        return Problem(template_path(last.filename, site_dir), last.lineno or 1, str(exc))
    return Problem(f"layouts/{name}", 1, str(exc))


def render_template(
    env: jinja2.Environment, name: str, context: Mapping[str, object], site_dir: Path
) -> str:
    """Render one template; a template error becomes a SiteError at the template's line."""
    try:
        return env.get_template(name).render(context)
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        raise SiteError([template_problem(exc, site_dir, name)]) from None


def compile_page_templates(env: jinja2.Environment) -> None:
    """Compile every template but the shortcodes' now, so that the page workers
    forked next inherit them: each would otherwise compile them all again (in a
    clean build, a tenth of a second of every core). A template that does not
    compile is left for the page that uses it to report."""
    assert env.loader is not None
    for name in env.loader.list_templates():
        if name.endswith(".html") and not name.startswith(("shortcodes/", "static/")):
            try:
                env.get_template(name)
            except jinja2.TemplateError:
                continue


def shortcode_templates(env: jinja2.Environment, site_dir: Path) -> dict[str, tuple[str, str]]:
    """Every ``shortcodes/NAME.html`` the loader can see: name → (path, source).

    A template in a subfolder, ``shortcodes/charts/bar.html``, is ``charts/bar``.
    """
    result: dict[str, tuple[str, str]] = {}
    assert env.loader is not None
    for name in env.loader.list_templates():
        if not (name.startswith("shortcodes/") and name.endswith(".html")):
            continue
        short = name[len("shortcodes/") : -len(".html")]
        source, filename, _ = env.loader.get_source(env, name)
        result[short] = (template_path(filename, site_dir), source)
    return dict(sorted(result.items()))


class ShortcodeArgs(dict[str, str]):
    """Arguments as templates see them: an argument not given reads as ``""``.

    With strict undefined variables, ``{% if args.title %}`` would otherwise fail
    for every optional argument an author left out.
    """

    def __missing__(self, key: str) -> str:
        return ""


class CallSite(Protocol):
    """What the markdown stage answers about the page a shortcode is called on."""

    raw: bool
    """``inner`` is the text as written (``inner: raw``), not HTML."""

    def relref(self, path: str) -> str: ...
    def reftitle(self, path: str) -> str: ...
    def link(self, href: str) -> str: ...
    def media(self, src: str) -> str: ...
    def markdownify(self, text: str) -> str: ...
    def highlight(self, code: str, lang: str = "", options: str = "") -> str: ...
    def param(self, name: str) -> str: ...
    def warn(self, message: str) -> str: ...


def fail(message: str) -> NoReturn:
    """A template's ``error("...")``: the call is wrong, reported at its line."""
    raise ShortcodeError(str(message))


class JinjaShortcodes:
    """The markdown stage's ShortcodeRenderer: renders ``shortcodes/NAME.html``.

    Besides ``args``, ``inner`` and ``page``, a shortcode template has the
    page's helpers (see README, "Your own shortcodes"): ``ref`` and ``relref``
    (Hugo's), ``reftitle`` (the title of the article they find), ``link`` and
    ``media`` (an href or image resolved as markdown resolves it),
    ``markdownify``, ``highlight``, ``param``, ``warn`` and ``error``.
    """

    def __init__(self, env: jinja2.Environment, site_dir: Path, urls: Urls) -> None:
        self.env = env
        self.site_dir = site_dir
        self.urls = urls
        self.helpers = link_helpers(urls)

    def __call__(
        self,
        name: str,
        args: Mapping[str, str],
        inner: str,
        page: Mapping[str, object],
        call: CallSite,
    ) -> str:
        shown = inner if call.raw else Markup(inner)
        context = {
            **self.helpers,
            **self.page_helpers(call),
            "args": ShortcodeArgs(args),
            "inner": shown,
            "body": shown,  # Zola's name for it
            "page": page,
        }
        # Zola's templates read each argument by its name: those that take no
        # name of sitegen's are given so too (``args.NAME`` always works).
        named = ((k, _tera_value(v)) for k, v in args.items() if k.isidentifier())
        context.update((k, v) for k, v in named if k not in context)
        return render_template(self.env, f"shortcodes/{name}.html", context, self.site_dir)

    def page_helpers(self, call: CallSite) -> dict[str, Callable[..., object]]:
        """The helpers that answer about this call's page; HTML comes back safe."""
        return {
            "ref": lambda path: self.absolute(call.relref(str(path))),
            "relref": lambda path: call.relref(str(path)),
            "reftitle": lambda path: call.reftitle(str(path)),
            "link": lambda href: call.link(str(href)),
            "media": lambda src: call.media(str(src)),
            "markdownify": lambda text: Markup(call.markdownify(str(text))),
            "highlight": lambda code, lang="", options="": Markup(
                call.highlight(str(code), str(lang), str(options))
            ),
            "param": lambda key: call.param(str(key)),
            "warn": lambda message: call.warn(str(message)),
            "error": fail,
        }

    def absolute(self, href: str) -> str:
        """``/blog/a/#x`` (an href under the base path) → ``https://example.org/blog/a/#x``."""
        base = self.urls.base_path
        return self.urls.absolute(href[len(base) :]) if href.startswith(base) else href
