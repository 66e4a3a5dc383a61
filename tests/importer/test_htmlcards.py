"""The video calls both HTML imports (Ghost, Substack) make of a player's address."""

from __future__ import annotations

import pytest

from sitegen.importer.htmlcards import video_call


@pytest.mark.parametrize(
    ("src", "call"),
    [
        ("https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed", "{{< youtube dQw4w9WgXcQ >}}"),
        (
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0&start=90",
            '{{< youtube id="dQw4w9WgXcQ" start="90" >}}',
        ),
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s",
            '{{< youtube id="dQw4w9WgXcQ" start="90" >}}',
        ),
        ("https://youtu.be/dQw4w9WgXcQ?t=2h", '{{< youtube id="dQw4w9WgXcQ" start="7200" >}}'),
        ("https://youtu.be/dQw4w9WgXcQ?t=soon", "{{< youtube dQw4w9WgXcQ >}}"),
        ("https://player.vimeo.com/video/76979871?h=8272103f6e", "{{< vimeo 76979871 >}}"),
        ("https://www.youtube.com/embed/videoseries?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs", None),
        ("https://example.org/player/1", None),
    ],
)
def test_a_players_address_is_sitegens_shortcode_from_where_it_started(
    src: str, call: str | None
) -> None:
    assert video_call(src) == call
