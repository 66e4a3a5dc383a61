"""Debouncing: one save is one rebuild; only content, layouts and site.yaml count."""

from __future__ import annotations

import threading
import time

from sitegen.serve.watch import Debouncer, is_watched


class Calls:
    def __init__(self) -> None:
        self.batches: list[tuple[str, ...]] = []
        self.event = threading.Event()

    def __call__(self, paths: tuple[str, ...]) -> None:
        self.batches.append(paths)
        self.event.set()


def test_a_burst_of_events_is_one_call_with_every_path() -> None:
    calls = Calls()
    debouncer = Debouncer(0.05, calls)
    for path in ("content/b.md", "content/a.md", "content/b.md", "layouts/article.html"):
        debouncer.push(path)
        time.sleep(0.01)
    assert calls.event.wait(2)
    time.sleep(0.1)
    assert calls.batches == [("content/a.md", "content/b.md", "layouts/article.html")]


def test_bursts_apart_are_separate_calls() -> None:
    calls = Calls()
    debouncer = Debouncer(0.03, calls)
    debouncer.push("content/a.md")
    assert calls.event.wait(2)
    calls.event.clear()
    debouncer.push("site.yaml")
    assert calls.event.wait(2)
    assert calls.batches == [("content/a.md",), ("site.yaml",)]


def test_cancel_drops_pending_changes() -> None:
    calls = Calls()
    debouncer = Debouncer(0.03, calls)
    debouncer.push("content/a.md")
    debouncer.cancel()
    time.sleep(0.1)
    assert calls.batches == []


def test_only_content_layouts_and_site_yaml_are_watched() -> None:
    assert is_watched("content/a.md")
    assert is_watched("content/bundle/chart.png")
    assert is_watched("layouts/shortcodes/quote.html")
    assert is_watched("site.yaml")
    assert not is_watched("output/index.html")
    assert not is_watched(".sitegen-cache/serve/index.html")
    assert not is_watched("README.md")


def test_editor_leftovers_are_ignored() -> None:
    assert not is_watched("content/.a.md.swp")
    assert not is_watched("content/a.md~")
    assert not is_watched("content/.#a.md")
