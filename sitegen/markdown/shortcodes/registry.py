"""Shortcode templates → a registry of what each shortcode accepts.

Takes every shortcode template (name → path and source) and returns a
:class:`ShortcodeRegistry`. A template declares its arguments in a Jinja
comment at its top, so the template stays the one source of truth::

    {#- shortcode
    args:
      type: {required: true, choices: [note, warning]}
      title: {}
    inner: required
    -#}

``inner`` is ``required``, ``optional`` (the default) or ``none``. A template
without a declaration accepts any arguments. The registry is checked against
every call as the markdown is parsed (:func:`check_call`), and it pickles, so
worker processes get it as a value.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from sitegen.errors import Problems

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DECLARATION = re.compile(r"\s*\{#-?[ \t]*shortcode\b(.*?)-?#\}", re.DOTALL)
_ARG_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_INNER_VALUES = ("required", "optional", "none")
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
    """``required``, ``optional`` or ``none``."""


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


def load_shortcode_registry(
    templates: Mapping[str, tuple[str, str]], problems: Problems
) -> ShortcodeRegistry:
    """Read each template's declaration; a malformed one is a Problem at its line.

    A template whose declaration is broken is still registered, accepting any
    arguments, so its calls do not add a second error for the same mistake.
    """
    specs = {
        name: _read_spec(name, path, source, problems)
        for name, (path, source) in sorted(templates.items())
    }
    return ShortcodeRegistry(specs)


def _read_spec(name: str, path: str, source: str, problems: Problems) -> ShortcodeSpec:
    match = _DECLARATION.match(source)
    if match is None:
        return ShortcodeSpec(name, path)
    first_line = source.count("\n", 0, match.start(1)) + 1
    errors: list[tuple[int, str]] = []
    try:
        root = yaml.compose(match.group(1), Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        problems.add(path, line, f"shortcode declaration is not valid YAML: {error.problem}")
        return ShortcodeSpec(name, path)
    spec = _spec_from_node(name, path, root, errors)
    for line, message in errors:
        problems.add(path, first_line + line, message)
    return spec if not errors else ShortcodeSpec(name, path)


def _spec_from_node(
    name: str, path: str, root: yaml.Node | None, errors: list[tuple[int, str]]
) -> ShortcodeSpec:
    if root is None:
        return ShortcodeSpec(name, path, args=())
    if not isinstance(root, yaml.MappingNode):
        errors.append((root.start_mark.line, "shortcode declaration must be a mapping"))
        return ShortcodeSpec(name, path)
    args: tuple[ArgSpec, ...] = ()
    inner = "optional"
    for key_node, value_node in root.value:
        key = str(key_node.value)
        if key == "args":
            args = _read_args(value_node, errors)
        elif key == "inner":
            inner = _read_inner(value_node, errors)
        else:
            errors.append((key_node.start_mark.line, _unknown("key", key, ("args", "inner"))))
    return ShortcodeSpec(name, path, args, inner)


def _read_inner(node: yaml.Node, errors: list[tuple[int, str]]) -> str:
    value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    if value not in _INNER_VALUES:
        errors.append((node.start_mark.line, "'inner' must be one of: required, optional, none"))
        return "optional"
    return value


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
            if value_node.tag != _BOOL:
                errors.append((line, f"'required' of argument '{arg}' must be true or false"))
            required = str(value_node.value).lower() in ("true", "yes", "on")
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
    spec: ShortcodeSpec, args: tuple[tuple[str, str], ...], inner: str | None
) -> list[str]:
    """Messages for a call that does not fit ``spec``; ``inner`` is None when self-closing."""
    messages = _check_inner(spec, inner)
    if spec.args is None:
        return messages
    declared = {arg.name: arg for arg in spec.args}
    for key, value in args:
        arg = declared.get(key)
        if arg is None:
            messages.append(_unknown_argument(spec, key))
        elif arg.choices and value not in arg.choices:
            choices = ", ".join(arg.choices)
            messages.append(f"unknown {spec.name} {key} '{value}'; use one of: {choices}")
    given = {key for key, _ in args}
    for arg in spec.args:
        if arg.required and arg.name not in given:
            hint = f"; use one of: {', '.join(arg.choices)}" if arg.choices else ""
            messages.append(f"shortcode '{spec.name}' needs the argument {arg.name}=\"...\"{hint}")
    return messages


def _unknown_argument(spec: ShortcodeSpec, key: str) -> str:
    names = tuple(arg.name for arg in spec.args or ())
    if not names:
        return f"shortcode '{spec.name}' takes no arguments, but '{key}' was given"
    hint = did_you_mean(key, names) or f"; it takes: {', '.join(names)}"
    return f"shortcode '{spec.name}' has no argument '{key}'{hint}"


def _check_inner(spec: ShortcodeSpec, inner: str | None) -> list[str]:
    name = spec.name
    if spec.inner == "none" and inner is not None:
        return [
            f"shortcode '{name}' takes no inner content; write it self-closing: {{{{< {name} />}}}}"
        ]
    if spec.inner == "required" and not (inner or "").strip():
        return [
            f"shortcode '{name}' needs inner content between "
            f"{{{{< {name} >}}}} and {{{{< /{name} >}}}}"
        ]
    return []
