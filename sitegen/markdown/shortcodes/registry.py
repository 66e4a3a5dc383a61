"""Shortcode templates → a registry of what each shortcode accepts.

Takes every shortcode template (name → path and source) and returns a
:class:`ShortcodeRegistry`. A template declares its arguments in a Jinja
comment at its top, so the template stays the one source of truth::

    {#- shortcode
    args:
      id: {required: true}
      title: {}
    positional: [id, title]
    inner: none
    -#}

``positional`` names the declared arguments a call may give by position, in
order (``{{< video abc "A title" >}}``). ``inner`` is ``required``,
``optional``, ``none`` or ``raw``; left out, it is ``optional`` when the
template uses ``inner`` and ``none`` when it does not, as Hugo decides from
``.Inner`` (an inner content the template never shows would be lost). ``raw``
inner content is optional and reaches the template as the text written, not
parsed as markdown (Hugo's ``highlight`` gets its code that way). ``block:
true`` says the template renders block HTML (a figure, a code block): written
inside a paragraph, the paragraph ends before it and starts again after it,
so no ``<figure>`` lands inside a ``<p>``. ``block: false`` says it renders
text (a URL, a value): alone on its line it is still a paragraph's text. Left
out, a tag alone on its lines is a block and one inside a paragraph is
inline. A template without a declaration accepts any named arguments. The
registry is checked against every call as the markdown is parsed
(:func:`check_call`), and it pickles, so worker processes get it as a value.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import jinja2
import jinja2.meta
import yaml

from sitegen.errors import Problems
from sitegen.markdown.shortcodes.syntax import Tag, written

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DECLARATION = re.compile(r"\s*\{#-?[ \t]*shortcode\b(.*?)-?#\}", re.DOTALL)
_ARG_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_INNER_VALUES = ("required", "optional", "none", "raw")
_KEYS = ("args", "block", "inner", "positional")
_BOOL = "tag:yaml.org,2002:bool"


@dataclass(frozen=True, slots=True)
class ArgSpec:
    """One declared argument."""

    name: str
    required: bool = False
    choices: tuple[str, ...] = ()
    """Allowed values, in declared order; empty means any value."""


@dataclass(frozen=True, slots=True)
class ShortcodeSpec:
    """What one shortcode accepts, read from its template's declaration."""

    name: str
    template: str
    """Template path relative to the site, or ``theme:shortcodes/NAME.html``."""
    args: tuple[ArgSpec, ...] | None = None
    """Declared arguments; None when the template declares nothing (anything goes)."""
    inner: str = "optional"
    """``required``, ``optional``, ``none`` or ``raw`` (optional, taken as written)."""
    positional: tuple[str, ...] = ()
    """Declared arguments a call may give by position, in order."""
    block: bool | None = None
    """True: the template renders block HTML, so inside a paragraph it splits the
    paragraph. False: it renders text, so alone on its line it is a paragraph.
    None: a block alone on its lines, inline inside a paragraph."""


@dataclass(frozen=True, slots=True)
class ShortcodeRegistry:
    """Shortcode name → spec; picklable, shared by every article of a build."""

    shortcodes: Mapping[str, ShortcodeSpec]

    def get(self, name: str) -> ShortcodeSpec | None:
        """The spec of ``name``, or None for an unknown shortcode."""
        return self.shortcodes.get(name)

    def names(self) -> tuple[str, ...]:
        """Every known name, sorted."""
        return tuple(sorted(self.shortcodes))


InnerUse = MutableMapping[str, str]
"""Template source → ``_default_inner`` of it, kept between builds by the caller:
Jinja compiles a template to find the variables it reads, 2 ms each, and a
theme has twenty shortcodes."""


def load_shortcode_registry(
    templates: Mapping[str, tuple[str, str]], problems: Problems, known: InnerUse | None = None
) -> ShortcodeRegistry:
    """Read each template's declaration; a malformed one is a Problem at its line.

    A template whose declaration is broken is still registered, accepting any
    arguments, so its calls do not add a second error for the same mistake.
    ``known``: what an earlier build found of each template's use of ``inner``;
    the templates read now are added to it.
    """
    specs = {
        name: _read_spec(name, path, source, problems, {} if known is None else known)
        for name, (path, source) in sorted(templates.items())
    }
    return ShortcodeRegistry(specs)


