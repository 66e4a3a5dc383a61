"""The cycle collector held off while a step makes many objects and no cycle.

Python collects cycles when allocations outnumber frees by a threshold, and
every collection of the oldest generation walks every tracked object. A step
that reads or writes a whole site model (the store's codec, the search merge,
the record of a build) makes hundreds of thousands of objects that live on
and form no cycle: collecting during it only walks the model again and again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off for the block (for the whole process), then as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
