"""Shortcode templates declare their arguments; the registry reads them once."""

from __future__ import annotations

import pickle

import pytest

from sitegen.errors import Problems
from sitegen.markdown import ArgSpec, ShortcodeRegistry, ShortcodeSpec, load_shortcode_registry


def load(source: str) -> tuple[ShortcodeRegistry, list[str]]:
    problems = Problems()
    registry = load_shortcode_registry(
        {"quote": ("layouts/shortcodes/quote.html", source)}, problems
    )
    return registry, [str(problem) for problem in problems]


def test_declaration_at_the_top_of_a_template_becomes_its_spec() -> None:
    registry, problems = load(
        "{#- shortcode\nargs:\n  cite: {}\n  kind: {required: true, choices: [big, small]}\n"
        "inner: none\n-#}\n<blockquote>{{ args.cite }}</blockquote>\n"
    )
    assert problems == []
    assert registry.get("quote") == ShortcodeSpec(
        name="quote",
        template="layouts/shortcodes/quote.html",
        args=(ArgSpec("cite"), ArgSpec("kind", required=True, choices=("big", "small"))),
        inner="none",
    )


def test_positional_lists_declared_arguments_in_order() -> None:
    registry, problems = load(
        "{#- shortcode\npositional: [id, title]\nargs:\n  title: {}\n  id: {required: true}\n"
        "-#}\n<iframe>{{ args.id }}</iframe>\n"
    )
    assert problems == []
    spec = registry.get("quote")
    assert spec is not None
    assert spec.positional == ("id", "title")


@pytest.mark.parametrize(
    ("declaration", "inner", "block"),
    [
        ("inner: raw\nblock: true\n", "raw", True),
        ("inner: none\nblock: false\n", "none", False),
        ("inner: required\n", "required", None),
    ],
)
def test_inner_raw_and_block_are_declared(declaration: str, inner: str, block: bool | None) -> None:
    registry, problems = load("{#- shortcode\n" + declaration + "-#}\n<pre>{{ inner }}</pre>\n")
    assert problems == []
    spec = registry.get("quote")
    assert spec is not None
    assert (spec.inner, spec.block) == (inner, block)


@pytest.mark.parametrize(
    ("source", "inner"),
    [
        ("<blockquote>{{ inner }}</blockquote>", "optional"),
        ("{% if inner %}<b>{{ inner|upper }}</b>{% endif %}", "optional"),
        ("<hr>", "none"),
        ("{#- shortcode\nargs: {}\n-#}\n<hr>", "none"),
        ("{#- shortcode\ninner: optional\n-#}\n<hr>", "optional"),
        ('{% include "partials/box.html" %}', "optional"),
        ("{% if %}", "optional"),
        ("<time>{{ args.d | iso }}</time>", "none"),  # sitegen's filter: no crash
    ],
)
def test_inner_defaults_to_none_when_the_template_never_shows_it(source: str, inner: str) -> None:
    registry, _ = load(source)
    spec = registry.get("quote")
    assert spec is not None
    assert spec.inner == inner


def test_template_without_declaration_accepts_any_arguments() -> None:
    registry, problems = load("<blockquote>{{ inner }}</blockquote>\n")
    assert problems == []
    assert registry.get("quote") == ShortcodeSpec("quote", "layouts/shortcodes/quote.html")


def test_empty_declaration_takes_no_arguments() -> None:
    registry, _ = load("{# shortcode #}\n<hr>\n")
    spec = registry.get("quote")
    assert spec is not None
    assert spec.args == ()


