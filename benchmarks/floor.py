"""The Python floor: front matter + markdown of every article, over all cores.

Usage: ``floor.py SITE {plain,sitegen} [--jobs N]``. Reads every
``SITE/content/**/*.md``, parses its front matter and renders its body, in a
process pool, and writes nothing: no templates, no site model, no output.
``plain`` is the least any Python generator pays (``yaml`` with the C loader,
``markdown-it`` CommonMark); ``sitegen`` is sitegen's own per-article stage
(``parse_article`` and ``render_article`` with its shortcodes), so the gap
between a full build and this floor is what the rest of the pipeline costs.
Prints the number of articles and of HTML characters, to keep the work honest.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

Renderer = Callable[[str, str], int]


def main() -> int:
    """Run the floor over one site; exit status 0 when every article rendered."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("mode", choices=("plain", "sitegen"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    site = args.site.resolve()
    paths = sorted(str(p) for p in (site / "content").rglob("*.md"))
    chunks = [paths[i :: args.jobs] for i in range(args.jobs)]
    # One chunk per worker, so each worker builds its renderer exactly once.
    with ProcessPoolExecutor(args.jobs) as pool:
        totals = list(
            pool.map(_render_chunk, [args.mode] * len(chunks), [site] * len(chunks), chunks)
        )
    articles = sum(count for count, _ in totals)
    print(f"{articles} articles, {sum(size for _, size in totals)} characters of HTML")
    return 0 if articles == len(paths) else 1


def _render_chunk(mode: str, site: Path, paths: list[str]) -> tuple[int, int]:
    render = _sitegen_renderer(site) if mode == "sitegen" else _plain_renderer()
    count = size = 0
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        rendered = render(Path(path).relative_to(site).as_posix(), text)
        if rendered >= 0:
            count, size = count + 1, size + rendered
    return count, size


def _plain_renderer() -> Renderer:
    import yaml
    from markdown_it import MarkdownIt

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    md = MarkdownIt("commonmark")

    def render(path: str, text: str) -> int:
        _, front, body = text.split("---\n", 2)
        if not isinstance(yaml.load(front, Loader=loader), dict):
            print(f"{path}: front matter is not a mapping", file=sys.stderr)
            return -1
        return len(md.render(body))

    return render


def _sitegen_renderer(site: Path) -> Renderer:
    from sitegen.config import load_config
    from sitegen.content.frontmatter import parse_article
    from sitegen.errors import Problems
    from sitegen.markdown import load_shortcode_registry, make_markdown, render_article
    from sitegen.markdown.document import keep_link
    from sitegen.model import SourceFile, Urls
    from sitegen.render.environment import JinjaShortcodes, make_environment, shortcode_templates

    problems = Problems()
    config = load_config(site, problems)
    env = make_environment(site)
    registry = load_shortcode_registry(shortcode_templates(env, site), problems)
    md = make_markdown(config.markdown, registry)
    shortcodes = JinjaShortcodes(env, site, Urls.for_config(config))

    def render(path: str, text: str) -> int:
        found = Problems()
        article = parse_article(SourceFile(path, text), config, found)
        rendered = None
        if article is not None:
            rendered = render_article(article, md, shortcodes, keep_link, found)
        for problem in found:
            print(problem, file=sys.stderr)
        return -1 if rendered is None else len(rendered.html)

    return render


if __name__ == "__main__":
    sys.exit(main())
