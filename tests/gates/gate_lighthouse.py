"""Lighthouse, from npm, run on pages of the served example site with Debian's Chromium.

Takes a page URL; returns the category scores and the audits that cost points,
as plain values. Shared by the Lighthouse gate and ``benchmarks/page_weight.py``
(which reports the performance score the gate does not hold to a number).
Chromium is started by Lighthouse with the same fixed flags as every other
browser gate, so nothing reaches another host; the form factor is Lighthouse's
default, a mid-range phone.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from typing import Any

from gate_site import NODE_MODULES

from tests.conftest import CHROMIUM, CHROMIUM_ARGS

LIGHTHOUSE_JS = NODE_MODULES / "lighthouse" / "cli" / "index.js"
GATED = ("accessibility", "best-practices", "seo")
"""Categories that must score 100; performance is measured, not gated."""


@dataclass(frozen=True)
class Report:
    """One Lighthouse run: scores out of 100 and what cost points, by category."""

    url: str
    scores: dict[str, int]
    losses: dict[str, list[str]]


def run_lighthouse(url: str, categories: tuple[str, ...] = (*GATED, "performance")) -> Report:
    """Audit ``url`` on an emulated phone; raises RuntimeError when Lighthouse fails."""
    command = [
        "node",
        str(LIGHTHOUSE_JS),
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--only-categories={','.join(categories)}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
    ]
    done = subprocess.run(
        command,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"lighthouse exited with {done.returncode}:\n{done.stderr[-2000:]}")
    return _report(url, json.loads(done.stdout))


def _report(url: str, data: dict[str, Any]) -> Report:
    scores, losses = {}, {}
    for name, category in data["categories"].items():
        scores[name] = round(100 * (category["score"] or 0))
        lost = []
        for ref in category["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{audit['id']}: {audit['title']}")
        losses[name] = lost
    return Report(url, scores, losses)