@pytest.mark.parametrize(
    ("declaration", "expected"),
    [
        (
            "args:\n  cite: {requird: true}\n",
            "layouts/shortcodes/quote.html:4: unknown setting 'requird' "
            "(did you mean 'required'?) for argument 'cite'",
        ),
        (
            "arg:\n  cite: {}\n",
            "layouts/shortcodes/quote.html:3: unknown key 'arg' (did you mean 'args'?)",
        ),
        (
            "inner: sometimes\n",
            "layouts/shortcodes/quote.html:3: "
            "'inner' must be one of: required, optional, none, raw",
        ),
        (
            "block: yes please\n",
            "layouts/shortcodes/quote.html:3: 'block' must be true or false",
        ),
        (
            "args:\n  cite: {required: maybe}\n",
            "layouts/shortcodes/quote.html:4: 'required' of argument 'cite' must be true or false",
        ),
        (
            "args:\n  cite: {choices: big}\n",
            "layouts/shortcodes/quote.html:4: "
            "'choices' of argument 'cite' must be a list of values",
        ),
        (
            "args: [cite]\n",
            "layouts/shortcodes/quote.html:3: 'args' must map argument names to settings",
        ),
        (
            "args:\n  cite: {}\npositional: cite\n",
            "layouts/shortcodes/quote.html:5: "
            "'positional' must list argument names in order: [id, title]",
        ),
        (
            "args:\n  cite: {}\npositional: [cite, cite]\n",
            "layouts/shortcodes/quote.html:5: 'cite' is listed twice in 'positional'",
        ),
        (
            "args:\n  cite: {}\npositional:\n  - cite\n  - author\n",
            "layouts/shortcodes/quote.html:7: positional argument 'author' is not declared "
            "under 'args'; add it there: author: {}",
        ),
        (
            "positional: [cite]\nargs:\n  cit: {}\n",
            "layouts/shortcodes/quote.html:3: positional argument 'cite' is not declared "
            "under 'args' (did you mean 'cit'?)",
        ),
    ],
)
def test_malformed_declaration_is_reported_at_its_template_line(
    declaration: str, expected: str
) -> None:
    registry, problems = load("\n{#- shortcode\n" + declaration + "-#}\n<p></p>\n")
    assert problems == [expected]
    assert registry.get("quote") == ShortcodeSpec("quote", "layouts/shortcodes/quote.html")


def test_declaration_that_is_not_yaml_is_reported_at_its_template_line() -> None:
    _, problems = load("\n{#- shortcode\nargs:\n  cite: {\n-#}\n")
    assert len(problems) == 1
    assert problems[0].startswith(
        "layouts/shortcodes/quote.html:5: shortcode declaration is not valid YAML: "
    )


def test_registry_survives_pickling_for_worker_processes(registry: ShortcodeRegistry) -> None:
    assert pickle.loads(pickle.dumps(registry)) == registry


def test_theme_declares_callout_types_and_faq(registry: ShortcodeRegistry) -> None:
    callout = registry.get("callout")
    assert callout is not None
    assert callout.inner == "required"
    assert callout.args == (
        ArgSpec("title"),
        ArgSpec(
            "type",
            required=True,
            choices=("did-you-know", "pro-tip", "note", "warning", "explore-further"),
        ),
    )
    assert {"callout", "faq", "figure", "highlight", "ref", "relref"} <= set(registry.names())


def test_what_an_earlier_build_found_of_inner_is_used_and_added_to() -> None:
    """A build keeps, per template source, whether it shows ``inner``; the next
    build reads it there instead of compiling the template again, and a changed
    template (a new source) is compiled and added."""
    shows = "<aside>{{ inner }}</aside>"
    hides = "<aside>{{ args.x }}</aside>"
    known: dict[str, str] = {}
    registry = load_shortcode_registry({"note": ("note.html", shows)}, Problems(), known)
    assert registry.get("note") == ShortcodeSpec("note", "note.html", inner="optional")
    assert known == {shows: "optional"}
    remembered = {shows: "none"}  # what the store says is what the build takes
    registry = load_shortcode_registry({"note": ("note.html", shows)}, Problems(), remembered)
    assert registry.get("note") == ShortcodeSpec("note", "note.html", inner="none")
    registry = load_shortcode_registry({"note": ("note.html", hides)}, Problems(), remembered)
    assert registry.get("note") == ShortcodeSpec("note", "note.html", inner="none")
    assert remembered == {shows: "none", hides: "none"}
