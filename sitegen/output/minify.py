"""Minify HTML pages with minify-html, keeping the output valid HTML.

Spec-compliant settings only: attribute values stay quoted where HTML needs
it and ``<html>``/``<head>`` opening tags stay, so ``lang`` survives.
"""

from __future__ import annotations

import minify_html

from sitegen.model import OutputFile


def minify_page(file: OutputFile) -> OutputFile:
    """A minified copy of an HTML file; other files pass through untouched."""
    if not file.path.endswith(".html"):
        return file
    html = minify_html.minify(
        file.data.decode(),
        keep_html_and_head_opening_tags=True,
        minify_css=True,
        minify_js=True,
        allow_noncompliant_unquoted_attribute_values=False,
        allow_removing_spaces_between_attributes=False,
    )
    return OutputFile(file.path, html.encode(), key=file.key)