def _read_spec(
    name: str, path: str, source: str, problems: Problems, known: InnerUse
) -> ShortcodeSpec:
    inner = known.get(source)
    if inner is None:
        inner = known[source] = _default_inner(source)
    match = _DECLARATION.match(source)
    if match is None:
        return ShortcodeSpec(name, path, inner=inner)
    first_line = source.count("\n", 0, match.start(1)) + 1
    errors: list[tuple[int, str]] = []
    try:
        root = yaml.compose(match.group(1), Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        problems.add(path, line, f"shortcode declaration is not valid YAML: {error.problem}")
        return ShortcodeSpec(name, path)
    spec = _spec_from_node(name, path, root, errors, inner)
    for line, message in errors:
        problems.add(path, first_line + line, message)
    return spec if not errors else ShortcodeSpec(name, path)


def _spec_from_node(
    name: str, path: str, root: yaml.Node | None, errors: list[tuple[int, str]], inner: str
) -> ShortcodeSpec:
    if root is None:
        return ShortcodeSpec(name, path, args=(), inner=inner)
    if not isinstance(root, yaml.MappingNode):
        errors.append((root.start_mark.line, "shortcode declaration must be a mapping"))
        return ShortcodeSpec(name, path)
    args: tuple[ArgSpec, ...] = ()
    positional: list[tuple[str, int]] = []
    block: bool | None = None
    for key_node, value_node in root.value:
        key = str(key_node.value)
        if key == "args":
            args = _read_args(value_node, errors)
        elif key == "block":
            block = _read_bool(value_node, "'block' must be true or false", errors)
        elif key == "inner":
            inner = _read_inner(value_node, errors)
        elif key == "positional":
            positional = _read_positional(value_node, errors)
        else:
            errors.append((key_node.start_mark.line, _unknown("key", key, _KEYS)))
    names = tuple(arg.name for arg in args)
    for arg, line in positional:
        if arg not in names:
            hint = did_you_mean(arg, names) or f"; add it there: {arg}: {{}}"
            errors.append((line, f"positional argument '{arg}' is not declared under 'args'{hint}"))
    return ShortcodeSpec(name, path, args, inner, tuple(arg for arg, _ in positional), block)


def _default_inner(source: str) -> str:
    """``optional`` when the template may show ``inner``, ``none`` when it never can;
    ``raw`` when it shows ``body``, as a template ported from Zola names the inner
    text, which Zola hands over as written (``{{ body | markdown | safe }}``
    renders it, ``{{ body }}`` shows it: a diagram's ``A --> B`` stays itself).

    A template that includes, imports or extends another may show it there, so
    it counts as using it; so does a template Jinja cannot parse or compile here
    (rendering it reports a real mistake).
    """
    try:
        ast = _INTROSPECTION.parse(source)
        if any(True for _ in jinja2.meta.find_referenced_templates(ast)):
            return "optional"
        used = jinja2.meta.find_undeclared_variables(ast)
    except jinja2.TemplateError:
        return "optional"
    if "body" in used and "inner" not in used:
        return "raw"  # Zola's name, and Zola's meaning: the text as written
    return "optional" if "inner" in used else "none"


class _AnyName(dict[str, Any]):
    """Filters or tests that name every one: finding a template's variables compiles
    it, which looks up each filter it uses, and a bare environment knows none of
    sitegen's (``iso``): a template using one was a traceback, though it renders."""

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key) or _unused

    def __contains__(self, key: object) -> bool:
        return True


def _unused(*_: Any, **__: Any) -> None:  # pragma: no cover - never called, only named
    return None


_INTROSPECTION = jinja2.Environment()
_INTROSPECTION.filters = _AnyName(_INTROSPECTION.filters)
_INTROSPECTION.tests = _AnyName(_INTROSPECTION.tests)


def _read_positional(node: yaml.Node, errors: list[tuple[int, str]]) -> list[tuple[str, int]]:
    """``(name, declaration line)`` of each argument a call may give by position."""
    line = node.start_mark.line
    if not isinstance(node, yaml.SequenceNode) or not all(
        isinstance(item, yaml.ScalarNode) for item in node.value
    ):
        errors.append((line, "'positional' must list argument names in order: [id, title]"))
        return []
    names: list[tuple[str, int]] = []
    for item in node.value:
        arg = str(item.value)
        if any(arg == seen for seen, _ in names):
            errors.append((item.start_mark.line, f"'{arg}' is listed twice in 'positional'"))
            continue
        names.append((arg, item.start_mark.line))
    return names


def _read_inner(node: yaml.Node, errors: list[tuple[int, str]]) -> str:
    value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    if value not in _INNER_VALUES:
        errors.append(
            (node.start_mark.line, "'inner' must be one of: required, optional, none, raw")
        )
        return "optional"
    return value


def _read_bool(node: yaml.Node, message: str, errors: list[tuple[int, str]]) -> bool:
    if node.tag != _BOOL:
        errors.append((node.start_mark.line, message))
        return False
    return str(node.value).lower() in ("true", "yes", "on")


def _read_args(node: yaml.Node, errors: list[tuple[int, str]]) -> tuple[ArgSpec, ...]:
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return ()
    if not isinstance(node, yaml.MappingNode):
        errors.append((node.start_mark.line, "'args' must map argument names to settings"))
        return ()
    specs = []
    for key_node, value_node in node.value:
        arg = str(key_node.value)
        if not _ARG_NAME.match(arg):
            errors.append((key_node.start_mark.line, f"'{arg}' is not a valid argument name"))
            continue
        specs.append(_read_arg(arg, value_node, errors))
    return tuple(sorted(specs, key=lambda spec: spec.name))


