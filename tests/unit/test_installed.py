"""tools/installed.py: what the Makefile asks before deciding to reinstall."""

from __future__ import annotations

from pathlib import Path

from thinning_hair.tools.installed import missing

ROOT = Path(__file__).resolve().parents[2]


def test_the_project_is_installed_as_pinned():
    assert missing(ROOT / "pyproject.toml", ["test"]) == []


def test_a_missing_or_other_version_is_named(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "thinning-hair-evidence"\ndependencies = '
                         '["six==0.0.1", "no-such-package-here==1.0"]\n', encoding="utf-8")
    assert [why for _, why in missing(pyproject, [])] == [
        "six (1.17.0, pinned 0.0.1)", "no-such-package-here (not installed)"]
