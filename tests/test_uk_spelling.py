"""The pages are written in British English (-ise spelling): cspell with the en-GB (-ise)
dictionary and the project's word list (cspell.config.yaml, project-words.txt) checks our own
prose, as published: docs/*.md and includes/ (warnings, questions, compare table, figures,
glossary.yml). References (includes/references.yml) keep the spelling the publication used, and
the names of US bodies keep theirs. `make lint` runs the same check before the tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pages import ROOT

CSPELL = ROOT / "node_modules" / ".bin" / "cspell"
CONFIG_FILES = ["cspell.config.yaml", "project-words.txt"]


def cspell(project: Path = ROOT) -> subprocess.CompletedProcess:
    """Run cspell as `make lint` does, in `project` (the repository or a copy of it)."""
    if not CSPELL.is_file():
        pytest.fail("node_modules/.bin/cspell is missing: run `npm ci` (or `make test`)")
    return subprocess.run([str(CSPELL), "--no-progress", "--show-suggestions", "--no-color"],
                          cwd=project, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, NO_COLOR="1"))


def checked_files(result: subprocess.CompletedProcess) -> int:
    match = re.search(r"Files checked: (\d+)", result.stdout + result.stderr)
    return int(match.group(1)) if match else 0


def copy_for_spelling(target: Path) -> Path:
    """The prose and the spelling configuration, copied to `target`."""
    for name in ("docs", "includes"):
        shutil.copytree(ROOT / name, target / name)
    for name in CONFIG_FILES:
        shutil.copy2(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def test_prose_uses_uk_spelling():
    result = cspell()
    assert checked_files(result) >= 10, f"cspell checked too few files:\n{result.stderr}"
    assert result.returncode == 0, (
        "US spelling or unknown word (file:line:column). Fix the page; or, for a correctly "
        "spelt name or term, add it to project-words.txt:\n" + result.stdout)


def test_spelling_check_catches_us_words_and_the_noun_license(tmp_path):
    """Case 9 of issue 11: a dictionary, not a hand-kept list. The control run is
    test_prose_uses_uk_spelling above."""
    project = copy_for_spelling(tmp_path)
    clinic = project / "includes" / "questions" / "clinic.md"
    clinic.write_text(clinic.read_text(encoding="utf-8")
                      + "- Is counseling offered, and does the product have a license?\n"
                      + "- Was the trial randomized, and what color is the gel?\n"
                      + "- Regulators license medicines; the World Health Organization "
                        "and the Centers for Disease Control are names.\n",
                      encoding="utf-8")
    result = cspell(project)
    assert result.returncode != 0
    out = result.stdout
    line = len(clinic.read_text(encoding="utf-8").splitlines()) - 2
    assert f"includes/questions/clinic.md:{line}:" in out, out
    assert "Unknown word (counseling)" in out and "counselling" in out, out
    assert "Forbidden word (license)" in out, out
    for word in ("randomized", "color"):
        assert f"({word})" in out, out
    # The verb "license" and the names of US bodies are not flagged.
    assert f"clinic.md:{line + 2}:" not in out, out
    assert "Organization" not in out and "Centers" not in out, out


def test_reference_lists_are_not_spell_checked():
    """US paper titles keep their spelling: the references and the Sources page generated from
    them are excluded on purpose (cspell.config.yaml)."""
    config = (ROOT / "cspell.config.yaml").read_text(encoding="utf-8")
    assert "includes/references.yml" in config and "docs/sources.md" in config
