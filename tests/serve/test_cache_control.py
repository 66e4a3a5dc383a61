"""What the preview lets the browser keep between reloads."""

from __future__ import annotations

import pytest

from sitegen.serve.server import cache_control


@pytest.mark.parametrize(
    ("path", "status", "expected"),
    [
        ("/static/style.3f2a9c1b.css", 200, "public, max-age=31536000, immutable"),
        ("/blog/static/comments.0a1b2c3d.js", 200, "public, max-age=31536000, immutable"),
        ("/static/logo.svg", 200, "no-store"),
        ("/articles/x/", 200, "no-store"),
        ("/static/style.3f2a9c1b.css", 404, "no-store"),
    ],
)
def test_only_fingerprinted_assets_are_cached(path: str, status: int, expected: str) -> None:
    assert cache_control(path, status) == expected
