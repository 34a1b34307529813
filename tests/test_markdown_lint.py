"""The Markdown that authors write passes markdownlint-cli2 (pinned in package.json, configured
in .markdownlint-cli2.jsonc with a reason beside each rule turned off): images have alt text,
table rows have every cell, heading levels go down one at a time. `make lint` runs the same
command before the tests; tests/build/test_bad_input.py shows it failing on planted mistakes."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from pages import ROOT

PACKAGE = ROOT / "node_modules" / "markdownlint-cli2"


def markdownlint(project: Path = ROOT) -> subprocess.CompletedProcess:
    """Run markdownlint-cli2 as `make lint` does, in `project` (the repository or a copy)."""
    if not (PACKAGE / "package.json").is_file():
        pytest.fail("node_modules/markdownlint-cli2 is missing: run `npm ci` (or `make test`)")
    return subprocess.run([str(ROOT / "node_modules" / ".bin" / "markdownlint-cli2")],
                          cwd=project, capture_output=True, text=True, timeout=120)


def test_markdown_passes_the_linter():
    result = markdownlint()
    out = result.stdout + result.stderr
    linted = re.search(r"Linting: (\d+) file", out)
    assert linted and int(linted[1]) >= 10, f"markdownlint linted too few files:\n{out}"
    assert result.returncode == 0, "markdownlint (file:line rule):\n" + out


def test_linter_supports_this_node_version():
    needs = json.loads((PACKAGE / "package.json").read_text())["engines"]["node"]
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout
    wanted = int(re.search(r"\d+", needs)[0])
    assert int(re.search(r"\d+", node)[0]) >= wanted, (
        f"markdownlint-cli2 needs Node.js {needs}, this is {node.strip()}: pin a version "
        "that supports it in package.json")


def test_every_rule_turned_off_has_a_reason():
    lines = (ROOT / ".markdownlint-cli2.jsonc").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if re.search(r'"MD\d+":\s*false', line):
            assert lines[number - 1].strip().startswith("//"), (
                f".markdownlint-cli2.jsonc:{number + 1}: no reason given above {line.strip()}")
