"""``sitegen new``: a new article file with its front matter filled in.

Takes a title, the site directory, the clock (read in ``cli.py``), and an
optional section and tags; writes ``content/<slug>.md`` with ``title``, today's
``date`` in the site's timezone, ``draft: true``, the site's default author,
the section and the tags, and returns its path. It never overwrites: an
existing file is a Problem at that file, so an author's draft is never lost.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import yaml

from sitegen.config import SiteConfig, load_config
from sitegen.errors import Problems
from sitegen.slugs import slugify


def front_matter(
    title: str,
    config: SiteConfig,
    now: datetime,
    section: str | None = None,
    tags: Sequence[str] = (),
) -> str:
    """The new file's text: front matter block and an empty body."""
    values: dict[str, object] = {
        "title": title,
        "date": now.astimezone(zoneinfo.ZoneInfo(config.timezone)).date(),
        "draft": True,
    }
    if config.default_author:
        values["author"] = config.default_author
    if section:
        values["section"] = section
    if tags:
        values["tags"] = list(tags)
    text = yaml.safe_dump(values, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{text}---\n\n"


def parse_tags(text: str | None) -> tuple[str, ...]:
    """``"a, b,,c"`` → ``("a", "b", "c")``: order kept, blanks dropped."""
    return tuple(tag.strip() for tag in (text or "").split(",") if tag.strip())


def write_new_article(
    site_dir: Path,
    title: str,
    now: datetime,
    section: str | None = None,
    tags: Sequence[str] = (),
) -> str:
    """Create ``content/<slug>.md``; returns its path relative to the site.

    Problems: site.yaml errors; an existing file. A title with no letter or
    digit to name the file after raises ValueError (the command line is wrong).
    """
    slug = slugify(title)
    if not slug:
        raise ValueError(f"the title {title!r} has no letter or digit to name the file after")
    problems = Problems()
    config = load_config(site_dir, problems)
    problems.raise_if_any()
    relative = f"content/{slug}.md"
    path = site_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(front_matter(title, config, now, section, tags))
    except FileExistsError:
        problems.add(
            relative, 1, "already exists; choose another title or edit the existing article"
        )
        problems.raise_if_any()
    return relative
