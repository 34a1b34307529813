"""A broken link, a missing anchor or a page left out of nav must fail the build, with
MkDocs' message naming the file. Each case edits a copy of the project, never the real one."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from commands import mkdocs_build
from pages import ROOT

# No code: the installed package builds the copy (tests/commands.py).
COPIED = ["mkdocs.yml", "mkdocs-offline.yml", "docs", "includes", "overrides"]


@pytest.fixture
def project(tmp_path) -> Path:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy2(source, tmp_path / name)
    # The offline edition's hook reads the shim from node_modules; share the installed one.
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    return tmp_path


def build(project: Path) -> subprocess.CompletedProcess:
    return mkdocs_build(project)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_unchanged_copy_builds(project):
    """The control case: without this, the failures below could come from the copying."""
    result = build(project)
    assert result.returncode == 0, result.stderr


def test_broken_link_fails_and_names_the_file(project):
    append(project / "docs" / "hair-loss.md", "\nSee [a page](no-such-page.md).\n")
    result = build(project)
    assert result.returncode != 0
    assert "hair-loss.md" in result.stderr and "no-such-page.md" in result.stderr


def test_missing_anchor_fails_and_names_the_file(project):
    append(project / "docs" / "about.md", "\nSee [a source](sources.md#no-such-reference).\n")
    result = build(project)
    assert result.returncode != 0
    assert "about.md" in result.stderr and "no-such-reference" in result.stderr


def test_page_left_out_of_nav_fails_and_names_the_file(project):
    (project / "docs" / "orphan-page.md").write_text(
        "---\ntitle: Orphan\ndescription: x\nreviewed: 2026-01-01\nreview_due: 2027-01-01\n"
        "role: guide\n---\n\n# Orphan\n", encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert "orphan-page.md" in result.stderr
