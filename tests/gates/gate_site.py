"""The built example site as the quality gates see it: build, serve, find pages.

Takes the repository root; gives a built output directory served over HTTP on
127.0.0.1 and the few representative pages (home, newest article, a tag page,
the 404) that the browser gates and the screenshot script look at. Shared by
the pytest gates and ``screenshots.py`` so both look at the same pages.

The server's port is chosen before the build and the site is built with that
address as its ``base_url``, so every absolute URL the theme writes (styles,
feeds, canonical links) resolves against the local server.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from tests.conftest import CHROMIUM, serve_directory

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")
ATOM = "{http://www.w3.org/2005/Atom}"


class BuildError(RuntimeError):
    """``sitegen build`` exited non-zero; the message carries its stderr."""


@dataclass(frozen=True)
class BuiltSite:
    """An output directory and the base URL it was built for (and is served at)."""

    root: Path
    base_url: str

    def file_for(self, url: str) -> Path | None:
        """The output file a URL of this site names, or None for a foreign URL.

        ``…/`` maps to ``…/index.html``, as a static web server does.
        """
        if not url.startswith(self.base_url):
            return None
        rel = unquote(urlsplit(url[len(self.base_url) :]).path)
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        return self.root / rel

    def url_for(self, path: Path) -> str:
        """The URL a browser uses for an output file; ``index.html`` is dropped."""
        rel = path.relative_to(self.root).as_posix()
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return self.base_url + rel


def build_example_site(out: Path, base_url: str, env: Mapping[str, str] | None = None) -> None:
    """Build the repository's example site into ``out`` with the given base URL.

    Runs the real command line in a child process, as an author would.
    """
    if out.exists():
        shutil.rmtree(out)
    command = [sys.executable, "-m", "sitegen", "build", str(REPO), "-o", str(out)]
    command += ["--base-url", base_url]
    result = subprocess.run(
        command,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        raise BuildError(
            f"sitegen build exited with {result.returncode}:\n{result.stderr}{result.stdout}"
        )


@contextlib.contextmanager
def built_and_served(out: Path) -> Iterator[BuiltSite]:
    """Build the example site into ``out`` and serve it; yields the served site."""
    out.mkdir(parents=True, exist_ok=True)
    with serve_directory(out) as base_url:
        build_example_site(out, base_url)
        yield BuiltSite(out, base_url)


def html_files(root: Path) -> list[Path]:
    """Every HTML page of an output directory, in a stable order."""
    return sorted(root.rglob("*.html"))


def feed_files(root: Path) -> list[Path]:
    """The site feed and every per-tag and per-author Atom feed."""
    return sorted(root.rglob("feed.xml"))


def newest_article(site: BuiltSite) -> Path:
    """The newest article's page: the first entry of the site feed that exists.

    Falls back to the first article directory by name when the feed names none.
    """
    feed = site.root / "feed.xml"
    if feed.is_file():
        tree = etree.parse(str(feed))
        for link in tree.iterfind(f"{ATOM}entry/{ATOM}link"):
            if link.get("rel", "alternate") != "alternate":
                continue
            path = site.file_for(link.get("href", ""))
            if path is not None and path.is_file():
                return path
    return first_page_under(site.root / "articles")


def first_page_under(folder: Path) -> Path:
    """``folder/<first sub-folder by name>/index.html``; fails when there is none."""
    pages = sorted(folder.glob("*/index.html"))
    if not pages:
        raise FileNotFoundError(f"no page under {folder.name}/ in the output")
    return pages[0]


def representative_pages(site: BuiltSite) -> dict[str, Path]:
    """The pages every browser gate visits, by a short name used in test ids."""
    return {
        "home": site.root / "index.html",
        "article": newest_article(site),
        "tag": first_page_under(site.root / "tags"),
        "404": site.root / "404.html",
    }


def reader_pages(site: BuiltSite) -> dict[str, Path]:
    """The pages a reader meets most, for Lighthouse and the screenshots: the home
    page, the newest article, a tag page, the search page and the 404."""
    pages = representative_pages(site)
    return {**pages, "search": site.root / "search" / "index.html"}


def missing_tools(*names: str) -> list[str]:
    """Which of the named external tools are not installed, as readable reasons."""
    checks = {
        "java": (shutil.which("java") is not None, "java is not installed"),
        "vnu": (VNU_JAR.is_file(), "node_modules/vnu-jar is missing (run npm ci)"),
        "axe": (AXE_JS.is_file(), "node_modules/axe-core is missing (run npm ci)"),
        "chromium": (CHROMIUM.is_file(), f"{CHROMIUM} is not installed"),
        "lighthouse": (LIGHTHOUSE.is_file(), "node_modules/lighthouse is missing (run npm ci)"),
    }
    return [checks[name][1] for name in names if not checks[name][0]]
