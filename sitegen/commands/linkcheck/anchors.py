"""The fragment targets of one produced HTML page.

Takes the bytes of a page as the build would write them (minified or not) and
returns every ``id`` (and legacy ``<a name>``) it defines, so ``sitegen check``
can tell whether ``/articles/b/#background`` lands somewhere. An HTML parser,
not a regular expression: minified pages leave attribute values unquoted.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def collect_ids(html: bytes) -> frozenset[str]:
    """Every id a link's ``#fragment`` can point at in this page."""
    collector = _IdCollector()
    collector.feed(html.decode("utf-8", errors="replace"))
    collector.close()
    return frozenset(collector.ids)
