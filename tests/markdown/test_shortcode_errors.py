"""Every shortcode mistake is reported at the file line where the tag starts.

The bodies here start at line 7 of ``content/a.md`` (six lines of front
matter), so each expected line is the body line plus six.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitegen.model import RenderedArticle

Render = Callable[..., tuple[RenderedArticle | None, list[str]]]

CALLOUT_TYPES = "did-you-know, pro-tip, note, warning, explore-further"

CASES = {
    "unknown_shortcode_suggests_closest_name": (
        '{{< calout type="note" >}}\nx\n{{< /calout >}}\n',
        ["content/a.md:7: unknown shortcode 'calout' (did you mean 'callout'?)"],
    ),
    "unclosed_block_shortcode_names_expected_closing_tag": (
        'Text.\n\n{{< callout type="note" >}}\nnever closed\n',
        ["content/a.md:9: shortcode 'callout' is never closed (expected {{< /callout >}})"],
    ),
    "unclosed_inline_shortcode_names_expected_closing_tag": (
        "Inline {{< echo >}}never closed.\n",
        ["content/a.md:7: shortcode 'echo' is never closed (expected {{< /echo >}})"],
    ),
    "mismatched_closing_tag_names_the_open_one": (
        '{{< callout type="note" >}}\nx\n{{< /faq >}}\n',
        [
            "content/a.md:9: mismatched closing tag {{< /faq >}}: "
            "{{< callout >}} on line 7 expects {{< /callout >}}"
        ],
    ),
    "closing_tag_without_opening_tag": (
        "Stray {{< /echo >}} here.\n",
        ["content/a.md:7: closing tag {{< /echo >}} has no opening {{< echo >}}"],
    ),
    "unterminated_quote": (
        '{{< callout type="note >}}\nx\n{{< /callout >}}\n',
        [
            "content/a.md:7: argument 'type' of shortcode 'callout' has no closing \": "
            'end the value with " (write \\" for a quote inside it)'
        ],
    ),
    "argument_without_value": (
        "{{< callout type= >}}\nx\n{{< /callout >}}\n",
        ["content/a.md:7: argument 'type' of shortcode 'callout' has no value: type=\"...\""],
    ),
    "positional_argument": (
        "{{< callout note >}}\nx\n{{< /callout >}}\n",
        [
            "content/a.md:7: shortcode 'callout' takes named arguments like key=\"value\", "
            "not 'note' (did you mean type=\"note\"?)"
        ],
    ),
    "argument_given_twice": (
        '{{< callout type="note" type="warning" >}}\nx\n{{< /callout >}}\n',
        ["content/a.md:7: argument 'type' is given twice in shortcode 'callout'"],
    ),
    "tag_never_ended": (
        '{{< badge text="x"\n',
        [
            "content/a.md:7: '{{< badge' starts a shortcode that never ends with '>}}'; "
            "to write '{{<' as text, escape it: \\{{<"
        ],
    ),
    "closing_tag_with_arguments": (
        '{{< /callout type="x" >}}\n',
        ["content/a.md:7: closing tag {{< /callout >}} takes no arguments"],
    ),
    "unknown_argument_suggests_closest_name": (
        '{{< callout type="note" titel="x" >}}\nx\n{{< /callout >}}\n',
        ["content/a.md:7: shortcode 'callout' has no argument 'titel' (did you mean 'title'?)"],
    ),
    "unknown_argument_lists_the_known_ones": (
        '{{< badge text="x" foo="y" />}}\n',
        ["content/a.md:7: shortcode 'badge' has no argument 'foo'; it takes: text"],
    ),
    "missing_required_argument_lists_its_values": (
        "{{< callout >}}\nx\n{{< /callout >}}\n",
        [
            "content/a.md:7: shortcode 'callout' needs the argument type=\"...\"; "
            f"use one of: {CALLOUT_TYPES}"
        ],
    ),
    "missing_required_argument": (
        "{{< badge />}}\n",
        ["content/a.md:7: shortcode 'badge' needs the argument text=\"...\""],
    ),
    "unknown_callout_type_lists_the_valid_ones": (
        '{{< callout type="tip" >}}\nx\n{{< /callout >}}\n',
        [f"content/a.md:7: unknown callout type 'tip'; use one of: {CALLOUT_TYPES}"],
    ),
    "inner_content_for_a_shortcode_that_takes_none": (
        '{{< badge text="x" >}}\ninner\n{{< /badge >}}\n',
        [
            "content/a.md:7: shortcode 'badge' takes no inner content; "
            "write it self-closing: {{< badge />}}"
        ],
    ),
    "missing_inner_content": (
        '{{< callout type="note" />}}\n',
        [
            "content/a.md:7: shortcode 'callout' needs inner content between "
            "{{< callout >}} and {{< /callout >}}"
        ],
    ),
    "empty_faq": (
        "{{< faq >}}\n{{< /faq >}}\n",
        [
            "content/a.md:7: FAQ is empty: write each question as a '### Question' heading "
            "followed by its answer"
        ],
    ),
    "self_closing_faq_is_empty": (
        "{{< faq />}}\n",
        [
            "content/a.md:7: FAQ is empty: write each question as a '### Question' heading "
            "followed by its answer"
        ],
    ),
    "faq_question_without_answer": (
        "{{< faq >}}\n### Question one?\n### Question two?\nAnswer.\n{{< /faq >}}\n",
        ["content/a.md:8: FAQ question 'Question one?' has no answer: write it below the heading"],
    ),
    "faq_text_before_first_question": (
        "{{< faq >}}\nIntro text.\n\n### Q?\nA.\n{{< /faq >}}\n",
        ["content/a.md:8: FAQ text must come after a '### Question' heading"],
    ),
    "faq_inside_a_paragraph": (
        "See {{< faq >}}### Q? A{{< /faq >}}\n",
        [
            "content/a.md:7: shortcode 'faq' must have {{< faq >}} and {{< /faq >}} "
            "on lines of their own"
        ],
    ),
    # One cause, one message.
    "unclosed_shortcode_does_not_also_miss_its_inner_content": (
        'Text.\n\n{{< callout type="note" >}}\n',
        ["content/a.md:9: shortcode 'callout' is never closed (expected {{< /callout >}})"],
    ),
    "misspelt_required_argument_is_not_also_missing": (
        '{{< callout typ="note" >}}\nx\n{{< /callout >}}\n',
        ["content/a.md:7: shortcode 'callout' has no argument 'typ' (did you mean 'type'?)"],
    ),
    "unknown_shortcode_with_its_closing_tag_spelt_right": (
        '{{< calout type="note" >}}\nx\n{{< /callout >}}\n',
        ["content/a.md:7: unknown shortcode 'calout' (did you mean 'callout'?)"],
    ),
    "unknown_shortcode_without_closing_tag": (
        "{{< calout >}}\nx\n\nInline {{< calout >}} too.\n",
        [
            "content/a.md:7: unknown shortcode 'calout' (did you mean 'callout'?)",
            "content/a.md:10: unknown shortcode 'calout' (did you mean 'callout'?)",
        ],
    ),
    "positional_value_meant_for_the_only_required_argument": (
        "{{< badge New />}}\n",
        [
            "content/a.md:7: shortcode 'badge' takes named arguments like key=\"value\", "
            "not 'New' (did you mean text=\"New\"?)"
        ],
    ),
    "unclosed_inline_shortcode_still_checks_its_arguments": (
        'Inline {{< callout type="tip" >}}never closed.\n',
        [
            "content/a.md:7: shortcode 'callout' is never closed (expected {{< /callout >}})",
            f"content/a.md:7: unknown callout type 'tip'; use one of: {CALLOUT_TYPES}",
        ],
    ),
    "closing_tag_of_a_shortcode_without_inner_content_is_reported_at_its_opening_tag": (
        '{{< badge text="a" >}}\n\n{{< badge text="b" >}}\nlost\n{{< /badge >}}\n',
        [
            "content/a.md:9: shortcode 'badge' takes no inner content; "
            "write it self-closing: {{< badge />}}"
        ],
    ),
    "block_shortcode_opened_inside_a_paragraph": (
        'Text {{< callout type="note" >}} here.\n\nx\n\n{{< /callout >}}\n',
        ["content/a.md:7: shortcode 'callout' is never closed (expected {{< /callout >}})"],
    ),
    "unknown_shortcode_opened_inside_a_paragraph": (
        "Text {{< calout >}} here.\n\nx\n\n{{< /calout >}}\n",
        ["content/a.md:7: unknown shortcode 'calout' (did you mean 'callout'?)"],
    ),
    # Hugo's {{% %}} form: messages quote the tag as written.
    "unclosed_percent_shortcode": (
        '{{% callout type="note" %}}\nx\n',
        ["content/a.md:7: shortcode 'callout' is never closed (expected {{% /callout %}})"],
    ),
    "percent_mismatched_closing_tag_quotes_each_as_written": (
        '{{% callout type="note" %}}\nx\n{{< /faq >}}\n',
        [
            "content/a.md:9: mismatched closing tag {{< /faq >}}: "
            "{{% callout %}} on line 7 expects {{% /callout %}}"
        ],
    ),
    "tag_without_a_name": (
        "Compare {{< >}} here.\n",
        [
            "content/a.md:7: '{{<' must be followed by a shortcode's name; "
            "to write '{{<' as text, escape it: \\{{<"
        ],
    ),
    "percent_closing_tag_without_opening_tag": (
        "Stray {{% /echo %}} here.\n",
        ["content/a.md:7: closing tag {{% /echo %}} has no opening {{% echo %}}"],
    ),
    "percent_tag_ended_with_angle_bracket": (
        '{{% callout type="note" >}}\nx\n{{% /callout %}}\n',
        [
            "content/a.md:7: shortcode 'callout' starts with '{{%' but ends with '>}}': "
            "end it with '%}}'"
        ],
    ),
    "percent_tag_never_ended": (
        "{{% badge\n",
        [
            "content/a.md:7: '{{% badge' starts a shortcode that never ends with '%}}'; "
            "to write '{{%' as text, escape it: \\{{%"
        ],
    ),
    "percent_inner_content_for_a_shortcode_that_takes_none": (
        '{{% badge text="x" %}}\ninner\n{{% /badge %}}\n',
        [
            "content/a.md:7: shortcode 'badge' takes no inner content; "
            "write it self-closing: {{% badge /%}}"
        ],
    ),
    # Positional arguments.
    "positional_then_named": (
        '{{< video abc title="x" >}}\n',
        [
            "content/a.md:7: shortcode 'video' mixes positional and named arguments: "
            'write all of them as key="value", or all by position'
        ],
    ),
    "named_then_positional_on_a_later_line": (
        '{{< video\n  id="abc"\n  "A title" >}}\n',
        [
            "content/a.md:9: shortcode 'video' mixes positional and named arguments: "
            'write all of them as key="value", or all by position'
        ],
    ),
    "too_many_positional_arguments": (
        "{{< video a b c >}}\n",
        [
            "content/a.md:7: shortcode 'video' takes 2 arguments by position (id, title), "
            "but 3 were given"
        ],
    ),
    "missing_positional_argument": (
        "{{< video >}}\n",
        ["content/a.md:7: shortcode 'video' needs the argument id, by position or as id=\"...\""],
    ),
    "positional_argument_for_a_template_that_declares_none": (
        "{{< echo a b />}}\n",
        [
            "content/a.md:7: shortcode 'echo' takes named arguments like key=\"value\", "
            "not 'a', 'b'; a template takes arguments by position when it declares "
            "positional: [...]"
        ],
    ),
    "argument_name_with_a_dot": (
        '{{< echo a.b="c" />}}\n',
        [
            "content/a.md:7: 'a.b' is not a valid argument name in shortcode 'echo': "
            "use letters, digits, '_' and '-'"
        ],
    ),
    "unterminated_raw_value": (
        "{{< echo a=`raw >}}\n",
        ["content/a.md:7: argument 'a' of shortcode 'echo' has no closing `"],
    ),
    "mistake_on_the_third_line_of_a_tag": (
        '{{< callout\n  title="x"\n  type="note >}}\nx\n{{< /callout >}}\n',
        [
            "content/a.md:9: argument 'type' of shortcode 'callout' has no closing \": "
            'end the value with " (write \\" for a quote inside it)'
        ],
    ),
    "inner_content_for_a_template_that_never_shows_it": (
        '{{< charts/bar series="x" >}}\nlost\n{{< /charts/bar >}}\n',
        [
            "content/a.md:7: shortcode 'charts/bar' takes no inner content; "
            "write it self-closing: {{< charts/bar />}}"
        ],
    ),
}


@pytest.mark.parametrize(("body", "expected"), CASES.values(), ids=CASES.keys())
def test_shortcode_mistake_is_reported_at_its_file_line(
    render: Render, body: str, expected: list[str]
) -> None:
    result, problems = render(body, body_line=7)
    assert problems == expected
    assert result is None


def test_every_error_of_an_article_is_reported_in_one_run(render: Render) -> None:
    body = (
        "Para one\n\n"
        '{{< calout type="note" />}} and {{< faq2 />}}\n\n'
        '{{< callout type="bad" >}}\nx\n{{< /callout >}}\n\n'
        "> [!NOTE]\n> {{< echo >}}oops\n"
    )
    _, problems = render(body, body_line=7)
    assert problems == [
        "content/a.md:9: unknown shortcode 'calout' (did you mean 'callout'?)",
        "content/a.md:9: unknown shortcode 'faq2' (did you mean 'faq'?)",
        f"content/a.md:11: unknown callout type 'bad'; use one of: {CALLOUT_TYPES}",
        "content/a.md:16: shortcode 'echo' is never closed (expected {{< /echo >}})",
    ]


def test_errors_inside_a_multi_line_paragraph_name_their_own_line(render: Render) -> None:
    _, problems = render("First line\nsecond {{< nope />}}\nthird {{< /x >}}\n", body_line=3)
    assert problems == [
        "content/a.md:4: unknown shortcode 'nope'; "
        "the shortcodes are: badge, callout, charts/bar, comment, details, echo, faq, figure, "
        "gist, highlight, instagram, instagram_simple, param, post_link, ref, relref, streamable, "
        "tweet, twitter, twitter_simple, video, vimeo, vimeo_simple, x, x_simple, youtube",
        "content/a.md:5: closing tag {{< /x >}} has no opening {{< x >}}",
    ]


def test_errors_inside_nested_shortcodes_name_their_own_line(render: Render) -> None:
    body = (
        "{{< faq >}}\n### Q?\nA.\n\n"
        '{{< callout type="nope" >}}\nx\n{{< /callout >}}\n{{< /faq >}}\n'
    )
    _, problems = render(body, body_line=7)
    assert problems == [
        f"content/a.md:11: unknown callout type 'nope'; use one of: {CALLOUT_TYPES}"
    ]


def test_a_shortcode_template_error_is_reported_where_the_template_says(render: Render) -> None:
    from sitegen.errors import Problem, SiteError

    def failing(name: str, args: object, inner: str, page: object, call: object) -> str:
        raise SiteError([Problem("layouts/shortcodes/callout.html", 4, "'x' is undefined")])

    result, problems = render(
        '{{< callout type="note" >}}\nx\n{{< /callout >}}\n', shortcodes=failing
    )
    assert problems == ["layouts/shortcodes/callout.html:4: 'x' is undefined"]
    assert result is None
