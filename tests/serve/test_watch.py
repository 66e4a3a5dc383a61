"""Debouncing: one save is one rebuild; only content, layouts and site.yaml count."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import ClassVar

import pytest

from sitegen.serve import watch
from sitegen.serve.watch import Debouncer, is_watched


class Calls:
    def __init__(self) -> None:
        self.batches: list[tuple[str, ...]] = []
        self.event = threading.Event()

    def __call__(self, paths: tuple[str, ...]) -> None:
        self.batches.append(paths)
        self.event.set()


class ManualTimer:
    """Stands in for ``threading.Timer``: fires only when the test says so.

    A real 50 ms timer against sleeps in the test splits a burst whenever the
    machine is busy enough to oversleep; this one cannot.
    """

    made: ClassVar[list[ManualTimer]] = []

    def __init__(self, delay: float, function: Callable[[], None]) -> None:
        self.delay, self.function = delay, function
        self.cancelled = self.started = False
        self.daemon = False
        ManualTimer.made.append(self)

    def start(self) -> None:
        self.started = True

    def cancel(self) -> None:
        self.cancelled = True

    def fire(self) -> None:
        self.function()


@pytest.fixture
def timers(monkeypatch: pytest.MonkeyPatch) -> list[ManualTimer]:
    ManualTimer.made = []
    monkeypatch.setattr(watch.threading, "Timer", ManualTimer)
    return ManualTimer.made


def test_a_burst_of_events_is_one_call_with_every_path(timers: list[ManualTimer]) -> None:
    calls = Calls()
    debouncer = Debouncer(0.05, calls)
    for path in ("content/b.md", "content/a.md", "content/b.md", "layouts/article.html"):
        debouncer.push(path)
    # Each event restarts the quiet period: only the last timer is still running.
    assert [t.cancelled for t in timers] == [True, True, True, False]
    assert all(t.started and t.daemon and t.delay == 0.05 for t in timers)
    timers[-1].fire()
    assert calls.batches == [("content/a.md", "content/b.md", "layouts/article.html")]


def test_bursts_apart_are_separate_calls() -> None:
    calls = Calls()
    debouncer = Debouncer(0.03, calls)
    debouncer.push("content/a.md")
    assert calls.event.wait(30)
    calls.event.clear()
    debouncer.push("site.yaml")
    assert calls.event.wait(30)
    assert calls.batches == [("content/a.md",), ("site.yaml",)]


def test_cancel_drops_pending_changes(timers: list[ManualTimer]) -> None:
    calls = Calls()
    debouncer = Debouncer(0.03, calls)
    debouncer.push("content/a.md")
    debouncer.cancel()
    assert timers[-1].cancelled
    timers[-1].fire()  # a timer that fired as it was cancelled finds nothing to do
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
