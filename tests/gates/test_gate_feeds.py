"""Gate: every Atom feed of the example site is valid Atom with complete entries."""

from __future__ import annotations

from gate_checks import feed_problems
from gate_site import BuiltSite, feed_files


def test_site_tag_and_author_feeds_exist(built_site: BuiltSite) -> None:
    names = [path.relative_to(built_site.root).as_posix() for path in feed_files(built_site.root)]
    assert "feed.xml" in names
    assert any(name.startswith("tags/") for name in names), names
    assert any(name.startswith("authors/") for name in names), names


def test_every_feed_is_valid_atom_with_complete_entries(built_site: BuiltSite) -> None:
    problems = [
        line
        for path in feed_files(built_site.root)
        for line in feed_problems(path, built_site.root)
    ]
    assert not problems, "Atom feed problems:\n" + "\n".join(problems)
