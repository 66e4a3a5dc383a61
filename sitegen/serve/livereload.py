"""Live reload: what changed between two builds, and how open tabs hear of it.

Takes fingerprints of two builds' output files and returns the pages and
stylesheets whose bytes changed; an :class:`EventHub` fans those changes (and
build problems) out to every open tab over Server-Sent Events; a small script,
added only to HTML the server sends (never to files on disk), listens, reloads
a page whose output changed, swaps a changed stylesheet without a reload, and
shows build problems in an overlay until a good build clears it. No extra
dependency: EventSource is in every browser, the server is ``http.server``.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sitegen.model import KeptFile, Output, StagedFile, StrPath

EVENTS_PATH = "/__sitegen/events"

RELOAD_SCRIPT = r"""<script data-sitegen-live>
(() => {
  const here = () => {
    const p = decodeURI(location.pathname);
    return p.endsWith("/index.html") ? p.slice(0, -10) : p;
  };
  const overlay = (text) => {
    let box = document.getElementById("sitegen-overlay");
    if (text === null) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "sitegen-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.94);color:#fff;padding:2rem;font:15px/1.5 monospace";
      document.body.appendChild(box);
    }
    box.innerHTML = "<p><strong>sitegen: the site has errors</strong></p><pre></pre>" +
      "<p>Fix them and save; this page updates by itself.</p>";
    box.querySelector("pre").textContent = text;
    box.querySelector("pre").style.whiteSpace = "pre-wrap";
  };
  const stable = (path) => path.replace(/\.[0-9a-f]{8}\.css$/, ".css");
  const swapCss = (paths) => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      const fresh = paths.find((p) => stable(p) === stable(url.pathname));
      if (fresh) {
        url.pathname = fresh;
        url.searchParams.set("sitegen", Date.now().toString());
        link.href = url.toString();
      }
    }
  };
  const source = new EventSource("%EVENTS%");
  source.addEventListener("open", () => { document.documentElement.dataset.sitegenLive = "1"; });
  source.addEventListener("problems", (e) => overlay(JSON.parse(e.data).text));
  source.addEventListener("ok", () => overlay(null));
  source.addEventListener("change", (e) => {
    const change = JSON.parse(e.data);
    overlay(null);
    if (change.pages.includes(here())) { location.reload(); return; }
    swapCss(change.css);
  });
})();
</script>""".replace("%EVENTS%", EVENTS_PATH)


Fingerprints = Mapping[str, tuple[str, str]]
"""Stable output path → (digest, actual output path).

A stylesheet's hashed name (``static/style.3f2a9c1b.css``) is keyed by its
stable name (``static/style.css``), and pages are digested with those names
undone, so a CSS edit changes the stylesheet alone: tabs swap it, no reload.
"""

_HASHED_CSS = re.compile(r"^(static/.*)\.[0-9a-f]{8}(\.css)$")
_HASHED_CSS_REF = re.compile(rb"(/static/[^\"'\s<>]*?)\.[0-9a-f]{8}(\.css)")


@dataclass(frozen=True, slots=True)
class Change:
    """What an open tab needs to know after a good build."""

    pages: tuple[str, ...]
    """URL paths (``/articles/x/``, ``/feed.xml``) whose bytes changed, added or removed."""
    css: tuple[str, ...]
    """Current URL paths of the stylesheets that changed."""

    def to_json(self) -> str:
        return json.dumps({"pages": list(self.pages), "css": list(self.css)})


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint_files(
    files: Iterable[Output],
    copies: Iterable[tuple[StrPath, str]],
    previous: Fingerprints | None = None,
) -> dict[str, tuple[str, str]]:
    """Digest every generated file; copied files by size and modification time (cheap).

    A file the build kept is unchanged since the ``previous`` build and keeps
    its print; with none, its key stands for its bytes.
    """
    prints: dict[str, tuple[str, str]] = {}
    for file in files:
        if isinstance(file, KeptFile):
            stable = _HASHED_CSS.sub(r"\1\2", file.path)
            known = (previous or {}).get(stable)
            prints[stable] = known if known else (f"key:{file.key}", file.path)
            continue
        data = file.read() if isinstance(file, StagedFile) else file.data
        if file.path.endswith(".html"):
            data = _HASHED_CSS_REF.sub(rb"\1\2", data)
        prints[_HASHED_CSS.sub(r"\1\2", file.path)] = (_digest(data), file.path)
    for source, dest in copies:
        try:
            stat = os.stat(source)
        except OSError:
            continue
        prints[dest] = (f"{stat.st_size}:{stat.st_mtime_ns}", dest)
    return prints


def url_path_for(output_path: str) -> str:
    """``articles/x/index.html`` → ``/articles/x/``; other files keep their name."""
    if output_path == "index.html":
        return "/"
    if output_path.endswith("/index.html"):
        return "/" + output_path[: -len("index.html")]
    return "/" + output_path


def diff_outputs(old: Fingerprints, new: Fingerprints) -> Change:
    """Which pages and stylesheets differ between two builds (sorted URL paths)."""
    changed = sorted(
        path
        for path in old.keys() | new.keys()
        if (old[path][0] if path in old else None) != (new[path][0] if path in new else None)
    )
    css = tuple(url_path_for(new[p][1]) for p in changed if p.endswith(".css") and p in new)
    pages = tuple(url_path_for(p) for p in changed if not p.endswith(".css"))
    return Change(pages, css)


def inject_script(html: bytes) -> bytes:
    """The reload script just before ``</body>``, or at the end when there is none."""
    script = RELOAD_SCRIPT.encode()
    at = html.rfind(b"</body>")
    if at < 0:
        return html + script
    return html[:at] + script + html[at:]


def format_event(name: str, data: str) -> bytes:
    """One Server-Sent Event; ``data`` must be a single line (JSON is)."""
    return f"event: {name}\ndata: {data}\n\n".encode()


class EventHub:
    """Fans events out to every connected tab; each tab reads its own queue.

    The latest state event (``problems`` or ``ok``) is replayed to a tab that
    connects later, so a page opened while the site is broken shows the overlay.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: list[queue.Queue[bytes | None]] = []
        self._state = format_event("ok", "{}")

    def subscribe(self) -> queue.Queue[bytes | None]:
        """A new queue, primed with the current state; ``None`` in it means close."""
        mailbox: queue.Queue[bytes | None] = queue.Queue()
        with self._lock:
            mailbox.put(self._state)
            self._queues.append(mailbox)
        return mailbox

    def unsubscribe(self, mailbox: queue.Queue[bytes | None]) -> None:
        with self._lock:
            if mailbox in self._queues:
                self._queues.remove(mailbox)

    def publish(self, name: str, data: str, state: bool = False) -> None:
        """Send to every tab; ``state=True`` also remembers it for tabs that connect later."""
        event = format_event(name, data)
        with self._lock:
            if state:
                self._state = event
            for mailbox in self._queues:
                mailbox.put(event)

    def close(self) -> None:
        """Ask every open stream to end (server shutdown)."""
        with self._lock:
            for mailbox in self._queues:
                mailbox.put(None)
            self._queues.clear()

    @property
    def listeners(self) -> int:
        with self._lock:
            return len(self._queues)
