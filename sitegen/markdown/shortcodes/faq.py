"""The ``faq`` shortcode's structure: ``### Question`` headings, each with its answer.

Takes the folded children of an ``faq`` block and splits them into
(question, answer tokens) pairs, recording an empty FAQ, text before the first
question and a question without an answer. At render time it turns the pairs
into ``<details>`` items (the template wraps them) and records every item as a
``FaqItem`` for the page's FAQPage structured data.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from sitegen.markdown.document import Document, document_of, plain_text
from sitegen.model import FaqItem

FAQ = "faq"

Question = tuple[Token, list[Token]]
"""The question's inline token and its answer's block tokens."""


def split_questions(children: list[Token], line: int, document: Document) -> list[Question]:
    """Split an FAQ's tokens at its ``###`` headings; record what is missing."""
    questions: list[Question] = []
    headings: list[int] = []
    depth = index = 0
    stray = False
    while index < len(children):
        token = children[index]
        if depth == 0 and token.type == "heading_open" and token.tag == "h3":
            questions.append((children[index + 1], []))
            headings.append(token.map[0] if token.map else line)
            index += 3
            continue
        if questions:
            questions[-1][1].append(token)
        elif depth == 0 and not stray:
            stray = True
            at = token.map[0] if token.map else line
            document.error(at, "FAQ text must come after a '### Question' heading")
        depth += token.nesting
        index += 1
    _report_missing(questions, headings, line, document)
    return questions


def _report_missing(
    questions: list[Question], headings: list[int], line: int, document: Document
) -> None:
    if not questions:
        document.error(
            line,
            "FAQ is empty: write each question as a '### Question' heading followed by its answer",
        )
    for (question, answer), at in zip(questions, headings, strict=True):
        if not answer:
            text = plain_text(question.children)
            document.error(at, f"FAQ question '{text}' has no answer: write it below the heading")


def render_faq_items(
    renderer: RendererHTML,
    questions: Sequence[Question],
    options: OptionsDict,
    env: MutableMapping[str, Any],
) -> str:
    """``<details>`` items for the ``faq`` template's ``inner``; records each FaqItem.

    Each question is an ``<h3>`` inside its ``<summary>`` (HTML allows a heading
    there), so screen-reader users find the questions by heading navigation."""
    document = document_of(env)
    parts = []
    for question, answer in questions:
        question_html = renderer.renderInline(question.children or [], options, env)
        answer_html = document.sanitized(renderer.render(answer, options, env))
        document.faq.append(FaqItem(plain_text(question.children), answer_html.strip()))
        parts.append(
            '<details class="faq__item">'
            f'<summary class="faq__question"><h3 class="faq__title">{question_html}</h3></summary>'
            f'<div class="faq__answer">{answer_html}</div></details>\n'
        )
    return "".join(parts)
