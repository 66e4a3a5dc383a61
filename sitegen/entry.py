"""Where a build starts: the locks, and the question whether there is anything to do.

Kept apart from ``build`` so that the command line can answer "nothing
changed" without importing a single stage: at 10,000 articles that answer is a
walk of the inputs and the output, and importing the pipeline would cost as much.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from sitegen.incremental.engine import Engine, Stamped, cache_directory
from sitegen.incremental.inputs import Inputs
from sitegen.options import BuildOptions
from sitegen.output.lock import holding, output_lock_path


def say_waiting(line: str) -> None:
    print(f"sitegen: {line}", file=sys.stderr, flush=True)


def exclusive(
    options: BuildOptions, doing: str, waiting: Callable[[str], None] = say_waiting
) -> AbstractContextManager[None]:
    """Hold the locks of ``options``' cache and output directory for a block: one
    build (or preview rebuild, or check) at a time uses them. See ``output/lock.py``."""
    locks = [cache_directory(options) / "lock", output_lock_path(options.output_dir.absolute())]
    return holding(locks, doing, waiting)


THEME_DIR = Path(__file__).resolve().parent / "theme"
"""The packaged theme, an input of every build (``render/environment.py`` reads it)."""


@dataclass(frozen=True, slots=True)
class FirstLook:
    """What the command line learns before it loads the pipeline."""

    unchanged: Stamped | None
    """The last build, when a build now would change nothing."""
    inputs: Inputs | None
    """The inputs as read for that answer, for the build to start from."""


def unchanged_build(
    options: BuildOptions, waiting: Callable[[str], None] = say_waiting
) -> FirstLook:
    """Whether a build into ``options.output_dir`` now would change nothing (see
    ``Engine.unchanged``), found without loading the pipeline: the command line
    asks this first, so a build with nothing to do costs a walk of the inputs
    and the output, not the import of every stage."""
    with exclusive(options, f"the build of {options.output_dir}", waiting):
        try:
            with Engine(options) as engine:
                unchanged = engine.unchanged(THEME_DIR)  # reads the inputs
                return FirstLook(unchanged, engine.inputs(THEME_DIR))
        except OSError:
            return FirstLook(None, None)  # the build says why, with the message it gives
