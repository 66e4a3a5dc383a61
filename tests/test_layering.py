"""Stages import only the leaves and their own submodules, never another stage (STYLE §2)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"
LEAVES = {"model", "errors", "config", "slugs", "urlpaths", "digests"}
STAGES = {"content", "markdown", "site", "images", "render", "output", "post"}


def sitegen_imports(path: Path) -> set[str]:
    """The first component after ``sitegen.`` of every import in a module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sitegen."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("sitegen."))
    return found


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_stage_imports_only_leaves_and_itself(stage: str) -> None:
    for module in sorted((PACKAGE / stage).rglob("*.py")):
        foreign = sitegen_imports(module) - LEAVES - {stage}
        assert not foreign, f"{module.relative_to(PACKAGE)} imports {sorted(foreign)}"


@pytest.mark.parametrize("leaf", sorted(LEAVES))
def test_a_leaf_imports_no_stage(leaf: str) -> None:
    assert not sitegen_imports(PACKAGE / f"{leaf}.py") & STAGES
