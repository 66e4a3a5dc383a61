"""What changed between builds, the injected script and the event fan-out."""

from __future__ import annotations

from sitegen.model import OutputFile
from sitegen.serve.livereload import EventHub, diff_outputs, fingerprint_files, inject_script

PAGE = b'<html><head><link rel="stylesheet" href="/static/style.%s.css"></head><body>%s</body>'


def build(css: bytes, body: bytes, css_hash: bytes) -> dict[str, tuple[str, str]]:
    files = [
        OutputFile("index.html", PAGE % (css_hash, b"home")),
        OutputFile("articles/a/index.html", PAGE % (css_hash, body)),
        OutputFile(f"static/style.{css_hash.decode()}.css", css),
    ]
    return fingerprint_files(files, [])


def test_a_changed_page_is_named_by_its_url() -> None:
    change = diff_outputs(build(b"a{}", b"old", b"11111111"), build(b"a{}", b"new", b"11111111"))
    assert change.pages == ("/articles/a/",)
    assert change.css == ()


def test_a_stylesheet_change_swaps_the_stylesheet_without_reloading_pages() -> None:
    change = diff_outputs(build(b"a{}", b"same", b"11111111"), build(b"b{}", b"same", b"22222222"))
    assert change.pages == ()
    assert change.css == ("/static/style.22222222.css",)


def test_added_and_removed_pages_count_as_changed() -> None:
    old = fingerprint_files([OutputFile("articles/a/index.html", b"a")], [])
    new = fingerprint_files([OutputFile("articles/b/index.html", b"b")], [])
    assert diff_outputs(old, new).pages == ("/articles/a/", "/articles/b/")


def test_the_script_goes_just_before_the_closing_body_tag() -> None:
    html = inject_script(b"<p>x</p></body></html>")
    assert html.startswith(b"<p>x</p><script data-sitegen-live>")
    assert html.endswith(b"</script></body></html>")


def test_the_script_is_appended_when_there_is_no_closing_body_tag() -> None:
    assert inject_script(b"<p>x").startswith(b"<p>x<script data-sitegen-live>")


def test_a_tab_that_connects_late_gets_the_current_problems() -> None:
    hub = EventHub()
    hub.publish("problems", '{"text": "content/a.md:2: boom"}', state=True)
    mailbox = hub.subscribe()
    assert mailbox.get_nowait() == b'event: problems\ndata: {"text": "content/a.md:2: boom"}\n\n'


def test_every_tab_hears_a_change_and_close_ends_every_stream() -> None:
    hub = EventHub()
    first, second = hub.subscribe(), hub.subscribe()
    hub.publish("change", "{}")
    hub.close()
    for mailbox in (first, second):
        assert mailbox.get_nowait() == b"event: ok\ndata: {}\n\n"
        assert mailbox.get_nowait() == b"event: change\ndata: {}\n\n"
        assert mailbox.get_nowait() is None
    assert hub.listeners == 0
