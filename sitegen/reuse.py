"""What a build can reuse from the last one into the same output directory.

The cache directory holds, per output directory, the writer's manifest (what
each output file is) and every page's fingerprint (what it was rendered from).
A page whose fingerprint is unchanged is not rendered again; the file already in
the output directory stands for it, trusted only while the manifest still
describes that file exactly.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

import jinja2

from sitegen.cache import code_fingerprint, salt_for
from sitegen.config import SiteConfig
from sitegen.model import BuildOptions, OutputFile, Urls
from sitegen.output.manifest import Manifest
from sitegen.render.pages import PageKeys


def page_keys_path(options: BuildOptions) -> Path:
    return manifest_path(options).with_suffix(".pages.json")


def page_key_salt(
    options: BuildOptions, env: jinja2.Environment, urls: Urls, config: SiteConfig
) -> str:
    """What every page can depend on besides its own inputs: every template, the
    configuration, asset names, sitegen's code, minifying."""
    templates = sorted(_template_sources(env))
    return salt_for(
        [code_fingerprint(), repr(config), repr(urls), str(options.minify), repr(templates)]
    )


def _template_sources(env: jinja2.Environment) -> list[tuple[str, str]]:
    """Every template's name and text. Files of ``layouts/static/`` are assets (their
    names are in the salt through ``urls``) and fonts or pictures beside the
    templates (a social card's) are no template: neither is read as text."""
    assert env.loader is not None
    found = []
    for name in env.loader.list_templates():
        if name.startswith("static/"):
            continue
        try:
            found.append((name, env.loader.get_source(env, name)[0]))
        except UnicodeDecodeError:
            continue
    return found


def previous_page_keys(
    options: BuildOptions, env: jinja2.Environment, urls: Urls, config: SiteConfig
) -> PageKeys:
    """The page fingerprints of the last build into this output directory, if usable."""
    salt = page_key_salt(options, env, urls, config)
    try:
        stored = json.loads(page_keys_path(options).read_text(encoding="utf-8"))
        keys = {str(k): str(v) for k, v in stored.items()}
    except (OSError, ValueError, AttributeError):
        keys = {}
    return PageKeys(salt, keys)


def reused_are_intact(pages: Sequence[OutputFile], options: BuildOptions) -> bool:
    """True when every reused page's file is exactly what the last build wrote.

    The writer's manifest holds each file's size and modification time; a page
    whose file was touched, replaced or deleted since cannot be reused.
    """
    if not any(p.reused for p in pages):
        return True
    output_dir = options.output_dir.absolute()
    manifest = Manifest.load(manifest_path(options), output_dir)
    if manifest is None:
        return False
    root = str(output_dir)
    for page in pages:
        if page.reused:
            entry = manifest.entries.get(page.path)
            try:
                stat = os.stat(os.path.join(root, page.path))
            except OSError:
                return False
            if entry is None or entry[1:] != [stat.st_size, stat.st_mtime_ns]:
                return False
    return True


def read_reused(files: Sequence[OutputFile], options: BuildOptions) -> list[OutputFile]:
    """The files with the bytes of reused pages read back, for readers of the HTML
    (``check``); the writer and the preview do without them."""
    output_dir = options.output_dir.absolute()
    return [
        OutputFile(f.path, (output_dir / f.path).read_bytes(), key=f.key) if f.reused else f
        for f in files
    ]


def save_page_keys(options: BuildOptions, files: Sequence[OutputFile]) -> None:
    """Remember each page's fingerprint for the next build; a failure only costs speed."""
    keys = {f.path: f.key for f in files if f.key}
    path = page_keys_path(options)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(keys, sort_keys=True), encoding="utf-8")
    except OSError:
        path.unlink(missing_ok=True)


def cache_directory(options: BuildOptions) -> Path:
    """``--cache-dir`` or ``SITE/.sitegen-cache``: the only place besides the output we write."""
    return options.cache_dir or options.site_dir / ".sitegen-cache"


def manifest_path(options: BuildOptions) -> Path:
    """Where the cache records what an output directory holds, one file per directory."""
    key = hashlib.sha256(str(options.output_dir.absolute()).encode()).hexdigest()[:16]
    return cache_directory(options) / "outputs" / f"{key}.json"
