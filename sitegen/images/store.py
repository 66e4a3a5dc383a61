"""The image cache: ``.sitegen-cache/images/``, addressed by content.

An image's entry is named by the digest of its bytes and of how it is
processed (``process.RECIPE``, Pillow's version), so an edited photo gets a
new entry, a renamed or copied one reuses its old one, and a warm build
processes nothing. Learning a digest means reading the file; the index
remembers each file's digest by its size, times and inode (git's racy-clean
rule: a file changed within two seconds of the build is read again). Social
cards are files named by the digest of everything drawn on them.

Entries are written whole or not at all (a folder renamed into place), and
one this build did not use is deleted when the build saw every article. A
damaged index or entry is ignored and made again, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Collection
from pathlib import Path

from sitegen.images.process import RECIPE, Made

log = logging.getLogger(__name__)

INDEX_FORMAT = 1
_PNG_START = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
RACY_NS = 2_000_000_000


def pillow_version() -> str:
    """Part of every key: another Pillow may encode other bytes."""
    import PIL
    from PIL import features

    return f"{PIL.__version__}-raqm{int(bool(features.check_feature('raqm')))}"


STORE_FOLDER = "images"
"""The image store's folder in the cache directory: plain files of the build's
own, which the writer copies the short way (``write_site``'s ``owned``)."""


class ImageStore:
    """Processed images and cards in one folder of the cache directory."""

    def __init__(self, directory: Path, started_ns: int) -> None:
        self.root = directory / STORE_FOLDER
        self.cards = os.path.join(self.root, "cards")
        self.index_path = self.root / "index.json"
        self.trusted_before = started_ns - RACY_NS
        self.digests: dict[str, tuple[list[int], str]] = self._load()
        self.changed = False
        self.used: set[str] = set()
        self._salt = ""

    def _load(self) -> dict[str, tuple[list[int], str]]:
        try:
            data = json.loads(self.index_path.read_text(encoding="utf-8"))
            if data.get("format") != INDEX_FORMAT:
                return {}
            return {
                str(path): ([int(n) for n in signature], str(digest))
                for path, (signature, digest) in data["files"].items()
            }
        except (FileNotFoundError, NotADirectoryError):
            return {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            log.warning("ignoring a damaged cache file %s (%s)", self.index_path, error)
            return {}

    @property
    def salt(self) -> str:
        if not self._salt:
            self._salt = f"{RECIPE}:{pillow_version()}"
        return self._salt

    def key_of(self, file: Path) -> str:
        """The entry key of an image file: its content's digest with the recipe's.

        Raises OSError when the file cannot be read.
        """
        name = str(file.absolute())
        stat = file.stat()
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        known = self.digests.get(name)
        if known is not None and known[0] == signature:
            content = known[1]
        else:
            content = hashlib.blake2b(file.read_bytes(), digest_size=16).hexdigest()
            if stat.st_mtime_ns < self.trusted_before:
                self.digests[name] = (signature, content)
                self.changed = True
        return hashlib.blake2b(f"{content}:{self.salt}".encode(), digest_size=16).hexdigest()

    def entry(self, key: str) -> Path:
        """The folder of one image's variants (it may not exist yet)."""
        self.used.add(key)
        return self.root / key[:2] / key

    def made(self, key: str) -> Made | None:
        """What an earlier build made of this image, if its entry is whole."""
        entry = self.entry(key)
        try:
            made = Made.from_json((entry / "meta.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("ignoring a damaged image cache entry %s (%s)", key, error)
            return None
        if not made.is_whole(entry):
            log.warning("ignoring a damaged image cache entry %s (a file changed)", key)
            return None
        return made

    def has_card(self, key: str) -> bool:
        """Whether the card is in the cache whole: a PNG from signature to end."""
        try:
            with open(self.card(key), "rb") as file:
                head = file.read(8)
                file.seek(-12, os.SEEK_END)
                return head == _PNG_START and file.read() == _PNG_END
        except OSError:
            return False

    def card(self, key: str) -> str:
        """The file of one social card (it may not exist yet). A string, not a
        ``Path``: the build holds one for each article until the write, and at
        10,000 articles the paths took 4.5 MB as objects, 1.1 MB as strings."""
        self.used.add(key)
        return os.path.join(self.cards, f"{key}.png")

    def save(self, prune: bool) -> None:
        """Write the index; with ``prune`` (the build saw every article), forget
        entries and cards this build did not use. Failures cost only speed."""
        try:
            if prune:
                self._prune(self.used)
            if self.changed:
                self.root.mkdir(parents=True, exist_ok=True)
                partial = self.index_path.with_suffix(".partial")
                body = {"format": INDEX_FORMAT, "files": dict(sorted(self.digests.items()))}
                partial.write_text(json.dumps(body), encoding="utf-8")
                partial.replace(self.index_path)
        except OSError as error:
            log.warning("could not update the image cache (%s)", error)

    def _prune(self, keep: Collection[str]) -> None:
        """Delete what is not in ``keep``, half-written files included."""
        if not self.root.is_dir():
            return
        for folder in self.root.iterdir():
            if folder.name == "cards":
                for card in folder.iterdir():
                    if card.name.removesuffix(".png") not in keep:
                        card.unlink(missing_ok=True)
            elif folder.is_dir() and len(folder.name) == 2:
                for entry in folder.iterdir():
                    if entry.name not in keep:
                        shutil.rmtree(entry, ignore_errors=True)
        gone = [p for p in self.digests if not os.path.exists(p)]
        for path in gone:
            del self.digests[path]
        self.changed = self.changed or bool(gone)