def _read_arg(arg: str, node: yaml.Node, errors: list[tuple[int, str]]) -> ArgSpec:
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return ArgSpec(arg)
    if not isinstance(node, yaml.MappingNode):
        errors.append((node.start_mark.line, f"settings of argument '{arg}' must be a mapping"))
        return ArgSpec(arg)
    required = False
    choices: tuple[str, ...] = ()
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = value_node.start_mark.line
        if key == "required":
            message = f"'required' of argument '{arg}' must be true or false"
            required = _read_bool(value_node, message, errors)
        elif key == "choices":
            if not isinstance(value_node, yaml.SequenceNode) or not all(
                isinstance(item, yaml.ScalarNode) for item in value_node.value
            ):
                errors.append((line, f"'choices' of argument '{arg}' must be a list of values"))
                continue
            choices = tuple(str(item.value) for item in value_node.value)
        else:
            message = _unknown("setting", key, ("choices", "required"))
            errors.append((key_node.start_mark.line, f"{message} for argument '{arg}'"))
    return ArgSpec(arg, required, choices)


def _unknown(what: str, word: str, known: tuple[str, ...]) -> str:
    return f"unknown {what} '{word}'{did_you_mean(word, known)}"


def did_you_mean(word: str, known: tuple[str, ...]) -> str:
    """`` (did you mean 'x'?)`` for the closest known word, or nothing."""
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_call(
    spec: ShortcodeSpec, tag: Tag, inner: str | None, closed: bool = True
) -> tuple[list[str], dict[str, str]]:
    """Messages for a call that does not fit ``spec``, and its arguments by name.

    ``inner`` is None when self-closing. A tag that is never ``closed`` (already
    reported) has its arguments checked but not its inner content. One mistake
    gives one message: a required argument that a misspelt or positional
    argument stands for is not reported missing as well.
    """
    messages = _check_inner(spec, tag.markup, inner) if closed else []
    covered: set[str] = set()
    args = dict(tag.args)
    if tag.positional:
        args.update(_place_positional(spec, tag, messages, covered))
    if spec.args is None:
        return messages, args
    declared = {arg.name: arg for arg in spec.args}
    for key, value in args.items():
        arg = declared.get(key)
        if arg is None:
            messages.append(_unknown_argument(spec, key))
            covered.update(difflib.get_close_matches(key, tuple(declared), n=1, cutoff=0.6))
        elif arg.choices and value not in arg.choices:
            choices = ", ".join(arg.choices)
            messages.append(f"unknown {spec.name} {key} '{value}'; use one of: {choices}")
    for arg in spec.args:
        if arg.required and arg.name not in args and arg.name not in covered:
            messages.append(_missing_argument(spec, arg))
    return messages, args


def _place_positional(
    spec: ShortcodeSpec, tag: Tag, messages: list[str], covered: set[str]
) -> dict[str, str]:
    """The positional values under their declared names; records what does not fit."""
    values, names = tag.positional, spec.positional
    if not names:
        messages.append(_not_positional(spec, values, covered))
        return {}
    if len(values) > len(names):
        listed = ", ".join(names)
        messages.append(
            f"shortcode '{spec.name}' takes {len(names)} argument{'s' if len(names) > 1 else ''}"
            f" by position ({listed}), but {len(values)} were given"
        )
    return dict(zip(names, values, strict=False))


def _not_positional(spec: ShortcodeSpec, values: tuple[str, ...], covered: set[str]) -> str:
    shown = ", ".join(f"'{value}'" for value in values)
    message = f"shortcode '{spec.name}' takes named arguments like key=\"value\", not {shown}"
    required = [arg for arg in spec.args or () if arg.required]
    meant = [arg for arg in required if values[0] in arg.choices]
    if not meant and len(required) == 1 and not required[0].choices:
        meant = required
    if len(values) == 1 and meant:
        covered.add(meant[0].name)
        return message + f' (did you mean {meant[0].name}="{values[0]}"?)'
    return message + "; a template takes arguments by position when it declares positional: [...]"


def _missing_argument(spec: ShortcodeSpec, arg: ArgSpec) -> str:
    hint = f"; use one of: {', '.join(arg.choices)}" if arg.choices else ""
    how = f'{arg.name}="..."'
    if arg.name in spec.positional:
        how = f"{arg.name}, by position or as {how}"
    return f"shortcode '{spec.name}' needs the argument {how}{hint}"


def _unknown_argument(spec: ShortcodeSpec, key: str) -> str:
    names = tuple(arg.name for arg in spec.args or ())
    if not names:
        return f"shortcode '{spec.name}' takes no arguments, but '{key}' was given"
    hint = did_you_mean(key, names) or f"; it takes: {', '.join(names)}"
    return f"shortcode '{spec.name}' has no argument '{key}'{hint}"


def _check_inner(spec: ShortcodeSpec, markup: str, inner: str | None) -> list[str]:
    name = spec.name
    if spec.inner == "none" and inner is not None:
        return [
            f"shortcode '{name}' takes no inner content; "
            f"write it self-closing: {written(markup, name, slash=True)}"
        ]
    if spec.inner == "required" and not (inner or "").strip():
        return [
            f"shortcode '{name}' needs inner content between "
            f"{written(markup, name)} and {written(markup, '/' + name)}"
        ]
    return []
