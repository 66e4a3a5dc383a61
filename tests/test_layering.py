"""Which part of sitegen may import which: one table, checked over every import (STYLE §2).

Every top-level module and every subpackage of ``sitegen`` has a row: the layer
it sits in and the layers it may import. Every ``import`` and ``from … import``
in every ``.py`` file (inside functions too: a late import is still a
dependency) is checked against its file's row. A unit may always import its
own modules. A new module without a row fails, and so does an import across
the rules, at the importing file and line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASE = "base"  # the types and rules every layer shares
STAGE = "stage"  # one step of the pipeline, pure: values in, values out
STAGE_TYPES = "stage types"  # only the modules of a stage named in STAGE_TYPE_MODULES
ENGINE = "engine"  # what the last build left: store, digests, memo tables
BUILD = "build"  # the pipeline: runs the stages in order, asks the engine
COMMAND = "command"  # check, related, schedule, new: on top of the pipeline
IMPORTER = "importer"  # sitegen import: a new site from another generator's
SERVE = "serve"  # the preview server
CLI = "cli"  # argparse and exit status; calls everything


@dataclass(frozen=True)
class Row:
    layer: str
    may_import: frozenset[str]


def row(layer: str, *may_import: str) -> Row:
    return Row(layer, frozenset(may_import))


ABOVE_BUILD = (BASE, STAGE, ENGINE, BUILD)

# Units are named by path: a top-level module by its file, a subpackage by its folder.
TABLE: dict[str, Row] = {
    "sitegen/__init__.py": row(BASE, BASE),  # __version__
    "sitegen/errors.py": row(BASE, BASE),
    "sitegen/urlpaths.py": row(BASE, BASE),
    "sitegen/permalinks.py": row(BASE, BASE),  # an article's URL: the site's, its aliases'
    "sitegen/slugs.py": row(BASE, BASE),
    "sitegen/config.py": row(BASE, BASE),
    "sitegen/language.py": row(BASE, BASE),  # the theme's words, counts and dates
    "sitegen/model.py": row(BASE, BASE),
    "sitegen/options.py": row(BASE, BASE),  # what the command line asked: no model needed
    "sitegen/digests.py": row(BASE, BASE),  # one digest, one file signature, for all
    "sitegen/collector.py": row(BASE, BASE),  # the cycle collector held off
    "sitegen/fences.py": row(BASE, BASE),  # which lines of markdown text are code
    # A stage needing another's capability gets a callable or Protocol handed in by build.
    "sitegen/content": row(STAGE, BASE),
    "sitegen/markdown": row(STAGE, BASE),
    "sitegen/site": row(STAGE, BASE),
    "sitegen/images": row(STAGE, BASE),
    "sitegen/render": row(STAGE, BASE),
    "sitegen/post": row(STAGE, BASE),
    "sitegen/output": row(STAGE, BASE),
    # The engine keys on values, so it sees the stages' frozen types and nothing of their
    # work; no stage imports it.
    "sitegen/incremental": row(ENGINE, BASE, STAGE_TYPES, ENGINE),
    # The pipeline (``__init__``: the order) and its parts: bodies, the page map, the
    # search step, the short way after article edits.
    "sitegen/build": row(BUILD, *ABOVE_BUILD),
    "sitegen/entry.py": row(BUILD, BASE, STAGE, ENGINE),  # the lock, "nothing to do"
    "sitegen/workers.py": row(BUILD, *ABOVE_BUILD),
    # Where the map stages run (this machine's processes, a Dask cluster): it hands
    # build's map functions their state, so it sits with build; no stage sees it.
    "sitegen/executors": row(BUILD, *ABOVE_BUILD),
    "sitegen/commands": row(COMMAND, *ABOVE_BUILD),
    "sitegen/importer": row(IMPORTER, BASE, STAGE),
    "sitegen/serve": row(SERVE, *ABOVE_BUILD),
    "sitegen/cli.py": row(CLI, *ABOVE_BUILD, COMMAND, IMPORTER, SERVE),
    "sitegen/__main__.py": row(CLI, CLI),
}

# Rows for packages being written; delete the name when the package lands.
PLANNED: set[str] = set()

# The modules of a stage that hold only values the engine keys on (STAGE_TYPES).
STAGE_TYPE_MODULES = {
    "sitegen.output.manifest",  # what the writer left in the output directory, per file
}

# Imports across the table that the code has today, as (importing file, imported module).
# Each goes as the engine lands; the test fails on an allowance no import needs.
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Import:
    path: str  # the importing file, relative to the repository
    line: int
    module: str  # dotted, absolute


def units(root: Path) -> set[str]:
    """Every top-level module and every subpackage (a folder holding Python) of sitegen."""
    package = root / "sitegen"
    found = {f"sitegen/{p.name}" for p in package.glob("*.py")}
    found |= {f"sitegen/{d.name}" for d in package.iterdir() if d.is_dir() and any(d.rglob("*.py"))}
    return found


def unit_of(root: Path, module: str) -> str:
    """The unit a dotted module belongs to: ``sitegen.site.urls`` → ``sitegen/site``."""
    parts = module.split(".")
    if len(parts) == 1:
        return "sitegen/__init__.py"
    folder = root / "sitegen" / parts[1]
    return f"sitegen/{parts[1]}" if folder.is_dir() else f"sitegen/{parts[1]}.py"


def imports(root: Path) -> Iterator[Import]:
    """Every import of a sitegen module in every file of the package, at any depth."""
    for file in sorted((root / "sitegen").rglob("*.py")):
        path = file.relative_to(root).as_posix()
        package = file.relative_to(root).parts[:-1]  # what a relative import is relative to
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), path)):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "sitegen":
                        yield Import(path, node.lineno, alias.name)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package[: len(package) - node.level + 1]
                    base = ".".join((*anchor, base) if base else anchor)
                if base.split(".")[0] != "sitegen":
                    continue
                for alias in node.names:  # `from sitegen.site import urls` imports a module
                    sub = f"{base}.{alias.name}"
                    named = root / Path(*sub.split("."))
                    is_module = named.is_dir() or named.with_suffix(".py").is_file()
                    yield Import(path, node.lineno, sub if is_module else base)


def owner(root: Path, path: str) -> str:
    """The unit an importing file belongs to."""
    return unit_of(root, ".".join(Path(path).with_suffix("").parts))


def crossings(root: Path, table: dict[str, Row], allowed: set[tuple[str, str]]) -> list[str]:
    """``PATH:LINE: …`` for every import its file's row does not allow."""
    found = []
    for imp in imports(root):
        unit, target = owner(root, imp.path), unit_of(root, imp.module)
        if unit == target or unit not in table or (imp.path, imp.module) in allowed:
            continue
        if target not in table:
            found.append(f"{imp.path}:{imp.line}: imports {imp.module}, which has no row")
            continue
        rule, layer = table[unit], table[target].layer
        if layer in rule.may_import:
            continue
        if imp.module in STAGE_TYPE_MODULES and STAGE_TYPES in rule.may_import:
            continue
        allowed_layers = ", ".join(sorted(rule.may_import))
        found.append(
            f"{imp.path}:{imp.line}: imports {imp.module} ({target}, {layer}); "
            f"rule: {unit} ({rule.layer}) may import {allowed_layers}"
        )
    return found


