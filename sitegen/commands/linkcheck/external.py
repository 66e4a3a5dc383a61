"""Probe external http(s) URLs: HEAD first, GET when HEAD is refused.

Takes distinct URLs and returns one :class:`Probe` per URL: ``ok``, ``broken``
(with the status or network error) or ``timeout``. Used by ``sitegen check
--external`` only; the network is never touched otherwise. Requests run in a
bounded thread pool so a site with hundreds of links neither crawls nor floods
one host.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sitegen import __version__

OK, BROKEN, TIMEOUT = "ok", "broken", "timeout"
USER_AGENT = f"sitegen-check/{__version__} (link checker)"


@dataclass(frozen=True, slots=True)
class Probe:
    """What one URL answered."""

    url: str
    outcome: str
    """``ok``, ``broken`` or ``timeout``."""
    detail: str = ""
    """For a broken URL: ``404 Not Found`` or the network error."""


def probe_urls(urls: Sequence[str], timeout: float, workers: int = 8) -> Mapping[str, Probe]:
    """Probe each distinct URL once, at most ``workers`` at a time; keyed by URL."""
    distinct = sorted(set(urls))
    if not distinct:
        return {}
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(distinct)))) as pool:
        probes = pool.map(lambda url: probe_url(url, timeout), distinct)
        return {probe.url: probe for probe in probes}


def probe_url(url: str, timeout: float) -> Probe:
    """HEAD, then GET when HEAD fails: many servers refuse or mishandle HEAD."""
    first = _request(url, "HEAD", timeout)
    if first.outcome == BROKEN:
        return _request(url, "GET", timeout)
    return first


def _request(url: str, method: str, timeout: float) -> Probe:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Probe(url, OK, f"{response.status}")
    except urllib.error.HTTPError as error:
        error.close()
        return Probe(url, BROKEN, f"{error.code} {error.reason}".strip())
    except TimeoutError:
        return Probe(url, TIMEOUT)
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            return Probe(url, TIMEOUT)
        return Probe(url, BROKEN, str(error.reason))
    except (http.client.HTTPException, OSError, ValueError) as error:
        return Probe(url, BROKEN, str(error) or type(error).__name__)