def test_every_module_and_package_has_a_row() -> None:
    missing = sorted(units(ROOT) - TABLE.keys())
    assert not missing, "\n".join(
        f"add a row for {u} to TABLE in tests/test_layering.py" for u in missing
    )


def test_every_row_names_a_module_or_package() -> None:
    gone = sorted(TABLE.keys() - units(ROOT) - PLANNED)
    assert not gone, "\n".join(f"{u} is gone: delete its row" for u in gone)


def test_every_import_follows_the_table() -> None:
    found = crossings(ROOT, TABLE, KNOWN_VIOLATIONS)
    assert not found, "\n".join(found)


def test_every_known_violation_is_still_an_import() -> None:
    made = {(imp.path, imp.module) for imp in imports(ROOT)}
    stale = sorted(KNOWN_VIOLATIONS - made)
    assert not stale, "\n".join(f"{a} imports {b} no more: delete the allowance" for a, b in stale)


def test_a_stage_importing_the_cli_inside_a_function_is_caught(tmp_path: Path) -> None:
    (tmp_path / "sitegen" / "content").mkdir(parents=True)
    (tmp_path / "sitegen" / "cli.py").write_text("", encoding="utf-8")
    (tmp_path / "sitegen" / "content" / "read.py").write_text(
        "from sitegen.content import x\n\ndef f():\n    from sitegen import cli\n",
        encoding="utf-8",
    )
    table = {"sitegen/content": row(STAGE, BASE), "sitegen/cli.py": row(CLI, STAGE)}
    assert crossings(tmp_path, table, set()) == [
        "sitegen/content/read.py:4: imports sitegen.cli (sitegen/cli.py, cli); "
        "rule: sitegen/content (stage) may import base"
    ]
    (tmp_path / "sitegen" / "new.py").write_text("", encoding="utf-8")
    assert units(tmp_path) - table.keys() == {"sitegen/new.py"}
